/**
 * A small local API for the harness fixture nodes (test/harness/fixtures), built on the sandbox framework:
 * API-key, session-token (login + expiry → 401) and signature auth; things, categories, events, webhook
 * subscriptions and a renewal endpoint.
 */
import { Sandbox, q, type SandboxRequest, type SandboxResponse } from '../sandbox/framework';

export const API_KEY = 'key-123-secret';
export const FN_SECRET = 'fn-secret-xyz';
export const USERNAME = 'alice';
export const PASSWORD = 'pw-very-secret';

export interface FixtureServer {
	sandbox: Sandbox;
	baseUrl: string;
	/** Tokens currently accepted. */
	validTokens: Set<string>;
	/** Invalidate every session token (the next request with one gets 401). */
	expireTokens(): void;
	logins: number;
	events: Array<{ id: number; title: string }>;
	subscriptions: Map<string, { id: string; url: string; event: string; secret: string }>;
	renewals: number;
	stop(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
	const sandbox = new Sandbox('harness-fixture');
	const state: FixtureServer = {
		sandbox,
		baseUrl: '',
		validTokens: new Set<string>(),
		expireTokens: () => state.validTokens.clear(),
		logins: 0,
		events: [],
		subscriptions: new Map(),
		renewals: 0,
		stop: async () => await sandbox.stop(),
	};
	let tokenCounter = 0;
	let subscriptionCounter = 0;

	const authorized = (req: SandboxRequest): boolean => {
		if (req.headers['x-api-key'] === API_KEY) return q(req.query, 'tenant') !== undefined;
		if (req.headers['x-signature'] === `sig:${FN_SECRET}`) return true;
		const auth = req.headers.authorization;
		if (typeof auth === 'string' && auth.startsWith('Bearer ')) return state.validTokens.has(auth.slice(7));
		return false;
	};
	const guard =
		(handler: (req: SandboxRequest) => SandboxResponse) =>
		(req: SandboxRequest): SandboxResponse =>
			authorized(req) ? handler(req) : { status: 401, body: { error: 'Unauthorized' } };

	sandbox
		.route('POST', '/login', (req) => {
			const body = req.body as { username?: string; password?: string };
			if (body?.username !== USERNAME || body?.password !== PASSWORD) {
				return { status: 403, body: { error: 'Bad credentials' } };
			}
			state.logins++;
			const token = `tok-${++tokenCounter}`;
			state.validTokens.add(token);
			return { body: { token } };
		})
		.route('GET', '/me', guard(() => ({ body: { id: 'u1', name: 'Alice' } })))
		.route(
			'GET',
			'/things',
			guard((req) => {
				const filter = q(req.query, 'q');
				const all = [
					{ id: 't1', name: 'Room Alpha' },
					{ id: 't2', name: 'Room Beta' },
					{ id: 't3', name: 'Desk Gamma' },
				];
				const items = filter ? all.filter((t) => t.name.toLowerCase().includes(filter.toLowerCase())) : all;
				return { body: { items, next: q(req.query, 'page') ? undefined : 'page-2' } };
			}),
		)
		.route('POST', '/things', guard((req) => ({ status: 201, body: { id: 't9', ...(req.body as object) } })))
		.route('GET', '/things/:id', guard((req) => ({ body: { id: req.params.id, name: `Thing ${req.params.id}` } })))
		.route('GET', '/export', guard(() => ({ headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from('PK\u0003\u0004fake-xlsx') })))
		.route(
			'GET',
			'/categories',
			guard(() => ({
				body: [
					{ id: 'c1', name: 'Rooms' },
					{ id: 'c2', name: 'Desks' },
				],
			})),
		)
		.route(
			'GET',
			'/events',
			guard((req) => {
				const after = Number(q(req.query, 'after') ?? 0);
				return { body: state.events.filter((e) => e.id > after) };
			}),
		)
		.route(
			'POST',
			'/subscriptions',
			guard((req) => {
				const body = req.body as { url: string; event: string; secret: string };
				const id = `sub-${++subscriptionCounter}`;
				state.subscriptions.set(id, { id, ...body });
				return { status: 201, body: { id } };
			}),
		)
		.route(
			'GET',
			'/subscriptions/:id',
			guard((req) => {
				const sub = state.subscriptions.get(req.params.id);
				return sub ? { body: { id: sub.id, url: sub.url } } : { status: 404, body: { error: 'Not found' } };
			}),
		)
		.route(
			'DELETE',
			'/subscriptions/:id',
			guard((req) =>
				state.subscriptions.delete(req.params.id) ? { status: 204 } : { status: 404, body: { error: 'Not found' } },
			),
		)
		.route(
			'POST',
			'/renew',
			guard(() => {
				state.renewals++;
				return { body: { expiresAt: `2030-01-${String(state.renewals).padStart(2, '0')}T00:00:00.000Z` } };
			}),
		);

	state.baseUrl = await sandbox.start();
	return state;
}
