/**
 * BRP's API contract as this package assumes it: paths, parameter names, the schema of typed fields, the field
 * names records are read by (Simplify, API Contract → Check, the person write check), the keys of what listings
 * learn per credential, error codes and time conventions. A wrong path or name is one line here. Data only: this
 * file imports nothing from the BRP folder.
 */
import type { AliasTable } from '../shared/contractCheck';
import type { RequiredField } from '../shared/fieldReader';

/**
 * BRP Systems API2: every path, parameter, format rule and field type this package relies on (BRP's API2
 * "servicebookings" page and the other API2 pages). Assumptions are marked; a tenant that differs is one line here.
 */
export const PATHS = {
	businessUnits: 'businessunits',
	resources: 'resources',
	serviceBookings: 'servicebookings',
	persons: 'persons',
	person: (id: string | number) => `persons/${encodeURIComponent(String(id))}`,
} as const;

/** Query and body parameter names (all lower case, as documented). */
export const PARAMS = {
	apiKey: 'apikey',
	startDate: 'startdate',
	endDate: 'enddate',
	businessUnitIds: 'businessunitids',
	resourceId: 'resourceid',
	showAllocated: 'showallocated',
	orderId: 'orderid',
	personId: 'personid',
	showAll: 'showall',
	companyId: 'companyid',
	productId: 'productid',
	type: 'type',
	label: 'label',
	includeEmployees: 'includeemployees',
} as const;

/** Reads are requested as XML; writes send JSON to `<path>.json` as BRP's own example does (assumed for persons). */
export const READ_FORMAT = 'xml';
export const WRITE_FORMAT = 'json';

/**
 * Service-booking listings are read as JSON (`servicebookings.json`): BRP serves both suffixes (the extension picks
 * the format; the document's own PUT uses `.json`), and JSON reads several times faster than XML through xml2js
 * (see docs/brp.md). A tenant that does not answer `.json` with JSON (an HTML 404, another document) is
 * read as XML instead, and that is remembered per credential; `<errors>` are read in either format.
 */
export const SERVICE_BOOKINGS_FORMAT: 'json' | 'xml' = 'json';

/** BRP's "Time" and "Date" are Stockholm local time, not UTC. */
export const TIME_ZONE = 'Europe/Stockholm';
/** BRP's default service-booking window: today … today + 14 days. */
export const DEFAULT_RANGE_DAYS = 14;
/**
 * The first width of a service-booking window, in Stockholm days: a calendar month at most, the limit BRP
 * installations commonly have (assumed: the widest accepted range is not documented; a refusal 1114 makes the
 * node search the accepted width, remembered per credential in nodes/shared/learned.ts). Listings never try
 * wider than this unless API Contract → Check found a wider accepted range on the credential.
 */
export const START_RANGE_DAYS = 31;
/**
 * assumed: `enddate` excludes its own day. The document says "bookings that start before specified date" (and
 * `startdate`: "start after specified date", default today), read as the dates' midnights: `startdate` counts its
 * day, `enddate` does not. So windows meet exactly (each window's `enddate` is the next one's `startdate`). A
 * tenant whose answer holds a booking starting on the `enddate` day treats it as inclusive: that is remembered per
 * credential, and its windows then send their last day as `enddate` (no day is fetched twice).
 */
export const ENDDATE_INCLUSIVE = false;
/**
 * Date windows in flight at once: 6, the bound Pronestor's windows use, a browser's connections to one site (BRP's
 * own web pages reach the same servers that way). BRP documents no rate limit; each window is a query over up to a
 * month of bookings (BRP has codes for out-of-memory 1113 and timeouts 1115), so the bound stays that small: a
 * year of monthly windows is two rounds of requests.
 */
export const RANGE_CONCURRENCY = 6;

/**
 * What listings learn about a tenant, per credential, in n8n's stores (nodes/shared/learned.ts: the workflow's
 * static data, plus a speed cache in process memory): the widest window BRP accepted and the narrowest it refused
 * with 1114 (in Stockholm days listed), and whether `enddate` includes its own day. Only answers teach these;
 * API Contract → Check teaches them too (its read-only listings).
 */
export const LEARNED = {
	accepted: 'brpRangeAcceptedDays',
	refused: 'brpRangeRefusedDays',
	inclusive: 'brpEnddateInclusive',
	format: 'brpServiceBookingsFormat',
} as const;

/**
 * Field types: lists (wrapper → element), numbers and booleans. Any other key ending in "id" holding digits is a
 * number too (except the texts listed); card, customer and person numbers stay text (leading zeros).
 */
export const SCHEMA = {
	lists: {
		servicebookings: 'servicebooking',
		resources: 'resource',
		participants: 'participant',
		businessunits: 'businessunit',
		persons: 'person',
		products: 'product',
		errors: 'error',
	} as Record<string, string>,
	numbers: ['id', 'number', 'timestamp', 'price', 'code', 'vat', 'quantity', 'amount'],
	booleans: ['preliminary', 'isemployee', 'anonymous', 'showallocated'],
	texts: ['guid', 'externalid'],
};

/**
 * The names Simplify (normalizeServiceBooking, also the trigger's output) and API Contract → Check read for each
 * normalized key of a service booking, first match wins ("a.b" reads a nested field). The first name is the
 * document's (seed 003); the product's fields are not documented there ("see products"): `name` and `price` are
 * assumed, the other names are variants a tenant may use (assumed). A key none of whose names the record
 * carries is listed in `normalized.unmapped`; a field present with null stays null.
 */
export const SERVICE_BOOKING_ALIASES = {
	id: ['id'],
	title: ['product.name', 'product.title', 'product.description', 'productname'],
	start: ['start', 'starttime'],
	end: ['end', 'endtime'],
	preliminary: ['order.preliminary', 'preliminary'],
	resources: ['resources'],
	resourceId: ['id', 'resourceid'],
	resourceName: ['name', 'resourcename'],
	resourceType: ['type', 'resourcetype', 'typename'],
	participants: ['participants'],
	participantId: ['personid', 'id'],
	firstName: ['firstname'],
	lastName: ['lastname'],
	amount: [
		'product.price',
		'product.priceincludingvat',
		'product.priceincvat',
		'product.amount',
		'price',
	],
	currency: ['product.currency', 'currency'],
} as const;

/** API Contract → Check's field table: the names Simplify reads for each normalized key (SERVICE_BOOKING_ALIASES). */
export const SERVICE_BOOKING_FIELDS: AliasTable = {
	id: [...SERVICE_BOOKING_ALIASES.id],
	title: [...SERVICE_BOOKING_ALIASES.title, ...SERVICE_BOOKING_ALIASES.resources],
	start: [...SERVICE_BOOKING_ALIASES.start],
	end: [...SERVICE_BOOKING_ALIASES.end],
	status: [...SERVICE_BOOKING_ALIASES.preliminary],
	resource: [...SERVICE_BOOKING_ALIASES.resources],
	owner: [...SERVICE_BOOKING_ALIASES.participants],
	amount: [...SERVICE_BOOKING_ALIASES.amount],
};

/** The fields a feature depends on, for requireField (trigger keys, the exact-time filter of Get Many). */
export const BRP_REQUIRED: Record<'id' | 'start', (feature: string) => RequiredField> = {
	id: (feature) => ({
		vendor: 'BRP',
		feature,
		field: 'the service booking ID',
		names: SERVICE_BOOKING_ALIASES.id,
		line: 'SERVICE_BOOKING_ALIASES.id',
		needValue: true,
	}),
	start: (feature) => ({
		vendor: 'BRP',
		feature,
		field: 'the service booking start',
		names: SERVICE_BOOKING_ALIASES.start,
		line: 'SERVICE_BOOKING_ALIASES.start',
		needValue: true,
	}),
};

/**
 * Person writes are checked against the person BRP answers (issue 14): each field sent, under the name BRP's
 * person document uses (first name, last name, e-mail as the document's example; the others assumed), must come
 * back non-empty — the business unit as the same id. A tenant that names one otherwise, or does not keep it, is
 * an error naming the field and this line.
 */
export const PERSON_WRITE_FIELDS: Readonly<Record<string, readonly string[]>> = {
	firstname: ['firstname'],
	lastname: ['lastname'],
	email: ['email'],
	mobilephone: ['mobilephone', 'mobile', 'cellphone'],
	personnumber: ['personnumber', 'socialsecuritynumber'],
	businessunitid: ['businessunit.id', 'businessunitid'],
};

/** BRP's error codes: name and how to fix it. */
export const ERROR_CODES: Record<number, { name: string; hint: string }> = {
	1001: {
		name: 'suspendedNotAllowedToBook',
		hint: 'The person is suspended and may not book. Check the person in BRP.',
	},
	1002: {
		name: 'notAllowedToBookDueToNoshows',
		hint: 'The person may not book because of no-shows. Check the person in BRP.',
	},
	1003: {
		name: 'unpayedInvoiceNotAllowedToBook',
		hint: 'The person has an unpaid invoice and may not book.',
	},
	1004: { name: 'isNotAllowedToBook', hint: 'The person is not allowed to book this.' },
	1005: {
		name: 'passCancelledNotAllowedToBook',
		hint: 'The booking was cancelled and may not be booked again.',
	},
	1006: { name: 'cannotBookNoFreeSlots', hint: 'There are no free slots. Choose another time.' },
	1007: {
		name: 'bookingClashes',
		hint: 'The booking clashes with another booking. Choose another time or resource.',
	},
	1008: { name: 'cannotBook', hint: 'BRP cannot book this. Check the booking rules in BRP.' },
	1009: {
		name: 'cannotBookDebookWaitinglist',
		hint: 'The waiting-list booking cannot be changed.',
	},
	1010: { name: 'cannotBookNoFreeSlots', hint: 'There are no free slots. Choose another time.' },
	1012: {
		name: 'noSuchService',
		hint: 'BRP has no such service. Check the product or service ID.',
	},
	1101: {
		name: 'invalidValue',
		hint: 'BRP refused a value. Check the fields named in the message.',
	},
	1102: {
		name: 'mandatoryParameter',
		hint: 'A required field is missing. For a service booking on an anonymous order, turn on "Anonymous".',
	},
	1103: {
		name: 'objectExists',
		hint: 'This exists already (for a person: the e-mail is taken). Update the existing record instead.',
	},
	1104: {
		name: 'noSuchBusinessUnit',
		hint: 'Check the business unit IDs; Business Unit → Get Many lists them.',
	},
	1105: {
		name: 'wrongFormat',
		hint: 'A value has the wrong format: dates yyyy-MM-dd, ID lists like 1,2,45, booleans true or false.',
	},
	1106: {
		name: 'objectNotBelongingToAuthUser',
		hint:
			'The record belongs to another person than the one logged in. Log in as that person, ' +
			'or use a level 3 key with a Person ID.',
	},
	1107: { name: 'noSuchObject', hint: 'BRP has no record with this ID. Check the ID.' },
	1108: {
		name: 'invalidAccess',
		hint:
			'BRP refused the API key or the person login, or the key’s level is too low for this call. ' +
			'Check the key, the login and the Key Level in the BRP credential.',
	},
	1109: {
		name: 'noMandatoryFilter',
		hint:
			'A required filter is missing: business units for resources; ' +
			'a person login, a resource or business units (level 3 key) for service bookings; ' +
			'at least one filter for persons.',
	},
	1110: {
		name: 'invalidXml',
		hint: 'BRP could not read the request body. Check the JSON of the fields you entered.',
	},
	1111: {
		name: 'invalidConfiguration',
		hint: 'BRP’s configuration does not allow this. Ask your BRP administrator.',
	},
	1112: { name: 'unknownError', hint: 'BRP had an internal problem. Try again later.' },
	1113: { name: 'outOfMemoryError', hint: 'BRP ran out of memory. Try a smaller date range.' },
	1114: {
		name: 'maxRangeExceeded',
		hint:
			'The date range is too wide; narrow it or let the node split it ' +
			'(Get Many and the trigger split ranges automatically).',
	},
	1115: {
		name: 'requestTimeout',
		hint: 'BRP timed out. Try a smaller date range or try again later.',
	},
	1116: { name: 'noSuchRole', hint: 'BRP has no such role. Check the role name.' },
	1117: {
		name: 'roleNotAssignableViaApi',
		hint: 'This role cannot be assigned through the API. Assign it in BRP.',
	},
};

export const MAX_RANGE_CODE = 1114;
