/**
 * The two servers n8n's queue mode needs, started fresh for one run on 127.0.0.1 and free ports, each a direct
 * child process of this one (so it is stopped by pid, and dies with a SIGKILL of its own):
 * - Redis (`redis-server`, nothing persisted): the Bull job queue and n8n's cache;
 * - PostgreSQL (a throwaway cluster in a temporary folder, `initdb` + `postgres`), run as the unprivileged
 *   `postgres` system user when we are root (PostgreSQL refuses root), with one database for n8n.
 * Binaries come from scripts/queue-env.sh (which installs them with apt-get when missing).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freePort, runEnvScript, tail, until } from '../../../scripts/lib/n8n';

export interface QueueBinaries {
	redisServer: string;
	pgBin: string;
	pgUser: string;
}

/** Runs scripts/queue-env.sh (apt-get install of redis-server/postgresql when missing) and reads its answer. */
export function ensureQueueBinaries(): QueueBinaries {
	const vars = runEnvScript('queue-env.sh', 'Redis / PostgreSQL');
	return { redisServer: vars.REDIS_SERVER, pgBin: vars.PG_BIN, pgUser: vars.PG_USER };
}

/** A child server process with its output kept (last lines) for error messages. */
class ServerProcess {
	readonly output: string[] = [];
	readonly exited: Promise<number | null>;
	private done = false;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
	) {
		const collect = (d: Buffer) => {
			for (const line of d.toString().split('\n')) if (line.trim()) this.output.push(line);
			if (this.output.length > 300) this.output.splice(0, this.output.length - 300);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		this.exited = new Promise((resolve) => child.on('exit', (code) => ((this.done = true), resolve(code))));
		child.on('error', (error) => this.output.push(`spawn error: ${error.message}`));
	}

	get running(): boolean {
		return !this.done;
	}

	/** SIGTERM (SIGINT for PostgreSQL's fast shutdown), SIGKILL after `graceMs`; resolves when the pid is gone. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
		if (this.done) return;
		this.child.kill(signal);
		const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(killer);
	}

	log(): string {
		return tail(this.output.join('\n'));
	}
}

export class RedisServer {
	private constructor(
		readonly port: number,
		private readonly proc: ServerProcess,
	) {}

	static async start(bin: string): Promise<RedisServer> {
		const port = await freePort();
		const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const proc = new ServerProcess('redis', child);
		const server = new RedisServer(port, proc);
		try {
			await until(
				async () => {
					if (!proc.running) throw new Error(`redis-server exited at start:\n${proc.log()}`);
					return (await redisCommand(port, 'PING').catch(() => '')) === '+PONG';
				},
				() => `redis-server on 127.0.0.1:${port} to answer PING (output: ${proc.log() || 'none'})`,
				30_000,
			);
		} catch (error) {
			await proc.stop();
			throw error;
		}
		return server;
	}

	get pid(): number | undefined {
		return this.proc.child.pid;
	}

	/** One inline command (e.g. `DBSIZE`); the raw first reply line. */
	command(line: string): Promise<string> {
		return redisCommand(this.port, line);
	}

	async stop(): Promise<void> {
		await this.proc.stop('SIGTERM');
	}
}

function redisCommand(port: number, line: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		const timer = setTimeout(() => (socket.destroy(), reject(new Error('redis did not answer within 5 s'))), 5_000);
		socket.on('connect', () => socket.write(`${line}\r\n`));
		socket.on('data', (d) => {
			answer += d.toString();
			if (answer.includes('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(answer.split('\r\n')[0]);
			}
		});
		socket.on('error', (error) => (clearTimeout(timer), reject(error)));
	});
}

export interface PostgresDatabase {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

export class PostgresCluster {
	private constructor(
		readonly dir: string,
		readonly port: number,
		private readonly proc: ServerProcess,
		private readonly bins: QueueBinaries,
	) {}

	/** initdb in a fresh temporary folder, then `postgres` on 127.0.0.1:<free port>, then a database for n8n. */
	static async start(bins: QueueBinaries, database = 'n8n'): Promise<{ cluster: PostgresCluster; db: PostgresDatabase }> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bookings-pg-'));
		const ids = asUser(bins.pgUser);
		if (ids) fs.chownSync(dir, ids.uid, ids.gid);
		const data = path.join(dir, 'data');
		const init = spawnSync(path.join(bins.pgBin, 'initdb'), ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], {
			encoding: 'utf8',
			cwd: dir,
			...(ids ?? {}),
		});
		if (init.status !== 0) {
			fs.rmSync(dir, { recursive: true, force: true });
			throw new Error(`initdb failed (exit ${init.status}):\n${tail(init.stdout + init.stderr)}`);
		}
		const port = await freePort();
		// A throwaway cluster: no fsync, nothing waits for the disk.
		const child = spawn(
			path.join(bins.pgBin, 'postgres'),
			['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'],
			{ stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...(ids ?? {}) },
		);
		const proc = new ServerProcess('postgres', child);
		const cluster = new PostgresCluster(dir, port, proc, bins);
		try {
			await until(
				() => {
					if (!proc.running) throw new Error(`postgres exited at start:\n${proc.log()}`);
					return spawnSync(path.join(bins.pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0;
				},
				() => `PostgreSQL on 127.0.0.1:${port} to accept connections (output: ${proc.log() || 'none'})`,
				60_000,
			);
			const password = 'n8n-queue-stage';
			cluster.sql(`CREATE USER n8n WITH PASSWORD '${password}'`);
			cluster.sql(`CREATE DATABASE ${database} OWNER n8n`);
			return { cluster, db: { host: '127.0.0.1', port, database, user: 'n8n', password } };
		} catch (error) {
			await cluster.stop();
			throw error;
		}
	}

	get pid(): number | undefined {
		return this.proc.child.pid;
	}

	/** Runs SQL with psql (as the cluster's superuser); rows as tab-separated lines. */
	sql(statement: string, database = 'postgres'): string[] {
		const res = spawnSync(path.join(this.bins.pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database, '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', statement], {
			encoding: 'utf8',
		});
		if (res.status !== 0) throw new Error(`psql failed on "${statement.slice(0, 80)}": ${res.stderr.trim()}`);
		return res.stdout.split('\n').filter((l) => l.length > 0);
	}

	/** Fast shutdown (SIGINT), then the temporary folder is removed. */
	async stop(): Promise<void> {
		await this.proc.stop('SIGINT', 20_000);
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

/** uid/gid to run PostgreSQL as, when we are root (undefined: run as ourselves). */
function asUser(user: string): { uid: number; gid: number } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const res = spawnSync('id', ['-u', user], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
	if (res.status !== 0 || gid.status !== 0) throw new Error(`no system user "${user}" to run PostgreSQL as (it refuses root)`);
	return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
