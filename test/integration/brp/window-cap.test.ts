import { DateTime } from 'luxon';
import { runContractCheck } from '../contract';
import { ANNA, startBrp } from './setup';

const SB = /servicebookings\.(xml|json)$/;
const STHLM = 'Europe/Stockholm';

/**
 * Issue 21: a BRP tenant that caps how many bookings one service-booking answer holds (no paging, no error).
 * API Contract → Check measures the cap (a wide window against its halves) and listings then split every window
 * whose answer reaches it: every booking, or an error naming the windowCap line.
 */
describe('BRP: a silent cap on one answer is measured, learned and split around', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	const today = DateTime.now().setZone(STHLM).startOf('day');
	const from = today.minus({ days: 14 });

	beforeAll(async () => {
		ctx = await startBrp();
		// 3 bookings of the person on each of the last 13 days (39), at different hours.
		for (let day = 1; day <= 13; day++)
			for (let hour = 9; hour <= 11; hour++)
				ctx.sandbox.addServiceBooking({
					ownerPersonId: ANNA.id,
					resourceIds: [8],
					start: from.plus({ days: day, hours: hour }).toMillis(),
				});
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.reset();
		ctx.sandbox.answerCap = 10;
	});
	afterEach(() => {
		ctx.sandbox.answerCap = undefined;
	});

	const expected = (start: DateTime, end: DateTime) =>
		ctx.sandbox.data.serviceBookings
			.filter(
				(b) =>
					b.ownerPersonId === ANNA.id && b.start >= start.toMillis() && b.start < end.toMillis(),
			)
			.map((b) => b.id)
			.sort((a, b) => a - b);
	const getMany = (start: DateTime, end: DateTime) =>
		ctx.run({
			resource: 'serviceBooking',
			operation: 'getAll',
			returnAll: true,
			startDate: start.toISODate(),
			endDate: end.toISODate(),
		});

	it('Check reports the cap; the listing then reads every booking of a capped window by halves', async () => {
		const { byLine } = await runContractCheck(ctx.run);
		expect(byLine.windowCap.status).toBe('contradicted');
		expect(byLine.windowCap.evidence).toContain('one answer holds at most 10 records');
		ctx.sandbox.resetLog();
		const result = await getMany(from, today);
		expect(result.error).toBeUndefined();
		const want = expected(from, today);
		expect(want.length).toBeGreaterThan(10);
		expect(result.items.map((i) => Number(i.json.id)).sort((a, b) => a - b)).toEqual(want);
		// The 14-day window reached the cap, and was read again in halves.
		expect(ctx.sandbox.requests(SB).length).toBeGreaterThan(1);
	});

	it('a one-day window that still reaches the cap is an error naming the windowCap line, never 10 of them', async () => {
		await runContractCheck(ctx.run);
		const day = today.minus({ days: 20 });
		for (let minute = 0; minute < 12; minute++)
			ctx.sandbox.addServiceBooking({
				ownerPersonId: ANNA.id,
				resourceIds: [8],
				start: day.plus({ hours: 8, minutes: minute }).toMillis(),
			});
		const result = await getMany(day, day.plus({ days: 1 }));
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/expected 11 records, received 10/);
		expect((result.error as { description?: string }).description).toContain('"windowCap"');
	});

	it('without Check (a fresh process): the listing proves its windows itself — every booking, the cap learned on the way', async () => {
		const result = await getMany(from, today);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => Number(i.json.id)).sort((a, b) => a - b)).toEqual(expected(from, today));
		// The first answer (10, the cap) was read again by halves, which held more: more requests than one.
		const first = ctx.sandbox.requests(SB).length;
		expect(first).toBeGreaterThan(1);
		// The cap is now known: the next listing splits at once and still returns every booking.
		ctx.sandbox.resetLog();
		const again = await getMany(from, today);
		expect(again.items.map((i) => Number(i.json.id)).sort((a, b) => a - b)).toEqual(expected(from, today));
	});

	it('without Check, an uncapped tenant: one answer per window, plus at most the proof of the largest', async () => {
		ctx.sandbox.answerCap = undefined;
		const result = await getMany(from, today);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => Number(i.json.id)).sort((a, b) => a - b)).toEqual(expected(from, today));
		// 39 bookings at different hours: one cut between them proves the answer (the listing + two halves).
		expect(ctx.sandbox.requests(SB)).toHaveLength(3);
		// A narrower window later holds fewer than the 39 proven: no proof needed.
		ctx.sandbox.resetLog();
		const narrower = await getMany(from.plus({ days: 7 }), today);
		expect(narrower.error).toBeUndefined();
		expect(ctx.sandbox.requests(SB)).toHaveLength(1);
	});
});
