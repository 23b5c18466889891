/**
 * A tiny framework for vendor emulators: real HTTP on 127.0.0.1 with a free port, routes with path
 * parameters, a request log, and knobs every vendor shares (latency, queued faults, rate limits).
 * Each vendor emulator (test/sandbox/<vendor>.ts) builds on this and keeps its own in-memory data.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ECHO_PATH, echoAnswer, redirectedAnswer, type EchoSpec } from './echo';

export type Query = Record<string, string | string[]>;

export interface SandboxRequest {
	method: string;
	/** Path without the query string, URL-decoded per segment. */
	path: string;
	/** Route parameters (`/booking/:id` → `{ id }`). */
	params: Record<string, string>;
	query: Query;
	headers: http.IncomingHttpHeaders;
	rawBody: Buffer;
	/** JSON or form bodies parsed; otherwise the raw text (or undefined when empty). */
	body: unknown;
	/** Parse failure of a JSON body, if any (the route decides what to answer). */
	bodyError?: string;
}

export interface SandboxResponse {
	status?: number;
	headers?: Record<string, string | string[]>;
	/** Objects are sent as JSON, strings and Buffers as they are. */
	body?: unknown;
	/** Send the body cut short and close the connection (truncated-body fault). */
	truncate?: boolean;
	/** Destroy the socket without answering (connection-reset fault). */
	reset?: boolean;
	/** Never answer (timeout fault); the socket is closed when the sandbox stops. */
	hang?: boolean;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface Fault extends SandboxResponse {
	/** How many matching requests get this fault (default 1). */
	times?: number;
	/** Only requests this predicate accepts are faulted (default: all). */
	match?: (req: SandboxRequest) => boolean;
	/**
	 * Not a fault but a hold: the request is answered normally (its answer computed on arrival) and sent only
	 * once this promise settles — to interleave overlapping requests deterministically, without sleeps.
	 */
	hold?: Promise<unknown>;
	/** Not a fixed answer: the request's own values echoed back (test/sandbox/echo.ts). */
	echo?: EchoSpec;
}

export interface LoggedRequest {
	method: string;
	path: string;
	query: Query;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	status: number;
	at: number;
}

interface Route {
	method: string;
	parts: string[];
	handler: Handler;
}

/** First value of a query parameter. */
export function q(query: Query, name: string): string | undefined {
	const value = query[name];
	return Array.isArray(value) ? value[0] : value;
}

/** All values of a query parameter (repeated keys). */
export function qAll(query: Query, name: string): string[] {
	const value = query[name];
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

export class Sandbox {
	private readonly routes: Route[] = [];
	private readonly faults: Fault[] = [];
	private server?: http.Server;
	private readonly sockets = new Set<import('net').Socket>();
	/** Every request answered, in order. */
	readonly log: LoggedRequest[] = [];
	/** Milliseconds added before each answer. */
	latencyMs = 0;
	baseUrl = '';

	constructor(readonly name: string) {}

	route(method: string, pattern: string, handler: Handler): this {
		this.routes.push({ method: method.toUpperCase(), parts: split(pattern), handler });
		return this;
	}

	/** Queue a fault for the next matching request(s). */
	fault(fault: Fault): this {
		this.faults.push({ ...fault, times: fault.times ?? 1 });
		return this;
	}

	/** Echo knob: the next matching request(s) get an answer that sends back what they carried. */
	echo(spec: EchoSpec & Pick<Fault, 'times' | 'match'>): this {
		const { times, match, ...echo } = spec;
		return this.fault({ times, match, echo });
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	/** Requests whose path matches (string: exact, RegExp: test). */
	requests(path?: string | RegExp, method?: string): LoggedRequest[] {
		return this.log.filter(
			(r) =>
				(path === undefined || (typeof path === 'string' ? r.path === path : path.test(r.path))) &&
				(method === undefined || r.method === method.toUpperCase()),
		);
	}

	resetLog(): void {
		this.log.length = 0;
	}

	async start(): Promise<string> {
		if (this.server) return this.baseUrl;
		const server = http.createServer((req, res) => {
			void this.handle(req, res);
		});
		server.keepAliveTimeout = 1000;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.server = server;
		const { port } = server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const query: Query = {};
		for (const [key, value] of url.searchParams) {
			const existing = query[key];
			if (existing === undefined) query[key] = value;
			else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
		}
		const request: SandboxRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			params: {},
			query,
			headers: req.headers,
			rawBody,
			body: undefined,
		};
		parseBody(request);

		let response: SandboxResponse;
		try {
			const fault = request.path === ECHO_PATH ? undefined : this.takeFault(request);
			response =
				request.path === ECHO_PATH
					? redirectedAnswer(request, this.baseUrl)
					: fault?.echo
						? echoAnswer(request, fault.echo, this.baseUrl)
						: fault && !fault.hold
							? fault
							: await this.dispatch(request);
			if (fault?.hold) await fault.hold.catch(() => undefined);
		} catch (error) {
			response = { status: 500, body: { error: { message: (error as Error).message } } };
		}
		if (this.latencyMs > 0) await delay(this.latencyMs);
		this.log.push({
			method: request.method,
			path: request.path,
			query,
			headers: req.headers,
			body: request.body,
			status: response.status ?? 200,
			at: Date.now(),
		});
		send(res, response);
	}

	private takeFault(req: SandboxRequest): Fault | undefined {
		const index = this.faults.findIndex((f) => !f.match || f.match(req));
		if (index < 0) return undefined;
		const fault = this.faults[index];
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) this.faults.splice(index, 1);
		return fault;
	}

	private async dispatch(req: SandboxRequest): Promise<SandboxResponse> {
		const parts = split(req.path);
		let pathMatched = false;
		for (const route of this.routes) {
			const params = matchParts(route.parts, parts);
			if (!params) continue;
			pathMatched = true;
			if (route.method !== req.method && route.method !== '*') continue;
			req.params = params;
			return await route.handler(req);
		}
		return pathMatched
			? { status: 405, body: { error: { message: `Method ${req.method} not allowed` } } }
			: { status: 404, body: { error: { message: `No route for ${req.path}` } } };
	}
}

function split(path: string): string[] {
	return path.split('/').filter((p) => p.length > 0);
}

function matchParts(pattern: string[], parts: string[]): Record<string, string> | undefined {
	if (pattern.length !== parts.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const p = pattern[i];
		if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(parts[i]);
		else if (p.toLowerCase() !== parts[i].toLowerCase()) return undefined;
	}
	return params;
}

function parseBody(req: SandboxRequest): void {
	if (req.rawBody.length === 0) return;
	const type = String(req.headers['content-type'] ?? '');
	const text = req.rawBody.toString('utf8');
	if (type.includes('application/x-www-form-urlencoded')) {
		req.body = Object.fromEntries(new URLSearchParams(text));
		return;
	}
	if (type.includes('json') || /^\s*[[{"]/.test(text)) {
		try {
			req.body = JSON.parse(text);
		} catch (error) {
			req.body = text;
			req.bodyError = (error as Error).message;
		}
		return;
	}
	req.body = text;
}

function send(res: http.ServerResponse, response: SandboxResponse): void {
	if (response.reset) {
		res.socket?.destroy();
		return;
	}
	if (response.hang) return;
	let payload: Buffer | undefined;
	const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
	const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
	if (Buffer.isBuffer(response.body)) payload = response.body;
	else if (typeof response.body === 'string') {
		payload = Buffer.from(response.body, 'utf8');
		if (!hasType) headers['Content-Type'] = 'text/plain; charset=utf-8';
	} else if (response.body !== undefined) {
		payload = Buffer.from(JSON.stringify(response.body), 'utf8');
		if (!hasType) headers['Content-Type'] = 'application/json; charset=utf-8';
	}
	res.statusCode = response.status ?? 200;
	for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
	if (response.truncate && payload) {
		res.setHeader('Content-Length', String(payload.length));
		res.write(payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))));
		res.socket?.destroy();
		return;
	}
	res.end(payload);
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Fixed-window counter: `take()` answers the seconds to wait (Retry-After) when over the limit.
 * `now` is injectable so tests can simulate time.
 */
export class WindowLimiter {
	private windowStart = 0;
	private count = 0;
	constructor(
		public limit: number,
		public windowMs: number,
		private readonly now: () => number = Date.now,
	) {}

	take(): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
		const t = this.now();
		if (t - this.windowStart >= this.windowMs) {
			this.windowStart = t;
			this.count = 0;
		}
		if (this.count >= this.limit) {
			return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((this.windowStart + this.windowMs - t) / 1000)) };
		}
		this.count++;
		return { ok: true, remaining: this.limit - this.count };
	}

	reset(): void {
		this.windowStart = 0;
		this.count = 0;
	}
}

/** Deterministic pseudo-random numbers for seeding data (mulberry32). */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A hex id like Mongo's ObjectId, deterministic from a counter. */
export function objectId(n: number, prefix = '5f'): string {
	return (prefix + n.toString(16)).padStart(24, '0').slice(-24);
}
