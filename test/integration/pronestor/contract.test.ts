import { linesWith, notConfirmed, runContractCheck, writesIn } from '../contract';
import { PronestorSandbox } from '../../sandbox/pronestor';
import { startPronestor } from './setup';

/** API Contract → Check against the emulator: every line confirmed by default, the variant's lines contradicted, never a write. */
describe('Pronestor Planner: API Contract → Check', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.fieldSet = 'assumed';
		ctx.sandbox.clockSkewMs = 0;
	});

	const check = () => runContractCheck(ctx.run);
	const noWrites = () => expect(writesIn(ctx.sandbox.log, (path) => path.endsWith('/Authenticate'))).toEqual([]);

	it('confirms every checkable line of the default emulator and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'Pronestor Planner')).toBe(true);
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
		expect(byLine['helpPage.methods'].evidence).toContain('11 methods listed');
		expect(byLine['helpPage.ApiBooking'].evidence).toContain('TotalPrice');
		expect(byLine.rangeLimit.status).toBe('confirmed');
		const text = JSON.stringify(lines);
		expect(text).not.toContain(PronestorSandbox.PASSWORD);
		noWrites();
	});

	it('reports a tenant whose ApiBooking differs: the help page types contradicted; the locked-booking fields confirmed (Simplify reads the variant names through its alias lists)', async () => {
		ctx.sandbox.fieldSet = 'variant';
		const { lines, byLine } = await check();
		expect(linesWith(lines, 'contradicted').sort()).toEqual(
			['fields.billingAccount', 'helpPage.ApiBooking', 'helpPage.ApiMeeting', 'helpPage.billingAccount'].sort(),
		);
		expect(byLine['fields.lockedBooking'].status).toBe('confirmed');
		expect(byLine['helpPage.ApiBooking'].evidence).toMatch(/^missing ResourceId, ResourceName, TotalPrice; the page lists ApiBooking: .*Resource.*Price/);
		expect(byLine['helpPage.ApiMeeting'].evidence).toMatch(/^missing Title; the page lists ApiMeeting: .*Subject/);
		expect(byLine['helpPage.billingAccount'].evidence).toMatch(/^missing Code; the page lists ApiBillingAccount: .*CostCenter/);
		expect(byLine['fields.billingAccount'].evidence).toMatch(/^No source field for costCenter \(reads Code\)\. The sample carries: .*CostCenter/);
		noWrites();
	});

	it('reports a server clock a minute ahead as a contradicted server clock, and still confirms the 6-month limit by the server clock', async () => {
		ctx.sandbox.clockSkewMs = 60_000;
		const { lines, byLine } = await check();
		expect(byLine.serverClock.status).toBe('contradicted');
		expect(byLine.serverClock.evidence).toMatch(/server clock \+(59|60|61) s/);
		expect(byLine.rangeLimit.status).toBe('confirmed');
		expect(linesWith(lines, 'contradicted')).toEqual(['serverClock']);
		noWrites();
	});
});
