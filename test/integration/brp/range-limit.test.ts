import { withoutProofs } from '../proofs';
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { BrpSandbox } from '../../sandbox/brp';
import { BRP } from '../../vendors';
import { ANNA, CRED, startBrp } from './setup';

const SB = /servicebookings\.(xml|json)$/;
const STHLM = 'Europe/Stockholm';

/**
 * BRP's undocumented range limit and enddate (issue 14, finding 6): windows start a calendar month wide, what is
 * learned is kept per credential (this process's memory; what a polling trigger learned also in n8n's static data), no width is probed twice, and no day is
 * listed by two requests — also on a tenant whose enddate includes its day.
 */
describe('BRP: range limit and enddate learned per credential', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	beforeAll(async () => {
		ctx = await startBrp();
		// One booking of the person every day of 2027 (the seed's own bookings are in 2026).
		const first = DateTime.fromISO('2027-01-01T10:00', { zone: STHLM });
		for (let day = 0; day < 365; day++)
			ctx.sandbox.addServiceBooking({ ownerPersonId: ANNA.id, resourceIds: [8], start: first.plus({ days: day }).toMillis() });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	const YEAR = { startDate: '2027-01-01', endDate: '2028-01-01' };
	const expectedYear = () =>
		ctx.sandbox.data.serviceBookings
			.filter((b) => b.ownerPersonId === ANNA.id && b.start >= Date.parse('2026-12-31T23:00:00Z') && b.start < Date.parse('2027-12-31T23:00:00Z'))
			.sort((a, b) => a.start - b.start || a.id - b.id)
			.map((b) => b.id);

	/** The workflow run as n8n runs it: Manual Trigger → BRP Get Many, with the workflow's static data. */
	const runYear = async (staticData: IDataObject) => {
		const run = await ctx.harness.runWorkflow({
			nodes: [
				{ id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'b',
					name: 'BRP',
					type: BRP.nodeType,
					typeVersion: 1,
					position: [200, 0],
					parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, ...YEAR },
					credentials: { [CRED]: { id: null, name: '' } },
				},
			],
			connections: { Start: { main: [[{ node: 'BRP', type: 'main', index: 0 }]] } },
			staticData,
		});
		expect(run.data.resultData.error).toBeUndefined();
		return run.data.resultData.runData.BRP[0].data!.main[0]!.map((i) => i.json.id);
	};

	/**
	 * The listing requests of the log: accepted windows (days each one listed) and refused ones — without the
	 * window-cap rule's proofs (halves of a window already answered: test/integration/proofs.ts).
	 */
	const windows = () => {
		const calls = withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate');
		const accepted = calls.filter((c) => c.status === 200);
		const days = accepted.map((c) => {
			const from = DateTime.fromISO(String(c.query.startdate), { zone: STHLM });
			const to = DateTime.fromISO(String(c.query.enddate), { zone: STHLM }).plus({ days: ctx.sandbox.enddateInclusive ? 1 : 0 });
			const list: string[] = [];
			for (let d = from; d < to; d = d.plus({ days: 1 })) list.push(d.toISODate()!);
			return list;
		});
		return { calls, refused: calls.filter((c) => c.status !== 200), days: days.flat(), widths: days.map((d) => d.length) };
	};
	const noDayTwice = (days: string[]) => {
		const twice = days.filter((d, i) => days.indexOf(d) !== i);
		expect(twice).toEqual([]);
	};

	it('a year with a 31-day limit: calendar-month windows, no refused request, no day listed twice; the next execution the same', async () => {
		const staticData: IDataObject = {};
		const ids = await runYear(staticData);
		expect(ids).toEqual(expectedYear());
		expect(ids).toHaveLength(365);
		const first = windows();
		expect(first.refused).toHaveLength(0);
		expect(first.calls).toHaveLength(12);
		expect(first.widths.every((w) => w <= 31)).toBe(true);
		noDayTwice(first.days);
		expect(first.days).toHaveLength(365);

		ctx.forgetLearned();
		ctx.sandbox.resetLog();
		expect(await runYear(staticData)).toEqual(ids);
		const second = windows();
		expect(second.refused).toHaveLength(0);
		expect(second.calls).toHaveLength(12);
		noDayTwice(second.days);
	});

	it('a 20-day limit: refusals only while the width is learned (first execution); none in the next execution of the process', async () => {
		ctx.sandbox.maxRangeDays = 20;
		const staticData: IDataObject = {};
		const ids = await runYear(staticData);
		expect(ids).toEqual(expectedYear());
		const first = windows();
		// 31 refused, 16 accepted, 23 refused, 19 accepted, 21 refused, 20 accepted: then only 20-day windows.
		const refusedWidths = (w: ReturnType<typeof windows>) =>
			w.refused.map((c) => Math.round(DateTime.fromISO(String(c.query.enddate)).diff(DateTime.fromISO(String(c.query.startdate)), 'days').days));
		expect(refusedWidths(first)).toEqual([31, 23, 21]);
		const lastRefusal = first.calls.lastIndexOf(first.refused[first.refused.length - 1]);
		expect(first.calls.slice(lastRefusal + 1).every((c) => c.status === 200)).toBe(true);
		noDayTwice(first.days);
		expect(first.days).toHaveLength(365);
		// An action run leaves the workflow's static data unchanged, so its execution writes nothing back: n8n
		// would save the execution's whole copy, putting back an older trigger state (see nodes/shared/learned.ts).
		expect(staticData).toEqual({});

		// The next execution in the same process: straight to 20-day windows (the process remembers).
		ctx.sandbox.resetLog();
		expect(await runYear(staticData)).toEqual(ids);
		const second = windows();
		expect(second.refused).toHaveLength(0);
		expect(second.calls).toHaveLength(Math.ceil(365 / 20));
		noDayTwice(second.days);

		// A restarted process learns it again, the same way, and lists every day once.
		ctx.forgetLearned();
		ctx.sandbox.resetLog();
		expect(await runYear(staticData)).toEqual(ids);
		expect(refusedWidths(windows())).toEqual([31, 23, 21]);
		noDayTwice(windows().days);
	});

	it('a tenant whose enddate includes its day: learned from the first answer, then windows send their last day — no day listed twice', async () => {
		ctx.sandbox.enddateInclusive = true;
		const staticData: IDataObject = { 'node:BRP Trigger': { epoch: 'as the trigger saved it' } };
		const ids = await runYear(staticData);
		expect(ids).toEqual(expectedYear());
		const first = windows();
		expect(first.refused).toHaveLength(0);
		noDayTwice(first.days);
		expect(staticData).toEqual({ 'node:BRP Trigger': { epoch: 'as the trigger saved it' } });
		expect(first.days[0]).toBe('2027-01-01');
		expect(first.days).toContain('2027-12-31');
		expect(first.calls[1].query).toMatchObject({ startdate: '2027-02-02', enddate: '2027-03-04' });

		ctx.sandbox.resetLog();
		expect(await runYear(staticData)).toEqual(ids);
		const again = windows();
		expect(again.calls[0].query).toMatchObject({ startdate: '2027-01-01', enddate: '2027-01-31' });
		noDayTwice(again.days);
		expect(again.days.filter((d) => d < '2028-01-01')).toHaveLength(365);

		// A restarted process learns it again from the first answer: still no day listed twice.
		ctx.forgetLearned();
		ctx.sandbox.resetLog();
		expect(await runYear(staticData)).toEqual(ids);
		expect(windows().calls[1].query).toMatchObject({ startdate: '2027-02-02', enddate: '2027-03-04' });
		noDayTwice(windows().days);
	});

	it('a fact a polling trigger learned is saved with its state (global static data) and read by actions; a contradiction: the refusal wins', async () => {
		ctx.sandbox.maxRangeDays = 20;
		const global: IDataObject = {};
		const poll = await ctx.harness.poll({
			type: BRP.triggerType,
			parameters: { events: ['new'], options: { daysAhead: 60 } } as never,
			credentials: [CRED],
			staticData: {},
			globalStaticData: global,
		});
		expect(poll.error).toBeUndefined();
		const learned = JSON.stringify(global);
		expect(learned).toContain('"brpRangeAcceptedDays":20');
		expect(learned).toContain('"brpRangeRefusedDays":21');
		for (const secret of [ANNA.password, ...Object.values(BrpSandbox.KEYS)]) expect(learned).not.toContain(secret);

		// A restarted process: the action reads what the trigger saved and sends no window too wide.
		ctx.forgetLearned();
		ctx.sandbox.resetLog();
		expect(await runYear({ global: JSON.parse(learned) as IDataObject })).toEqual(expectedYear());
		expect(windows().refused).toHaveLength(0);

		// Contradicting facts (a width accepted wider than one refused): the refusal wins.
		const stored = learned.replace('"brpRangeAcceptedDays":20', '"brpRangeAcceptedDays":40');
		expect(stored).toContain('"brpRangeAcceptedDays":40');
		ctx.forgetLearned();
		ctx.sandbox.resetLog();
		expect(await runYear({ global: JSON.parse(stored) as IDataObject })).toEqual(expectedYear());
		expect(windows().refused).toHaveLength(0);
		expect(Math.max(...windows().widths)).toBe(20);
	});

	it('windows in flight: at most six at a time; after a failure no further window is asked for and no request outlives the run', async () => {
		ctx.sandbox.maxRangeDays = 31;
		// Learn the width first, so that the listing goes straight to windows in flight.
		expect((await ctx.run({ resource: 'serviceBooking', operation: 'getAll', returnAll: true, ...YEAR })).error).toBeUndefined();
		ctx.sandbox.resetLog();
		let seen = 0;
		ctx.sandbox.fault({
			status: 400,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ errors: [{ code: 1101, message: 'invalidValue', debuginfo: 'test' }] }),
			match: (req) => SB.test(req.path) && ++seen === 2,
		});
		const r = await ctx.run({ resource: 'serviceBooking', operation: 'getAll', returnAll: true, ...YEAR });
		expect(r.error?.message).toMatch(/1101 invalidValue/);
		const atReturn = ctx.sandbox.requests(SB).length;
		// The six in flight, and at most a window or two started before the failure arrived (each with its proofs).
		expect(withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate').length).toBeLessThanOrEqual(6 + 2);
		// Another full run later: no window of the failed listing arrived in the meantime.
		await ctx.run({ resource: 'businessUnit', operation: 'getAll' });
		expect(ctx.sandbox.requests(SB)).toHaveLength(atReturn);
	});

	it('an answer that ignores the range (bookings after the enddate day) teaches nothing about enddate', async () => {
		ctx.sandbox.fault({
			status: 200,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ servicebookings: [{ id: 1, start: { timepoint: { timestamp: Date.parse('2027-03-15T10:00:00Z') / 1000 } } }] }),
			match: (req) => SB.test(req.path),
		});
		const staticData: IDataObject = {};
		await runYear(staticData).catch(() => undefined);
		expect(JSON.stringify(staticData)).not.toContain('brpEnddateInclusive');
	});

	it('the default tenant (enddate exclusive): windows meet exactly, the last one ends on the range’s end', async () => {
		const r = await ctx.run({ resource: 'serviceBooking', operation: 'getAll', returnAll: true, ...YEAR });
		expect(r.error).toBeUndefined();
		const calls = withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate')
			.map((c) => [String(c.query.startdate), String(c.query.enddate)])
			.sort();
		expect(calls[0]).toEqual(['2027-01-01', '2027-02-01']);
		for (let k = 0; k < calls.length - 1; k++) expect(calls[k][1]).toBe(calls[k + 1][0]);
		expect(calls[calls.length - 1][1]).toBe('2028-01-01');
	});
});
