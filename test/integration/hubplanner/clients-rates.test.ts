import type { NodeApiError } from 'n8n-workflow';
import { startHubPlanner } from './setup';

/** Client → Get, Get Many, Search, Create and Billing Rate → Get Many, and their pickers (Sections/clients.md, billingrate.md). */
describe('Hub Planner: clients and billing rates', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;
	const rl = (value: string) => ({ __rl: true, mode: 'id', value });
	const clients = () => ctx.sandbox.data.clients;
	const ids = (items: Array<{ json: Record<string, unknown> }>) => items.map((i) => i.json._id);

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000, clients: 7 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.ignoredOnWrite = [];
	});

	it('client: get many (all, limited, sorted) and get; an unknown client is a 404', async () => {
		const all = await ctx.run({ resource: 'client', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(ids(all.items)).toEqual(clients().map((c) => c._id));
		const two = await ctx.run({ resource: 'client', operation: 'getAll', returnAll: false, limit: 2, sort: { rules: [{ field: 'name', direction: 'desc' }] } });
		expect(two.items.map((i) => i.json.name)).toEqual(clients().map((c) => c.name).sort().reverse().slice(0, 2));
		const one = await ctx.run({ resource: 'client', operation: 'get', clientId: rl(clients()[2]._id) });
		expect(one.items[0].json).toEqual(clients()[2]);
		const missing = await ctx.run({ resource: 'client', operation: 'get', clientId: rl('aaaaaaaaaaaaaaaaaaaaaaaa') });
		expect((missing.error as NodeApiError).httpCode).toBe('404');
	});

	it('client: search by exact names, part of the name, metadata, and a raw query', async () => {
		const exact = await ctx.run({ resource: 'client', operation: 'search', filters: { names: 'Globex, Hooli' }, rawQuery: '{}', returnAll: true });
		expect(exact.items.map((i) => i.json.name).sort()).toEqual(['Globex', 'Hooli']);
		expect(ctx.sandbox.requests('/v1/client/search', 'POST')[0].body).toEqual({ name: { $in: ['Globex', 'Hooli'] } });
		const like = await ctx.run({ resource: 'client', operation: 'search', filters: { nameLike: 'INI' }, rawQuery: '{}', returnAll: true });
		expect(like.items.map((i) => i.json.name)).toEqual(['Initech']);
		const meta = await ctx.run({ resource: 'client', operation: 'search', filters: { metadataLike: 'ERP-C' }, rawQuery: '{}', returnAll: true });
		expect(ids(meta.items).sort()).toEqual(clients().filter((c) => c.metadata).map((c) => c._id).sort());
		const raw = await ctx.run({ resource: 'client', operation: 'search', filters: {}, rawQuery: '{"name": {"$nin": ["Acme Ltd"]}}', returnAll: true });
		expect(raw.items).toHaveLength(clients().length - 1);
		const bad = await ctx.run({ resource: 'client', operation: 'search', filters: {}, rawQuery: '"Acme"', returnAll: true });
		expect(bad.error?.message).toMatch(/Raw Query \(JSON\): must be a JSON object/);
		const refused = await ctx.run({ resource: 'client', operation: 'search', filters: {}, rawQuery: '{"_id": "x"}', returnAll: true });
		expect((refused.error as NodeApiError).httpCode).toBe('400');
	});

	it('client: create sends the name (and metadata) and returns the new client; an empty name is named', async () => {
		const result = await ctx.run({ resource: 'client', operation: 'create', name: 'Cyberdyne', additionalFields: { metadata: 'ERP-C900' } });
		expect(result.error).toBeUndefined();
		const [call] = ctx.sandbox.requests('/v1/client', 'POST');
		expect(call.body).toEqual({ name: 'Cyberdyne', metadata: 'ERP-C900' });
		expect(call.status).toBe(201);
		expect(result.items[0].json).toMatchObject({ name: 'Cyberdyne', metadata: 'ERP-C900' });
		expect(clients().some((c) => c._id === result.items[0].json._id)).toBe(true);
		const empty = await ctx.run({ resource: 'client', operation: 'create', name: '={{ "  " }}' });
		expect(empty.error?.message).toMatch(/Name: is empty/);
		expect(ctx.sandbox.requests('/v1/client', 'POST')).toHaveLength(1);
	});

	it('client picker lists clients filtered by name', async () => {
		const list = (await ctx.harness.loadOptions({ type: 'hubPlanner', method: 'searchClients', kind: 'listSearch', credentials: ['hubPlannerApi'], filter: 'glo' })) as { results: Array<{ name: string; value: string }> };
		expect(list.results).toEqual([{ name: 'Globex', value: clients()[1]._id }]);
	});

	it('billing rate: get many lists every rate (and Limit); the booking rate picker offers them by label', async () => {
		const rates = ctx.sandbox.data.billingRates;
		const all = await ctx.run({ resource: 'billingRate', operation: 'getAll', returnAll: true });
		expect(all.items.map((i) => i.json)).toEqual(rates);
		const one = await ctx.run({ resource: 'billingRate', operation: 'getAll', returnAll: false, limit: 1 });
		expect(one.items).toHaveLength(1);
		const options = await ctx.harness.loadOptions({ type: 'hubPlanner', method: 'getBillingRates', credentials: ['hubPlannerApi'] });
		expect(options).toEqual([
			{ name: 'default (100 USD)', value: rates[0]._id },
			{ name: 'Intern (800 SEK)', value: rates[2]._id },
			{ name: 'Senior consultant (150 EUR)', value: rates[1]._id },
		]);
		const limit0 = await ctx.run({ resource: 'billingRate', operation: 'getAll', returnAll: false, limit: 0 });
		expect(limit0.error?.message).toMatch(/Limit/);
	});
});
