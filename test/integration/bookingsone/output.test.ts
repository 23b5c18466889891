import { BOOKINGS_ONE } from '../../vendors';
import { forgetPollMemory } from '../pollMemory';
import { expectOutputShapes, expectShownParameters, expectTriggerOptions, runEachOutput, type Json } from '../output';
import { BOOKINGS_ONE_POLL_TRIGGER, startBookingsOne } from './setup';

/** Output (node version 2: Simplified, Raw, Both) and Simplify (version 1, saved workflows) on Bookings ONE. */
describe('Bookings ONE: Output option and version-1 Simplify', () => {
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
		ctx.sandbox.seedAppointments(25);
		ctx.useCredential();
	});

	for (const resource of ['appointment', 'visitingAppointment']) {
		it(`${resource} → Search gives the vendor records, both, or the normalized bookings alone`, async () => {
			const params = { resource, operation: 'search', returnAll: true };
			const runs = await runEachOutput(async (typeVersion, values) => {
				const result = await ctx.harness.runNode({
					type: BOOKINGS_ONE.nodeType,
					typeVersion,
					parameters: { ...params, ...values } as never,
					credentials: [BOOKINGS_ONE.credentialType],
				});
				expect(result.error).toBeUndefined();
				return result.items.map((i) => i.json as Json);
			}, 'top');
			const source = resource === 'appointment' ? ctx.sandbox.data.appointments : ctx.sandbox.data.visitingAppointments;
			const got = runs.raw.map((a) => a.id);
			expect([...got].sort()).toEqual(source.map((a) => a.id).sort());
			expectOutputShapes(runs, { idOf: (a) => a.id, ids: got });
			expect(runs.simple[0]).toMatchObject({ vendor: 'bookingsOne' });
		});
	}

	it('the Polling Trigger emits the three shapes in a real poll; a removal is {id, start, end} in every mode', async () => {
		const HOUR = 3_600_000;
		const at = (hours: number) => new Date(Math.ceil(ctx.sandbox.now() / HOUR) * HOUR + hours * HOUR).toISOString();
		const resourceId = ctx.sandbox.data.resources.find((r) => !r.isDeleted)!.id;
		const doomed = await ctx.sandbox.createAppointment({ resourceId, start: at(20), end: at(21), subject: 'Doomed' });
		const params = { events: ['new', 'removed'] };
		const activations: Array<Record<string, unknown>> = [];
		for (let k = 0; k < 7; k++) {
			const state: Record<string, unknown> = {};
			forgetPollMemory();
			const r = await ctx.harness.poll({ type: BOOKINGS_ONE_POLL_TRIGGER, nodeId: `poll-output-${k}`, parameters: params as never, credentials: [BOOKINGS_ONE.credentialType], staticData: state as never });
			expect(r.error).toBeUndefined();
			activations.push(state);
		}
		const added = await ctx.sandbox.createAppointment({ resourceId, start: at(22), end: at(23), subject: 'Output poll' });
		await ctx.sandbox.deleteAppointment(doomed.id);
		let k = 0;
		const removals: Json[] = [];
		const runs = await runEachOutput(async (typeVersion, values) => {
			forgetPollMemory();
			const r = await ctx.harness.poll({
				type: BOOKINGS_ONE_POLL_TRIGGER,
				nodeId: `poll-output-${k}`,
				typeVersion,
				parameters: { ...params, ...values } as never,
				credentials: [BOOKINGS_ONE.credentialType],
				staticData: activations[k++] as never,
			});
			expect(r.error).toBeUndefined();
			const items = (r.items?.[0] ?? []).map((i) => i.json as Json);
			removals.push(...items.filter((j) => j.triggerEvent === 'removed'));
			return items.filter((j) => j.triggerEvent !== 'removed');
		}, 'options');
		expectOutputShapes(runs, { idOf: (a) => a.id, ids: [added.id], eventKeys: ['triggerEvent'] });
		expect(runs.simple[0]).toMatchObject({ title: 'Output poll', triggerEvent: 'new' });
		expect(removals).toHaveLength(7);
		for (const removal of removals)
			expect(removal).toEqual({ id: String(doomed.id), start: expect.any(String), end: expect.any(String), triggerEvent: 'removed' });
	});

	it('shows Simplify at version 1 and Output at version 2, Missing Fields while the output is normalized', () => {
		expectTriggerOptions(ctx.harness, BOOKINGS_ONE_POLL_TRIGGER, { events: ['new'] });
		expectShownParameters(ctx.harness, BOOKINGS_ONE.nodeType, { resource: 'appointment', operation: 'search' });
		expectShownParameters(ctx.harness, BOOKINGS_ONE.nodeType, { resource: 'visitingAppointment', operation: 'search' });
	});
});
