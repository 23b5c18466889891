import type { NodeApiError } from 'n8n-workflow';
import { startHubPlanner } from './setup';

describe('Hub Planner: resources, projects, pickers, custom call, credential', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000, resources: 12, projects: 7 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.sandbox.resetLog());

	it.each(['resource', 'project'] as const)('%s: get many (all and limited), get, search', async (kind) => {
		const list = kind === 'resource' ? ctx.sandbox.data.resources : ctx.sandbox.data.projects;
		const all = await ctx.run({ resource: kind, operation: 'getAll', returnAll: true });
		expect(all.items.map((i) => i.json._id)).toEqual(list.map((r) => r._id));
		const two = await ctx.run({ resource: kind, operation: 'getAll', returnAll: false, limit: 2 });
		expect(two.items).toHaveLength(2);
		const one = await ctx.run({ resource: kind, operation: 'get', [`${kind}Id`]: { __rl: true, mode: 'id', value: list[1]._id } });
		expect(one.items[0].json._id).toBe(list[1]._id);
		const archived = await ctx.run({ resource: kind, operation: 'search', statuses: ['STATUS_ARCHIVED'], rawQuery: '{}', returnAll: true });
		expect(archived.items.map((i) => i.json._id)).toEqual(list.filter((r) => r.status === 'STATUS_ARCHIVED').map((r) => r._id));
		expect(archived.items.length).toBeGreaterThan(0);
		const missing = await ctx.run({ resource: kind, operation: 'get', [`${kind}Id`]: { __rl: true, mode: 'id', value: 'nothere' } });
		expect((missing.error as NodeApiError).httpCode).toBe('404');
	});

	it('list pickers offer active resources and projects, filtered by name', async () => {
		const resources = (await ctx.harness.loadOptions({ type: 'hubPlanner', method: 'searchResources', kind: 'listSearch', credentials: ['hubPlannerApi'] })) as { results: Array<{ name: string; value: string }> };
		expect(resources.results.map((r) => r.value).sort()).toEqual(
			ctx.sandbox.data.resources.filter((r) => r.status === 'STATUS_ACTIVE').map((r) => r._id).sort(),
		);
		const first = ctx.sandbox.data.resources[0];
		const filtered = (await ctx.harness.loadOptions({ type: 'hubPlanner', method: 'searchResources', kind: 'listSearch', credentials: ['hubPlannerApi'], filter: first.firstName.toLowerCase() })) as { results: Array<{ name: string; value: string }> };
		expect(filtered.results.map((r) => r.value)).toContain(first._id);
		const projects = (await ctx.harness.loadOptions({ type: 'hubPlanner', method: 'searchProjects', kind: 'listSearch', credentials: ['hubPlannerApi'] })) as { results: Array<{ name: string }> };
		expect(projects.results.length).toBe(ctx.sandbox.data.projects.filter((p) => p.status === 'STATUS_ACTIVE').length);
	});

	it('custom API call reaches any path with the credential, splits arrays, and refuses absolute URLs', async () => {
		const result = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: '/resource', query: '{"limit": 3, "page": 0}', splitArrays: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const [call] = ctx.sandbox.requests('/v1/resource');
		expect(call.headers.authorization).toBeDefined();
		const post = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'POST', path: '/project/search', query: '{}', body: '{"status": "STATUS_ACTIVE"}' });
		expect(post.items.length).toBeGreaterThan(0);
		const escape = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'https://evil.example/steal', query: '{}' });
		expect(escape.error?.message).toMatch(/must be relative/);
		const badQuery = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: '/resource', query: '{limit: 3}' });
		expect(badQuery.error?.message).toMatch(/Query Parameters \(JSON\): is not valid JSON/);
	});

	it('the credential test really calls Hub Planner; a wrong key fails it', async () => {
		const ok = await ctx.harness.testCredential('hubPlannerApi');
		expect(ok.status).toBe('OK');
		expect(ctx.sandbox.requests('/v1/resource')[0].query).toMatchObject({ limit: '1', page: '0' });
		ctx.useKey('not-a-key-1234');
		const bad = await ctx.harness.testCredential('hubPlannerApi');
		expect(bad.status).toBe('Error');
		expect(bad.message).not.toContain('not-a-key-1234');
	});

	it('base URLs that would leak the key elsewhere are refused', async () => {
		for (const baseUrl of ['http://evil.example/v1', 'https://user:pw@api.example.com/v1', 'https://api.example.com/v1#x', 'https://api.example.com/v1\r\nX-Injected: 1', 'ftp://api.example.com']) {
			ctx.harness.setCredential('hubPlannerApi', { apiKey: 'k-12345', baseUrl });
			const result = await ctx.run({ resource: 'resource', operation: 'getAll', returnAll: true });
			expect(result.error?.message).toMatch(/Hub Planner credential: Base URL/);
		}
		expect(ctx.sandbox.log).toHaveLength(0);
	});
});
