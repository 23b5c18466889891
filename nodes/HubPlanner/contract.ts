import type { RateLimit } from '../shared/scheduler';
import type { AliasTable } from '../shared/contractCheck';
import type { EntityData } from '../shared/builders/entity';

/*
 * Every assumption this package makes about Hub Planner's API, as data: paths, paging limits, the field names
 * Simplify and write verification read (alias lists), what a write must get back, write formats, sortable
 * fields and searchable statuses. A tenant that differs is one line here; API Contract → Check
 * (resources/apiContract/check.ts) compares a live tenant with these tables.
 */

/**
 * Hub Planner's contract: every path and paging rule this package relies on (docs: hubplanner/API on GitHub).
 * A path that differs for a tenant is one line here.
 */
export const PATHS = {
	bookings: '/booking',
	booking: (id: string) => `/booking/${encodeURIComponent(id)}`,
	bookingSearch: '/booking/search',
	resources: '/resource',
	resource: (id: string) => `/resource/${encodeURIComponent(id)}`,
	resourceSearch: '/resource/search',
	projects: '/project',
	project: (id: string) => `/project/${encodeURIComponent(id)}`,
	projectSearch: '/project/search',
	subscriptions: '/subscription',
	subscription: (id: string) => `/subscription/${encodeURIComponent(id)}`,
	// stated (Sections/timesheets.md): GET/POST /timeentry, GET/PUT/DELETE /timeentry/{id}, POST timeentry/search.
	timeEntries: '/timeentry',
	timeEntry: (id: string) => `/timeentry/${encodeURIComponent(id)}`,
	timeEntrySearch: '/timeentry/search',
	// stated (Sections/clients.md): GET/POST /client, GET /client/{id}, POST client/search.
	clients: '/client',
	client: (id: string) => `/client/${encodeURIComponent(id)}`,
	clientSearch: '/client/search',
	// stated (Sections/billingrate.md): GET /billingRate answers every billing rate.
	billingRates: '/billingRate',
} as const;

/**
 * The field names Simplify (normalizeHubPlannerBooking) and write verification read for each normalized key:
 * the first name the record carries wins ("a.b" reads a nested object). The first name of each list is the one
 * Hub Planner's booking document shows (stated); the others are assumed alternates a tenant or API version may
 * answer with (the names of Hub Planner's own webhook payloads, and common spellings). A tenant that answers
 * with yet another name is one entry here; API Contract → Check compares a sample booking with these lists.
 */
export const BOOKING_ALIASES = {
	id: ['_id', 'id'],
	title: ['title', 'name'],
	start: ['start', 'startDate'],
	end: ['end', 'endDate'],
	status: ['type', 'bookingType'],
	resourceId: ['resource', 'resourceId'],
	resourceName: ['resourceName'],
	ownerId: ['bookingCreatorId', 'createdBy', 'creatorId'],
	ownerName: ['bookingCreatorName'],
	amount: ['details.budgetBookedAmount', 'budgetBookedAmount'],
	currency: ['details.budgetCurrency', 'currency'],
	updatedAt: ['updatedDate', 'updatedAt', 'lastUpdatedDate'],
	// Write-side names (read back after a create/update/patch to verify what was stored).
	project: ['project', 'projectId'],
	note: ['note', 'notes'],
	metadata: ['metadata'],
	state: ['state'],
	stateValue: ['stateValue'],
	allDay: ['allDay'],
	categoryTemplateId: ['categoryTemplateId', 'categoryId'],
	backgroundColor: ['backgroundColor', 'color'],
	deadlineName: ['deadlineName'],
	deadlineDate: ['deadlineDate'],
	customFields: ['customFields'],
	externalRate: ['bookingRate.external.defaultRateId'],
	internalRate: ['bookingRate.internal.defaultRateId'],
} as const;

/** Time entry fields (Sections/timesheets.md, stated) read back after a write; alternates assumed. */
export const TIME_ENTRY_ALIASES = {
	id: ['_id', 'id'],
	resource: ['resource', 'resourceId'],
	project: ['project', 'projectId'],
	date: ['date'],
	minutes: ['minutes'],
	note: ['note', 'notes'],
	metadata: ['metadata'],
	status: ['status'],
	categoryTemplateId: ['categoryTemplateId', 'categoryId'],
} as const;

/** Client fields (Sections/clients.md, stated) read back after a write; alternates assumed. */
export const CLIENT_ALIASES = {
	id: ['_id', 'id'],
	name: ['name', 'clientName'],
	metadata: ['metadata'],
} as const;

/**
 * The body key each write sends → its alias list (the contract line a "not kept" error names). Keys not listed
 * here (allowOverschedule, type, approvalInfo) are instructions, not stored values, and are not verified.
 */
export const WRITE_FIELDS = {
	booking: {
		title: 'title',
		start: 'start',
		end: 'end',
		resource: 'resourceId',
		project: 'project',
		note: 'note',
		metadata: 'metadata',
		state: 'state',
		stateValue: 'stateValue',
		allDay: 'allDay',
		categoryTemplateId: 'categoryTemplateId',
		backgroundColor: 'backgroundColor',
		deadlineName: 'deadlineName',
		deadlineDate: 'deadlineDate',
		customFields: 'customFields',
		'bookingRate.external.defaultRateId': 'externalRate',
		'bookingRate.internal.defaultRateId': 'internalRate',
	},
	timeEntry: {
		resource: 'resource',
		project: 'project',
		date: 'date',
		minutes: 'minutes',
		note: 'note',
		metadata: 'metadata',
		status: 'status',
		categoryTemplateId: 'categoryTemplateId',
	},
	client: { name: 'name', metadata: 'metadata' },
} as const;

/**
 * Write formats the documents leave open (each assumed; a tenant that differs is one line here):
 * - deadlineDate: sent as midnight UTC of the day, the form the booking document answers with
 *   ("2018-06-10T00:00:00.000Z"); a luxon format.
 * - timeEntryMinutes: the minutes of one entry, a whole number within one day.
 * - timeEntryResourceKey: the search key for a time entry's resource — the document's example says `resource`,
 *   its table `resources`; bookings take `resource` too.
 */
export const WRITE_FORMATS = {
	deadlineDate: "yyyy-MM-dd'T'00:00:00.000'Z'",
	timeEntryMinutes: { min: 1, max: 1440 },
	timeEntryResourceKey: 'resource',
} as const;

/**
 * `limit` is 1–1000; pages count from 0; bodies are plain arrays without a total (see hubPlannerList in
 * transport.ts).
 */
export const PAGE_SIZE_MAX = 1000;
/** Pages count from 0 (stated); a tenant that refuses page 0 is asked from 1 and that is learned (hubPlannerList). */
export const FIRST_PAGE = 0;

/** Hub Planner ids, resource and project references: these must come back exactly as sent (verifiedWrite). */
export const SAME_VALUE = new Set([
	'resource',
	'project',
	'categoryTemplateId',
	'bookingRate.external.defaultRateId',
	'bookingRate.internal.defaultRateId',
]);

const names = (...lists: ReadonlyArray<readonly string[]>) => lists.flatMap((l) => [...l]);

/** The vendor field names Simplify reads for each normalized key: BOOKING_ALIASES. */
export const BOOKING_FIELDS: AliasTable = {
	id: names(BOOKING_ALIASES.id),
	title: names(BOOKING_ALIASES.title),
	start: names(BOOKING_ALIASES.start),
	end: names(BOOKING_ALIASES.end),
	status: names(BOOKING_ALIASES.status, ['deleted']),
	resource: names(BOOKING_ALIASES.resourceId, BOOKING_ALIASES.resourceName),
	owner: names(BOOKING_ALIASES.ownerId, BOOKING_ALIASES.ownerName),
	amount: names(BOOKING_ALIASES.amount),
	updatedAt: names(BOOKING_ALIASES.updatedAt),
};

/** The time entry fields writes are verified with (TIME_ENTRY_ALIASES), every one stated as always present. */
export const TIME_ENTRY_FIELDS: AliasTable = {
	id: names(TIME_ENTRY_ALIASES.id),
	resource: names(TIME_ENTRY_ALIASES.resource),
	project: names(TIME_ENTRY_ALIASES.project),
	date: names(TIME_ENTRY_ALIASES.date),
	minutes: names(TIME_ENTRY_ALIASES.minutes),
};

/** The client fields writes are verified with (CLIENT_ALIASES). */
export const CLIENT_FIELDS: AliasTable = {
	id: names(CLIENT_ALIASES.id),
	name: names(CLIENT_ALIASES.name),
};

/** The booking date fields API Contract → Check reads: every name of their alias lists. */
export const BOOKING_DATE_FIELDS = names(
	BOOKING_ALIASES.start,
	BOOKING_ALIASES.end,
	BOOKING_ALIASES.updatedAt,
);

export const SORTABLE_BOOKING_FIELDS = [
	'createdDate',
	'end',
	'metadata',
	'start',
	'state',
	'stateValue',
	'title',
	'updatedDate',
];

/** Sortable time entry fields (Sections/timesheets.md, "Sortable: YES"). */
export const SORTABLE_TIME_ENTRY_FIELDS = [
	'categoryName',
	'createdDate',
	'date',
	'metadata',
	'minutes',
	'projectName',
	'status',
	'updatedDate',
];

/** Entry statuses a search can ask for (EMPTY only fills weeks in answers; it is not searchable). */
export const TIME_ENTRY_STATUSES = [
	{ name: 'Approved', value: 'APPROVED' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Rejected', value: 'REJECTED' },
	{ name: 'Submitted', value: 'SUBMITTED' },
	{ name: 'Unsubmitted', value: 'UNSUBMITTED' },
];

/** Sortable client fields (Sections/clients.md, "Sortable: YES"). */
export const SORTABLE_CLIENT_FIELDS = ['createdDate', 'name', 'updatedDate'];

/**
 * Resources and projects behave alike in Hub Planner's API (list, search, get): each is one entity description,
 * built into operations by nodes/shared/builders/entity.ts.
 */
export const RESOURCE: EntityData = {
	value: 'resource',
	label: 'Resource',
	plural: 'resources',
	listPath: PATHS.resources,
	searchPath: PATHS.resourceSearch,
	itemPath: PATHS.resource,
	searchMethod: 'searchResources',
	sortable: [
		'createdDate',
		'email',
		'firstName',
		'lastName',
		'metadata',
		'role',
		'status',
		'updatedDate',
	],
	statuses: [
		{ name: 'Active', value: 'STATUS_ACTIVE' },
		{ name: 'Archived', value: 'STATUS_ARCHIVED' },
		{ name: 'Non-Bookable', value: 'STATUS_NON_BOOKABLE' },
		{ name: 'Parked', value: 'STATUS_PARKED' },
	],
	queryExample: '{"email": {"$in": ["ann@example.com"]}}',
};

export const PROJECT: EntityData = {
	value: 'project',
	label: 'Project',
	plural: 'projects',
	listPath: PATHS.projects,
	searchPath: PATHS.projectSearch,
	itemPath: PATHS.project,
	searchMethod: 'searchProjects',
	sortable: [
		'budgetCashAmount',
		'budgetCurrency',
		'budgetHours',
		'createdDate',
		'metadata',
		'name',
		'status',
		'updatedDate',
	],
	statuses: [
		{ name: 'Active', value: 'STATUS_ACTIVE' },
		{ name: 'Archived', value: 'STATUS_ARCHIVED' },
		{ name: 'Floating', value: 'STATUS_FLOATING' },
		{ name: 'Pending', value: 'STATUS_PENDING' },
		{ name: 'Planned', value: 'STATUS_PLANNED' },
	],
	queryExample: '{"projectCode": {"$in": ["P-100"]}}',
};

/**
 * stated (README, API Limits): "burst limits of 50 per 5 seconds on every account" — every request on a credential
 * is paced under it (nodes/shared/scheduler.ts), pages in flight included, so a listing meets no 429. The daily
 * limit (6,000 calls, reset at midnight UTC) is not paced: a process cannot count the account's other callers,
 * and a sliding day would refuse calls the vendor still takes; its 429 asks for a wait too long to retry and is
 * reported at once.
 */
export const RATE_LIMITS: RateLimit[] = [
	{ requests: 50, perMs: 5_000, line: 'limits.burst', text: '50 calls per 5 seconds' },
];
