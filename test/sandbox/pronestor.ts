/**
 * Pronestor Planner emulator: serves `/Api.mvc/v1/<Method>` as the vendor's API guide ("API for Pronestor Planner") and
 * ../shared/reference/vendor-contracts.md §2 describe. In-memory, seeded, deterministic.
 *
 * Stated by the vendor (and enforced here):
 * - Every method needs the cookie(s) set by `Authenticate`; a missing or expired session gets 401. With
 *   `allowAuthenticationBypass` (the on-premise AppSetting) no cookie is needed.
 * - FindLockedBookings: `startLockTime` mandatory and exclusive, `endLockTime` optional and inclusive, both UTC
 *   `yyyy-MM-dd HH:mm:ssZ`; start must be earlier than end; end must not be in the future; at most 6 months
 *   per request. Everything locked in the interval comes back in one answer (no paging). Locked bookings are
 *   immutable.
 * - FindBookingsByResourceType in a period (type 1 = rooms); a booking references its meeting, the meeting
 *   its owner.
 * - GetBillingAccounts (deleted ones included), GetBillingAccountsByDepartment?departmentId&hideDeleted,
 *   CreateBillingAccount, UpdateBillingAccount, DeleteBillingAccounts (array of ids, idempotent), GetDepartments.
 *
 * Assumed where nothing public is written (the node's contract table and docs/pronestor.md list the same):
 * - `POST Authenticate` with a JSON (or form) body `{username, password}`; the answer sets two cookies,
 *   `ASP.NET_SessionId` and `.ASPXAUTH`, and both must come back. Wrong login → 401. Sessions live
 *   `sessionTtlMs` (default 20 min) from the login.
 * - Errors are `{"Message": "...", "ErrorCode": "..."}` with 400/401/404/405.
 * - ApiBooking fields: Id, MeetingId, ResourceId, ResourceName, ResourceType, ResourceTypeName, Start, End,
 *   Quantity, UnitPrice, TotalPrice, Currency, BillingAccountId, CostCenter, Status, IsLocked, LockedTime
 *   (ISO 8601 UTC, whole seconds). Locked bookings embed `Meeting` (with `Owner`) and `BillingAccount`.
 * - FindBookingsByResourceType takes `type`, `start`, `end` and returns bookings overlapping [start, end).
 * - GetMeeting?meetingId= and GetUser?userId= return one ApiMeeting / ApiUser (404 when unknown).
 * - Billing accounts: {Id, Name, Code, Description, DepartmentId, IsDeleted}; Create needs Name and Code and
 *   answers the new account; Update takes the whole account (Id required) and replaces it; Delete answers
 *   `{"Deleted": n}` counting accounts newly deleted.
 */
import { randomBytes } from 'crypto';
import { DateTime } from 'luxon';
import {
	Sandbox,
	WindowLimiter,
	q,
	seededRandom,
	type SandboxRequest,
	type SandboxResponse,
} from './framework';
import { pronestorHelpPage, variantBooking, type PronestorFieldSet } from './pronestorHelpPage';

export interface PronestorSandboxOptions {
	username?: string;
	password?: string;
	/** On-premise `AllowAuthenticationBypass=true`: no cookie needed. */
	allowAuthenticationBypass?: boolean;
	sessionTtlMs?: number;
	seed?: number;
	/** Locked bookings seeded over the two years before `now` (default 600). */
	lockedBookings?: number;
	/** Open (not locked) bookings seeded around `now` (default 60). */
	openBookings?: number;
	now?: () => number;
	/** Optional request limit per session (the vendor documents none). */
	rateLimit?: { limit: number; windowMs: number };
	/** The key style of JSON answers (see PronestorSandbox.keyCase). */
	keyCase?: KeyCase;
}

/**
 * The key style a tenant's JSON serializer writes: the guide's PascalCase (`LockedTime`), or a tenant configured
 * with camelCase (`lockedTime`, ASP.NET Core's default) or snake_case (`locked_time`). Model binding reads request
 * bodies in any case, as ASP.NET does.
 */
export type KeyCase = 'pascal' | 'camel' | 'snake';

export interface ApiUser {
	Id: number;
	Name: string;
	Email: string;
	DepartmentId: number;
	[field: string]: unknown;
}

export interface ApiMeeting {
	Id: number;
	Title: string;
	Start: string;
	End: string;
	OwnerId: number;
	NumberOfParticipants: number;
	BillingAccountId: number;
	[field: string]: unknown;
}

export interface ApiBooking {
	Id: number;
	MeetingId: number;
	ResourceId: number;
	ResourceName: string;
	ResourceType: number;
	ResourceTypeName: string;
	Start: string;
	End: string;
	Quantity: number;
	UnitPrice: number;
	TotalPrice: number;
	Currency: string;
	BillingAccountId: number;
	CostCenter: string;
	Status: string;
	IsLocked: boolean;
	LockedTime: string | null;
	[field: string]: unknown;
}

export interface ApiBillingAccount {
	Id: number;
	Name: string;
	Code: string;
	Description: string;
	DepartmentId: number | null;
	IsDeleted: boolean;
	[field: string]: unknown;
}

export interface ApiDepartment {
	Id: number;
	Name: string;
	[field: string]: unknown;
}

export interface ApiResource {
	Id: number;
	Name: string;
	ResourceType: number;
	UnitPrice: number;
}

export const DOC_RESOURCE_TYPES: Record<number, string> = {
	1: 'Room',
	2: 'Catering',
	3: 'Equipment',
	4: 'Service',
};
export const LOCK_FORMAT = 'yyyy-MM-dd HH:mm:ss';
export const MAX_MONTHS = 6;

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly code = 'Error',
	) {
		super(message);
	}
}

const COOKIE_NAMES = ['ASP.NET_SessionId', '.ASPXAUTH'];

export class PronestorSandbox extends Sandbox {
	static readonly USERNAME = 'api.user@example.com';
	static readonly PASSWORD = 'Pr0nestor-s3cret!';

	readonly data: {
		departments: ApiDepartment[];
		billingAccounts: ApiBillingAccount[];
		users: ApiUser[];
		resources: ApiResource[];
		meetings: ApiMeeting[];
		bookings: ApiBooking[];
	} = {
		departments: [],
		billingAccounts: [],
		users: [],
		resources: [],
		meetings: [],
		bookings: [],
	};
	/** Login and session counters for assertions. */
	readonly stats = { logins: 0, failedLogins: 0, unauthorized: 0 };
	username: string;
	password: string;
	allowAuthenticationBypass: boolean;
	sessionTtlMs: number;
	rateLimit?: { limit: number; windowMs: number };
	/** The ApiBooking shape the help page lists and FindLockedBookings answers ("variant": see pronestorHelpPage.ts). */
	fieldSet: PronestorFieldSet = 'assumed';

	private readonly now: () => number;
	/**
	 * Tenant variant: the server's clock runs this far ahead (+) or behind (−) the test's clock. Rules that depend
	 * on "now" (end not in the future, start in the past, 6 months up to now) use the server's clock, and every
	 * answer carries it in its Date header, as a real server's does.
	 */
	clockSkewMs = 0;
	/** Tenant variant: one FindLockedBookings answer holds at most this many bookings (the first locked), silently. */
	lockedAnswerCap?: number;
	/** Tenant variant: one GetBillingAccounts answer holds at most this many accounts (the first), silently. */
	accountsAnswerCap?: number;
	/** Tenant variant: the key style of every JSON answer (KeyCase). */
	keyCase: KeyCase;
	private readonly seed: number;
	/** Session id → its cookie values and expiry. */
	private readonly sessions = new Map<
		string,
		{ cookies: Record<string, string>; expiresAt: number }
	>();
	private readonly limiters = new Map<string, WindowLimiter>();
	private expireAfter?: number;
	private counter = { booking: 0, meeting: 0, billingAccount: 0 };

	constructor(opts: PronestorSandboxOptions = {}) {
		super('pronestor');
		this.username = opts.username ?? PronestorSandbox.USERNAME;
		this.password = opts.password ?? PronestorSandbox.PASSWORD;
		this.allowAuthenticationBypass = opts.allowAuthenticationBypass ?? false;
		this.sessionTtlMs = opts.sessionTtlMs ?? 20 * 60_000;
		this.rateLimit = opts.rateLimit;
		this.keyCase = opts.keyCase ?? 'pascal';
		this.now = opts.now ?? Date.now;
		this.seed = opts.seed ?? 7;
		this.seedDirectory();
		this.seedLockedBookings(opts.lockedBookings ?? 600);
		this.seedOpenBookings(opts.openBookings ?? 60);
		this.registerRoutes();
	}

	// ---------------------------------------------------------------- seeding
	private seedDirectory(): void {
		this.data.departments = ['Finance', 'Human Resources', 'Sales', 'IT', 'Facilities'].map(
			(Name, i) => ({ Id: i + 1, Name }),
		);
		this.data.billingAccounts = Array.from({ length: 12 }, (_, i) => ({
			Id: i + 1,
			Name: `${this.data.departments[i % 5].Name} ${i < 5 ? 'main' : `project ${i}`}`,
			Code: `CC-${1000 + i + 1}`,
			Description: i % 3 === 0 ? 'Seeded billing account' : '',
			DepartmentId: i === 11 ? null : (i % 5) + 1,
			IsDeleted: i % 6 === 5,
		}));
		this.counter.billingAccount = this.data.billingAccounts.length;
		const names = [
			'Ada Lovelace',
			'Alan Turing',
			'Grace Hopper',
			'Linus Torvalds',
			'Margaret Hamilton',
			'Ken Thompson',
			'Barbara Liskov',
			'Dennis Ritchie',
		];
		this.data.users = names.map((Name, i) => ({
			Id: 100 + i + 1,
			Name,
			Email: `${Name.split(' ')[0].toLowerCase()}@example.com`,
			DepartmentId: (i % 5) + 1,
		}));
		const rooms = ['Boardroom', 'Aurora', 'Fjord', 'Harbour', 'Loft', 'Atrium'];
		const catering = ['Coffee and tea', 'Breakfast', 'Lunch buffet', 'Fruit basket'];
		const equipment = ['Projector', 'Video conference kit', 'Flipchart'];
		this.data.resources = [
			...rooms.map((Name, i) => ({
				Id: 200 + i + 1,
				Name,
				ResourceType: 1,
				UnitPrice: 400 + i * 50,
			})),
			...catering.map((Name, i) => ({
				Id: 300 + i + 1,
				Name,
				ResourceType: 2,
				UnitPrice: 35 + i * 20,
			})),
			...equipment.map((Name, i) => ({
				Id: 400 + i + 1,
				Name,
				ResourceType: 3,
				UnitPrice: 150 + i * 25,
			})),
			{ Id: 501, Name: 'Reception service', ResourceType: 4, UnitPrice: 250 },
		];
	}

	/**
	 * Replace the locked bookings with `n` deterministic ones over the two years before now. Bookings are locked
	 * per meeting (all bookings of one meeting share one LockedTime), so many bookings share a lock time.
	 */
	seedLockedBookings(n: number): void {
		const rnd = seededRandom(this.seed);
		this.data.bookings = this.data.bookings.filter((b) => !b.IsLocked);
		const end = Math.floor((this.now() - 3_600_000) / 1000) * 1000;
		const start = DateTime.fromMillis(end, { zone: 'utc' }).minus({ years: 2 }).toMillis();
		let made = 0;
		while (made < n) {
			const lockedAt = start + Math.floor(rnd() * ((end - start) / 1000)) * 1000;
			const meeting = this.makeMeeting(rnd, lockedAt - (1 + Math.floor(rnd() * 10)) * 86_400_000);
			const count = Math.min(n - made, 1 + Math.floor(rnd() * 3));
			for (let k = 0; k < count; k++) {
				const resource = this.pickResource(rnd, k === 0 ? 1 : 1 + Math.floor(rnd() * 4));
				this.data.bookings.push(this.makeBooking(meeting, resource, rnd, lockedAt));
				made++;
			}
		}
	}

	private seedOpenBookings(n: number): void {
		const rnd = seededRandom(this.seed + 1);
		const day0 = DateTime.fromMillis(this.now(), { zone: 'utc' }).startOf('day').toMillis();
		let made = 0;
		while (made < n) {
			const meeting = this.makeMeeting(rnd, day0 + Math.floor(rnd() * 14) * 86_400_000);
			const count = Math.min(n - made, 1 + Math.floor(rnd() * 3));
			for (let k = 0; k < count; k++) {
				const resource = this.pickResource(rnd, k === 0 ? 1 : 1 + Math.floor(rnd() * 4));
				this.data.bookings.push(this.makeBooking(meeting, resource, rnd, null));
				made++;
			}
		}
	}

	private pickResource(rnd: () => number, type: number): ApiResource {
		const list = this.data.resources.filter((r) => r.ResourceType === type);
		return list[Math.floor(rnd() * list.length)];
	}

	private makeMeeting(rnd: () => number, dayMs: number): ApiMeeting {
		const startMs = DateTime.fromMillis(dayMs, { zone: 'utc' })
			.startOf('day')
			.plus({ hours: 7 + Math.floor(rnd() * 9) })
			.toMillis();
		const owner = this.data.users[Math.floor(rnd() * this.data.users.length)];
		const live = this.data.billingAccounts.filter((a) => !a.IsDeleted);
		const meeting: ApiMeeting = {
			Id: 5000 + ++this.counter.meeting,
			Title: [
				'Budget review',
				'Customer visit',
				'Team offsite',
				'Board meeting',
				'Interview',
				'Training',
			][Math.floor(rnd() * 6)],
			Start: iso(startMs),
			End: iso(startMs + (1 + Math.floor(rnd() * 3)) * 3_600_000),
			OwnerId: owner.Id,
			NumberOfParticipants: 2 + Math.floor(rnd() * 12),
			BillingAccountId: live[Math.floor(rnd() * live.length)].Id,
		};
		this.data.meetings.push(meeting);
		return meeting;
	}

	private makeBooking(
		meeting: ApiMeeting,
		resource: ApiResource,
		rnd: () => number,
		lockedAt: number | null,
	): ApiBooking {
		const quantity =
			resource.ResourceType === 2
				? meeting.NumberOfParticipants
				: 1 + (resource.ResourceType === 3 ? Math.floor(rnd() * 2) : 0);
		const account = this.data.billingAccounts.find(
			(a) => a.Id === meeting.BillingAccountId,
		) as ApiBillingAccount;
		return {
			Id: 10_000 + ++this.counter.booking,
			MeetingId: meeting.Id,
			ResourceId: resource.Id,
			ResourceName: resource.Name,
			ResourceType: resource.ResourceType,
			ResourceTypeName: DOC_RESOURCE_TYPES[resource.ResourceType],
			Start: meeting.Start,
			End: meeting.End,
			Quantity: quantity,
			UnitPrice: resource.UnitPrice,
			TotalPrice: Math.round(quantity * resource.UnitPrice * 100) / 100,
			Currency: 'DKK',
			BillingAccountId: account.Id,
			CostCenter: account.Code,
			Status: 'Confirmed',
			IsLocked: lockedAt !== null,
			LockedTime: lockedAt === null ? null : iso(lockedAt),
		};
	}

	/** Add a locked booking with an exact lock time (ISO or epoch ms, whole seconds) for boundary tests. */
	insertLockedBooking(lockedTime: string | number, fields: Partial<ApiBooking> = {}): ApiBooking {
		const at = typeof lockedTime === 'number' ? lockedTime : Date.parse(lockedTime);
		if (!Number.isFinite(at) || at % 1000 !== 0)
			throw new Error(`Lock times are whole seconds (got ${String(lockedTime)})`);
		const rnd = seededRandom(this.counter.booking + 1);
		const meeting = this.makeMeeting(rnd, at - 86_400_000);
		const booking = { ...this.makeBooking(meeting, this.pickResource(rnd, 1), rnd, at), ...fields };
		this.data.bookings.push(booking);
		return booking;
	}

	/**
	 * Add an open (not locked) booking of resource type `type` (1 = rooms) starting at `startMs` (whole seconds),
	 * with its own meeting, for the "new or changed booking" trigger. Change it in place (`data.bookings`) to make a
	 * new version; remove it from `data.bookings` to cancel it.
	 */
	insertOpenBooking(startMs: number, opts: { type?: number; hours?: number } = {}): ApiBooking {
		const rnd = seededRandom(this.counter.booking + 11);
		const meeting = this.makeMeeting(rnd, startMs);
		meeting.Start = iso(Math.floor(startMs / 1000) * 1000);
		meeting.End = iso(Math.floor(startMs / 1000) * 1000 + (opts.hours ?? 1) * 3_600_000);
		const booking = this.makeBooking(meeting, this.pickResource(rnd, opts.type ?? 1), rnd, null);
		this.data.bookings.push(booking);
		return booking;
	}

	/** Locked bookings with `after < LockedTime <= upTo` (the documented FindLockedBookings semantics). */
	lockedBetween(after: number, upTo: number): ApiBooking[] {
		return this.data.bookings.filter(
			(b) =>
				b.IsLocked &&
				b.LockedTime !== null &&
				Date.parse(b.LockedTime) > after &&
				Date.parse(b.LockedTime) <= upTo,
		);
	}

	// ---------------------------------------------------------------- sessions
	/** Ends every session now (the next request with an old cookie gets 401). */
	expireSessions(): void {
		this.sessions.clear();
	}

	/** Ends every session after `n` more successful authenticated calls. */
	expireSessionsAfter(n: number): void {
		this.expireAfter = n;
	}

	get activeSessions(): number {
		const t = this.now();
		return [...this.sessions.values()].filter((s) => s.expiresAt > t).length;
	}

	private login(req: SandboxRequest): SandboxResponse {
		const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<
			string,
			unknown
		>;
		const user = body.username ?? body.userName ?? body.UserName;
		const pass = body.password ?? body.Password;
		if (user !== this.username || pass !== this.password) {
			this.stats.failedLogins++;
			return {
				status: 401,
				body: {
					Message: 'Authentication failed: wrong username or password',
					ErrorCode: 'AuthenticationFailed',
				},
			};
		}
		this.stats.logins++;
		const cookies = Object.fromEntries(
			COOKIE_NAMES.map((name) => [name, randomBytes(12).toString('hex')]),
		);
		const id = cookies[COOKIE_NAMES[0]];
		this.sessions.set(id, { cookies, expiresAt: this.now() + this.sessionTtlMs });
		return {
			headers: {
				'Set-Cookie': COOKIE_NAMES.map((name) => `${name}=${cookies[name]}; path=/; HttpOnly`),
			},
			body: { Success: true, UserName: this.username },
		};
	}

	/** The session the request's cookies belong to, or undefined (missing, unknown, partial or expired). */
	private session(req: SandboxRequest): string | undefined {
		const jar: Record<string, string> = {};
		for (const part of String(req.headers.cookie ?? '').split(';')) {
			const eq = part.indexOf('=');
			if (eq > 0) jar[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
		}
		const id = jar[COOKIE_NAMES[0]];
		const session = id ? this.sessions.get(id) : undefined;
		if (!session || session.expiresAt <= this.now()) return undefined;
		if (!COOKIE_NAMES.every((name) => jar[name] === session.cookies[name])) return undefined;
		return id;
	}

	// ---------------------------------------------------------------- routing
	/** The server's own clock (see clockSkewMs). */
	serverNow(): number {
		return this.now() + this.clockSkewMs;
	}

	/** Adds the server's clock as the Date header (HTTP date, whole seconds); JSON keys in the tenant's style. */
	private dated(res: SandboxResponse): SandboxResponse {
		const styled =
			this.keyCase === 'pascal' || typeof res.body !== 'object' || res.body === null
				? res
				: { ...res, body: restyle(res.body, this.keyCase) };
		return {
			...styled,
			headers: { ...(res.headers ?? {}), Date: new Date(this.serverNow()).toUTCString() },
		};
	}

	private registerRoutes(): void {
		this.route('POST', '/Api.mvc/v1/Authenticate', (req) => this.dated(this.login(req)));
		const on = (method: string, name: string, fn: (req: SandboxRequest) => SandboxResponse) =>
			this.route(method, `/Api.mvc/v1/${name}`, (req) => this.dated(this.guard(req, fn)));
		on('GET', 'FindLockedBookings', (req) => ({ body: this.findLocked(req) }));
		on('GET', 'FindBookingsByResourceType', (req) => ({ body: this.findByType(req) }));
		on('GET', 'GetMeeting', (req) => ({
			body: byId(this.data.meetings, intParam(req, 'meetingId'), 'Meeting'),
		}));
		on('GET', 'GetUser', (req) => ({
			body: byId(this.data.users, intParam(req, 'userId'), 'User'),
		}));
		on('GET', 'GetDepartments', () => ({ body: this.data.departments }));
		on('GET', 'GetBillingAccounts', () => ({
			body: this.accountsView(
				this.data.billingAccounts.slice(0, this.accountsAnswerCap ?? Infinity),
			),
		}));
		on('GET', 'GetBillingAccountsByDepartment', (req) => {
			const departmentId = intParam(req, 'departmentId');
			byId(this.data.departments, departmentId, 'Department');
			const hide = boolParam(req, 'hideDeleted');
			return {
				body: this.accountsView(
					this.data.billingAccounts.filter(
						(a) => a.DepartmentId === departmentId && !(hide && a.IsDeleted),
					),
				),
			};
		});
		on('POST', 'CreateBillingAccount', (req) => ({
			body: this.accountView(this.createAccount(this.variantInput(req))),
		}));
		on('POST', 'UpdateBillingAccount', (req) => ({
			body: this.accountView(this.updateAccount(this.variantInput(req))),
		}));
		on('POST', 'DeleteBillingAccounts', (req) => ({ body: this.deleteAccounts(req) }));
		this.route('GET', '/api.mvc', () =>
			this.dated({
				headers: { 'Content-Type': 'text/html; charset=utf-8' },
				body: pronestorHelpPage(this.fieldSet),
			}),
		);
	}

	/** Billing accounts as listed: the variant tenant calls Code CostCenter. */
	private accountsView(accounts: ApiBillingAccount[]): Array<Record<string, unknown>> {
		if (this.fieldSet !== 'variant') return accounts;
		return accounts.map(({ Code, ...rest }) => ({ ...rest, CostCenter: Code }));
	}

	private guard(
		req: SandboxRequest,
		fn: (req: SandboxRequest) => SandboxResponse,
	): SandboxResponse {
		let sessionId = 'bypass';
		if (!this.allowAuthenticationBypass) {
			const id = this.session(req);
			if (!id) {
				this.stats.unauthorized++;
				return {
					status: 401,
					body: {
						Message: 'Authentication required: call Authenticate and send its cookie',
						ErrorCode: 'NotAuthenticated',
					},
				};
			}
			sessionId = id;
		}
		if (this.rateLimit) {
			let limiter = this.limiters.get(sessionId);
			if (!limiter)
				this.limiters.set(
					sessionId,
					(limiter = new WindowLimiter(this.rateLimit.limit, this.rateLimit.windowMs, this.now)),
				);
			const taken = limiter.take();
			if (!taken.ok)
				return {
					status: 429,
					headers: { 'Retry-After': String(taken.retryAfterSeconds) },
					body: { Message: 'Too many requests', ErrorCode: 'TooManyRequests' },
				};
		}
		if (this.keyCase !== 'pascal' && req.body && typeof req.body === 'object')
			req = { ...req, body: restyle(req.body, 'pascal') };
		if (req.bodyError)
			return {
				status: 400,
				body: { Message: `Malformed JSON body: ${req.bodyError}`, ErrorCode: 'InvalidRequest' },
			};
		try {
			const res = fn(req);
			if (this.expireAfter !== undefined && --this.expireAfter <= 0) {
				this.expireAfter = undefined;
				this.expireSessions();
			}
			return res;
		} catch (error) {
			if (error instanceof HttpError)
				return { status: error.status, body: { Message: error.message, ErrorCode: error.code } };
			throw error;
		}
	}

	// ---------------------------------------------------------------- bookings
	private findLocked(req: SandboxRequest): Array<Record<string, unknown>> {
		const rawStart = q(req.query, 'startLockTime');
		const rawEnd = q(req.query, 'endLockTime');
		if (rawStart === undefined || rawStart === '')
			throw new HttpError(400, 'startLockTime is mandatory', 'InvalidParameter');
		const start = lockTime(rawStart, 'startLockTime');
		const now = this.serverNow();
		const end = rawEnd === undefined || rawEnd === '' ? undefined : lockTime(rawEnd, 'endLockTime');
		if (end !== undefined && end.toMillis() > now)
			throw new HttpError(
				400,
				'endLockTime must not be in the future; omit it to get everything up to now',
				'InvalidParameter',
			);
		const upTo = end ?? DateTime.fromMillis(now, { zone: 'utc' });
		if (end !== undefined && start >= end)
			throw new HttpError(
				400,
				'startLockTime must be earlier than endLockTime',
				'InvalidParameter',
			);
		if (end === undefined && start.toMillis() >= now)
			throw new HttpError(400, 'startLockTime must be in the past', 'InvalidParameter');
		if (upTo > start.plus({ months: MAX_MONTHS }))
			throw new HttpError(
				400,
				`You cannot request more than ${MAX_MONTHS} months of data in one request`,
				'IntervalTooLong',
			);
		// Look-ups by id and lock times parsed once: a 50,000-booking tenant must not make the emulator, rather
		// than the client, the slow part of a benchmark.
		const index = {
			meetings: new Map(this.data.meetings.map((m) => [m.Id, m])),
			users: new Map(this.data.users.map((u) => [u.Id, u])),
			accounts: new Map(this.data.billingAccounts.map((a) => [a.Id, a])),
		};
		return this.lockedBetween(start.toMillis(), upTo.toMillis())
			.map((b) => ({ b, at: Date.parse(b.LockedTime as string) }))
			.sort((x, y) => x.at - y.at || x.b.Id - y.b.Id)
			.slice(0, this.lockedAnswerCap ?? Infinity)
			.map(({ b }) =>
				this.fieldSet === 'variant'
					? variantBooking(this.lockedView(b, index))
					: this.lockedView(b, index),
			);
	}

	private lockedView(
		booking: ApiBooking,
		index?: {
			meetings: Map<number, ApiMeeting>;
			users: Map<number, ApiUser>;
			accounts: Map<number, ApiBillingAccount>;
		},
	): Record<string, unknown> {
		const meeting = (index?.meetings.get(booking.MeetingId) ??
			this.data.meetings.find((m) => m.Id === booking.MeetingId)) as ApiMeeting;
		const owner =
			index?.users.get(meeting.OwnerId) ?? this.data.users.find((u) => u.Id === meeting.OwnerId);
		const account =
			index?.accounts.get(booking.BillingAccountId) ??
			this.data.billingAccounts.find((a) => a.Id === booking.BillingAccountId);
		return {
			...booking,
			Meeting: { ...meeting, Owner: owner ?? null },
			BillingAccount: account
				? {
						Id: account.Id,
						Name: account.Name,
						Code: account.Code,
						DepartmentId: account.DepartmentId,
					}
				: null,
		};
	}

	private findByType(req: SandboxRequest): ApiBooking[] {
		const type = intParam(req, 'type');
		const start = anyTime(q(req.query, 'start'), 'start');
		const end = anyTime(q(req.query, 'end'), 'end');
		if (end <= start) throw new HttpError(400, 'end must be later than start', 'InvalidParameter');
		return this.data.bookings
			.filter(
				(b) => b.ResourceType === type && Date.parse(b.Start) < end && Date.parse(b.End) > start,
			)
			.sort((a, b) => Date.parse(a.Start) - Date.parse(b.Start) || a.Id - b.Id);
	}

	// ---------------------------------------------------------------- billing accounts
	private accountBody(req: SandboxRequest): Record<string, unknown> {
		if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
			throw new HttpError(400, 'The body must be a billing account object', 'InvalidRequest');
		return req.body as Record<string, unknown>;
	}

	/**
	 * The variant tenant knows the cost centre as `CostCenter`: a `Code` sent to it is an unknown property and
	 * ignored (the account is stored without a cost centre), as ASP.NET model binding does.
	 */
	private variantInput(req: SandboxRequest): SandboxRequest {
		if (this.fieldSet !== 'variant' || !req.body || typeof req.body !== 'object') return req;
		const { Code: _ignored, CostCenter, ...rest } = req.body as Record<string, unknown>;
		const body = { ...rest, Code: typeof CostCenter === 'string' ? CostCenter : '' };
		this.lenientBodies.add(body);
		return { ...req, body };
	}

	/** Bodies of the variant tenant, which does not require a cost centre. */
	private readonly lenientBodies = new WeakSet<object>();

	private accountView(account: ApiBillingAccount): Record<string, unknown> {
		return this.accountsView([account])[0];
	}

	private checkAccount(body: Record<string, unknown>, selfId?: number): void {
		// The variant tenant does not require a cost centre (it never sees the Code the node sends).
		for (const key of this.lenientBodies.has(body) ? ['Name'] : ['Name', 'Code']) {
			if (typeof body[key] !== 'string' || (body[key] as string).trim() === '')
				throw new HttpError(400, `${key} is required`, 'InvalidParameter');
		}
		if (body.DepartmentId !== undefined && body.DepartmentId !== null) {
			if (!this.data.departments.some((d) => d.Id === body.DepartmentId))
				throw new HttpError(
					400,
					`Unknown DepartmentId ${JSON.stringify(body.DepartmentId)}`,
					'InvalidParameter',
				);
		}
		if (
			body.Code !== '' &&
			this.data.billingAccounts.some((a) => a.Id !== selfId && !a.IsDeleted && a.Code === body.Code)
		)
			throw new HttpError(
				400,
				`A billing account with Code ${String(body.Code)} already exists`,
				'DuplicateCode',
			);
	}

	private createAccount(req: SandboxRequest): ApiBillingAccount {
		const body = this.accountBody(req);
		this.checkAccount(body);
		const account: ApiBillingAccount = {
			...body,
			Id: ++this.counter.billingAccount,
			Name: String(body.Name),
			Code: String(body.Code),
			Description: typeof body.Description === 'string' ? body.Description : '',
			DepartmentId: (body.DepartmentId as number | undefined) ?? null,
			IsDeleted: false,
		};
		this.data.billingAccounts.push(account);
		return account;
	}

	private updateAccount(req: SandboxRequest): ApiBillingAccount {
		const body = this.accountBody(req);
		if (typeof body.Id !== 'number') throw new HttpError(400, 'Id is required', 'InvalidParameter');
		const index = this.data.billingAccounts.findIndex((a) => a.Id === body.Id);
		if (index < 0) throw new HttpError(404, `Billing account ${body.Id} not found`, 'NotFound');
		this.checkAccount(body, body.Id);
		const current = this.data.billingAccounts[index];
		const next: ApiBillingAccount = {
			...body,
			Id: current.Id,
			Name: String(body.Name),
			Code: String(body.Code),
			Description: typeof body.Description === 'string' ? body.Description : '',
			DepartmentId: (body.DepartmentId as number | undefined) ?? null,
			IsDeleted: typeof body.IsDeleted === 'boolean' ? body.IsDeleted : current.IsDeleted,
		};
		this.data.billingAccounts[index] = next;
		return next;
	}

	private deleteAccounts(req: SandboxRequest): { Deleted: number } {
		const ids = req.body;
		if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'number' || !Number.isInteger(id)))
			throw new HttpError(
				400,
				'The body must be an array of billing account ids, like [1, 2]',
				'InvalidRequest',
			);
		let deleted = 0;
		for (const account of this.data.billingAccounts) {
			if (ids.includes(account.Id) && !account.IsDeleted) {
				account.IsDeleted = true;
				deleted++;
			}
		}
		return { Deleted: deleted };
	}
}

export function createPronestorSandbox(opts?: PronestorSandboxOptions): PronestorSandbox {
	return new PronestorSandbox(opts);
}

// ---------------------------------------------------------------- helpers
/** A key in a key style: from PascalCase (answers) or from any style back to PascalCase (request bodies). */
function styleKey(key: string, style: KeyCase): string {
	if (style === 'camel') return key.charAt(0).toLowerCase() + key.slice(1);
	if (style === 'snake') return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
	return key
		.split('_')
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1))
		.join('');
}

/** Every key of a JSON value, at every depth, in a key style. */
export function restyle(value: unknown, style: KeyCase): unknown {
	if (Array.isArray(value)) return value.map((v) => restyle(v, style));
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([k, v]) => [
			styleKey(k, style),
			restyle(v, style),
		]),
	);
}

/** Whole-second ISO 8601 UTC, e.g. 2021-11-03T10:51:00Z. */
export function iso(ms: number): string {
	return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The documented lock-time format `yyyy-MM-dd HH:mm:ssZ` (UTC), and nothing else. */
function lockTime(value: string, name: string): DateTime {
	const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})Z$/.exec(value);
	const parsed = m ? DateTime.fromFormat(m[1], LOCK_FORMAT, { zone: 'utc' }) : undefined;
	if (!parsed || !parsed.isValid)
		throw new HttpError(
			400,
			`${name} must be a UTC time formatted like 2021-12-01 00:00:00Z (got ${JSON.stringify(value)})`,
			'InvalidParameter',
		);
	return parsed;
}

/** Period parameters: the lock-time format or ISO 8601. */
function anyTime(value: string | undefined, name: string): number {
	if (value === undefined || value === '')
		throw new HttpError(400, `${name} is mandatory`, 'InvalidParameter');
	const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/.test(value)
		? value.replace(' ', 'T')
		: value;
	const t = Date.parse(text);
	if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value))
		throw new HttpError(
			400,
			`${name} must be a date like 2021-12-01 00:00:00Z (got ${JSON.stringify(value)})`,
			'InvalidParameter',
		);
	return t;
}

function intParam(req: SandboxRequest, name: string): number {
	const value = q(req.query, name);
	if (value === undefined || !/^-?\d+$/.test(value))
		throw new HttpError(
			400,
			`${name} must be a whole number (got ${JSON.stringify(value ?? null)})`,
			'InvalidParameter',
		);
	return Number(value);
}

function boolParam(req: SandboxRequest, name: string): boolean {
	const value = q(req.query, name);
	if (value === undefined) return false;
	if (/^true$/i.test(value)) return true;
	if (/^false$/i.test(value)) return false;
	throw new HttpError(400, `${name} must be True or False`, 'InvalidParameter');
}

function byId<T extends { Id: number }>(list: T[], id: number, label: string): T {
	const found = list.find((r) => r.Id === id);
	if (!found) throw new HttpError(404, `${label} ${id} not found`, 'NotFound');
	return found;
}
