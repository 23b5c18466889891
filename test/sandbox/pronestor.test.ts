import { DateTime } from 'luxon';
import { PronestorSandbox, createPronestorSandbox, type ApiBooking } from './pronestor';

const USER = PronestorSandbox.USERNAME;
const PASS = PronestorSandbox.PASSWORD;

interface CallOptions {
	cookie?: string | null;
	body?: unknown;
	rawBody?: string;
}

const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM-dd HH:mm:ss') + 'Z';

async function login(sb: PronestorSandbox, username = USER, password = PASS) {
	const res = await fetch(`${sb.baseUrl}/Api.mvc/v1/Authenticate`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ username, password }),
	});
	const setCookies = res.headers.getSetCookie();
	const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
	return { status: res.status, cookie, setCookies, json: await res.json() };
}

async function call(sb: PronestorSandbox, method: string, path: string, cookie: string | null, opts: CallOptions = {}) {
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (cookie) headers.Cookie = cookie;
	let body: string | undefined;
	if (opts.body !== undefined || opts.rawBody !== undefined) {
		body = opts.rawBody ?? JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(`${sb.baseUrl}/Api.mvc/v1/${path}`, { method, headers, body });
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('Pronestor Planner sandbox', () => {
	let sb: PronestorSandbox;
	let cookie: string;
	beforeEach(async () => {
		sb = createPronestorSandbox();
		await sb.start();
		cookie = (await login(sb)).cookie;
	});
	afterEach(async () => {
		await sb.stop();
	});

	describe('authentication', () => {
		it('sets two session cookies on a good login and refuses a bad one without echoing the password', async () => {
			const good = await login(sb);
			expect(good.status).toBe(200);
			expect(good.setCookies.map((c) => c.split('=')[0]).sort()).toEqual(['.ASPXAUTH', 'ASP.NET_SessionId']);
			const bad = await login(sb, USER, 'wrong-password');
			expect(bad.status).toBe(401);
			expect(bad.setCookies).toEqual([]);
			expect(JSON.stringify(bad.json)).not.toContain('wrong-password');
			expect(sb.stats).toMatchObject({ logins: 2, failedLogins: 1 });
		});

		it('answers 401 without a cookie, with a partial jar, and after the session expired', async () => {
			expect((await call(sb, 'GET', 'GetDepartments', null)).status).toBe(401);
			expect((await call(sb, 'GET', 'GetDepartments', cookie.split('; ')[0])).status).toBe(401);
			expect((await call(sb, 'GET', 'GetDepartments', cookie)).status).toBe(200);
			sb.expireSessions();
			const expired = await call(sb, 'GET', 'GetDepartments', cookie);
			expect(expired.status).toBe(401);
			expect(expired.json.Message).toMatch(/Authenticate/);
		});

		it('expires sessions after a number of calls, and by time', async () => {
			sb.expireSessionsAfter(2);
			expect((await call(sb, 'GET', 'GetDepartments', cookie)).status).toBe(200);
			expect((await call(sb, 'GET', 'GetDepartments', cookie)).status).toBe(200);
			expect((await call(sb, 'GET', 'GetDepartments', cookie)).status).toBe(401);

			let now = Date.now();
			const timed = createPronestorSandbox({ now: () => now, sessionTtlMs: 1000, lockedBookings: 0, openBookings: 0 });
			await timed.start();
			try {
				const c = (await login(timed)).cookie;
				expect((await call(timed, 'GET', 'GetDepartments', c)).status).toBe(200);
				now += 1000;
				expect((await call(timed, 'GET', 'GetDepartments', c)).status).toBe(401);
			} finally {
				await timed.stop();
			}
		});

		it('needs no cookie with AllowAuthenticationBypass', async () => {
			const open = createPronestorSandbox({ allowAuthenticationBypass: true, lockedBookings: 5, openBookings: 0 });
			await open.start();
			try {
				expect((await call(open, 'GET', 'GetDepartments', null)).status).toBe(200);
			} finally {
				await open.stop();
			}
		});
	});

	describe('FindLockedBookings', () => {
		const locked = (res: { json: ApiBooking[] }) => res.json.map((b) => b.Id);

		it('seeds locked bookings over two years, many sharing a lock time', () => {
			const all = sb.data.bookings.filter((b) => b.IsLocked);
			expect(all).toHaveLength(600);
			const times = all.map((b) => Date.parse(b.LockedTime as string));
			expect(Date.now() - Math.min(...times)).toBeGreaterThan(700 * 86_400_000);
			expect(new Set(times).size).toBeLessThan(all.length);
			expect(times.every((t) => t % 1000 === 0)).toBe(true);
		});

		it('treats the start as exclusive and the end as inclusive', async () => {
			const t = Date.parse('2025-03-01T10:00:00Z');
			const a = sb.insertLockedBooking(t);
			const b = sb.insertLockedBooking(t + 1000);
			const c = sb.insertLockedBooking(t + 2000);
			const res = await call(sb, 'GET', `FindLockedBookings?startLockTime=${encodeURIComponent(fmt(t))}&endLockTime=${encodeURIComponent(fmt(t + 1000))}`, cookie);
			expect(res.status).toBe(200);
			expect(locked(res)).toContain(b.Id);
			expect(locked(res)).not.toContain(a.Id);
			expect(locked(res)).not.toContain(c.Id);
			expect(res.json.find((x: ApiBooking) => x.Id === b.Id).Meeting.Owner.Email).toMatch(/@example.com$/);
		});

		it('returns everything up to now without an end, in lock-time order', async () => {
			const start = Date.now() - 100 * 86_400_000;
			const res = await call(sb, 'GET', `FindLockedBookings?startLockTime=${encodeURIComponent(fmt(start))}`, cookie);
			expect(res.status).toBe(200);
			const expected = sb.lockedBetween(Math.floor(start / 1000) * 1000, Date.now()).length;
			expect(res.json).toHaveLength(expected);
			const times = res.json.map((b: ApiBooking) => Date.parse(b.LockedTime as string));
			expect([...times].sort((x, y) => x - y)).toEqual(times);
		});

		it('enforces the documented rules with 400 answers', async () => {
			const now = Date.now();
			const cases: Array<[string, RegExp]> = [
				['', /mandatory/],
				[`startLockTime=${encodeURIComponent('2025-01-01T00:00:00Z')}`, /formatted like/],
				[`startLockTime=${encodeURIComponent('2025-02-30 00:00:00Z')}`, /formatted like/],
				[`startLockTime=${encodeURIComponent(fmt(now - 86_400_000))}&endLockTime=${encodeURIComponent(fmt(now + 3_600_000))}`, /future/],
				[`startLockTime=${encodeURIComponent('2025-03-01 00:00:00Z')}&endLockTime=${encodeURIComponent('2025-03-01 00:00:00Z')}`, /earlier/],
				[`startLockTime=${encodeURIComponent('2025-03-01 00:00:00Z')}&endLockTime=${encodeURIComponent('2025-09-01 00:00:01Z')}`, /6 months/],
				[`startLockTime=${encodeURIComponent(fmt(now - 200 * 86_400_000))}`, /6 months/],
			];
			for (const [query, message] of cases) {
				const res = await call(sb, 'GET', `FindLockedBookings?${query}`, cookie);
				expect({ query, status: res.status }).toEqual({ query, status: 400 });
				expect(res.json.Message).toMatch(message);
			}
			const exact = await call(sb, 'GET', `FindLockedBookings?startLockTime=${encodeURIComponent('2025-03-01 00:00:00Z')}&endLockTime=${encodeURIComponent('2025-09-01 00:00:00Z')}`, cookie);
			expect(exact.status).toBe(200);
		});
	});

	describe('bookings by resource type', () => {
		it('returns bookings of one type overlapping the period, with a meeting reference', async () => {
			const start = fmt(Date.now() - 86_400_000);
			const end = fmt(Date.now() + 15 * 86_400_000);
			const res = await call(sb, 'GET', `FindBookingsByResourceType?type=1&start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`, cookie);
			expect(res.status).toBe(200);
			expect(res.json.length).toBeGreaterThan(0);
			expect(res.json.every((b: ApiBooking) => b.ResourceType === 1 && typeof b.MeetingId === 'number')).toBe(true);
			const meeting = await call(sb, 'GET', `GetMeeting?meetingId=${res.json[0].MeetingId}`, cookie);
			expect(meeting.status).toBe(200);
			const owner = await call(sb, 'GET', `GetUser?userId=${meeting.json.OwnerId}`, cookie);
			expect(owner.json.Email).toMatch(/@example.com$/);
			expect((await call(sb, 'GET', 'GetMeeting?meetingId=1', cookie)).status).toBe(404);
			expect((await call(sb, 'GET', `FindBookingsByResourceType?type=rooms&start=${start}&end=${end}`, cookie)).status).toBe(400);
			expect((await call(sb, 'GET', `FindBookingsByResourceType?type=1&start=${end}&end=${start}`, cookie)).status).toBe(400);
		});
	});

	describe('billing accounts and departments', () => {
		it('lists accounts with deleted ones, and by department with hideDeleted', async () => {
			const all = await call(sb, 'GET', 'GetBillingAccounts', cookie);
			expect(all.json.some((a: { IsDeleted: boolean }) => a.IsDeleted)).toBe(true);
			const deps = await call(sb, 'GET', 'GetDepartments', cookie);
			expect(deps.json).toHaveLength(5);
			const dep = sb.data.billingAccounts.find((a) => a.IsDeleted)?.DepartmentId as number;
			const withDeleted = await call(sb, 'GET', `GetBillingAccountsByDepartment?departmentId=${dep}&hideDeleted=False`, cookie);
			const hidden = await call(sb, 'GET', `GetBillingAccountsByDepartment?departmentId=${dep}&hideDeleted=True`, cookie);
			expect(withDeleted.json.length).toBeGreaterThan(hidden.json.length);
			expect(hidden.json.every((a: { IsDeleted: boolean; DepartmentId: number }) => !a.IsDeleted && a.DepartmentId === dep)).toBe(true);
			expect((await call(sb, 'GET', 'GetBillingAccountsByDepartment?departmentId=99', cookie)).status).toBe(404);
		});

		it('creates, updates and deletes (idempotently) billing accounts', async () => {
			const created = await call(sb, 'POST', 'CreateBillingAccount', cookie, { body: { Name: 'Events', Code: 'CC-9000', DepartmentId: 2 } });
			expect(created.status).toBe(200);
			expect(created.json).toMatchObject({ Name: 'Events', Code: 'CC-9000', DepartmentId: 2, IsDeleted: false });
			expect((await call(sb, 'POST', 'CreateBillingAccount', cookie, { body: { Name: 'Dup', Code: 'CC-9000' } })).status).toBe(400);
			expect((await call(sb, 'POST', 'CreateBillingAccount', cookie, { body: { Code: 'CC-9001' } })).status).toBe(400);
			expect((await call(sb, 'POST', 'CreateBillingAccount', cookie, { rawBody: '{"Name":' })).status).toBe(400);

			const updated = await call(sb, 'POST', 'UpdateBillingAccount', cookie, { body: { ...created.json, Name: 'Events & Catering' } });
			expect(updated.json).toMatchObject({ Id: created.json.Id, Name: 'Events & Catering', Code: 'CC-9000' });
			expect((await call(sb, 'POST', 'UpdateBillingAccount', cookie, { body: { Id: 999, Name: 'x', Code: 'y' } })).status).toBe(404);

			const first = await call(sb, 'POST', 'DeleteBillingAccounts', cookie, { body: [created.json.Id, 1] });
			expect(first.json).toEqual({ Deleted: 2 });
			const again = await call(sb, 'POST', 'DeleteBillingAccounts', cookie, { body: [created.json.Id, 1] });
			expect(again.status).toBe(200);
			expect(again.json).toEqual({ Deleted: 0 });
			expect((await call(sb, 'POST', 'DeleteBillingAccounts', cookie, { body: { ids: [1] } })).status).toBe(400);
		});
	});

	it('can rate-limit with 429 and Retry-After', async () => {
		sb.rateLimit = { limit: 2, windowMs: 60_000 };
		expect((await call(sb, 'GET', 'GetDepartments', cookie)).status).toBe(200);
		expect((await call(sb, 'GET', 'GetDepartments', cookie)).status).toBe(200);
		const res = await fetch(`${sb.baseUrl}/Api.mvc/v1/GetDepartments`, { headers: { Cookie: cookie } });
		expect(res.status).toBe(429);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
