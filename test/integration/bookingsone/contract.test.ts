import { linesWith, notConfirmed, runContractCheck, writesIn } from '../contract';
import { startBookingsOne } from './setup';

/** API Contract → Check against the emulator: every line confirmed by default, the variant's line contradicted, never a write. */
describe('Bookings ONE: API Contract → Check', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.pageBase = 1;
		ctx.sandbox.rowCap = undefined;
		ctx.sandbox.seedAppointments(60);
	});

	const check = () => runContractCheck(ctx.run);
	const noWrites = () => expect(writesIn(ctx.sandbox.log)).toEqual([]);

	it('confirms every checkable line of the default emulator and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'Bookings ONE')).toBe(true);
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
		expect(byLine.pageBase.where).toBe('nodes/BookingsOne/contract.ts FIRST_PAGE');
		expect(byLine['path.resourceAppointments'].where).toBe('nodes/BookingsOne/contract.ts PATHS.resourceAppointments');
		expect(byLine.total.evidence).toContain('totalCount');
		expect(byLine.serverClock.evidence).toMatch(/server clock [+-]?\d+ s/);
		expect(JSON.stringify(lines)).not.toContain('b1-token');
		noWrites();
	});

	it('reports pages numbered from 0 as a contradicted page base, with the pages as evidence', async () => {
		ctx.sandbox.pageBase = 0;
		const { lines, byLine } = await check();
		expect(byLine.pageBase.status).toBe('contradicted');
		expect(byLine.pageBase.evidence).toContain('page 1, size 2');
		expect(byLine.pageBase.fix).toContain('Nothing to change: your server numbers pages from 0');
		expect(linesWith(lines, 'contradicted')).toEqual(['pageBase']);
		expect(byLine.largestPage.status).toBe('not checkable');
		noWrites();
	});

	it('reports a server that silently serves fewer rows than asked as a smaller largest page', async () => {
		ctx.sandbox.rowCap = 100;
		ctx.sandbox.seedAppointments(300);
		const { byLine } = await check();
		expect(byLine.largestPage.status).toBe('contradicted');
		expect(byLine.largestPage.evidence).toContain('100 records of 300 reported');
		expect(byLine.pageBase.status).toBe('confirmed');
		noWrites();
	});
});
