/**
 * The n8n installer (scripts/n8n-env.sh) must not depend on the environment it is started from. `npm test` and
 * `npm start` export the repository's .npmrc (ignore-scripts=true) to their scripts as npm_config_*; a nested
 * `npm rebuild` then skips every build script and still says "rebuilt dependencies successfully" (issue 12).
 *
 * These tests run the installer's own npm steps (scripts/lib/npm-clean.sh) on a tiny local package whose install
 * script leaves a mark — no download, no n8n.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..');
const lib = path.join(repo, 'scripts', 'lib', 'npm-clean.sh');

/** What `npm test` exports to its scripts, plus a wrong node-headers folder. */
const POISON = {
	npm_config_ignore_scripts: 'true',
	npm_config_nodedir: '/nonexistent/node-headers',
	NPM_CONFIG_FOREGROUND_SCRIPTS: 'false',
	npm_config_dry_run: 'true',
};

function fixture(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bookings-installer-'));
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'installer-fixture', private: true, dependencies: { 'fake-native': '1.0.0', 'broken-native': '1.0.0' } }),
	);
	const fake = path.join(dir, 'node_modules', 'fake-native');
	fs.mkdirSync(fake, { recursive: true });
	fs.writeFileSync(
		path.join(fake, 'package.json'),
		JSON.stringify({
			name: 'fake-native',
			version: '1.0.0',
			main: 'index.js',
			scripts: {
				install: `node -e "require('fs').writeFileSync('built.txt', String(process.env.npm_config_nodedir))"`,
			},
		}),
	);
	// Loads only once its install script has run (as a native addon loads only once it is built).
	fs.writeFileSync(path.join(fake, 'index.js'), `module.exports = require('fs').readFileSync(__dirname + '/built.txt', 'utf8');\n`);
	const broken = path.join(dir, 'node_modules', 'broken-native');
	fs.mkdirSync(broken, { recursive: true });
	fs.writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ name: 'broken-native', version: '1.0.0', main: 'index.js' }));
	fs.writeFileSync(
		path.join(broken, 'index.js'),
		`throw new Error('broken-native.node: undefined symbol: napi_missing_function');\n`,
	);
	return dir;
}

function bash(script: string, env: Record<string, string> = {}) {
	return spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env } });
}

const nodeBin = path.dirname(process.execPath);

describe('installer: nested npm calls ignore the caller npm settings', () => {
	let dir: string;
	beforeEach(() => {
		dir = fixture();
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('the poison is real: a plain npm rebuild under it runs no build script and still reports success', () => {
		const plain = bash(`cd "${dir}" && npm rebuild fake-native`, POISON);
		expect(plain.status).toBe(0);
		expect(fs.existsSync(path.join(dir, 'node_modules', 'fake-native', 'built.txt'))).toBe(false);
	});

	it('npm_rebuild_natives runs the build scripts against the stated node headers under the poisoned environment', () => {
		const run = bash(`. "${lib}" && npm_rebuild_natives "${dir}" /opt/node24-headers fake-native`, POISON);
		expect(run.stderr + run.stdout).toBe('');
		expect(run.status).toBe(0);
		const mark = path.join(dir, 'node_modules', 'fake-native', 'built.txt');
		expect(fs.existsSync(mark)).toBe(true);
		expect(fs.readFileSync(mark, 'utf8')).toBe('/opt/node24-headers');
		expect(fs.readFileSync(path.join(dir, 'rebuild.log'), 'utf8')).toMatch(/fake-native@1\.0\.0 install/);
	});

	it('npm_clean keeps how to reach the registry and drops every other inherited npm setting', () => {
		const run = bash(`. "${lib}" && npm_clean_unsets`, {
			...POISON,
			npm_config_registry: 'http://127.0.0.1:9/',
			npm_config_https_proxy: 'http://127.0.0.1:8/',
			npm_config_cache: '/tmp/npm-cache',
		});
		const unset = run.stdout.split('\n').filter((l) => l && l !== '-u');
		expect(unset).toEqual(expect.arrayContaining(Object.keys(POISON)));
		expect(unset).not.toContain('npm_config_registry');
		expect(unset).not.toContain('npm_config_https_proxy');
		expect(unset).not.toContain('npm_config_cache');
	});

	it('npm_check_natives names the module that does not load, with the reason, and passes the ones that do', () => {
		bash(`. "${lib}" && npm_rebuild_natives "${dir}" /opt/h fake-native`, POISON);
		const ok = bash(`. "${lib}" && npm_check_natives "${dir}" "${nodeBin}" fake-native`);
		expect(ok.status).toBe(0);
		expect(ok.stdout).toBe('');
		const bad = bash(`. "${lib}" && npm_check_natives "${dir}" "${nodeBin}" fake-native broken-native`);
		expect(bad.status).toBe(1);
		expect(bad.stdout).toMatch(/^broken-native does not load under Node v\d+.*undefined symbol: napi_missing_function/m);
		expect(bad.stdout).toMatch(/shows no build of broken-native: its build scripts did not run/);
		expect(bad.stdout).not.toMatch(/^fake-native/m);
	});

	it('scripts/n8n-env.sh makes every npm call that installs or builds through npm_clean', () => {
		const source = fs.readFileSync(path.join(repo, 'scripts', 'n8n-env.sh'), 'utf8');
		const bare = source
			.split('\n')
			.filter((line) => !line.trim().startsWith('#'))
			.filter((line) => /(^|[\s(;&|])npm\s+(install|ci|rebuild|i)\b/.test(line));
		expect(bare).toEqual([]);
		expect(source).toMatch(/npm_clean install/);
		expect(source).toMatch(/npm_rebuild_natives /);
		expect(source).toMatch(/npm_check_natives /);
	});
});
