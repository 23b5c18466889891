import type { NodeApiError } from 'n8n-workflow';
import { PLANNINGPME_JWT_GRANT, PlanningPmeSandbox } from '../../sandbox/planningpme';
import { CRED, outputText, SECRETS, startPlanningPme } from './setup';

const SECRET_RE = new RegExp(SECRETS.join('|'));

describe('PlanningPME: app key, tokens and limits', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.beforeRequest = undefined;
		ctx.sandbox.setQuota(PlanningPmeSandbox.APP_KEY, 1_000_000);
		ctx.sandbox.seedEntity('task', 25);
		ctx.sandbox.expireTokens();
	});

	const tokenCalls = () => ctx.sandbox.requests(/\/token$/, 'POST');

	it('logs in with user name and password (form-encoded, app key on the token call) and reuses the token across executions', async () => {
		ctx.login();
		for (let n = 0; n < 3; n++) {
			const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 3 });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
		}
		const logins = tokenCalls();
		expect(logins).toHaveLength(1);
		expect(logins[0].headers['x-appkey']).toBe(PlanningPmeSandbox.APP_KEY);
		expect(logins[0].headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(logins[0].body).toEqual({ grant_type: 'password', username: PlanningPmeSandbox.USER, password: PlanningPmeSandbox.PASSWORD });
		const stored = ctx.harness.getCredential(CRED);
		expect(typeof stored.accessToken).toBe('string');
		for (const call of ctx.sandbox.requests(/\/api\/task$/)) {
			expect(call.headers.authorization).toBe(`Bearer ${String(stored.accessToken)}`);
			expect(call.headers['x-appkey']).toBe(PlanningPmeSandbox.APP_KEY);
		}
	});

	it('logs in with an account token (JWT bearer grant)', async () => {
		ctx.login({ authMode: 'accountToken', accountToken: PlanningPmeSandbox.ACCOUNT_TOKEN, username: '', password: '' });
		const before = ctx.sandbox.tokenStats.jwt;
		const result = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(ctx.sandbox.data.customer.length);
		expect(ctx.sandbox.tokenStats.jwt).toBe(before + 1);
		expect(tokenCalls()[0].body).toEqual({ grant_type: PLANNINGPME_JWT_GRANT, assertion: PlanningPmeSandbox.ACCOUNT_TOKEN });
		// Reused by the next execution.
		await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 1 });
		expect(tokenCalls()).toHaveLength(1);
		ctx.login();
	});

	it('renews an expired token once in the middle of a Return All over 5,000 records, with pages in parallel', async () => {
		ctx.login();
		ctx.sandbox.seedEntity('task', 5000);
		await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		const issued = ctx.sandbox.tokenStats.issued;
		ctx.sandbox.resetLog();
		let expired = false;
		ctx.sandbox.beforeRequest = (req) => {
			if (!expired && req.query.pageIndex === '2') {
				expired = true;
				ctx.sandbox.expireTokens();
			}
		};
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		const keys = result.items.map((i) => i.json.key);
		expect(keys).toEqual(ctx.sandbox.data.task.map((t) => t.key));
		expect(ctx.sandbox.tokenStats.issued).toBe(issued + 1);
		const pages = ctx.sandbox.requests(/\/api\/task$/);
		expect(pages.filter((p) => p.status === 401).length).toBeGreaterThanOrEqual(1);
		expect(pages.filter((p) => p.status === 200)).toHaveLength(5);
		// The new token is stored for the next execution.
		ctx.sandbox.resetLog();
		await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		expect(tokenCalls()).toHaveLength(0);
	});

	it('fails clearly on a wrong password, without the password anywhere', async () => {
		ctx.login({ password: 'wrong-password-123' });
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		const error = result.error as NodeApiError;
		expect(error.message).toContain('The user name or password is incorrect');
		expect(error.description).toContain('user name and password');
		expect(outputText(result)).not.toContain('wrong-password-123');
		expect(outputText(result)).not.toMatch(SECRET_RE);
		expect(ctx.sandbox.requests(/\/api\//)).toHaveLength(0);
		ctx.login();
	});

	it('fails clearly on a grant type the API has not enabled', async () => {
		ctx.sandbox.grantTypes.delete(PLANNINGPME_JWT_GRANT);
		ctx.login({ authMode: 'accountToken', accountToken: PlanningPmeSandbox.ACCOUNT_TOKEN });
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		expect(result.error?.message).toContain('unsupported_grant_type');
		expect((result.error as NodeApiError).description).toContain('other mode');
		expect(outputText(result)).not.toMatch(SECRET_RE);
		ctx.sandbox.grantTypes.add(PLANNINGPME_JWT_GRANT);
		ctx.login();
	});

	it('reports an unknown app key (403) without echoing it', async () => {
		ctx.login({ appApiKey: 'unknown-app-key-777' });
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		expect(result.error?.message).toContain('403');
		expect((result.error as NodeApiError).description).toContain('App Key');
		expect(outputText(result)).not.toContain('unknown-app-key-777');
		ctx.login();
	});

	it('refuses a brand that is not a plain name and a base URL that is not http(s) before any request', async () => {
		ctx.login({ brand: 'acme/../evil' });
		const bad = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		expect(bad.error?.message).toContain('Brand Key');
		ctx.login({ baseUrl: 'ftp://example.com' });
		const badUrl = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		expect(badUrl.error?.message).toContain('Base URL');
		expect(ctx.sandbox.log).toHaveLength(0);
		ctx.login();
	});

	it('asks for messages in the chosen language (Accept-Language on every call)', async () => {
		ctx.login({ language: 'es' });
		const result = await ctx.run({ resource: 'task', operation: 'get', taskKey: { mode: 'id', value: '1' } });
		expect(result.error?.message).toContain('No existe task con la clave 1');
		for (const call of ctx.sandbox.log) expect(call.headers['accept-language']).toBe('es');
		ctx.login();
	});

	it('gives up at once on the hourly quota (Retry-After far beyond a retry) with a clear message', async () => {
		ctx.login();
		await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		ctx.sandbox.setQuota(PlanningPmeSandbox.APP_KEY, 0);
		ctx.sandbox.resetLog();
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: false, limit: 1 });
		expect(result.error?.message).toContain('429');
		const description = (result.error as NodeApiError).description ?? '';
		expect(description).toContain('quota');
		// The truth: how long to wait, that no retry was made, and no claim that retries failed.
		expect(description).toMatch(/asked to wait (about 1 hour|\d+ minutes) \(Retry-After\)/);
		expect(description).toContain('so no retry was made');
		expect(description).toMatch(/Run the workflow again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
		expect(description).not.toMatch(/retries did not get through/);
		expect(ctx.sandbox.log).toHaveLength(1);
	});

	it('waits for a short Retry-After and then succeeds', async () => {
		ctx.login();
		ctx.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { Message: 'slow down' }, match: (r) => r.path.endsWith('/api/task') });
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(25);
		expect(ctx.sandbox.requests(/\/api\/task$/).map((r) => r.status)).toEqual([429, 200]);
	});

	it('retries a read after a 503 and a dropped connection', async () => {
		ctx.login();
		ctx.sandbox.fault({ status: 503, headers: { 'Retry-After': '0' }, body: 'busy', match: (r) => r.path.endsWith('/api/customer') });
		ctx.sandbox.fault({ reset: true, match: (r) => r.path.endsWith('/api/customer') });
		const result = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(ctx.sandbox.data.customer.length);
	});

	it('passes the credential test (token + api/config) and fails it on a wrong password', async () => {
		ctx.login();
		const ok = await ctx.harness.testCredential(CRED);
		expect(ok.status).toBe('OK');
		expect(ctx.sandbox.requests(/\/api\/config$/)).toHaveLength(1);
		ctx.login({ password: 'nope-nope-nope' });
		const bad = await ctx.harness.testCredential(CRED);
		expect(bad.status).toBe('Error');
		expect(bad.message).not.toContain('nope-nope-nope');
		ctx.login();
	});
});
