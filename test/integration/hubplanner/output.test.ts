import type { IDataObject } from 'n8n-workflow';
import { HUB_PLANNER } from '../../vendors';
import { forgetPollMemory } from '../pollMemory';
import { expectOutputShapes, expectShownParameters, expectTriggerOptions, runEachOutput, type Json } from '../output';
import { HUB_PLANNER_POLL_TRIGGER, startHubPlanner } from './setup';

/** Output (node version 2: Simplified, Raw, Both) and Simplify (version 1, saved workflows) on Hub Planner. */
describe('Hub Planner: Output option and version-1 Simplify', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.seedBookings(12);
		ctx.sandbox.renameFields = {};
	});

	const at = (parameters: IDataObject) => async (typeVersion: number, values: IDataObject) => {
		const result = await ctx.harness.runNode({
			type: HUB_PLANNER.nodeType,
			typeVersion,
			parameters: { ...parameters, ...values } as never,
			credentials: [HUB_PLANNER.credentialType],
		});
		expect(result.error).toBeUndefined();
		return result.items.map((i) => i.json as Json);
	};

	it('Get Many gives the vendor records, both, or the normalized bookings alone', async () => {
		const runs = await runEachOutput(at({ resource: 'booking', operation: 'getAll', returnAll: true }), 'top');
		expectOutputShapes(runs, { idOf: (b) => b._id, ids: ctx.sandbox.data.bookings.map((b) => b._id) });
		const first = ctx.sandbox.data.bookings[0];
		expect(runs.simple[0]).toMatchObject({ id: first._id, vendor: 'hubPlanner', kind: 'booking', title: first.title });
	});

	it('Get gives the same three shapes for one booking', async () => {
		const booking = ctx.sandbox.data.bookings[4];
		const runs = await runEachOutput(at({ resource: 'booking', operation: 'get', bookingId: booking._id }), 'top');
		expectOutputShapes(runs, { idOf: (b) => b._id, ids: [booking._id] });
	});

	it('applies Missing Fields to Simplified as to Both: a field every record lacks stops the node', async () => {
		ctx.sandbox.renameFields = { title: 'subject' };
		const params = { resource: 'booking', operation: 'getAll', returnAll: true };
		for (const output of ['simple', 'both']) {
			const failed = await ctx.run({ ...params, output });
			expect(failed.error?.message).toMatch(/title/);
			const flagged = await ctx.run({ ...params, output, missingFields: 'flagAlways' });
			expect(flagged.error).toBeUndefined();
			const normalized = flagged.items.map((i) => (output === 'simple' ? i.json : i.json.normalized) as Json);
			expect(normalized.every((n) => n.title === null && (n.unmapped as string[]).includes('title'))).toBe(true);
		}
		// Raw reads no normalized field, so nothing is missing.
		expect((await ctx.run({ ...params, output: 'raw' })).error).toBeUndefined();
	});

	it('the Polling Trigger emits the three shapes in a real poll, with triggerEvent; version 1 as it did', async () => {
		const activations: Array<Record<string, unknown>> = [];
		// Each run is a node of its own, activated before the booking is added, so each emits the same update.
		for (let k = 0; k < 7; k++) {
			const state: Record<string, unknown> = {};
			forgetPollMemory();
			const r = await ctx.harness.poll({ type: HUB_PLANNER_POLL_TRIGGER, nodeId: `poll-output-${k}`, parameters: { events: ['updated'] } as never, credentials: [HUB_PLANNER.credentialType], staticData: state as never });
			expect(r.error).toBeUndefined();
			activations.push(state);
		}
		const added = ctx.sandbox.insertBooking({
			resource: ctx.sandbox.data.resources[0]._id,
			project: ctx.sandbox.data.projects[0]._id,
			start: '2026-03-02',
			end: '2026-03-03',
			title: 'Output poll',
		});
		let k = 0;
		const runs = await runEachOutput(async (typeVersion, values) => {
			forgetPollMemory();
			const r = await ctx.harness.poll({
				type: HUB_PLANNER_POLL_TRIGGER,
				nodeId: `poll-output-${k}`,
				typeVersion,
				parameters: { events: ['updated'], ...values } as never,
				credentials: [HUB_PLANNER.credentialType],
				staticData: activations[k++] as never,
			});
			expect(r.error).toBeUndefined();
			return (r.items?.[0] ?? []).map((i) => i.json as Json);
		}, 'options');
		expectOutputShapes(runs, { idOf: (b) => b._id, ids: [added._id], eventKeys: ['triggerEvent'] });
		expect(runs.simple[0]).toMatchObject({ id: added._id, title: 'Output poll', triggerEvent: 'updated' });
	});

	it('shows Simplify at version 1 and Output at version 2, Missing Fields while the output is normalized', () => {
		expectShownParameters(ctx.harness, HUB_PLANNER.nodeType, { resource: 'booking', operation: 'getAll' });
		expectTriggerOptions(ctx.harness, HUB_PLANNER_POLL_TRIGGER, { events: ['updated'] });
	});
});
