/**
 * The tenant mutator at the HTTP layer: a small proxy on 127.0.0.1 (free port) in front of one running emulator.
 * Requests to a listing route are answered from the emulator's own full answer, cut into the pages the current
 * tenant would serve and rewritten into its envelope and key case; every other request passes through untouched.
 * The emulator is not changed, so the records it holds stay the expected ones.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { recaseDeep, renameFlags, servePage, wrap, type Tenant } from './tenant';

export interface Paging {
	/** Query parameters of the page number and page size, the first page's number and the largest size. */
	page: string;
	size: string;
	base: 0 | 1;
	/** Size served when none is asked (undefined: the whole list). */
	defaultSize?: number;
	maxSize: number;
}

export interface ListingRoute {
	method: string;
	path: RegExp;
	paging?: Paging;
	/**
	 * An unpaged date window (Pronestor FindLockedBookings, PlanningPME do/list, BRP servicebookings): a silent
	 * cap on its answers is generated like a page cap (FUZZ_NO_WINDOW_CAPS=1 leaves it out, to tell classes apart).
	 * There is no next page to ask for: the node must prove a window complete from the answers it gets.
	 */
	window?: boolean;
	/** The records (and total, if any) of one of the emulator's answers. */
	read(body: unknown): { records: unknown[]; total?: number };
	/** The vendor's own envelope for a page (a tenant that keeps the documented envelope). */
	write(records: unknown[], total: number, page: { page?: number; size?: number }): unknown;
}

export interface Protocol {
	listings: ListingRoute[];
	/** Boolean flags that a tenant may send under another name. */
	flags: string[];
}

/** Whether silent caps are generated on unpaged date windows too (see ListingRoute.window). */
const WINDOW_CAPS = process.env.FUZZ_NO_WINDOW_CAPS !== '1';

export class TenantProxy {
	tenant: Tenant;
	baseUrl = '';
	private server?: http.Server;
	private readonly upstream: URL;
	/** Listing requests served since the last reset, and how many are answered before the proxy refuses. */
	served = 0;
	budget = Number.POSITIVE_INFINITY;

	constructor(
		upstreamBaseUrl: string,
		private readonly protocol: Protocol,
		tenant: Tenant,
	) {
		this.upstream = new URL(upstreamBaseUrl);
		this.tenant = tenant;
	}

	async start(): Promise<string> {
		const server = http.createServer((req, res) => void this.handle(req, res));
		server.keepAliveTimeout = 1000;
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
		this.server = server;
		this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		// Each tenant reaches the proxy under its own prefix (/t<n>/...): a new address, as a new tenant has.
		url.pathname = url.pathname.replace(/^\/t\d+(?=\/)/, '');
		const route = this.protocol.listings.find(
			(l) => l.method === req.method && l.path.test(url.pathname),
		);
		try {
			if (!route) {
				const answer = await this.forward(req, url, body);
				return send(res, answer.status, answer.headers, answer.body);
			}
			if (++this.served > this.budget)
				return send(res, 503, {}, Buffer.from('fuzz: request budget spent'));
			await this.listing(route, req, url, body, res);
		} catch (error) {
			send(res, 502, {}, Buffer.from(`proxy error: ${(error as Error).message}`));
		}
	}

	private async listing(
		route: ListingRoute,
		req: http.IncomingMessage,
		url: URL,
		body: Buffer,
		res: http.ServerResponse,
	): Promise<void> {
		const t = this.tenant;
		const paging = route.paging;
		const num = (name: string) => {
			const raw = url.searchParams.get(name);
			return raw !== null && /^\d+$/.test(raw) ? Number(raw) : raw === null ? undefined : NaN;
		};
		const page = paging ? num(paging.page) : undefined;
		const size = paging ? num(paging.size) : undefined;
		if (paging) {
			if (Number.isNaN(page) || Number.isNaN(size)) {
				const answer = await this.forward(req, url, body); // the emulator judges malformed paging itself
				return send(res, answer.status, answer.headers, answer.body);
			}
			url.searchParams.set(paging.page, String(paging.base));
			url.searchParams.set(paging.size, String(paging.maxSize));
		}
		const answer = await this.forward(req, url, body);
		const json = parse(answer);
		if (answer.status !== 200 || json === undefined)
			return send(res, answer.status, answer.headers, answer.body);
		const { records } = route.read(json);
		const count = records.length;
		let from = 0;
		let to = count;
		if (paging) {
			const served = servePage(t, paging.base, page, size ?? paging.defaultSize, count);
			if (served.status === 400)
				return sendJson(
					res,
					400,
					answer.headers,
					recaseDeep({ message: served.message }, t.keyCase),
				);
			({ from, to } = served);
		} else if (t.cap !== null && (!route.window || WINDOW_CAPS)) to = Math.min(count, t.cap);
		const slice = records
			.slice(from, to)
			.map((r) => renameFlags(r, this.protocol.flags, t.flagName));
		const effective = paging && t.cap !== null && size !== undefined ? Math.min(size, t.cap) : size;
		const shaped =
			t.envelope === 'asIs'
				? route.write(slice, count, {
						page: page ?? (t.pageBase === 'asIs' ? paging?.base : t.pageBase),
						size: effective,
					})
				: wrap(slice, count, t.envelope);
		sendJson(res, 200, answer.headers, recaseDeep(shaped, t.keyCase));
	}

	private forward(
		req: http.IncomingMessage,
		url: URL,
		body: Buffer,
	): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
		return new Promise((resolve, reject) => {
			const headers = { ...req.headers, host: this.upstream.host };
			const upstream = http.request(
				{
					hostname: this.upstream.hostname,
					port: this.upstream.port,
					method: req.method,
					path: url.pathname + url.search,
					headers,
				},
				(answer) => {
					const chunks: Buffer[] = [];
					answer.on('data', (c: Buffer) => chunks.push(c));
					answer.on('end', () =>
						resolve({
							status: answer.statusCode ?? 502,
							headers: answer.headers,
							body: Buffer.concat(chunks),
						}),
					);
					answer.on('error', reject);
				},
			);
			upstream.on('error', reject);
			upstream.end(body);
		});
	}
}

function parse(answer: { headers: http.IncomingHttpHeaders; body: Buffer }): unknown {
	if (!String(answer.headers['content-type'] ?? '').includes('json')) return undefined;
	try {
		return JSON.parse(answer.body.toString('utf8'));
	} catch {
		return undefined;
	}
}

function send(
	res: http.ServerResponse,
	status: number,
	headers: http.IncomingHttpHeaders,
	body: Buffer,
): void {
	res.statusCode = status;
	for (const [key, value] of Object.entries(headers)) {
		if (
			value === undefined ||
			['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(key)
		)
			continue;
		res.setHeader(key, value);
	}
	res.setHeader('content-length', String(body.length));
	res.end(body);
}

function sendJson(
	res: http.ServerResponse,
	status: number,
	headers: http.IncomingHttpHeaders,
	value: unknown,
): void {
	send(
		res,
		status,
		{ ...headers, 'content-type': 'application/json; charset=utf-8' },
		Buffer.from(JSON.stringify(value), 'utf8'),
	);
}
