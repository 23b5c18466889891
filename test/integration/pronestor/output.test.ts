import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { PRONESTOR } from '../../vendors';
import { forgetPollMemory } from '../pollMemory';
import { expectOutputShapes, expectShownParameters, expectTriggerOptions, runEachOutput, type Json } from '../output';
import { CRED, startPronestor } from './setup';

/** Output (node version 2: Simplified, Raw, Both) and Simplify (version 1, saved workflows) on Pronestor Planner. */
describe('Pronestor Planner: Output option and version-1 Simplify', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor({ lockedBookings: 50 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.useCredential();
	});

	it('Locked Booking → Export gives the vendor records, both, or the normalized bookings alone', async () => {
		const start = DateTime.fromISO('2024-11-05T08:00:00Z', { zone: 'utc' });
		for (const minutes of [5, 20, 40]) ctx.sandbox.insertLockedBooking(start.plus({ minutes }).toMillis());
		const params = { resource: 'lockedBooking', operation: 'export', startLockTime: start.toISO(), endLockTime: start.plus({ hours: 1 }).toISO() };
		const runs = await runEachOutput(async (typeVersion, values) => {
			const result = await ctx.harness.runNode({ type: PRONESTOR.nodeType, typeVersion, parameters: { ...params, ...values } as never, credentials: [CRED] });
			expect(result.error).toBeUndefined();
			return result.items.map((i) => i.json as Json);
		}, 'top');
		const ids = ctx.sandbox.lockedBetween(start.toMillis(), start.plus({ hours: 1 }).toMillis()).map((b) => b.Id);
		expect(ids).toHaveLength(3);
		expectOutputShapes(runs, { idOf: (b) => b.Id, ids });
		const first = ctx.sandbox.lockedBetween(start.toMillis(), start.plus({ hours: 1 }).toMillis())[0];
		expect(runs.simple[0]).toMatchObject({ id: String(first.Id), vendor: 'pronestorPlanner', kind: 'lockedBooking', lockedAt: first.LockedTime });
	});

	it('the New Locked Booking trigger emits the three shapes in a real poll; version 1 as it did', async () => {
		const hourAgo = DateTime.utc().minus({ hours: 1 }).startOf('second');
		const a = ctx.sandbox.insertLockedBooking(hourAgo.plus({ minutes: 5 }).toMillis());
		const b = ctx.sandbox.insertLockedBooking(hourAgo.plus({ minutes: 20 }).toMillis());
		let run = 0;
		const runs = await runEachOutput(async (typeVersion, values) => {
			forgetPollMemory();
			const state: IDataObject = { from: hourAgo.toISO(), cursor: hourAgo.toISO() };
			const result = await ctx.harness.poll({
				type: PRONESTOR.triggerType,
				nodeId: `output-node-${++run}`,
				typeVersion,
				parameters: values as never,
				credentials: [CRED],
				staticData: state,
			});
			expect(result.error).toBeUndefined();
			return (result.items?.[0] ?? []).map((i) => i.json as Json);
		}, 'options');
		const expected = ctx.sandbox.lockedBetween(hourAgo.toMillis(), Date.now()).map((x) => x.Id);
		expect(expected).toEqual([a.Id, b.Id]);
		expectOutputShapes(runs, { idOf: (x) => x.Id, ids: expected });
	});

	it('the New or Changed Booking trigger\'s sample keeps its triggerEvent in every shape', async () => {
		const runs = await runEachOutput(async (typeVersion, values) => {
			const result = await ctx.harness.poll({
				type: PRONESTOR.triggerType,
				typeVersion,
				parameters: { event: 'booking', ...values } as never,
				credentials: [CRED],
				staticData: {},
				mode: 'manual',
			});
			expect(result.error).toBeUndefined();
			return (result.items?.[0] ?? []).map((i) => i.json as Json);
		}, 'options');
		expect(ctx.sandbox.data.bookings.map((b) => b.Id)).toContain(runs.raw[0].Id);
		expect(runs.simple[0].triggerEvent).toBe('new');
		expectOutputShapes(runs, { idOf: (x) => x.Id, ids: [runs.raw[0].Id], eventKeys: ['triggerEvent'] });
	});

	it('shows Simplify at version 1 and Output at version 2, Missing Fields while the output is normalized', () => {
		expectShownParameters(ctx.harness, PRONESTOR.nodeType, { resource: 'lockedBooking', operation: 'export' });
		expectShownParameters(ctx.harness, PRONESTOR.nodeType, { resource: 'booking', operation: 'getAll' });
		expectTriggerOptions(ctx.harness, PRONESTOR.triggerType, { event: 'lockedBooking' });
		expectTriggerOptions(ctx.harness, PRONESTOR.triggerType, { event: 'booking' });
	});
});
