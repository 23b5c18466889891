import { linesWith, notConfirmed, runContractCheck, writesIn } from '../contract';
import { BrpSandbox } from '../../sandbox/brp';
import { startBrp } from './setup';

/** API Contract → Check against the emulator: every line confirmed by default, the variant's line contradicted, never a write. */
describe('BRP: API Contract → Check', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;

	beforeAll(async () => {
		ctx = await startBrp();
		// A booking of the person three weeks ago (the seeded ones sit at fixed dates in 2026): the sample to read.
		ctx.sandbox.addServiceBooking({ ownerPersonId: BrpSandbox.PERSON.id, resourceIds: [8], start: Date.now() - 21 * 86_400_000, withParticipant: true });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	const check = () => runContractCheck(ctx.run);
	const noWrites = () => expect(writesIn(ctx.sandbox.log)).toEqual([]);

	it('confirms every checkable line of the default emulator (level 2 key with a person login) and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'BRP')).toBe(true);
		expect(notConfirmed(lines)).toEqual(['path.persons: not checkable', 'path.writes: not checkable']);
		expect(byLine['path.persons'].evidence).toContain('level 3 key');
		expect(byLine.format.evidence).toMatch(/^\.xml → HTTP 200, readable; \.json → HTTP 200, readable$/);
		expect(byLine.rangeLimit.evidence).toContain('31 days accepted; 62 days → 1114 maxRangeExceeded');
		expect(byLine['fields.serviceBooking'].evidence).toMatch(/^\d+ sample\(s\): id←id; title←product.name/);
		expect(byLine['dates.serviceBooking'].evidence).toMatch(/^start: ISO 8601 with offset \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00\)/);
		const text = JSON.stringify(lines);
		for (const secret of [BrpSandbox.PERSON.password, ...Object.values(BrpSandbox.KEYS)]) expect(text).not.toContain(secret);
		noWrites();
	});

	it('with a level 3 key and no login: lists by business units, and the persons path is checked too', async () => {
		ctx.useLevel3();
		const { lines } = await check();
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
		noWrites();
	});

	it('reports a 14-day range limit as a contradicted range line, with the windows tried as evidence', async () => {
		ctx.sandbox.maxRangeDays = 14;
		const { lines, byLine } = await check();
		expect(byLine.rangeLimit.status).toBe('contradicted');
		expect(byLine.rangeLimit.evidence).toBe('1 days accepted; 7 days accepted; 14 days accepted; 31 days → 1114 maxRangeExceeded');
		expect(linesWith(lines, 'contradicted')).toEqual(['rangeLimit']);
		noWrites();
	});

	it('reports an enddate that includes its day as contradicted (one read-only listing of a sample day), and the default as confirmed', async () => {
		const { byLine } = await check();
		expect(byLine.enddate.status).toBe('confirmed');
		expect(byLine.enddate.evidence).toMatch(/^startdate=enddate=\d{4}-\d\d-\d\d listed 0 records, not booking \d+ of that day: enddate is exclusive$/);
		ctx.sandbox.enddateInclusive = true;
		ctx.sandbox.resetLog();
		const inclusive = await check();
		expect(inclusive.byLine.enddate.status).toBe('contradicted');
		expect(inclusive.byLine.enddate.evidence).toMatch(/booking \d+ of that day among them: enddate is inclusive$/);
		expect(linesWith(inclusive.lines, 'contradicted')).toEqual(['enddate']);
		noWrites();
	});

	it('reads the sample through the same alias list as Simplify: a tenant with other product field names is confirmed, naming them', async () => {
		ctx.sandbox.productFields = 'variant';
		const { byLine } = await check();
		expect(byLine['fields.serviceBooking'].status).toBe('confirmed');
		expect(byLine['fields.serviceBooking'].evidence).toContain('title←product.description');
		expect(byLine['fields.serviceBooking'].evidence).toContain('amount←product.priceincludingvat');
		noWrites();
	});

	it('reports which suffix service-booking listings answer: .json by default, contradicted on a tenant serving only .xml', async () => {
		const { byLine } = await check();
		expect(byLine['format.serviceBookings'].status).toBe('confirmed');
		expect(byLine['format.serviceBookings'].evidence).toBe('.json → HTTP 200, a <servicebookings> list; .xml → HTTP 200, a <servicebookings> list');
		ctx.sandbox.servesJson = false;
		const xmlOnly = await check();
		expect(xmlOnly.byLine['format.serviceBookings'].status).toBe('contradicted');
		expect(xmlOnly.byLine['format.serviceBookings'].evidence).toMatch(/^\.json → .*404.*; \.xml → HTTP 200, a <servicebookings> list$/);
		noWrites();
	});

	it('reports <errors> sent with status 200 as a contradicted error status', async () => {
		ctx.sandbox.errorsWithStatus200 = true;
		const { lines, byLine } = await check();
		expect(byLine.errorStatus.status).toBe('contradicted');
		expect(byLine.errorStatus.evidence).toContain('HTTP 200');
		expect(linesWith(lines, 'contradicted')).toEqual(['errorStatus']);
		noWrites();
	});
});
