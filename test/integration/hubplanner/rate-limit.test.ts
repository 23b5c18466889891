import { startHubPlanner } from './setup';

const { forgetLearnedInProcess } =
	require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

/**
 * The request scheduler (nodes/shared/scheduler.ts) against Hub Planner's documented burst limit, as the emulator
 * enforces it (its defaults are the document's: 50 calls per 5 s, 429 + Retry-After past it). Expected values come
 * from the emulator, never from the node.
 */
describe('Hub Planner: requests paced under the documented burst limit', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		forgetLearnedInProcess();
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
	});

	/** The most requests that reached the emulator within any one burst window. */
	function busiestWindow(ats: number[], windowMs: number): number {
		let most = 0;
		for (let i = 0, j = 0; i < ats.length; i++) {
			while (ats[i] - ats[j] >= windowMs) j++;
			most = Math.max(most, i - j + 1);
		}
		return most;
	}

	it('a listing of more requests than one burst allows meets no 429 and gets every booking', async () => {
		const { burstLimit, burstWindowMs } = ctx.sandbox;
		// Pages capped at 100 records: a listing of 6,000 bookings takes more requests than one burst window allows.
		ctx.sandbox.seedBookings(6000);
		ctx.sandbox.limitCap = 100;
		try {
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			const expected = ctx.sandbox.data.bookings.filter((b) => !b.deleted).map((b) => b._id);
			expect(result.items.map((i) => i.json._id)).toEqual(expected);
			const calls = ctx.sandbox.requests();
			expect(calls.length).toBeGreaterThan(burstLimit);
			expect(calls.filter((c) => c.status === 429)).toEqual([]);
			expect(
				busiestWindow(
					calls.map((c) => c.at),
					burstWindowMs,
				),
			).toBeLessThanOrEqual(burstLimit);
		} finally {
			ctx.sandbox.limitCap = undefined;
		}
	}, 60_000);

	it('a 429 that still arrives is waited out once by every request in flight', async () => {
		ctx.sandbox.seedBookings(5000);
		// A tenant stricter than documented: one 429 with Retry-After 1 s on page 1 (page 2 is in flight beside it).
		ctx.sandbox.fault({
			status: 429,
			headers: { 'Retry-After': '1' },
			body: { error: { message: 'burst' } },
			times: 1,
			match: (r) => r.query.page === '1',
		});
		const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5000);
		const calls = ctx.sandbox.requests('/v1/booking', 'GET');
		const refused = calls.findIndex((c) => c.status === 429);
		expect(refused).toBeGreaterThan(0);
		// The request in flight beside it may arrive just after the refusal; anything started once the 429 was
		// answered waits for Retry-After: a quiet second, then the listing goes on.
		const at = calls[refused].at;
		expect(calls.filter((c) => c.at > at + 200 && c.at < at + 900)).toEqual([]);
		expect(calls.filter((c) => c.at >= at + 900).length).toBeGreaterThan(0);
		expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
	}, 30_000);
});
