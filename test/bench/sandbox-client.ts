/** The benchmark's handle on an emulator running in its own process (test/bench/sandbox-host.ts). */
import { fork, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { CompactRequest, SeedInfo, VendorKey } from './sandbox-host';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class RemoteSandbox {
	private readonly child: ChildProcess;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	baseUrl = '';

	private constructor(readonly vendor: VendorKey) {
		this.child = fork(path.join(__dirname, 'sandbox-host.js'), [], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			execArgv: [],
			// the emulator gets its own heap; its CPU is not ours
			env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=2048' },
		});
		this.child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
			const waiting = this.pending.get(msg.id);
			if (!waiting) return;
			this.pending.delete(msg.id);
			if (msg.error !== undefined) waiting.reject(new Error(`${vendor} emulator: ${msg.error}`));
			else waiting.resolve(msg.result);
		});
		this.child.on('exit', (code) => {
			for (const waiting of this.pending.values()) waiting.reject(new Error(`${vendor} emulator exited (${code})`));
			this.pending.clear();
		});
	}

	static async start(vendor: VendorKey): Promise<RemoteSandbox> {
		const remote = new RemoteSandbox(vendor);
		const { baseUrl } = (await remote.call({ cmd: 'start', vendor })) as { baseUrl: string };
		remote.baseUrl = baseUrl;
		return remote;
	}

	private call(msg: Record<string, unknown>): Promise<unknown> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.child.send({ ...msg, id });
		});
	}

	async seed(n: number): Promise<SeedInfo> {
		return (await this.call({ cmd: 'seed', n })) as SeedInfo;
	}

	async setLatency(ms: number): Promise<void> {
		await this.call({ cmd: 'latency', ms });
	}

	async resetLimits(): Promise<void> {
		await this.call({ cmd: 'resetLimits' });
	}

	/** The requests answered since the last call (and clears the log), and the emulator's CPU time meanwhile. */
	async takeLog(): Promise<{ log: CompactRequest[]; cpuMs: number }> {
		return (await this.call({ cmd: 'takeLog' })) as { log: CompactRequest[]; cpuMs: number };
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		await this.call({ cmd: 'stop' }).catch(() => undefined);
		await exited;
	}
}
