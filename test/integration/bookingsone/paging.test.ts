import { runContractCheck } from '../contract';
import { BOOKINGSONE_PATHS as P } from '../../sandbox/bookingsone';
import { startBookingsOne } from './setup';

const API = '/API/external';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetLearnedInProcess } =
	require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

/**
 * Issue 21: servers whose pages say less than the contract assumes — no total, no echoed row, a total under a name
 * the node does not know — and that cap pages silently. Every record, or an error naming the contract line.
 */
describe('Bookings ONE: listings prove they are complete', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.rowCap = undefined;
		ctx.sandbox.pageTotal = 'documented';
		ctx.sandbox.echoRow = true;
		ctx.sandbox.echoPage = true;
		forgetLearnedInProcess();
		ctx.useCredential();
	});

	const search = async () => {
		const result = await ctx.run({ resource: 'appointment', operation: 'search', returnAll: true });
		expect(result.error).toBeUndefined();
		return result.items.map((i) => i.json.id);
	};
	const stored = () => ctx.sandbox.data.appointments.map((a) => a.id).sort();

	it('no total, no echoed row and a silent cap of 200 of 1,200: all 1,200 appointments', async () => {
		ctx.sandbox.seedAppointments(1200);
		ctx.sandbox.pageTotal = 'none';
		ctx.sandbox.echoRow = false;
		ctx.sandbox.rowCap = 200;
		const ids = await search();
		expect(ids).toHaveLength(1200);
		expect([...ids].sort()).toEqual(stored());
		// The cap is learned for the credential and endpoint: the next listing asks for 200 rows from the start.
		ctx.sandbox.resetLog();
		expect(await search()).toHaveLength(1200);
		const rows = ctx.sandbox.requests(API + P.resourceAppointment).map((c) => c.query.row);
		expect(new Set(rows)).toEqual(new Set(['200']));
	});

	it('an echoed row below the one asked makes a page of that size full (no extra request)', async () => {
		ctx.sandbox.seedAppointments(450);
		ctx.sandbox.pageTotal = 'none';
		ctx.sandbox.rowCap = 200;
		const ids = await search();
		expect([...ids].sort()).toEqual(stored());
		const rows = ctx.sandbox.requests(API + P.resourceAppointment).map((c) => c.query.row);
		expect(rows).toEqual(['1000', '200', '200']);
	});

	it('a total under a name the node does not read: the listing completes, Check reports the name', async () => {
		ctx.sandbox.seedAppointments(300);
		ctx.sandbox.pageTotal = 'renamed';
		ctx.sandbox.totalName = 'recordsTotalX';
		ctx.sandbox.rowCap = 100;
		expect([...(await search())].sort()).toEqual(stored());
		const { byLine } = await runContractCheck(ctx.run);
		expect(byLine.total.status).toBe('contradicted');
		expect(byLine.total.evidence).toContain('recordsTotalX');
	});
});
