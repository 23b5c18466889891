import { withoutProofs } from '../proofs';
import { DateTime } from 'luxon';
import type { NodeApiError } from 'n8n-workflow';
import { PronestorSandbox } from '../../sandbox/pronestor';
import { everything, startPronestor } from './setup';

const FIND = /FindLockedBookings$/;
const fmt = (dt: DateTime) => dt.toUTC().toFormat("yyyy-MM-dd HH:mm:ss'Z'");
const parseLock = (text: string) => DateTime.fromFormat(text, "yyyy-MM-dd HH:mm:ss'Z'", { zone: 'utc' });

describe('Pronestor Planner: locked booking export', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.rateLimit = undefined;
	});

	const exportRange = (startLockTime: unknown, endLockTime: unknown = '', extra: Record<string, unknown> = {}) =>
		ctx.run({ resource: 'lockedBooking', operation: 'export', startLockTime, endLockTime, ...extra });

	it('exports two years of locked bookings in consecutive 6-month windows: every booking once, none missing', async () => {
		const now = DateTime.utc();
		const start = now.minus({ years: 2, days: 1 }).startOf('second');
		const result = await exportRange(start.toISO());
		expect(result.error).toBeUndefined();
		const expected = ctx.sandbox.lockedBetween(start.toMillis(), Date.now()).map((b) => b.Id);
		expect(expected.length).toBeGreaterThanOrEqual(600);
		const ids = result.items.map((i) => i.json.Id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual([...expected].sort());
		// In lock-time order.
		const times = result.items.map((i) => Date.parse(String(i.json.LockedTime)));
		expect([...times].sort((a, b) => a - b)).toEqual(times);

		const calls = withoutProofs(ctx.sandbox.requests(FIND), 'startLockTime', 'endLockTime');
		expect(calls).toHaveLength(5);
		const windows = calls
			.map((c) => ({ start: String(c.query.startLockTime), end: c.query.endLockTime as string | undefined }))
			.sort((a, b) => a.start.localeCompare(b.start));
		expect(windows[0].start).toBe(fmt(start));
		for (let k = 0; k < windows.length - 1; k++) {
			// Each inclusive end is the next exclusive start: no overlap, no gap.
			expect(windows[k].end).toBe(windows[k + 1].start);
			expect(parseLock(windows[k].end as string).toMillis()).toBe(parseLock(windows[k].start).plus({ months: 6 }).toMillis());
		}
		// The last window reaches "now" by leaving endLockTime out.
		expect(windows[windows.length - 1].end).toBeUndefined();
		expect(calls.every((c) => c.status === 200)).toBe(true);
	});

	it('logs in once and then has every window in flight at once; the records come in lock-time, then Id, order — as one window after another gave them', async () => {
		ctx.useCredential(); // no stored session
		const loginsBefore = ctx.sandbox.stats.logins;
		const start = DateTime.utc().minus({ years: 2, days: 1 }).startOf('second');
		// Bookings sharing one lock time on both sides of a window edge, and Ids where text order is not numeric order.
		const edge = start.plus({ months: 6 });
		const shared = [edge.minus({ seconds: 1 }), edge, edge.plus({ seconds: 1 })].flatMap((t, k) =>
			[0, 1, 2].map((n) => ctx.sandbox.insertLockedBooking(t.toMillis(), { Id: 9 * 10 ** (k + 1) + n })),
		);
		// Every FindLockedBookings request is held on arrival until all five windows have arrived: a client that asked
		// for them one after another would never get its first answer (the fallback opens the gate after 20 s, and
		// the test then fails on how it opened).
		const WINDOWS = 5;
		let arrived = 0;
		let openedBy = '';
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		const fallback = setTimeout(() => {
			openedBy ||= `timeout after ${arrived} window(s)`;
			open();
		}, 20_000);
		ctx.sandbox.fault({
			times: WINDOWS,
			hold: gate,
			match: (r) => {
				if (!FIND.test(r.path)) return false;
				arrived += 1;
				if (arrived === WINDOWS) {
					openedBy ||= 'all windows in flight';
					open();
				}
				return true;
			},
		});
		try {
			const result = await exportRange(start.toISO());
			expect(result.error).toBeUndefined();
			expect(openedBy).toBe('all windows in flight');
			expect(ctx.sandbox.stats.logins - loginsBefore).toBe(1);
			expect(ctx.sandbox.requests(/Authenticate$/)).toHaveLength(1);
			expect(withoutProofs(ctx.sandbox.requests(FIND), 'startLockTime', 'endLockTime').map((c) => c.status)).toEqual(
				Array(WINDOWS).fill(200),
			);
			// The same records, in the same order, as the export fetching one window after another: each window in
			// (LockedTime, numeric Id) order, windows in time order, each booking once.
			const expected = ctx.sandbox
				.lockedBetween(start.toMillis(), Date.now())
				.sort((a, b) => Date.parse(a.LockedTime as string) - Date.parse(b.LockedTime as string) || a.Id - b.Id)
				.map((b) => b.Id);
			expect(result.items.map((i) => i.json.Id)).toEqual(expected);
			const ids = result.items.map((i) => i.json.Id);
			for (const b of shared) expect(ids.filter((id) => id === b.Id)).toHaveLength(1);
		} finally {
			clearTimeout(fallback);
			ctx.sandbox.clearFaults();
			ctx.sandbox.data.bookings = ctx.sandbox.data.bookings.filter((b) => !shared.includes(b));
		}
	}, 60_000);

	it('a failing window ends the export: no window starts after it, and none is still running when the error is reported', async () => {
		// 4½ years: 9 windows, 6 in flight at first. The oldest window is refused (a 400 is not retried).
		const start = DateTime.utc().minus({ years: 4, months: 5 }).startOf('second');
		ctx.sandbox.fault({ status: 400, body: { Message: 'Something odd' }, match: (r) => FIND.test(r.path) && r.query.startLockTime === fmt(start) });
		const result = await exportRange(start.toISO());
		expect(result.error?.message).toMatch(/Pronestor Planner answered 400/);
		// Every request the export made has been answered (and logged) by the time it reports: 6, the first round.
		const calls = ctx.sandbox.requests(FIND);
		expect(calls).toHaveLength(6);
		expect(calls.filter((c) => c.status === 400)).toHaveLength(1);
	});

	it('honours exact boundaries: start exclusive, end inclusive, also where windows meet', async () => {
		const base = DateTime.fromISO('2025-01-15T08:00:00Z', { zone: 'utc' });
		const atStart = ctx.sandbox.insertLockedBooking(base.toMillis());
		const justAfter = ctx.sandbox.insertLockedBooking(base.plus({ seconds: 1 }).toMillis());
		const boundary = base.plus({ months: 6 });
		const onBoundary = ctx.sandbox.insertLockedBooking(boundary.toMillis());
		const afterBoundary = ctx.sandbox.insertLockedBooking(boundary.plus({ seconds: 1 }).toMillis());
		const end = base.plus({ months: 7 });
		const atEnd = ctx.sandbox.insertLockedBooking(end.toMillis());
		const afterEnd = ctx.sandbox.insertLockedBooking(end.plus({ seconds: 1 }).toMillis());

		const result = await exportRange(base.toISO(), end.toISO());
		expect(result.error).toBeUndefined();
		const ids = result.items.map((i) => i.json.Id);
		expect(ids).not.toContain(atStart.Id);
		expect(ids).toContain(justAfter.Id);
		expect(ids.filter((id) => id === onBoundary.Id)).toHaveLength(1);
		expect(ids).toContain(afterBoundary.Id);
		expect(ids).toContain(atEnd.Id);
		expect(ids).not.toContain(afterEnd.Id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(ctx.sandbox.lockedBetween(base.toMillis(), end.toMillis()).map((b) => b.Id).sort());
		expect(ctx.sandbox.requests(FIND).map((c) => [c.query.startLockTime, c.query.endLockTime])).toEqual([
			[fmt(base), fmt(boundary)],
			[fmt(boundary), fmt(end)],
		]);
	});

	it('uses one request for a range of at most 6 months, and accepts plain dates and DateTime expressions', async () => {
		const result = await exportRange('2025-03-01', '={{ DateTime.fromISO("2025-09-01T00:00:00Z") }}');
		expect(result.error).toBeUndefined();
		const calls = ctx.sandbox.requests(FIND);
		expect(calls.map((c) => [c.query.startLockTime, c.query.endLockTime])).toEqual([['2025-03-01 00:00:00Z', '2025-09-01 00:00:00Z']]);
		expect(result.items.length).toBe(ctx.sandbox.lockedBetween(Date.parse('2025-03-01T00:00:00Z'), Date.parse('2025-09-01T00:00:00Z')).length);
	});

	it("accepts lock times in the form Pronestor's own guide prints them (2025-03-01 00:00:00Z)", async () => {
		const result = await exportRange('2025-03-01 00:00:00Z', '2025-09-01 00:00:00Z');
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.requests(FIND).map((c) => [c.query.startLockTime, c.query.endLockTime])).toEqual([['2025-03-01 00:00:00Z', '2025-09-01 00:00:00Z']]);
	});

	describe("the server's clock (issue 14, finding 5)", () => {
		afterEach(() => {
			ctx.sandbox.clockSkewMs = 0;
		});
		const lockedUpTo = (start: DateTime, serverNow: number) => ctx.sandbox.lockedBetween(start.toMillis(), serverNow).length;

		it("n8n's clock 3 minutes ahead and a start exactly at the 6-month edge: the refused window is planned again from the server's Date header", async () => {
			ctx.sandbox.clockSkewMs = -180_000;
			const start = DateTime.utc().minus({ months: 6 }).startOf('second');
			const result = await exportRange(fmt(start));
			expect(result.error).toBeUndefined();
			expect(result.items.length).toBe(lockedUpTo(start, ctx.sandbox.serverNow()));
			expect(ctx.sandbox.requests(/GetDepartments$/)).toHaveLength(1);
			const last = ctx.sandbox.requests(FIND).slice(-1)[0];
			expect(last.status).toBe(200);
			expect(Date.parse(String(last.query.startLockTime).replace(' ', 'T'))).toBeLessThan(ctx.sandbox.serverNow());
		});

		it("the server's clock 5 minutes ahead: an open window the server finds longer than 6 months is split once and retried", async () => {
			ctx.sandbox.clockSkewMs = 5 * 60_000;
			const start = DateTime.utc().minus({ months: 6 }).plus({ minutes: 2 }).startOf('second');
			const result = await exportRange(fmt(start));
			expect(result.error).toBeUndefined();
			expect(result.items.length).toBe(lockedUpTo(start, ctx.sandbox.serverNow()));
			expect(ctx.sandbox.requests(FIND).map((c) => c.status)).toEqual([400, 200, 200]);
		});

		it('clocks that agree: a range 5 minutes short of 6 months up to now is one request (the open window needs no 10-minute margin)', async () => {
			const start = DateTime.utc().minus({ months: 6 }).plus({ minutes: 5 }).startOf('second');
			const result = await exportRange(fmt(start));
			expect(result.error).toBeUndefined();
			expect(ctx.sandbox.requests(FIND).map((c) => [c.query.startLockTime, c.query.endLockTime])).toEqual([[fmt(start), undefined]]);
			expect(ctx.sandbox.requests(/GetDepartments$/)).toHaveLength(0);
		});
	});

	it('clamps an end in the future to now (no endLockTime is sent)', async () => {
		const start = DateTime.utc().minus({ days: 40 });
		const result = await exportRange(start.toISO(), DateTime.utc().plus({ days: 3 }).toISO());
		expect(result.error).toBeUndefined();
		const calls = ctx.sandbox.requests(FIND);
		expect(calls).toHaveLength(1);
		expect(calls[0].query.endLockTime).toBeUndefined();
		expect(result.items.length).toBe(ctx.sandbox.lockedBetween(start.startOf('second').toMillis(), Date.now()).length);
	});

	it('adds the normalized finance fields with Simplify and keeps the vendor fields', async () => {
		const booking = ctx.sandbox.insertLockedBooking('2024-12-02T10:11:12Z');
		const result = await exportRange('2024-12-02T10:11:11Z', '2024-12-02T10:11:12Z', { output: 'both' });
		expect(result.error).toBeUndefined();
		const json = result.items.find((i) => i.json.Id === booking.Id)?.json as Record<string, any>;
		expect(json.TotalPrice).toBe(booking.TotalPrice);
		expect(json.Meeting.Owner.Email).toMatch(/@example.com$/);
		expect(json.normalized).toMatchObject({
			id: String(booking.Id),
			vendor: 'pronestorPlanner',
			kind: 'lockedBooking',
			status: 'locked',
			lockedAt: '2024-12-02T10:11:12Z',
			start: booking.Start,
			end: booking.End,
			resource: { id: String(booking.ResourceId), name: booking.ResourceName, type: 'Room' },
			owner: { id: String(json.Meeting.Owner.Id), name: json.Meeting.Owner.Name, email: json.Meeting.Owner.Email },
			amount: { value: booking.TotalPrice, currency: 'DKK' },
			costCenter: booking.CostCenter,
		});
	});

	it('Simplify reads a tenant whose ApiBooking says Price, Resource {Id, Name, Type}, BillingAccount.CostCenter and Meeting.Subject (issue 14, finding 2)', async () => {
		const booking = ctx.sandbox.insertLockedBooking('2024-12-03T10:11:12Z');
		ctx.sandbox.fieldSet = 'variant';
		try {
			const result = await exportRange('2024-12-03T10:11:11Z', '2024-12-03T10:11:12Z', { output: 'both' });
			expect(result.error).toBeUndefined();
			const json = result.items.find((i) => i.json.Id === booking.Id)?.json as Record<string, any>;
			expect(json.TotalPrice).toBeUndefined();
			expect(json.Price).toBe(booking.TotalPrice);
			expect(json.normalized).toMatchObject({
				title: json.Meeting.Subject,
				resource: { id: String(booking.ResourceId), name: booking.ResourceName, type: 'Room' },
				amount: { value: booking.TotalPrice, currency: 'DKK' },
				unmapped: [],
			});
			expect(json.normalized.costCenter).not.toBeNull();
			expect(json.normalized.title).not.toBeNull();
		} finally {
			ctx.sandbox.fieldSet = 'assumed';
		}
	});

	it('flags the normalized keys whose source field some records do not send (normalized.unmapped); a null field stays plain null; absent from every record is an error', async () => {
		const booking = ctx.sandbox.insertLockedBooking('2024-12-04T10:11:12Z');
		const range = ['2024-12-04T10:11:11Z', '2024-12-04T10:11:12Z'] as const;
		const full = (await exportRange(...range)).items[0].json;
		const sparse = { Id: booking.Id + 100000, LockedTime: '2024-12-04T10:11:12Z', Start: booking.Start, End: booking.End, Currency: null, CostCenter: null };
		const fault = (body: unknown[]) => ctx.sandbox.fault({ match: (r) => /FindLockedBookings$/.test(r.path), status: 200, body });
		fault([full, sparse]);
		const result = await exportRange(...range, { output: 'both' });
		expect(result.error).toBeUndefined();
		expect((result.items[0].json as Record<string, any>).normalized.unmapped).toEqual([]);
		const normalized = (result.items[1].json as Record<string, any>).normalized;
		expect(normalized.unmapped.sort()).toEqual(['amount', 'owner', 'resource', 'title']);
		expect(normalized.costCenter).toBeNull();
		expect(normalized.amount).toBeNull();
		// The same fields absent from every record of the answer: an error naming the first of them.
		fault([sparse]);
		const alone = await exportRange(...range, { output: 'both' });
		expect(alone.error?.message).toMatch(/Simplify's (title|amount|owner|resource) needs/);
	});

	it('logs in once, reuses the stored session in later executions, and logs in again once when it expires mid-export', async () => {
		ctx.useCredential();
		// Logins are what Pronestor sees (Authenticate calls): the windows in flight that find no session run n8n's
		// preAuthentication each, and share the one login in flight (credentials/PronestorPlannerApi.credentials.ts).
		const loginsBefore = ctx.sandbox.stats.logins;
		const start = DateTime.utc().minus({ years: 2 });
		const first = await exportRange(start.toISO());
		expect(first.error).toBeUndefined();
		expect(ctx.sandbox.stats.logins - loginsBefore).toBe(1);
		const stored = ctx.harness.getCredential('pronestorPlannerApi').sessionToken as string;
		expect(stored).toMatch(/ASP\.NET_SessionId=.*\.ASPXAUTH=/);

		// A second execution reuses the stored cookie: no login.
		ctx.sandbox.resetLog();
		const second = await exportRange(start.toISO());
		expect(second.error).toBeUndefined();
		expect(ctx.sandbox.stats.logins - loginsBefore).toBe(1);
		expect(ctx.sandbox.requests(/Authenticate$/)).toHaveLength(0);

		// The session ends after two windows: the windows still in flight answer 401, n8n logs in again — once,
		// shared by all of them — and repeats each.
		ctx.sandbox.resetLog();
		ctx.sandbox.expireSessionsAfter(2);
		const third = await exportRange(start.toISO());
		expect(third.error).toBeUndefined();
		expect(third.items.map((i) => i.json.Id)).toEqual(first.items.map((i) => i.json.Id));
		expect(new Set(third.items.map((i) => i.json.Id)).size).toBe(third.items.length);
		expect(ctx.sandbox.requests(FIND).filter((c) => c.status === 401).length).toBeGreaterThanOrEqual(1);
		expect(ctx.sandbox.stats.logins - loginsBefore).toBe(2);
		expect(ctx.harness.getCredential('pronestorPlannerApi').sessionToken).not.toBe(stored);
	});

	it('waits out a 429 with Retry-After and a 503, then completes', async () => {
		ctx.sandbox.fault({ status: 503, body: { Message: 'Busy' }, match: (r) => FIND.test(r.path) });
		ctx.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { Message: 'Slow down' }, match: (r) => FIND.test(r.path) });
		const result = await exportRange('2025-03-01', '2025-04-01');
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.requests(FIND).map((c) => c.status)).toEqual([503, 429, 200]);
	}, 20_000);

	describe('bad input', () => {
		it.each([
			['a start that is not a date', 'yesterday-ish', '', /Start Lock Time: "yesterday-ish" is not a date/],
			['an empty start', '={{ "" }}', '', /Start Lock Time: is empty/],
			['an end that is not a date', '2025-01-01', '31/12/2025', /End Lock Time: "31\/12\/2025" is not a date/],
			['an end equal to the start', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', /End Lock Time: .* is not after Start Lock Time/],
			['an end before the start', '2025-02-01', '2025-01-01', /End Lock Time: .* is not after Start Lock Time/],
			['a start in the future', DateTime.utc().plus({ days: 1 }).toISO(), '', /Start Lock Time: .* is not in the past/],
		])('refuses %s with a clear error and no request', async (_label, start, end, message) => {
			const result = await exportRange(start, end);
			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toBeTruthy();
			expect(ctx.sandbox.requests(FIND)).toHaveLength(0);
		});

		it('continues with the other items when Continue On Fail is on', async () => {
			const result = await ctx.run(
				{ resource: 'lockedBooking', operation: 'export', startLockTime: '={{ $json.start }}', endLockTime: '={{ $json.end }}' },
				{ items: [{ start: 'nope', end: '' }, { start: '2025-03-01', end: '2025-03-15' }], continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.error).toMatch(/is not a date/);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			expect(result.items.slice(1).every((i) => (i.pairedItem as { item: number }).item === 1)).toBe(true);
		});

		it('reports a refused login without showing the password', async () => {
			ctx.useCredential({ password: 'Wrong-password-123' });
			const failedBefore = ctx.sandbox.stats.failedLogins;
			const result = await exportRange('2025-03-01', '2025-03-15');
			const error = result.error as NodeApiError;
			expect(error.message).toBe('Pronestor Planner answered 401');
			expect(error.description).toMatch(/check the username and password/);
			// A refused login is not mistaken for an expired session: it is tried once, not twice.
			expect(ctx.sandbox.stats.failedLogins - failedBefore).toBe(1);
			expect(ctx.sandbox.requests(FIND)).toHaveLength(0);
			expect(everything(error, result.items)).not.toContain('Wrong-password-123');
			expect(everything(error)).not.toContain(PronestorSandbox.PASSWORD);
			ctx.useCredential();
		});
	});
});
