/**
 * The real n8n app, driven from Node 20: install (cached), build + link this package, run the n8n CLI
 * (`import:*`, `execute`, `publish:workflow`) and `n8n start` as child processes on Node 24, and talk to a
 * running server over HTTP (owner account, login, API key, public API).
 *
 * Used by scripts/start.ts (the main-job command) and test/e2e/run.ts (the e2e suite).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const PACKAGE_NAME = 'n8n-nodes-bookings';
/** Repository root (this file is compiled to .n8n-local/tools/scripts/lib/n8n.js). */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
	let dir = start;
	for (;;) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} repository above ${start}`);
		dir = parent;
	}
}

export function step(message: string): void {
	process.stderr.write(`» ${message}\n`);
}

export interface N8nInstall {
	cache: string;
	nodeBin: string;
	nodeDir: string;
	n8nDir: string;
	n8nBin: string;
	version: string;
}

/**
 * Runs an installer script of scripts/ (progress on stderr, shown) and reads the `NAME='value'` lines it prints
 * on stdout; `what` names it in the error when it fails.
 */
export function runEnvScript(script: string, what: string, env: Record<string, string> = {}): Record<string, string> {
	const result = spawnSync('bash', [path.join(repoRoot, 'scripts', script)], {
		cwd: repoRoot,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`installing ${what} failed (see the lines of scripts/${script} above)`);
	const vars: Record<string, string> = {};
	for (const line of result.stdout.split('\n')) {
		const m = /^([A-Z0-9_]+)='(.*)'$/.exec(line.trim());
		if (m) vars[m[1]] = m[2];
	}
	return vars;
}

/**
 * Runs scripts/n8n-env.sh (installs Node 24 + n8n into the cache once, reuses it after). Without arguments the
 * version is the installer's default (2.41.1, or N8N_VERSION); the compatibility stage names an older one, each
 * installed in its own cache folder.
 */
export function ensureN8nInstalled(want: { version?: string; nodeMajor?: string } = {}): N8nInstall {
	const env: Record<string, string> = {};
	if (want.version) env.N8N_VERSION = want.version;
	if (want.nodeMajor) env.NODE_MAJOR = want.nodeMajor;
	const vars = runEnvScript(
		'n8n-env.sh',
		`Node ${want.nodeMajor ?? process.env.NODE_MAJOR ?? '24'} / n8n ${want.version ?? ''}`.trim(),
		env,
	);
	return {
		cache: vars.N8N_BOOKINGS_CACHE,
		nodeBin: vars.NODE24_BIN,
		nodeDir: vars.NODE24_DIR,
		n8nDir: vars.N8N_DIR,
		n8nBin: vars.N8N_BIN,
		version: vars.N8N_VERSION,
	};
}

/**
 * Builds the package into dist/ with the package's own build (scripts/build.mjs: tsc, icons, bundling, stamp).
 * Other people's files may have type errors while they work: the build then keeps tsc's output (--keep-going) and
 * the errors are reported as a warning; only a missing dist/ is fatal.
 * N8N_BOOKINGS_SKIP_BUILD=1 skips it (e.g. when the test script has just built).
 */
export function buildPackage(): void {
	if (process.env.N8N_BOOKINGS_SKIP_BUILD === '1') {
		step('build: skipped (N8N_BOOKINGS_SKIP_BUILD=1)');
	} else {
		const started = Date.now();
		const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--keep-going'], {
			cwd: repoRoot,
			encoding: 'utf8',
		});
		if (build.status !== 0) throw new Error(`the build failed:\n${tail(build.stdout + build.stderr)}`);
		const errors = (build.stdout + build.stderr).split('\n').filter((l) => /error TS/.test(l));
		if (errors.length) {
			step(`build: tsc reported ${errors.length} type error(s) (output still emitted):`);
			for (const line of errors.slice(0, 10)) process.stderr.write(`    ${line}\n`);
		}
		step(`build: dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) throw new Error('build produced no dist/ folder');
}

/** The package.json `n8n` section: which nodes/credentials the app will load. */
export function packageManifest(): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	return { nodes: pkg.n8n?.nodes ?? [], credentials: pkg.n8n?.credentials ?? [] };
}

/** Node types (`n8n-nodes-bookings.<name>`) whose compiled files exist in dist/. */
export function availableNodeTypes(): Set<string> {
	const types = new Set<string>();
	for (const rel of packageManifest().nodes) {
		if (!fs.existsSync(path.join(repoRoot, rel))) continue;
		const cls = path.basename(rel).split('.')[0];
		types.add(`${PACKAGE_NAME}.${cls.charAt(0).toLowerCase()}${cls.slice(1)}`);
	}
	return types;
}

/**
 * The environment for a nested npm call: the caller's npm settings (npm test / npm start export the
 * repository's .npmrc, e.g. ignore-scripts=true, as npm_config_*) are dropped, except how to reach the registry.
 * Each call states the settings it depends on. The same rule as scripts/lib/npm-clean.sh.
 */
export function cleanNpmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const keep = new RegExp(
		'^(registry|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|cert|key|strict_ssl|cache|fetch_retries|' +
			'fetch_retry_mintimeout|fetch_retry_maxtimeout|fetch_timeout|maxsockets|userconfig|globalconfig)$',
	);
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		const m = /^npm_config_(.*)$/i.exec(name);
		if (m && !keep.test(m[1].toLowerCase().replace(/-/g, '_'))) continue;
		env[name] = value;
	}
	return { ...env, ...extra };
}

function npm(args: string[], cwd: string, what: string): string {
	const result = spawnSync('npm', args, { cwd, env: cleanNpmEnv(), encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`${what} failed (npm ${args[0]} exit ${result.status}):\n${tail(result.stdout + result.stderr)}`);
	}
	return result.stdout;
}

/**
 * Installs the package into n8n's nodes folder as n8n's own installer does (n8n 2.41's CommunityPackagesService
 * .downloadPackage): `npm pack` (the files package.json publishes), the tarball unpacked into
 * $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>, its devDependencies, peerDependencies and optionalDependencies
 * dropped from its package.json, then `npm install` there with scripts off, and the version noted in the folder's
 * package.json. So nothing outside `files` is loaded, the package brings no dependency of its own, and n8n-workflow
 * and luxon resolve from the n8n app itself (n8n puts its own node_modules on NODE_PATH before it loads a
 * community package), as they will after publication. Returns the installed folder.
 */
export function installPackage(userFolder: string): string {
	const started = Date.now();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const installed = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	// An earlier install (or an earlier run's symlink to the repository): replaced, never followed.
	fs.rmSync(installed, { recursive: true, force: true });
	fs.mkdirSync(installed, { recursive: true });
	const nodesPkg = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(nodesPkg)) {
		fs.writeFileSync(nodesPkg, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	for (const old of fs.readdirSync(nodesDir).filter((f) => f.startsWith(`${PACKAGE_NAME}-`) && f.endsWith('.tgz'))) {
		fs.rmSync(path.join(nodesDir, old));
	}
	const packed = npm(
		['pack', '--ignore-scripts=true', '--json', `--pack-destination=${nodesDir}`],
		repoRoot,
		'npm pack',
	);
	const filename = (JSON.parse(packed.slice(packed.indexOf('['))) as Array<{ filename: string }>)[0].filename;
	const tar = spawnSync('tar', ['-xzf', filename, '-C', installed, '--strip-components=1'], {
		cwd: nodesDir,
		encoding: 'utf8',
	});
	if (tar.status !== 0) throw new Error(`unpacking ${filename} failed: ${tar.stderr}`);
	fs.rmSync(path.join(nodesDir, filename));
	const manifestFile = path.join(installed, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
	npm(
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		installed,
		`npm install in ${installed}`,
	);
	const ledger = JSON.parse(fs.readFileSync(nodesPkg, 'utf8'));
	ledger.dependencies = { ...(ledger.dependencies ?? {}), [PACKAGE_NAME]: manifest.version };
	fs.writeFileSync(nodesPkg, JSON.stringify(ledger, null, 2));
	const missing = [...packageManifest().nodes, ...packageManifest().credentials].filter(
		(f) => !fs.existsSync(path.join(installed, f)),
	);
	if (missing.length)
		throw new Error(`the installed ${filename} lacks ${missing.join(', ')} (build first; is dist/ in "files"?)`);
	step(`package: ${filename} packed and installed into ${nodesDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return installed;
}

/**
 * Ports this process has handed out. A port is only reserved once its user binds it, and the suites hand out
 * several before starting anything (a main's port, then its task broker's): without this record the kernel may
 * offer the same, still unbound, port twice (a CI run once gave n8n's main and its task broker both 34807).
 */
const handedOut = new Set<number>();

async function unboundPort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/**
 * A free TCP port on 127.0.0.1 (n8n needs a number; it cannot listen on port 0 itself), never one handed out
 * before.
 */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 1000; attempt++) {
		const port = await unboundPort();
		if (handedOut.has(port)) continue;
		handedOut.add(port);
		return port;
	}
	throw new Error('no free TCP port on 127.0.0.1 that was not handed out already (1,000 tries)');
}

/** Whether something already listens on 127.0.0.1:port. */
export async function portTaken(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
	});
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface N8nAppOptions {
	userFolder: string;
	/** Editor/API port; chosen free when omitted. */
	port?: number;
	encryptionKey?: string;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/**
	 * What start() runs: `start` (main: editor, API, triggers), or in queue mode `worker` (executes jobs; `port`
	 * is then its health port, QUEUE_HEALTH_CHECK_PORT) or `webhook` (a webhook processor on `port`).
	 */
	command?: 'start' | 'worker' | 'webhook';
}

export const OWNER = {
	email: 'owner@example.com',
	password: 'Bookings-n8n-1',
	firstName: 'Booking',
	lastName: 'Owner',
};

/** One n8n instance (a user folder with its sqlite database); CLI commands and an optional server. */
export class N8nApp {
	readonly userFolder: string;
	port = 0;
	brokerPort = 0;
	private server?: ChildProcess;
	private serverLog: string[] = [];
	private serverExit?: Promise<number | null>;
	private cookie = '';
	private apiKey = '';

	constructor(
		readonly install: N8nInstall,
		readonly options: N8nAppOptions,
	) {
		this.userFolder = options.userFolder;
		this.port = options.port ?? 0;
		fs.mkdirSync(this.userFolder, { recursive: true });
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	private async env(): Promise<NodeJS.ProcessEnv> {
		// Each process gets its own task-runner broker port (a server and a CLI command may overlap).
		const brokerPort = await freePort();
		this.brokerPort = brokerPort;
		const env: NodeJS.ProcessEnv = {
			...process.env,
			PATH: `${this.install.nodeBin}${path.delimiter}${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(this.port || (await freePort())),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_PYTHON_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENCRYPTION_KEY: this.options.encryptionKey ?? 'n8n-nodes-bookings-local-key',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_NO_COLOR: '1',
			NO_COLOR: '1',
			...(this.port ? { WEBHOOK_URL: `http://127.0.0.1:${this.port}/` } : {}),
			...(this.options.env ?? {}),
		};
		// Node 20's npm settings must not leak into Node 24 processes.
		delete env.npm_config_nodedir;
		delete env.NODE_OPTIONS;
		return env;
	}

	/** Runs `n8n <args>` to completion. */
	async cli(args: string[], timeoutMs = 180_000): Promise<CliResult> {
		const env = await this.env();
		const started = Date.now();
		return await new Promise((resolve, reject) => {
			const child = spawn(path.join(this.install.nodeBin, 'node'), [this.install.n8nBin, ...args], {
				cwd: this.userFolder,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(
					new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs / 1000} s\n${tail(stdout + stderr)}`),
				);
			}, timeoutMs);
			child.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout, stderr, durationMs: Date.now() - started });
			});
		});
	}

	private async cliOk(args: string[], what: string, timeoutMs?: number): Promise<CliResult> {
		const result = await this.cli(args, timeoutMs);
		if (result.code !== 0)
			throw new Error(
				`${what} failed (n8n ${args[0]} exit ${result.code}):\n${tail(result.stdout + result.stderr)}`,
			);
		return result;
	}

	/** Imports credentials (plaintext `data` is encrypted on import). */
	async importCredentials(credentials: CredentialImport[]): Promise<void> {
		if (credentials.length === 0) return;
		const file = path.join(this.userFolder, 'import-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
		try {
			await this.cliOk(['import:credentials', `--input=${file}`], 'importing credentials');
		} finally {
			fs.rmSync(file, { force: true }); // holds secrets in plaintext
		}
	}

	/** Imports workflows (each needs an `id` of at most 21 characters). */
	async importWorkflows(workflows: WorkflowJson[]): Promise<void> {
		if (workflows.length === 0) return;
		const dir = path.join(this.userFolder, 'import-workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const wf of workflows) fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
		await this.cliOk(['import:workflow', '--separate', `--input=${dir}`], 'importing workflows');
	}

	/** Marks a workflow active (published); takes effect when the server starts. */
	async publish(workflowId: string): Promise<void> {
		await this.cliOk(['publish:workflow', `--id=${workflowId}`], `publishing workflow ${workflowId}`);
	}

	/** `n8n execute --id=ID --rawOutput`: the run data (exit code 0) or the error run (exit 1). */
	async execute(workflowId: string, timeoutMs = 180_000): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		const run = parseRunJson(result.stdout);
		return { ...result, ok: result.code === 0 && run !== undefined && !run.data?.resultData?.error, run };
	}

	/** Starts `n8n start` and waits until /healthz/readiness answers ok. */
	async start(timeoutMs = 120_000): Promise<void> {
		if (this.server) return;
		if (!this.port) this.port = await freePort();
		else if (await portTaken(this.port)) {
			throw new Error(
				`port ${this.port} on 127.0.0.1 is already in use: stop what uses it or choose another port (N8N_PORT)`,
			);
		}
		const env = await this.env();
		this.serverLog = [];
		const child = spawn(
			path.join(this.install.nodeBin, 'node'),
			[this.install.n8nBin, this.options.command ?? 'start'],
			{
				cwd: this.userFolder,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		this.server = child;
		const collect = (d: Buffer) => {
			for (const line of d.toString().split('\n')) if (line.trim()) this.serverLog.push(line);
			if (this.serverLog.length > 2000) this.serverLog.splice(0, this.serverLog.length - 2000);
			if (process.env.N8N_BOOKINGS_SHOW_N8N_LOG === '1') process.stderr.write(d);
		};
		child.stdout!.on('data', collect);
		child.stderr!.on('data', collect);
		this.serverExit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
		const deadline = Date.now() + timeoutMs;
		let exited = false;
		void this.serverExit.then(() => (exited = true));
		for (;;) {
			if (exited) {
				this.server = undefined;
				const log = this.serverLog.join('\n');
				if (/EADDRINUSE/.test(log))
					throw new Error(
						'n8n could not listen: a port is already in use ' +
							`(editor port ${this.port}, task broker ${this.brokerPort})\n${tail(log)}`,
					);
				throw new Error(`n8n ${this.options.command ?? 'start'} exited before it was ready:\n${tail(log)}`);
			}
			try {
				const res = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (res.ok) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(`n8n was not ready after ${timeoutMs / 1000} s:\n${tail(this.serverLog.join('\n'))}`);
			}
			await waitFor(this.serverExit, 250);
		}
	}

	get log(): string[] {
		return this.serverLog;
	}

	/** Resolves with the exit code when the running server exits. */
	serverExited(): Promise<number | null> {
		return this.serverExit ?? Promise.resolve(null);
	}

	/** Waits until the server log has a line matching `pattern` (bounded). */
	async waitForLog(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const line = this.serverLog.find((l) => pattern.test(l));
			if (line) return line;
			if (Date.now() > deadline) throw new Error(`n8n log has no line matching ${pattern} after ${timeoutMs / 1000} s`);
			await waitFor(this.serverExit, 200);
		}
	}

	/** Stops the server (SIGTERM, then SIGKILL after 20 s). */
	async stop(): Promise<void> {
		const child = this.server;
		if (!child) return;
		this.server = undefined;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			await this.serverExit;
			clearTimeout(killer);
		}
		this.cookie = '';
		this.apiKey = '';
	}

	/**
	 * Kills the server with SIGKILL, and the processes it started (its task runner), as an out-of-memory kill or
	 * `docker kill` does: no shutdown code of n8n runs. Resolves when the server process has exited.
	 */
	async kill(): Promise<void> {
		const child = this.server;
		if (!child?.pid) return;
		this.server = undefined;
		const family = [child.pid, ...descendants(child.pid)];
		for (const pid of family) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		await this.serverExit;
		this.cookie = '';
		this.apiKey = '';
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	/** The server's process id (what the app benchmark measures), while it runs. */
	get pid(): number | undefined {
		return this.server?.pid;
	}

	// --- HTTP: owner, login, REST and public API ---------------------------------------------------

	/** Creates the owner account (once per user folder) and logs in. */
	async setupOwner(owner = OWNER): Promise<void> {
		const res = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!res.ok) {
			const text = await res.text();
			// Already set up (a reused user folder) is fine.
			if (!/already|setup/i.test(text) || res.status >= 500)
				throw new Error(`owner setup failed: HTTP ${res.status} ${text.slice(0, 300)}`);
		}
		await this.login(owner);
	}

	async login(owner = OWNER): Promise<void> {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
		});
		if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
		const cookies = res.headers.getSetCookie?.() ?? [];
		this.cookie = cookies.map((c) => c.split(';')[0]).join('; ');
	}

	/** Calls the editor's REST API (`/rest/...`) with the login cookie. */
	async rest<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
		if (!this.cookie) await this.login();
		const res = await fetch(`${this.baseUrl}/rest${p}`, {
			method,
			headers: { cookie: this.cookie, 'Content-Type': 'application/json', 'browser-id': 'n8n-nodes-bookings-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
		const json = text ? JSON.parse(text) : undefined;
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/** GET a path of the editor server with the login cookie (e.g. /types/nodes.json). */
	async getJson<T = unknown>(p: string): Promise<T> {
		if (!this.cookie) await this.login();
		const res = await fetch(`${this.baseUrl}${p}`, { headers: { cookie: this.cookie } });
		if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
		return (await res.json()) as T;
	}

	/** Cookies of the logged-in owner (for a browser context). */
	get authCookie(): string {
		return this.cookie;
	}

	/** Calls the public API (`/api/v1/...`) with an API key created for the owner. */
	async api<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
		if (!this.apiKey) await this.createApiKey();
		const res = await fetch(`${this.baseUrl}/api/v1${p}`, {
			method,
			headers: { 'X-N8N-API-KEY': this.apiKey, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /api/v1${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	private async createApiKey(): Promise<void> {
		let scopes: string[] | undefined;
		try {
			scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		} catch {
			scopes = undefined;
		}
		const created = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', {
			label: `e2e-${Date.now()}`,
			expiresAt: null,
			...(scopes ? { scopes } : {}),
		});
		this.apiKey = created.rawApiKey ?? created.apiKey ?? '';
		if (!this.apiKey) throw new Error('creating an API key returned no key');
	}

	/**
	 * Activates (publishes) a workflow through the public API and waits until n8n has really started its triggers:
	 * n8n 2.41 publishes through an outbox that a background consumer works off, so the API answers before webhooks
	 * are registered and the activation poll has run. `GET /rest/workflows/:id/publication-status` says when
	 * nothing is in flight any more; a trigger that failed to start fails here with n8n's message.
	 */
	async activate(workflowId: string, timeoutMs = 60_000): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/activate`);
		await this.waitForPublication(workflowId, 'activate', timeoutMs);
	}

	async deactivate(workflowId: string, timeoutMs = 60_000): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/deactivate`);
		await this.waitForPublication(workflowId, 'deactivate', timeoutMs);
	}

	/** Whether this n8n reports publication status (2.35.0 and 2.41.1 do; 2.33.7 answers 404 "not available"). */
	private publicationStatus?: boolean;

	private async waitForPublication(
		workflowId: string,
		action: 'activate' | 'deactivate',
		timeoutMs: number,
	): Promise<void> {
		if (this.publicationStatus === undefined) {
			if (!this.cookie) await this.login();
			const res = await fetch(`${this.baseUrl}/rest/workflows/${workflowId}/publication-status`, {
				headers: { cookie: this.cookie },
			});
			await res.arrayBuffer();
			this.publicationStatus = res.status !== 404;
		}
		// Without it (n8n before the outbox) the public API activates inside its call: it answers after the triggers
		// started, and a trigger that failed fails the call. Nothing to wait for.
		if (!this.publicationStatus) return;
		const status = await until(
			async () => {
				const s = await this.rest<PublicationStatus>('GET', `/workflows/${workflowId}/publication-status`);
				if (s.pendingVersionId || s.status === 'in_progress') return undefined;
				if (action === 'deactivate' && s.triggers.some((t) => t.status === 'activated')) return undefined;
				return s;
			},
			`n8n to ${action} workflow ${workflowId}`,
			timeoutMs,
		);
		const failed = status.triggers.filter((t) => t.errorMessage);
		if (action === 'activate' && (status.status !== 'published' || failed.length)) {
			const why = failed.map((t) => t.errorMessage).join('; ') || `publication status "${status.status}"`;
			throw new Error(`n8n could not activate workflow ${workflowId}: ${why}`);
		}
	}

	/** Waits until a production webhook path answers something other than 404 (bounded); returns that response. */
	async waitForWebhook(
		webhookPath: string,
		init: RequestInit = { method: 'POST' },
		timeoutMs = 30_000,
	): Promise<Response> {
		return await until(async () => {
			const res = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, init);
			if (res.status === 404) {
				await res.arrayBuffer();
				return undefined;
			}
			return res;
		}, `webhook /webhook/${webhookPath} registered`, timeoutMs);
	}

	/** Executions of a workflow, newest first (public API, with run data). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const res = await this.api<{ data: ExecutionSummary[] }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=50`,
		);
		return res.data;
	}

	/**
	 * How many executions of a workflow have not finished (status new or running), from the editor's REST list (the
	 * public API leaves running ones out). n8n stores an execution (status new) before it answers the webhook call
	 * that started it, so once this is 0 after a call was answered, the finished list holds whatever that call started.
	 */
	async unfinishedExecutions(workflowId: string): Promise<number> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['new', 'running'] }));
		const page = await this.rest<{ results: unknown[] }>('GET', `/executions?filter=${filter}&limit=50`);
		return page.results.length;
	}

	/** Waits until a workflow has more than `known` finished executions; returns the newest. */
	async waitForExecution(workflowId: string, known: number, timeoutMs = 60_000): Promise<ExecutionSummary> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = (await this.executions(workflowId)).filter((e) => e.finished || e.stoppedAt);
			if (list.length > known) return list[0];
			if (Date.now() > deadline)
				throw new Error(`no new execution of workflow ${workflowId} within ${timeoutMs / 1000} s`);
			await waitFor(this.serverExit, 300);
		}
	}
}

interface PublicationStatus {
	status: string;
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters?: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		[k: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[k: string]: unknown;
}

export interface RunData {
	data?: {
		resultData?: {
			error?: { message?: string; description?: string };
			runData?: Record<
				string,
				Array<{
					data?: { main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> | null> };
					error?: { message?: string };
				}>
			>;
			lastNodeExecuted?: string;
		};
	};
	status?: string;
	[k: string]: unknown;
}

export interface ExecuteResult extends CliResult {
	ok: boolean;
	run?: RunData;
}

export interface ExecutionSummary {
	id: string | number;
	finished: boolean;
	mode: string;
	status?: string;
	stoppedAt?: string | null;
	data?: RunData['data'];
}

/** `n8n execute --rawOutput` prints log lines first; the run is the JSON from the first line starting with `{`. */
export function parseRunJson(stdout: string): RunData | undefined {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start < 0) return undefined;
	const text = lines.slice(start).join('\n');
	try {
		return JSON.parse(text) as RunData;
	} catch {
		// trailing log lines after the JSON: cut at the last closing brace on its own line
		const end = text.lastIndexOf('\n}');
		try {
			return JSON.parse(text.slice(0, end + 2)) as RunData;
		} catch {
			return undefined;
		}
	}
}

/** Output items (json) of a node in a run (last run of that node, first output unless given). */
export function nodeItems(run: RunData | undefined, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) {
		const names = Object.keys(run?.data?.resultData?.runData ?? {});
		throw new Error(`node "${nodeName}" did not run (nodes that ran: ${names.join(', ') || 'none'})`);
	}
	const last = runs[runs.length - 1];
	if (last.error) throw new Error(`node "${nodeName}" failed: ${last.error.message}`);
	return (last.data?.main?.[output] ?? []).map((i) => i.json);
}

export function runError(run: RunData | undefined): string | undefined {
	const error = run?.data?.resultData?.error as
		| { message?: string; description?: string; node?: { name?: string } }
		| undefined;
	if (error)
		return (
			`${error.node?.name ? `${error.node.name}: ` : ''}${error.message ?? 'error'}` +
			`${error.description ? ` — ${error.description}` : ''}`
		);
	for (const [name, runs] of Object.entries(run?.data?.resultData?.runData ?? {})) {
		const failed = runs.find((r) => r.error);
		if (failed?.error) {
			const e = failed.error as { message?: string; description?: string };
			return `${name}: ${e.message ?? 'error'}${e.description ? ` — ${e.description}` : ''}`;
		}
	}
	return undefined;
}

/** Why `n8n execute` failed, in one readable block (the node error, or the process output without the run JSON). */
export function executeFailure(res: ExecuteResult): string {
	const fromRun = runError(res.run);
	if (fromRun) return fromRun;
	const logLines = res.stdout.split('\n');
	const jsonStart = logLines.findIndex((l) => l.startsWith('{'));
	const text = (jsonStart >= 0 ? logLines.slice(0, jsonStart).join('\n') : res.stdout) + '\n' + res.stderr;
	return `exit code ${res.code}\n${tail(text)}`;
}

export function tail(text: string, lines = 25): string {
	return text.split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
}

/** Waits `ms`, or less when `interrupt` settles first (a polling interval that reacts to a process exit). */
export async function waitFor(interrupt: Promise<unknown> | undefined, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([new Promise((r) => (timer = setTimeout(r, ms))), interrupt ?? new Promise(() => undefined)]);
	if (timer) clearTimeout(timer);
}

/**
 * Polls `probe` every 200 ms until it returns something other than undefined/false (bounded by `timeoutMs`).
 * For effects in another process that offer no notification (n8n registering a trigger, an execution saved).
 */
/** Polls `probe` until it yields a value; `what` may be a function so the timeout message shows the state then. */
export async function until<T>(
	probe: () => Promise<T | undefined | false> | T | undefined | false,
	what: string | (() => string),
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value as T;
		if (Date.now() > deadline)
			throw new Error(
				`timed out after ${timeoutMs / 1000} s waiting for: ${typeof what === 'function' ? what() : what}`,
			);
		await new Promise((r) => setTimeout(r, 200));
	}
}

export function tempDir(prefix: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Process ids of every descendant of `pid` (Linux /proc), children first. */
export function descendants(pid: number): number[] {
	const parents = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			parents.set(Number(entry), ppid);
		} catch {
			// exited meanwhile
		}
	}
	const found: number[] = [];
	const queue = [pid];
	while (queue.length) {
		const parent = queue.shift()!;
		for (const [child, ppid] of parents) {
			if (ppid === parent) {
				found.push(child);
				queue.push(child);
			}
		}
	}
	return found;
}
