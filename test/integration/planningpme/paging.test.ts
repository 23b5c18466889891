import { runContractCheck } from '../contract';
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
		expect(result.error?.message).toMatch(
			/^PlanningPME: the listing of \/api\/task is not complete: expected 2500 records, received 2000 \(page 3 begins/,
		);
		expect((result.error as { description?: string }).description).toContain('"pageBase"');
		expect((result.error as { description?: string }).description).toContain('API Contract → Check');
	});
});

/**
 * Issue 21: tenants whose lists differ from the document — no total (a bare array), the total inside a metadata
 * object — and that cap pages silently below the size asked. Every record, or an error naming the contract line.
 */
describe('PlanningPME: list shapes and silent page caps', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;
	const { forgetLearnedInProcess } =
		require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

	beforeAll(async () => {
		ctx = await startPlanningPme();
		ctx.sandbox.seedEntity('task', 1200);
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		forgetLearnedInProcess();
	});
	afterEach(() => {
		ctx.sandbox.listShape = 'documented';
		ctx.sandbox.pageCap = undefined;
	});

	it.each(['bare', 'meta', 'documented'] as const)(
		'a %s list capped silently at 200 of 1,200 returns all 1,200',
		async (shape) => {
			ctx.sandbox.listShape = shape;
			ctx.sandbox.pageCap = 200;
			const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.key)).toEqual(ctx.sandbox.data.task.map((t) => t.key));
		},
	);

	it('a bare array reports no total: a short first page costs one more request, an empty one', async () => {
		ctx.sandbox.listShape = 'bare';
		const expected = ctx.sandbox.data.customer.map((c) => c.key);
		const result = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.key)).toEqual(expected);
		const calls = ctx.sandbox.requests(/\/api\/customer$/, 'GET');
		expect(calls.map((c) => c.query.pageIndex)).toEqual(['0', '1']);
	});

	it('a total inside a metadata object is read: a listing short of it fails naming the total line', async () => {
		ctx.sandbox.listShape = 'meta';
		// A tenant that stops serving records after the first page while reporting them all.
		ctx.sandbox.beforeRequest = (req) => {
			if (req.query.pageIndex === '1') req.query.pageIndex = '99';
		};
		try {
			const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
			const total = ctx.sandbox.data.task.length;
			expect(result.error?.message).toMatch(new RegExp(`expected ${total} records, received 1000`));
			expect((result.error as { description?: string }).description).toContain('"total"');
		} finally {
			ctx.sandbox.beforeRequest = undefined;
		}
	});

	it('Check reads the total in a metadata object, and reports a bare array as having none', async () => {
		ctx.sandbox.listShape = 'meta';
		expect((await runContractCheck(ctx.run)).byLine.total).toMatchObject({
			status: 'confirmed',
			evidence: expect.stringContaining('under "meta.count"'),
		});
		ctx.sandbox.listShape = 'bare';
		expect((await runContractCheck(ctx.run)).byLine.total).toMatchObject({
			status: 'contradicted',
			evidence: 'a plain array, no total',
		});
	});
});
