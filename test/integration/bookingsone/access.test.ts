import { BOOKINGSONE_PATHS as P } from '../../sandbox/bookingsone';
import { startBookingsOne } from './setup';

const API = '/API/external';

/** Issue 17: Bookable Resource Access Key → Search and Bookable Resource Player Content → Search. */
describe('Bookings ONE node: access keys and player content', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.useCredential();
	});

	const ok = async (parameters: Record<string, unknown>) => {
		const result = await ctx.run(parameters);
		expect(result.error).toBeUndefined();
		return result.items.map((i) => i.json);
	};

	it('Access Key → Search sends bookableResourceId and type comma-separated, one request, one item per key', async () => {
		const [r1, r2] = ctx.sandbox.data.resources;
		const keys = await ok({
			resource: 'bookableResourceAccessKey',
			operation: 'search',
			returnAll: true,
			filters: { bookableResourceId: `${r1.id}, ${r2.id}`, type: ['daily', 'static'] },
		});
		const expected = ctx.sandbox.data.accessKeys.filter((k) => [r1.id, r2.id].includes(k.bookableResourceId) && [1, 2].includes(k.type));
		expect(expected.length).toBeGreaterThan(1);
		expect(keys).toEqual(expected);
		const calls = ctx.sandbox.requests(API + P.accessKey);
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual({ bookableResourceId: `${r1.id},${r2.id}`, type: 'daily,static' });
	});

	it('Access Key → Search without filters returns every key; Limit keeps the first ones; a type the document does not list is sent as given', async () => {
		const all = await ok({ resource: 'bookableResourceAccessKey', operation: 'search', returnAll: true });
		expect(all).toHaveLength(ctx.sandbox.data.accessKeys.length);
		const three = await ok({ resource: 'bookableResourceAccessKey', operation: 'search', returnAll: false, limit: 3 });
		expect(three).toEqual(all.slice(0, 3));
		// Open list ("e.g. oneTime,static,daily"): another value reaches the server, which decides (here: 400).
		const other = await ctx.run({ resource: 'bookableResourceAccessKey', operation: 'search', returnAll: true, filters: { type: 'weekly' } });
		expect(ctx.sandbox.requests(API + P.accessKey).slice(-1)[0].query).toEqual({ type: 'weekly' });
		expect(other.error?.message).toMatch(/400/);
	});

	it('Access Key → Search refuses a resource ID that is not a number before any request, naming the field', async () => {
		const result = await ctx.run({ resource: 'bookableResourceAccessKey', operation: 'search', returnAll: true, filters: { bookableResourceId: '101,abc' } });
		expect(result.error?.message).toMatch(/Bookable Resource IDs/);
		expect(ctx.sandbox.requests(API + P.accessKey)).toHaveLength(0);
	});

	it('Player Content → Search filters by resource id and returns one item per resource', async () => {
		const [r1] = ctx.sandbox.data.resources;
		const content = await ok({ resource: 'bookableResourcePlayerContent', operation: 'search', returnAll: true, filters: { id: String(r1.id) } });
		expect(content).toEqual(ctx.sandbox.data.playerContents.filter((c) => c.id === r1.id));
		expect(ctx.sandbox.requests(API + P.playerContent)[0].query).toEqual({ id: String(r1.id) });
		const all = await ok({ resource: 'bookableResourcePlayerContent', operation: 'search', returnAll: true });
		expect(all).toHaveLength(ctx.sandbox.data.playerContents.length);
	});

	it('a 200 answer that is not a list is an error, never "no records"', async () => {
		ctx.sandbox.fault({ status: 200, body: { message: 'maintenance' }, times: 1, match: (req: { path: string }) => req.path === API + P.accessKey });
		const result = await ctx.run({ resource: 'bookableResourceAccessKey', operation: 'search', returnAll: true });
		expect(result.error?.message).toMatch(/Bookings ONE/);
		expect(result.items).toHaveLength(0);
	});
});
