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
