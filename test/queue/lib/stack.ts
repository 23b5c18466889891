/**
 * n8n 2.41.1 the way teams scale it: PostgreSQL + Redis, a main process (`n8n start`: editor, API, triggers),
 * `n8n worker`s that execute from the Redis queue and one `n8n webhook` processor for incoming webhooks — or,
 * with `workers: 0`, one regular-mode `n8n start` on the same PostgreSQL (the single-process comparison).
 * Everything on 127.0.0.1 and free ports, each process with its own user folder and the package installed in
 * it the way a community install does (scripts/lib/n8n.ts `installPackage`), all stopped by `down()`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { freePort, installPackage, N8nApp, step, tempDir, type CredentialImport, type N8nInstall, type WorkflowJson } from '../../../scripts/lib/n8n';
import { PostgresCluster, RedisServer, type PostgresDatabase, type QueueBinaries } from './servers';

export interface StackOptions {
	install: N8nInstall;
	binaries: QueueBinaries;
	/** Number of `n8n worker` processes; 0 = regular mode (the main executes everything, no webhook processor). */
	workers: number;
	/** Jobs one worker runs at once (default 10 as in n8n; set through N8N_CONCURRENCY_PRODUCTION_LIMIT, which `n8n worker` reads; at least 5). */
	concurrency?: number;
	/** Keep the user folders (for debugging). */
	keep?: boolean;
}

const ENCRYPTION_KEY = 'queue-stage-encryption-key-not-secret';

export class QueueStack {
	redis?: RedisServer;
	postgres?: PostgresCluster;
	db?: PostgresDatabase;
	main!: N8nApp;
	workers: N8nApp[] = [];
	webhook?: N8nApp;
	readonly root = tempDir('n8n-bookings-queue-');
	private common: Record<string, string> = {};
	/** Per-process boot times (ms) of the last up(). */
	bootMs: Record<string, number> = {};

	constructor(readonly options: StackOptions) {}

	get queueMode(): boolean {
		return this.options.workers > 0;
	}

	/** All n8n processes of the stack. */
	get processes(): Array<{ name: string; app: N8nApp }> {
		return [
			{ name: 'main', app: this.main },
			...this.workers.map((app, i) => ({ name: `worker-${i + 1}`, app })),
			...(this.webhook ? [{ name: 'webhook', app: this.webhook }] : []),
		].filter((p) => p.app);
	}

	/** Base URL the outside world calls webhooks on: the webhook processor in queue mode, the main otherwise. */
	get webhookBaseUrl(): string {
		return (this.webhook ?? this.main).baseUrl;
	}

	/** Redis and PostgreSQL up, the n8n processes configured (not started), the package installed for each. */
	async prepare(): Promise<void> {
		const { binaries, install } = this.options;
		this.redis = await RedisServer.start(binaries.redisServer);
		const pg = await PostgresCluster.start(binaries);
		this.postgres = pg.cluster;
		this.db = pg.db;
		const mainPort = await freePort();
		const webhookPort = this.queueMode ? await freePort() : mainPort;
		this.common = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.db.host,
			DB_POSTGRESDB_PORT: String(this.db.port),
			DB_POSTGRESDB_DATABASE: this.db.database,
			DB_POSTGRESDB_USER: this.db.user,
			DB_POSTGRESDB_PASSWORD: this.db.password,
			EXECUTIONS_MODE: this.queueMode ? 'queue' : 'regular',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// Vendors call the webhook processor; n8n registers subscriptions with this URL.
			WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			// Executions are kept, with their data, so the stage can read them back.
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_PRUNE: 'false',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		};
		// Every process loads the package from its own nodes folder (workers and webhook processors execute the
		// nodes too): `npm pack` + `npm install` once, the same installed folder copied to the others.
		let installed: string | undefined;
		const app = (name: string, port: number, command: 'start' | 'worker' | 'webhook', env: Record<string, string> = {}) => {
			const userFolder = path.join(this.root, name);
			fs.mkdirSync(userFolder, { recursive: true });
			const nodes = path.join(userFolder, '.n8n', 'nodes');
			if (installed) fs.cpSync(installed, nodes, { recursive: true, verbatimSymlinks: true });
			else {
				installPackage(userFolder);
				installed = nodes;
			}
			return new N8nApp(install, { userFolder, port, command, encryptionKey: ENCRYPTION_KEY, env: { ...this.common, ...env } });
		};
		this.main = app('main', mainPort, 'start');
		this.workers = [];
		for (let i = 0; i < this.options.workers; i++) {
			const health = await freePort();
			this.workers.push(
				app(`worker-${i + 1}`, health, 'worker', {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(health),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					...(this.options.concurrency ? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(this.options.concurrency) } : {}),
				}),
			);
		}
		this.webhook = this.queueMode ? app('webhook', webhookPort, 'webhook') : undefined;
	}

	/** POSTs JSON to a production webhook where the outside world calls it (retries while it is not registered yet). */
	async callWebhook(webhookPath: string, body: unknown = {}): Promise<Response> {
		const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
		return await (this.webhook ?? this.main).waitForWebhook(webhookPath, init, 60_000);
	}

	/** Imports credentials and workflows through the main's CLI (this also creates n8n's tables in PostgreSQL). */
	async importData(credentials: CredentialImport[], workflows: WorkflowJson[]): Promise<void> {
		await this.main.importCredentials(credentials);
		await this.main.importWorkflows(workflows);
	}

	/** Starts the main, then the workers and the webhook processor in parallel; owner account + API key. */
	async up(): Promise<void> {
		const timed = async (name: string, app: N8nApp) => {
			const started = Date.now();
			await app.start(180_000);
			this.bootMs[name] = Date.now() - started;
		};
		await Promise.all(this.processes.map((p) => timed(p.name, p.app)));
		await this.main.setupOwner();
	}

	/** Stops the main process and starts it again (same port, same database; workers keep running). */
	async restartMain(): Promise<number> {
		const started = Date.now();
		await this.main.stop();
		await this.main.start(180_000);
		return Date.now() - started;
	}

	/** Execution ids each worker's log says it ran ("Worker started execution N"). */
	executionsByWorker(): Map<string, Set<string>> {
		const result = new Map<string, Set<string>>();
		for (const [i, worker] of this.workers.entries()) {
			const ids = new Set<string>();
			for (const line of worker.log) {
				const m = /started execution (\d+)/i.exec(line);
				if (m) ids.add(m[1]);
			}
			result.set(`worker-${i + 1}`, ids);
		}
		return result;
	}

	/** Which worker ran an execution (undefined: none of them logged it). */
	workerOf(executionId: string | number): string | undefined {
		for (const [name, ids] of this.executionsByWorker()) if (ids.has(String(executionId))) return name;
		return undefined;
	}

	/** Stops every process this stack started, n8n first, then Redis and PostgreSQL; removes the folders. */
	async down(): Promise<void> {
		const stopped: string[] = [];
		await Promise.all(
			this.processes.map(async (p) => {
				const started = Date.now();
				await p.app.stop().catch(() => undefined);
				stopped.push(`${p.name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
			}),
		);
		const servers = Date.now();
		await this.redis?.stop().catch(() => undefined);
		await this.postgres?.stop().catch(() => undefined);
		const removed = Date.now();
		if (!this.options.keep) fs.rmSync(this.root, { recursive: true, force: true });
		if (stopped.length) {
			step(`stopped: ${stopped.join(', ')}; Redis + PostgreSQL ${((removed - servers) / 1000).toFixed(1)} s; folders removed in ${((Date.now() - removed) / 1000).toFixed(1)} s`);
		}
	}
}
