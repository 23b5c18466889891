import { BOOKINGS_ONE } from '../../vendors';
import { expectOutputShapes, expectShownParameters, runEachOutput, type Json } from '../output';
import { startBookingsOne } from './setup';

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

	it('shows Simplify at version 1 and Output at version 2, Missing Fields while the output is normalized', () => {
		expectShownParameters(ctx.harness, BOOKINGS_ONE.nodeType, { resource: 'appointment', operation: 'search' });
		expectShownParameters(ctx.harness, BOOKINGS_ONE.nodeType, { resource: 'visitingAppointment', operation: 'search' });
	});
});
