import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { fieldValue } from '../shared/fieldReader';
import { expectList } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import {
	CREDENTIAL_TEST_METHOD,
	LOGIN,
	methodPath,
	NO_SESSION,
	pronestorBaseUrl,
	SITE,
} from './baseUrl';

export { methodPath, NO_SESSION, pronestorBaseUrl };

/**
 * Pronestor Planner's contract: every method, parameter and field this package relies on. The vendor's API
 * guide ("API for Pronestor Planner") states the method names marked "stated"; everything marked "assumed" has no public text
 * and is listed in docs/pronestor.md — when a tenant's /api.mvc page says otherwise, the fix is one line here.
 */
export const PATHS = {
	/** See baseUrl.ts (what the credential imports). */
	apiRoot: SITE.apiRoot,
	cloudBaseUrl: SITE.cloudBaseUrl,
	authenticate: LOGIN.method,
	/** stated: GET, startLockTime (exclusive, required), endLockTime (inclusive, optional), at most 6 months. */
	findLockedBookings: 'FindLockedBookings',
	/**
	 * stated: the method and type=1 for rooms. assumed: GET with `type`, `start`, `end`, bookings overlapping the
	 * period, and no field that changes while the booking does not (the trigger's New or Changed Booking event
	 * hashes each answer record). Used by Booking → Get Many and that trigger event.
	 */
	findBookingsByResourceType: 'FindBookingsByResourceType',
	/** assumed: GET GetMeeting?meetingId= → ApiMeeting. */
	getMeeting: 'GetMeeting',
	/** assumed: GET GetUser?userId= → ApiUser. */
	getUser: 'GetUser',
	/** stated: GET, includes deleted accounts. */
	getBillingAccounts: 'GetBillingAccounts',
	/** stated: GET ?departmentId=2&hideDeleted=False. */
	getBillingAccountsByDepartment: 'GetBillingAccountsByDepartment',
	/** stated: POST. assumed: the body is the account object. */
	createBillingAccount: 'CreateBillingAccount',
	/** stated: POST. assumed: the body is the whole account object, with Id. */
	updateBillingAccount: 'UpdateBillingAccount',
	/** stated: POST with an array of ids; idempotent. */
	deleteBillingAccounts: 'DeleteBillingAccounts',
	/** stated: GET (also the credential test, see baseUrl.ts). */
	getDepartments: CREDENTIAL_TEST_METHOD,
} as const;

/** Query parameter names. */
export const PARAMS = {
	startLockTime: 'startLockTime', // stated
	endLockTime: 'endLockTime', // stated
	resourceType: 'type', // stated ("type=1")
	periodStart: 'start', // assumed
	periodEnd: 'end', // assumed
	meetingId: 'meetingId', // assumed
	userId: 'userId', // assumed
	departmentId: 'departmentId', // stated
	hideDeleted: 'hideDeleted', // stated ("hideDeleted=False")
	loginUser: LOGIN.user,
	loginPassword: LOGIN.password,
} as const;

/** Field names of ApiBooking, ApiMeeting, ApiUser and billing accounts (all assumed except LockedTime's meaning). */
export const FIELDS = {
	booking: {
		id: 'Id',
		lockedTime: 'LockedTime',
		meetingId: 'MeetingId',
		meeting: 'Meeting',
		resourceId: 'ResourceId',
		resourceName: 'ResourceName',
		resourceTypeName: 'ResourceTypeName',
		start: 'Start',
		end: 'End',
		status: 'Status',
		totalPrice: 'TotalPrice',
		currency: 'Currency',
		costCenter: 'CostCenter',
		billingAccount: 'BillingAccount',
	},
	meeting: { id: 'Id', title: 'Title', ownerId: 'OwnerId', owner: 'Owner' },
	user: { id: 'Id', name: 'Name', email: 'Email' },
	account: {
		id: 'Id',
		name: 'Name',
		code: 'Code',
		description: 'Description',
		departmentId: 'DepartmentId',
		deleted: 'IsDeleted',
	},
	department: { id: 'Id', name: 'Name' },
	/** assumed error body: {"Message": "...", "ErrorCode": "..."} (ASP.NET style; "message"/"error" also read). */
	errorMessage: 'Message',
	errorCode: 'ErrorCode',
} as const;

/**
 * Every name a tenant may give what Simplify reads, per normalized key, read in this order: the assumed name first
 * (FIELDS above), then the names of a tenant seen with `Price` + `Currency`, a nested `Resource {Id, Name, Type}`,
 * `BillingAccount.CostCenter` and `Meeting.Subject`. A dotted name reads a nested object. A key none of whose names
 * the record carries is listed in `normalized.unmapped`.
 */
export const BOOKING_ALIASES = {
	title: ['Meeting.Title', 'Meeting.Subject', 'Title', 'Subject'],
	start: ['Start', 'StartTime'],
	end: ['End', 'EndTime'],
	status: ['Status'],
	resourceId: ['ResourceId', 'Resource.Id'],
	resourceName: ['ResourceName', 'Resource.Name'],
	resourceType: ['ResourceTypeName', 'Resource.TypeName', 'Resource.Type'],
	owner: ['Meeting.Owner', 'Owner'],
	ownerId: ['Meeting.OwnerId', 'OwnerId'],
	amount: ['TotalPrice', 'Price', 'Amount'],
	currency: ['Currency', 'CurrencyCode'],
	costCenter: ['CostCenter', 'BillingAccount.CostCenter', 'BillingAccount.Code'],
	lockedAt: ['LockedTime'],
} as const;

/** stated: lock times are UTC, formatted like 2021-12-01 00:00:00Z. */
export const LOCK_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss'Z'";
/** stated: at most 6 months per FindLockedBookings request (read as calendar months, like .NET AddMonths). */
export const MAX_WINDOW = { months: 6 } as const;
/**
 * Resource type numbers of FindBookingsByResourceType. stated: 1 = rooms ("using type=1, which will be the booking
 * of rooms"). assumed: 2-4 (no public text; the emulator uses them) — the dropdown says so in each option.
 */
export const RESOURCE_TYPES = [
	{
		name: 'Rooms (1)',
		value: 1,
		description: "Type 1: rooms, as Pronestor's API guide states",
	},
	{
		name: 'Catering (2, Assumed)',
		value: 2,
		description:
			"Type 2 is assumed (the API guide names only 1 = rooms): check your site's /api.mvc page",
	},
	{
		name: 'Equipment (3, Assumed)',
		value: 3,
		description:
			"Type 3 is assumed (the API guide names only 1 = rooms): check your site's /api.mvc page",
	},
	{
		name: 'Services (4, Assumed)',
		value: 4,
		description:
			"Type 4 is assumed (the API guide names only 1 = rooms): check your site's /api.mvc page",
	},
];
/** No rate limit is documented: at most this many requests in flight for look-ups (meetings, owners). */
export const CONCURRENCY = 4;

export const pronestorClient: VendorClient = {
	vendor: 'Pronestor Planner',
	credentialType: 'pronestorPlannerApi',
	baseUrl: pronestorBaseUrl,
	secretFields: ['password', 'sessionToken'],
	sessionFields: ['sessionToken'],
	headers: { Accept: 'application/json' },
	errorDetails(failure) {
		const body =
			failure.body && typeof failure.body === 'object' ? (failure.body as IDataObject) : {};
		const pick = (...keys: string[]) =>
			keys
				.map((k) => fieldValue(body, k))
				.find((v) => typeof v === 'string' || typeof v === 'number') as string | number | undefined;
		const message = pick(FIELDS.errorMessage, 'message', 'error', 'ExceptionMessage');
		const code = pick(FIELDS.errorCode, 'code');
		let hint: string | undefined;
		if (failure.status === 400 && /6 months|more than/i.test(String(message ?? ''))) {
			hint =
				'Pronestor Planner answers at most 6 months of locked bookings per request. The node splits longer ranges itself; if you used Custom API Call, narrow the range.';
		} else if (failure.status === 401) {
			hint =
				'Pronestor Planner did not accept the login or the session. Open the Pronestor Planner credential, check the username and password (or the authentication mode for on-premise sites), and test it.';
		}
		if (message === undefined && code === undefined && hint === undefined) return undefined;
		return { message: message === undefined ? undefined : String(message), code, hint };
	},
};

/** One request to a Pronestor Planner method through the credential's session. */
export async function pronestorRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, pronestorClient, request);
}

/** A UTC time in the documented lock-time format (whole seconds; 2021-12-01 00:00:00Z). */
export function formatLockTime(value: DateTime): string {
	return value.toUTC().toFormat(LOCK_TIME_FORMAT);
}

/**
 * Reads a date as Pronestor may send it: ISO 8601, "yyyy-MM-dd HH:mm:ssZ", or ASP.NET's "/Date(1635936660000)/".
 * Zone-less values are UTC (the API works in UTC). Returns undefined when unreadable.
 */
export function parseVendorDate(value: unknown): DateTime | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
	if (ms) return DateTime.fromMillis(Number(ms[1]), { zone: 'utc' });
	const dt = DateTime.fromISO(text.replace(' ', 'T'), { zone: 'utc' });
	return dt.isValid ? dt.toUTC() : undefined;
}

const PLAIN_UTC = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)Z?$/;

/**
 * Epoch milliseconds of a vendor date, exactly as parseVendorDate reads it (NaN when unreadable), without luxon for
 * the usual UTC forms (`2021-11-03T10:51:00Z`, `2021-11-03 10:51:00Z`, zone-less): sorting a large export parses
 * every lock time, and luxon's parser was most of that CPU. Date.parse accepts days luxon refuses (Feb 30), so a
 * value whose round trip differs goes to luxon, as does every other form.
 */
export function vendorMs(value: unknown): number {
	if (typeof value === 'string') {
		const m = PLAIN_UTC.exec(value);
		if (m) {
			const iso = `${m[1]}T${m[2]}Z`;
			const ms = Date.parse(iso);
			if (!Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === iso.slice(0, 19))
				return ms;
		}
	}
	const dt = parseVendorDate(value);
	return dt ? dt.toMillis() : NaN;
}

/** ISO 8601 with offset for a vendor date, or null. */
export function vendorIso(value: unknown): string | null {
	const dt = parseVendorDate(value);
	return dt ? (dt.toISO({ suppressMilliseconds: true }) as string) : null;
}

/** Where the contract line of Pronestor's list answers is written (errors name it). */
export const LIST_ANSWER_LINE =
	'a bare list, or the records under any name';

/**
 * A list answer (maybe empty), checked: the documented bare list, or the records under another name (the shared
 * envelope reader); anything else is an error naming LIST_ANSWER_LINE, never an empty list (see expectList).
 */
export function listAnswer(
	ctx: RequestContext,
	answer: unknown,
	what: string,
	itemIndex?: number,
): IDataObject[] {
	return expectList(ctx, pronestorClient.vendor, answer, what, itemIndex, LIST_ANSWER_LINE);
}
