/**
 * Minimal express-like request/response objects for a node's `webhook()` method: what n8n-core's
 * WebhookContext reads (`body`, `headers`, `query`, `params`, `rawBody`) and what a node may call on the
 * response when it answers itself (`status`, `json`, `send`, `end`, `setHeader`, `set`, `header`,
 * `writeHead`, `statusCode`, `headersSent`).
 */
export interface WebhookRequestInput {
	body?: unknown;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	params?: Record<string, string>;
	method?: string;
	path?: string;
	/** Raw body bytes (defaults to the JSON text of `body`, or the string itself). */
	rawBody?: Buffer | string;
}

export interface FakeRequest {
	body: unknown;
	rawBody: Buffer;
	headers: Record<string, string>;
	query: Record<string, string>;
	params: Record<string, string>;
	method: string;
	url: string;
	path: string;
	originalUrl: string;
	ip: string;
	get(name: string): string | undefined;
	header(name: string): string | undefined;
}

export function createRequest(input: WebhookRequestInput, defaultMethod: string, path: string): FakeRequest {
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(input.headers ?? {})) headers[key.toLowerCase()] = String(value);
	let rawBody: Buffer;
	if (input.rawBody !== undefined) rawBody = Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(input.rawBody);
	else if (typeof input.body === 'string') rawBody = Buffer.from(input.body);
	else if (input.body !== undefined) rawBody = Buffer.from(JSON.stringify(input.body));
	else rawBody = Buffer.alloc(0);
	if (input.body !== undefined && typeof input.body !== 'string' && headers['content-type'] === undefined) {
		headers['content-type'] = 'application/json';
	}
	const query = { ...(input.query ?? {}) };
	const qs = new URLSearchParams(query).toString();
	const fullPath = input.path ?? path;
	const url = qs ? `${fullPath}?${qs}` : fullPath;
	const get = (name: string) => headers[name.toLowerCase()];
	return {
		body: input.body ?? {},
		rawBody,
		headers,
		query,
		params: { ...(input.params ?? {}) },
		method: (input.method ?? defaultMethod).toUpperCase(),
		url,
		path: fullPath,
		originalUrl: url,
		ip: '127.0.0.1',
		get,
		header: get,
	};
}

export class FakeResponse {
	statusCode = 200;
	headers: Record<string, string | string[]> = {};
	/** Whether the node answered (json/send/end). */
	headersSent = false;
	finished = false;
	body: unknown;
	locals: Record<string, unknown> = {};

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number): this {
		this.statusCode = code;
		return this.end();
	}

	setHeader(name: string, value: string | string[]): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	set(name: string | Record<string, string>, value?: string): this {
		if (typeof name === 'object') for (const [k, v] of Object.entries(name)) this.setHeader(k, v);
		else if (value !== undefined) this.setHeader(name, value);
		return this;
	}

	header(name: string, value: string): this {
		return this.setHeader(name, value);
	}

	getHeader(name: string): string | string[] | undefined {
		return this.headers[name.toLowerCase()];
	}

	writeHead(code: number, headers?: Record<string, string>): this {
		this.statusCode = code;
		if (headers) this.set(headers);
		return this;
	}

	contentType(type: string): this {
		return this.setHeader('content-type', type);
	}

	type(type: string): this {
		return this.contentType(type);
	}

	json(body: unknown): this {
		if (this.getHeader('content-type') === undefined) this.setHeader('content-type', 'application/json');
		this.body = body;
		return this.end();
	}

	send(body?: unknown): this {
		this.body = body;
		return this.end();
	}

	write(chunk: unknown): boolean {
		this.body = this.body === undefined ? chunk : `${String(this.body)}${String(chunk)}`;
		this.headersSent = true;
		return true;
	}

	end(body?: unknown): this {
		if (body !== undefined) this.body = body;
		this.headersSent = true;
		this.finished = true;
		return this;
	}

	on(): this {
		return this;
	}

	once(): this {
		return this;
	}
}

export interface ServedResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string | string[]>;
}

/**
 * A real HTTP endpoint on 127.0.0.1 (free port) in front of a webhook handler: parses the body like n8n
 * (JSON, urlencoded form, otherwise text), keeps the raw bytes, answers with the handler's status and body.
 */
export class WebhookServer {
	private server?: import('http').Server;
	private readonly sockets = new Set<import('net').Socket>();
	private answered = 0;
	private readonly waiters: Array<{ count: number; resolve: () => void }> = [];

	constructor(private readonly handler: (request: WebhookRequestInput) => Promise<ServedResponse>) {}

	async start(): Promise<string> {
		const http = await import('http');
		const server = http.createServer((req, res) => {
			void this.handle(req, res);
		});
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.server = server;
		const { port } = server.address() as import('net').AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	waitFor(count: number): Promise<void> {
		return new Promise<void>((resolve) => {
			this.waiters.push({ count, resolve });
			this.notify();
		});
	}

	private notify(): void {
		for (const waiter of [...this.waiters]) {
			if (this.answered >= waiter.count) {
				this.waiters.splice(this.waiters.indexOf(waiter), 1);
				waiter.resolve();
			}
		}
	}

	private async handle(req: import('http').IncomingMessage, res: import('http').ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const headers: Record<string, string> = {};
		for (const [key, value] of Object.entries(req.headers)) {
			if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
		}
		const type = headers['content-type'] ?? '';
		const text = rawBody.toString('utf8');
		let body: unknown = {};
		if (rawBody.length > 0) {
			if (type.includes('json')) {
				try {
					body = JSON.parse(text);
				} catch {
					body = text;
				}
			} else if (type.includes('application/x-www-form-urlencoded')) {
				body = Object.fromEntries(new URLSearchParams(text));
			} else {
				body = text;
			}
		}
		let response: ServedResponse;
		try {
			response = await this.handler({
				body,
				rawBody,
				headers,
				query: Object.fromEntries(url.searchParams),
				method: req.method ?? 'GET',
				path: url.pathname,
			});
		} catch (error) {
			response = { status: 500, body: { message: (error as Error).message } };
		}
		res.statusCode = response.status;
		for (const [key, value] of Object.entries(response.headers ?? {})) res.setHeader(key, value);
		if (response.body === undefined) res.end();
		else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) res.end(response.body);
		else {
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
			res.end(JSON.stringify(response.body));
		}
		this.answered++;
		this.notify();
	}
}
