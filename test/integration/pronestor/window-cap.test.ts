import { DateTime } from 'luxon';
import { runContractCheck } from '../contract';
import { startPronestor } from './setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetLearnedInProcess } =
	require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

/**
 * Issue 21: a Pronestor tenant that caps how many bookings one FindLockedBookings answer holds (no paging, no
 * error). API Contract → Check measures the cap and the export then splits every window whose answer reaches it.
 */
describe('Pronestor Planner: a silent cap on one locked-bookings answer', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		forgetLearnedInProcess();
		ctx.sandbox.resetLog();
		ctx.sandbox.lockedAnswerCap = 100;
	});
	afterEach(() => {
		ctx.sandbox.lockedAnswerCap = undefined;
		forgetLearnedInProcess();
	});

	it('Check reports the cap; the export then returns every locked booking of two years', async () => {
		const { byLine } = await runContractCheck(ctx.run);
		expect(byLine.windowCap.status).toBe('contradicted');
		expect(byLine.windowCap.evidence).toContain('one answer holds at most 100 records');
		const start = DateTime.utc().minus({ years: 2, days: 1 }).startOf('second');
		const result = await ctx.run({
			resource: 'lockedBooking',
			operation: 'export',
			startLockTime: start.toISO(),
			endLockTime: '',
		});
		expect(result.error).toBeUndefined();
		const expected = ctx.sandbox.lockedBetween(start.toMillis(), Date.now()).map((b) => b.Id);
		expect(expected.length).toBeGreaterThan(400);
		const ids = result.items.map((i) => i.json.Id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...expected].sort());
	});

	it('without Check (a fresh process): the export proves its windows itself and returns every locked booking', async () => {
		const start = DateTime.utc().minus({ years: 2, days: 1 }).startOf('second');
		const result = await ctx.run({
			resource: 'lockedBooking',
			operation: 'export',
			startLockTime: start.toISO(),
			endLockTime: '',
		});
		expect(result.error).toBeUndefined();
		const expected = ctx.sandbox.lockedBetween(start.toMillis(), Date.now()).map((b) => b.Id);
		const ids = result.items.map((i) => i.json.Id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...expected].sort());
	});
});
