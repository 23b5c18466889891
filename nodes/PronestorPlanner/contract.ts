import type { AliasTable } from '../shared/contractCheck';
import type { RequiredField } from '../shared/fieldReader';

/**
 * Pronestor Planner's contract: every method, parameter and field this package relies on. The vendor's API
 * guide ("API for Pronestor Planner") states the method names marked "stated"; everything marked "assumed" has no
 * public text and is listed in docs/pronestor.md — when a tenant's /api.mvc page says otherwise, the fix is one line
 * here.
 */

/** The vendor's name in messages. */
export const VENDOR = 'Pronestor Planner';

/**
 * What the credential needs (through baseUrl.ts, and nothing else of the transport): where a site's API lives and
 * how to log in.
 */
export const SITE = {
	/** stated: methods live at https://<tenant>.pronestor.com/Api.mvc/v1/<Method>. */
	apiRoot: '/Api.mvc/v1',
	/** stated: cloud sites are https://<tenant>.pronestor.com. */
	cloudBaseUrl: (tenant: string) => `https://${tenant}.pronestor.com`,
} as const;

export const LOGIN = {
	/**
	 * stated: the method name. assumed: POST with a JSON body {username, password}; the answer sets the session
	 * cookie(s).
	 */
	method: 'Authenticate',
	user: 'username', // assumed (Authenticate body)
	password: 'password', // assumed (Authenticate body)
} as const;

/** stated: GET. The credential test reads the departments with a fresh session. */
export const CREDENTIAL_TEST_METHOD = 'GetDepartments';

export const PATHS = {
	/** See SITE and LOGIN above (what the credential imports, through baseUrl.ts). */
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
	/** stated: GET (also the credential test, see CREDENTIAL_TEST_METHOD). */
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

/** Where the contract line of Pronestor's list answers is written (errors name it). */
export const LIST_ANSWER_LINE = 'a bare list, or the records under any name';

/**
 * The fields features depend on (trigger keys and cursors, Hide Deleted, finding an account by ID), read by the
 * shared field reader (any case or word style): when no record of an answer carries one, the feature fails naming
 * it (requireField).
 */
export const REQUIRED: Record<
	'bookingId' | 'lockedTime' | 'accountId' | 'accountDeleted',
	(feature: string) => RequiredField
> = {
	bookingId: (feature) => ({
		vendor: VENDOR,
		feature,
		field: 'the booking ID',
		names: FIELDS.booking.id,
		line: 'FIELDS.booking.id',
		needValue: true,
	}),
	lockedTime: (feature) => ({
		vendor: VENDOR,
		feature,
		field: 'the lock time',
		names: FIELDS.booking.lockedTime,
		line: 'FIELDS.booking.lockedTime',
		needValue: true,
	}),
	accountId: (feature) => ({
		vendor: VENDOR,
		feature,
		field: 'the billing account ID',
		names: FIELDS.account.id,
		line: 'FIELDS.account.id',
		needValue: true,
	}),
	accountDeleted: (feature) => ({
		vendor: VENDOR,
		feature,
		field: 'the deleted flag of a billing account',
		names: FIELDS.account.deleted,
		line: 'FIELDS.account.deleted',
		advice: 'Turn Hide Deleted off to list every account.',
	}),
};

/**
 * Write verification: words for the billing account fields the node sends, by FIELDS.account name (a field sent
 * that the answer does not carry back is an error naming these; see verifiedAccount in fields.ts).
 */
export const SENT_LABELS: Record<string, [label: string, contractLine: string]> = {
	[FIELDS.account.name]: ['name', 'FIELDS.account.name'],
	[FIELDS.account.code]: ['cost centre code', 'FIELDS.account.code'],
	[FIELDS.account.description]: ['description', 'FIELDS.account.description'],
	[FIELDS.account.departmentId]: ['department', 'FIELDS.account.departmentId'],
};

/**
 * API Contract → Check: the ApiBooking field names Simplify reads for each normalized key: the alias lists of the
 * contract table.
 */
export const LOCKED_BOOKING_FIELDS: AliasTable = {
	id: [FIELDS.booking.id],
	title: [...BOOKING_ALIASES.title],
	start: [...BOOKING_ALIASES.start],
	end: [...BOOKING_ALIASES.end],
	status: [...BOOKING_ALIASES.lockedAt, ...BOOKING_ALIASES.status],
	resource: [...BOOKING_ALIASES.resourceId, ...BOOKING_ALIASES.resourceName],
	owner: [...BOOKING_ALIASES.owner, ...BOOKING_ALIASES.ownerId],
	amount: [...BOOKING_ALIASES.amount],
	costCenter: [...BOOKING_ALIASES.costCenter],
	lockedAt: [...BOOKING_ALIASES.lockedAt],
};

/** API Contract → Check: the billing account field names the node reads and writes. */
export const ACCOUNT_FIELDS: AliasTable = {
	id: [FIELDS.account.id],
	name: [FIELDS.account.name],
	costCenter: [FIELDS.account.code],
	departmentId: [FIELDS.account.departmentId],
};

/** API Contract → Check: the methods the node calls, with their verbs. */
export const HELP_PAGE_METHODS: Array<
	[Exclude<keyof typeof PATHS, 'apiRoot' | 'cloudBaseUrl'>, 'GET' | 'POST']
> = [
	['authenticate', 'POST'],
	['findLockedBookings', 'GET'],
	['findBookingsByResourceType', 'GET'],
	['getMeeting', 'GET'],
	['getUser', 'GET'],
	['getDepartments', 'GET'],
	['getBillingAccounts', 'GET'],
	['getBillingAccountsByDepartment', 'GET'],
	['createBillingAccount', 'POST'],
	['updateBillingAccount', 'POST'],
	['deleteBillingAccounts', 'POST'],
];
