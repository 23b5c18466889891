/**
 * Jest setupFile of the integration project: what n8n-core needs before it is first imported.
 * - reflect-metadata first (n8n's DI reads decorator metadata);
 * - N8N_USER_FOLDER points at a fresh temp dir (InstanceSettings writes its config there), removed on exit;
 * - quiet, deterministic defaults (UTC, no diagnostics, log level silent — set N8N_LOG_LEVEL=error to see what n8n would log) unless the caller set them.
 */
import 'reflect-metadata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_VERSION_NOTIFICATIONS_ENABLED ??= 'false';
process.env.GENERIC_TIMEZONE ??= 'UTC';
process.env.N8N_ENCRYPTION_KEY ??= 'harness-test-encryption-key';
process.env.N8N_RUNNERS_ENABLED ??= 'false';
process.on('exit', () => {
	try {
		fs.rmSync(userFolder, { recursive: true, force: true });
	} catch {
		// best effort
	}
});

/**
 * n8n-workflow evaluates regular expressions (e.g. a resource locator's validation regex) in a vm with a 250 ms
 * time limit against ReDoS. On a loaded two-core machine a garbage-collection pause alone can exceed that and fail
 * a test with "Regular expression execution timed out" (seen once in the reliability suite). Tests keep the
 * protection with a limit no healthy regex can reach, so their outcome does not depend on the machine's load.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { setSafeRegexEngine } = require('n8n-workflow') as typeof import('n8n-workflow');
{
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const vm = require('vm') as typeof import('vm');
	const context = vm.createContext({ pattern: '', flags: '', input: '', replacement: '', result: undefined as unknown });
	const script = (code: string) => new vm.Script(`result = ${code}`);
	const scripts = {
		exec: script('new RegExp(pattern, flags).exec(input)'),
		test: script('new RegExp(pattern, flags).test(input)'),
		replace: script('input.replace(new RegExp(pattern, flags), replacement)'),
		matchAll: script('Array.from(input.matchAll(new RegExp(pattern, flags)))'),
		split: script('input.split(new RegExp(pattern, flags))'),
	};
	const run = (name: keyof typeof scripts, pattern: string, input: string, flags = '', replacement = '') => {
		Object.assign(context, { pattern, input, flags, replacement, result: undefined });
		scripts[name].runInContext(context, { timeout: 10_000 });
		return context.result as never;
	};
	setSafeRegexEngine({
		exec: (p, i, f) => run('exec', p, i, f),
		test: (p, i, f) => run('test', p, i, f),
		replace: (p, i, f, r) => run('replace', p, i, f, r),
		matchAll: (p, i, f) => run('matchAll', p, i, f?.includes('g') ? f : `${f ?? ''}g`),
		split: (p, i, f) => run('split', p, i, f),
	});
}
