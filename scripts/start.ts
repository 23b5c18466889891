/**
 * The main-job command (`npm start`): a working n8n editor with this package and every vendor emulator.
 *
 *   install/cache → build → npm pack + npm install the tarball into n8n's nodes folder → start sandboxes →
 *   n8n start on 127.0.0.1 → owner account → credentials pointing at the sandboxes + example workflows →
 *   editor URL and login.
 *   Ctrl-C stops everything.
 *
 * Options: --port N (or N8N_PORT; default: a free port), --user-folder DIR (or N8N_BOOKINGS_USER_FOLDER;
 * default .n8n-local/app, kept between runs), --no-sandboxes, --only vendor[,vendor].
 */
import * as fs from 'fs';
import * as path from 'path';
import {
	N8nApp,
	OWNER,
	buildPackage,
	ensureN8nInstalled,
	installPackage,
	portTaken,
	repoRoot,
	step,
	type CredentialImport,
	type WorkflowJson,
} from './lib/n8n';
import { loadVendors, sandboxModules, startSandboxModule } from './lib/vendors';
import type { RunningSandbox } from '../test/e2e/lib/types';

const args = process.argv.slice(2);
const arg = (name: string) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
};

async function main(): Promise<void> {
	const portText = arg('--port') ?? process.env.N8N_PORT;
	const port = portText ? Number(portText) : undefined;
	if (portText && (!Number.isInteger(port) || port! < 1 || port! > 65535))
		throw new Error(`--port must be a port number (got ${portText})`);
	if (port && (await portTaken(port))) {
		throw new Error(
			`port ${port} on 127.0.0.1 is already in use. ` +
				'Stop what uses it, or run without --port/N8N_PORT to pick a free port.',
		);
	}
	const userFolder = path.resolve(
		arg('--user-folder') ?? process.env.N8N_BOOKINGS_USER_FOLDER ?? path.join(repoRoot, '.n8n-local', 'app'),
	);
	const only = (arg('--only') ?? '').split(',').filter(Boolean);

	step('1/7 install Node 24 + n8n (cached)');
	const install = ensureN8nInstalled();
	step('2/7 build the package');
	buildPackage();
	step(
		`3/7 pack it and install the tarball into ${path.join(userFolder, '.n8n', 'nodes')} ` +
			'(as a self-hosted user would)',
	);
	installPackage(userFolder);

	const sandboxes: RunningSandbox[] = [];
	// n8n's default zone is America/New_York; the examples' "yesterday" and "next week" should be the user's.
	const timeZone = process.env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
	const app = new N8nApp(install, { userFolder, port, env: { GENERIC_TIMEZONE: timeZone } });
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		step('stopping n8n and the sandboxes ...');
		await app.stop();
		for (const sb of sandboxes) await sb.stop().catch(() => undefined);
		step('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	step('4/7 start the vendor sandboxes');
	const vendors = loadVendors(only);
	const credentials: CredentialImport[] = [];
	const workflows: WorkflowJson[] = [];
	if (!args.includes('--no-sandboxes')) {
		const adapted = new Set<string>();
		for (const v of vendors) {
			adapted.add(v.adapter.vendor);
			if (v.skipReason) {
				step(`   ${v.adapter.displayName}: skipped (${v.skipReason})`);
				continue;
			}
			const sb = await v.adapter.startSandbox();
			sandboxes.push(sb);
			credentials.push(...v.adapter.credentials(sb));
			workflows.push(...v.examples);
			step(`   ${v.adapter.displayName} sandbox: ${sb.baseUrl} (${v.examples.length} example workflow(s))`);
		}
		// Emulators without an adapter yet still run, so their URLs can be used by hand.
		for (const m of sandboxModules().filter(
			(s) => !adapted.has(s.vendor) && (only.length === 0 || only.includes(s.vendor)),
		)) {
			try {
				const sb = await startSandboxModule(m.vendor, m.file);
				sandboxes.push(sb);
				step(`   ${m.vendor} sandbox: ${sb.baseUrl} (no example workflows yet)`);
			} catch (error) {
				step(`   ${m.vendor} sandbox could not start: ${(error as Error).message}`);
			}
		}
	}

	step('5/7 import credentials (pointing at the sandboxes) and example workflows');
	await app.importCredentials(credentials);
	await app.importWorkflows(workflows);

	step('6/7 start n8n');
	await app.start();
	app.serverExited().then((code) => {
		if (!stopping) {
			step(`n8n exited unexpectedly (code ${code}); last log lines:\n${app.log.slice(-20).join('\n')}`);
			void stopAll(1);
		}
	});
	step('7/7 owner account');
	await app.setupOwner();

	const lines = [
		'',
		`  n8n editor:  ${app.baseUrl}/`,
		`  login:       ${OWNER.email}  /  ${OWNER.password}`,
		`  user folder: ${userFolder}`,
		`  time zone:   ${timeZone} ` +
			`(${process.env.GENERIC_TIMEZONE ? 'GENERIC_TIMEZONE' : "this machine's; set GENERIC_TIMEZONE to change it"})`,
		...sandboxes.map((s) => `  sandbox:     ${s.vendor.padEnd(12)} ${s.baseUrl}`),
		...workflows.map((w) => `  workflow:    ${app.baseUrl}/workflow/${w.id}  ${w.name}`),
		'',
		'  Ctrl-C stops n8n and the sandboxes.',
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) step('warning: dist/ is missing; the package nodes will not show');
}

main().catch((error) => {
	process.stderr.write(`\nnpm start failed: ${(error as Error).message}\n`);
	process.exit(1);
});
