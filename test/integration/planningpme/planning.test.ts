import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { PLANNINGPME_ENUMS } from '../../sandbox/planningpme';
import { CRED, startPlanningPme } from './setup';

describe('PlanningPME: planned tasks, unavailabilities, config, pickers and custom calls', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.login();
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
	});

	function plant() {
		ctx.sandbox.data.do = [];
		const [r1, r2] = ctx.sandbox.data.resource;
		const [c1, c2] = ctx.sandbox.data.category;
		const ref = (r: { key: number; label: unknown }) => ({ key: r.key, label: r.label });
		const a = ctx.sandbox.insertPlannedTask({ label: 'A', start: '2030-03-04T09:00:00', end: '2030-03-04T11:30:00', resources: [ref(r1)], category: ref(c1), project: { key: 301, label: 'Audit' } });
		const b = ctx.sandbox.insertPlannedTask({ label: 'B', start: '2030-03-05T14:00:00', end: '2030-03-05T15:00:00', resources: [ref(r2)], category: ref(c2) });
		const c = ctx.sandbox.insertPlannedTask({ label: 'C', start: '2030-03-20T08:00:00', end: '2030-03-20T09:00:00', resources: [ref(r1)], category: ref(c2) });
		return { a, b, c, r1, r2, c1, c2 };
	}

	it('lists planned tasks in a range, sending the document\'s ISO 8601 in UTC (2018-01-25T18:05:00Z)', async () => {
		const { a, b } = plant();
		const result = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04', dateTo: '2030-03-06T00:00:00+01:00', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.key)).toEqual([a.key, b.key]);
		const [call] = ctx.sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(call.body).toEqual({ dateFrom: '2030-03-03T23:00:00Z', dateTo: '2030-03-05T23:00:00Z', results: 'Task' });
	});

	it('sends a range given in another offset as the same instants in UTC', async () => {
		const { a } = plant();
		const result = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04T10:00:00+02:00', dateTo: '2030-03-04T09:00:00Z', returnAll: true });
		const [call] = ctx.sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(call.body).toMatchObject({ dateFrom: '2030-03-04T08:00:00Z', dateTo: '2030-03-04T09:00:00Z' });
		// 09:00-11:30 Paris overlaps 08:00-09:00 UTC (09:00-10:00 Paris).
		expect(result.items.map((i) => i.json.key)).toEqual([a.key]);
	});

	it('filters by resources and categories and applies Limit', async () => {
		const { a, c, r1, c2 } = plant();
		const byResource = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-01', dateTo: '2030-04-01', filters: { resources: [String(r1.key)] }, returnAll: true });
		expect(byResource.items.map((i) => i.json.key)).toEqual([a.key, c.key]);
		const byBoth = await ctx.run({
			resource: 'plannedTask',
			operation: 'getAll',
			dateFrom: '2030-03-01',
			dateTo: '2030-04-01',
			filters: { resources: [String(r1.key)], categories: [String(c2.key)] },
			returnAll: true,
		});
		expect(byBoth.items.map((i) => i.json.key)).toEqual([c.key]);
		const calls = ctx.sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(calls[1].body).toMatchObject({ resources: [r1.key], categories: [c2.key] });
		const limited = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-01', dateTo: '2030-04-01', returnAll: false, limit: 2 });
		expect(limited.items).toHaveLength(2);
	});

	it('adds the normalized booking with Simplify: offsets from the planning zone, resource, project as cost center', async () => {
		const { a, r1 } = plant();
		const result = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04', dateTo: '2030-03-05', returnAll: true, output: 'both' });
		const json = result.items[0].json;
		expect(json.label).toBe('A');
		expect(json.start).toBe('2030-03-04T09:00:00');
		expect(json.normalized).toEqual({
			id: String(a.key),
			vendor: 'planningpme',
			kind: 'plannedTask',
			title: 'A',
			start: '2030-03-04T09:00:00+01:00',
			end: '2030-03-04T11:30:00+01:00',
			status: null,
			resource: { id: String(r1.key), name: r1.label, type: 'resource' },
			owner: null,
			amount: null,
			costCenter: 'Audit',
			lockedAt: null,
			updatedAt: null,
			unmapped: [],
		});
	});

	it('uses the workflow time zone when the credential has none', async () => {
		plant();
		ctx.login({ timeZone: '' });
		await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04T08:00:00Z', dateTo: '2030-03-04T09:00:00Z', returnAll: true });
		const [call] = ctx.sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(call.body).toMatchObject({ dateFrom: '2030-03-04T08:00:00Z', dateTo: '2030-03-04T09:00:00Z' });
		const plain = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04 08:00', dateTo: '2030-03-04 09:00', returnAll: true });
		expect(plain.error).toBeUndefined();
		// Plain times are read in the workflow zone (UTC in the harness).
		expect(ctx.sandbox.requests(/\/api\/do\/list$/, 'POST')[1].body).toMatchObject({ dateFrom: '2030-03-04T08:00:00Z', dateTo: '2030-03-04T09:00:00Z' });
		ctx.login({ timeZone: 'Mars/Olympus' });
		const bad = await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04', dateTo: '2030-03-05', returnAll: true });
		expect(bad.error?.message).toContain('Planning Time Zone');
	});

	it.each([
		[{ dateFrom: 'next tuesday', dateTo: '2030-03-05' }, 'From'],
		[{ dateFrom: '2030-03-05', dateTo: '={{ "" }}' }, 'To'],
		[{ dateFrom: '2030-03-05', dateTo: '2030-03-04' }, 'To'],
		[{ dateFrom: '2030-03-04', dateTo: '2030-03-05', filters: { resources: ['x1'] } }, 'Resources'],
	])('refuses bad input %j naming %s, before any request', async (params, field) => {
		const result = await ctx.run({ resource: 'plannedTask', operation: 'getAll', returnAll: true, ...params });
		expect(result.error?.message).toContain(field);
		expect((result.error as { description?: string }).description).toBeTruthy();
		expect(ctx.sandbox.requests(/\/api\/do/)).toHaveLength(0);
	});

	it('gets one planned task, 404 for an unknown key', async () => {
		const { b } = plant();
		const result = await ctx.run({ resource: 'plannedTask', operation: 'get', plannedTaskKey: String(b.key), output: 'both' });
		expect(result.items[0].json).toMatchObject({ key: b.key, label: 'B' });
		expect((result.items[0].json.normalized as { start: string }).start).toBe('2030-03-05T14:00:00+01:00');
		const missing = await ctx.run({ resource: 'plannedTask', operation: 'get', plannedTaskKey: '77' });
		expect(missing.error?.message).toContain('404');
	});

	it('lists unavailabilities in a range (paged, UTC dates) with Simplify', async () => {
		const result = await ctx.run({ resource: 'unavailability', operation: 'getAll', dateFrom: '2026-03-01', dateTo: '2026-05-01', returnAll: true, output: 'both' });
		expect(result.error).toBeUndefined();
		const [call] = ctx.sandbox.requests(/\/api\/unavailability$/);
		expect(call.query).toMatchObject({ dateFrom: '2026-02-28T23:00:00Z', dateTo: '2026-04-30T22:00:00Z', pageIndex: '0', pageSize: '1000' });
		expect(result.items.length).toBeGreaterThan(0);
		const first = result.items[0].json as { key: number; normalized: { kind: string; start: string; resource: { id: string } } };
		expect(first.normalized.kind).toBe('unavailability');
		expect(first.normalized.start).toMatch(/Z$|[+-]\d{2}:\d{2}$/);
		const limited = await ctx.run({ resource: 'unavailability', operation: 'getAll', dateFrom: '2026-03-01', dateTo: '2026-05-01', returnAll: false, limit: 2 });
		expect(limited.items).toHaveLength(2);
	});

	it('gets the config enums: all of them, or one by name; an unknown name is refused', async () => {
		const all = await ctx.run({ resource: 'config', operation: 'getEnums' });
		expect(all.items).toHaveLength(Object.keys(PLANNINGPME_ENUMS).length);
		const one = await ctx.run({ resource: 'config', operation: 'getEnums', enumName: 'ResourceType' });
		expect(one.items.map((i) => i.json)).toEqual([{ name: 'ResourceType', values: ['Human', 'Material', 'ToPlan', 'Extern'] }]);
		const unknown = await ctx.run({ resource: 'config', operation: 'getEnums', enumName: 'resourcetype' });
		expect(unknown.error?.message).toContain('does not exist');
	});

	it('fills dropdowns from the config enums and the planning (load options)', async () => {
		const load = (method: string) => ctx.harness.loadOptions({ type: 'planningPme', method, credentials: [CRED] }) as Promise<INodePropertyOptions[]>;
		expect((await load('getResourceTypes')).map((o) => o.value)).toEqual(['Human', 'Material', 'ToPlan', 'Extern']);
		expect((await load('getCustomerTypes')).map((o) => o.value)).toEqual(['Individual', 'Company']);
		const names = (await load('getEnumNames')).map((o) => o.value);
		expect(names).toContain('TaskType');
		expect(names).toHaveLength(Object.keys(PLANNINGPME_ENUMS).length);
		const resources = await load('getResources');
		expect(resources).toHaveLength(ctx.sandbox.data.resource.length);
		expect(resources.every((r) => /^\d+$/.test(String(r.value)))).toBe(true);
		expect((await load('getCategories')).map((c) => c.name)).toEqual(ctx.sandbox.data.category.map((c) => String(c.label)).sort());
	});

	it('searches records for the From List pickers', async () => {
		const search = (method: string, filter?: string) =>
			ctx.harness.loadOptions({ type: 'planningPme', method, kind: 'listSearch', filter, credentials: [CRED] }) as Promise<INodeListSearchResult>;
		const tasks = await search('searchTasks', 'coaching');
		expect(tasks.results.length).toBeGreaterThan(0);
		expect(tasks.results.every((r) => r.name.toLowerCase().includes('coaching'))).toBe(true);
		for (const method of ['searchCustomers', 'searchResources', 'searchProjects']) expect((await search(method)).results.length).toBeGreaterThan(0);
		const [call] = ctx.sandbox.requests(/\/api\/task$/);
		expect(call.query.sortInfo).toBe('label+');
	});

	it('makes a custom API call with the same token handling', async () => {
		ctx.sandbox.expireTokens();
		const result = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: '/api/department', query: '{"pageIndex": 0, "pageSize": 2}' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ totalItems: 3 });
		const post = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'POST', path: '/api/customer', body: '{"label": "Via custom call"}' });
		expect(post.items[0].json).toMatchObject({ label: 'Via custom call' });
		const abs = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'https://elsewhere.example.com/api/task' });
		expect(abs.error?.message).toContain('relative');
	});
});
