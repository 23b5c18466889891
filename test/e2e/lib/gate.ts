/**
 * The slow next node of the restarts phase: an HTTP endpoint on 127.0.0.1 that the copied trigger workflows call
 * after their trigger (HTTP Request node, one call per execution with every item the trigger emitted). Open, it
 * answers at once; held, it records the call and never answers, so the execution stays running in n8n — past its
 * trigger (the vendor answered, the poll returned, the execution was started) and before it finished.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface GateCall {
	workflowId: string;
	executionId: string;
	items: Array<Record<string, unknown>>;
	at: number;
}

export class Gate {
	readonly calls: GateCall[] = [];
	private held = false;
	private server?: http.Server;
	private readonly waiting = new Set<http.ServerResponse>();
	url = '';

	async start(): Promise<void> {
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				let body: Partial<GateCall> = {};
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<GateCall>;
				} catch {
					// recorded as empty: the check reports what is missing
				}
				this.calls.push({
					workflowId: String(body.workflowId ?? ''),
					executionId: String(body.executionId ?? ''),
					items: Array.isArray(body.items) ? body.items : [],
					at: Date.now(),
				});
				if (this.held) {
					this.waiting.add(res);
					res.on('close', () => this.waiting.delete(res));
				} else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
			});
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.server = server;
		this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gate`;
	}

	/** Held: calls are recorded and not answered (the executions stay running) until open() or stop(). */
	hold(): void {
		this.held = true;
	}

	open(): void {
		this.held = false;
		for (const res of this.waiting) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
		this.waiting.clear();
	}

	callsOf(workflowId: string): GateCall[] {
		return this.calls.filter((c) => c.workflowId === workflowId);
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const res of this.waiting) res.destroy();
		this.waiting.clear();
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
