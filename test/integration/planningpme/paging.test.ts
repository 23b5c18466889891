import { startPlanningPme } from './setup';

/**
 * Issue 14: a tenant whose pageIndex counts from 1 (the document says 0). The listing adapts — one refused request,
 * then asked from 1 and remembered per credential — and never returns fewer records than the reported total.
 */
describe('PlanningPME: a tenant numbering pageIndex from 1', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
		ctx.sandbox.pageIndexBase = 1;
		ctx.sandbox.seedEntity('task', 2500);
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.sandbox.resetLog());

	it('returns every record: the refused pageIndex 0 is asked again from 1, and learned for the next listing', async () => {
		const first = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
		expect(first.error).toBeUndefined();
		expect(first.items.map((i) => i.json.key)).toEqual(ctx.sandbox.data.task.map((t) => t.key));
		const calls = ctx.sandbox.requests(/\/api\/task$/, 'GET');
		expect(calls.map((c) => [c.query.pageIndex, c.status])).toEqual([
			['0', 400],
			['1', 200],
			...[['2', 200], ['3', 200]].sort(),
		]);
		ctx.sandbox.resetLog();
		const second = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 3 });
		expect(second.items).toHaveLength(3);
		expect(ctx.sandbox.requests(/\/api\/customer$/, 'GET').map((c) => c.query.pageIndex)).toEqual(['1']);
	});

	it('a page that repeats records is an error naming expected vs received, never a short list', async () => {
		// A tenant that serves page 2 twice (as a server ignoring pageIndex past some point would).
		ctx.sandbox.beforeRequest = (req) => {
			if (req.query.pageIndex === '3') req.query.pageIndex = '2';
		};
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
		ctx.sandbox.beforeRequest = undefined;
		expect(result.error?.message).toMatch(/^PlanningPME reported 2500 records for \/api\/task but its pages held 2000/);
		expect((result.error as { description?: string }).description).toContain('API Contract → Check');
	});
});
