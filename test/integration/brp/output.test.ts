import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { BRP } from '../../vendors';
import { expectOutputShapes, expectShownParameters, expectTriggerOptions, runEachOutput, type Json } from '../output';
import { ANNA, CRED, startBrp } from './setup';

const STHLM = 'Europe/Stockholm';

/** Output (node version 2: Simplified, Raw, Both) and Simplify (version 1, saved workflows) on BRP. */
describe('BRP: Output option and version-1 Simplify', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	beforeAll(async () => {
		ctx = await startBrp();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	it('Service Booking → Get Many gives the vendor records, both, or the normalized bookings alone', async () => {
		const params = { resource: 'serviceBooking', operation: 'getAll', returnAll: true, startDate: '2026-03-22', endDate: '2026-04-06' };
		const runs = await runEachOutput(async (typeVersion, values) => {
			const result = await ctx.harness.runNode({ type: BRP.nodeType, typeVersion, parameters: { ...params, ...values } as never, credentials: [CRED] });
			expect(result.error).toBeUndefined();
			return result.items.map((i) => i.json as Json);
		}, 'top');
		const from = DateTime.fromISO('2026-03-22', { zone: STHLM }).toMillis();
		const to = DateTime.fromISO('2026-04-06', { zone: STHLM }).toMillis();
		const ids = ctx.sandbox.data.serviceBookings
			.filter((b) => b.start >= from && b.start < to && b.ownerPersonId === ANNA.id)
			.sort((a, b) => a.start - b.start)
			.map((b) => b.id);
		expectOutputShapes(runs, { idOf: (b) => b.id, ids });
		expect(runs.simple[0]).toMatchObject({ id: String(ids[0]), vendor: 'brp', kind: 'serviceBooking' });
	});

	it('the trigger\'s sample ("Fetch test event") has the same three shapes, with the event it is emitted for', async () => {
		ctx.sandbox.addServiceBooking({ start: Date.now() + 2 * 86_400_000 });
		const runs = await runEachOutput(async (typeVersion, values) => {
			const result = await ctx.harness.poll({
				type: BRP.triggerType,
				typeVersion,
				parameters: { events: ['new'], ...values } as never,
				credentials: [CRED],
				staticData: {},
				mode: 'manual',
			});
			expect(result.error).toBeUndefined();
			return (result.items?.[0] ?? []).map((i) => i.json as Json);
		}, 'options');
		const first = runs.raw[0];
		expect(ctx.sandbox.data.serviceBookings.map((b) => b.id)).toContain(first.id);
		expect(first.triggerEvent).toBe('new');
		expectOutputShapes(runs, { idOf: (b) => b.id, ids: [first.id], eventKeys: ['triggerEvent'] });
	});

	it('shows Simplify at version 1 and Output at version 2, Missing Fields while the output is normalized', () => {
		expectShownParameters(ctx.harness, BRP.nodeType, { resource: 'serviceBooking', operation: 'getAll' });
		expectTriggerOptions(ctx.harness, BRP.triggerType, { events: ['new'] });
	});
});
