import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { readEnvelope } from '../shared/envelope';
import { listingError } from '../shared/errors';
import { collectPages, expectPage, pageMemory, type Page } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { hubPlannerBaseUrl } from './baseUrl';
import { fieldValue } from '../shared/fieldReader';
import { listWithPageBase } from '../shared/pageBase';

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

/** `limit` is 1–1000; pages count from 0; bodies are plain arrays without a total (see hubPlannerList). */
export const PAGE_SIZE_MAX = 1000;
/** Pages count from 0 (stated); a tenant that refuses page 0 is asked from 1 and that is learned (hubPlannerList). */
export const FIRST_PAGE = 0;
/**
 * Pages in flight after a full first page. Hub Planner reports no total, so a page asked for ahead may lie past
 * the end: 2 halves the round trips of a long listing and costs at most one request more per listing of over
 * 1,000 records (none for shorter ones) against the documented 6,000 calls a day; the 50-calls-in-5-s burst
 * limit is answered with 429 + Retry-After, which the client waits out.
 */
export const READ_AHEAD = 2;

export const hubPlannerClient: VendorClient = {
	vendor: 'Hub Planner',
	credentialType: 'hubPlannerApi',
	baseUrl: hubPlannerBaseUrl,
	secretFields: ['apiKey'],
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	errorDetails(failure) {
		// Read through the field reader: a tenant may answer `Error`/`Message` (any key case).
		const body = failure.body;
		if (!body || typeof body !== 'object') return undefined;
		const error = fieldValue(body, 'error');
		const nested = (name: string) =>
			error && typeof error === 'object' ? fieldValue(error, name) : undefined;
		const errorMessage = nested('message');
		const bodyMessage = fieldValue(body, 'message');
		const message =
			typeof error === 'string'
				? error
				: typeof errorMessage === 'string'
					? errorMessage
					: typeof bodyMessage === 'string'
						? bodyMessage
						: undefined;
		const rawCode = nested('code');
		const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? rawCode : undefined;
		const hint =
			failure.status === 400 && /overschedul/i.test(message ?? '')
				? 'The booking would over-schedule the resource. Turn on "Allow Overschedule" to book anyway.'
				: undefined;
		return { message, code, hint };
	},
};

export async function hubPlannerRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, hubPlannerClient, { arrayFormat: 'repeat', ...request });
}

/** One page: the documented plain array, or any envelope (shared/envelope.ts); anything else is an error. */
export function hubPlannerPage(
	ctx: RequestContext,
	answer: unknown,
	itemIndex?: number,
): Page<IDataObject> {
	return expectPage(
		ctx,
		hubPlannerClient.vendor,
		answer,
		(body) => {
			const envelope = readEnvelope(body);
			return envelope && { items: envelope.items, total: envelope.total, size: envelope.size };
		},
		'a list of records',
		itemIndex,
		'a plain array, or the records under any name',
	);
}

/**
 * Lists a collection (GET or POST …/search) page by page with the largest page Hub Planner allows; `limit` stops
 * as soon as enough records are in. Hub Planner reports no total, so the listing ends on the shared completeness
 * rule (collectPages): an empty page, or a short page below a page size this endpoint has served before for the
 * credential; a short page with no such proof costs one more request, and records there show the tenant's page
 * cap, remembered per credential and endpoint (pageMemory) and asked for from then on. Pages count from
 * FIRST_PAGE; a tenant that refuses it with a 400 is asked from 1, learned per credential (shared/pageBase.ts).
 */
export async function hubPlannerList(
	this: RequestContext,
	opts: {
		method: IHttpRequestMethods;
		path: string;
		qs?: IDataObject;
		body?: IDataObject;
		limit?: number;
		itemIndex?: number;
	},
): Promise<IDataObject[]> {
	const vendor = hubPlannerClient.vendor;
	const credentialType = hubPlannerClient.credentialType;
	return await listWithPageBase(
		this,
		credentialType,
		FIRST_PAGE,
		async (firstPage, watch) =>
			await collectPages<IDataObject>({
				pageSize: PAGE_SIZE_MAX,
				limit: opts.limit,
				firstPage,
				readAhead: READ_AHEAD,
				memory: pageMemory(this, credentialType, `${opts.method} ${opts.path}`),
				idOf: (record) => fieldValue(record, ['_id', 'id']) ?? JSON.stringify(record),
				mismatch: (detail) =>
					listingError(this.getNode(), {
						vendor,
						what: `${opts.method} ${opts.path}`,
						...detail,
						reason: `${detail.reason}; pages from ${firstPage}`,
						itemIndex: opts.itemIndex,
					}),
				fetchPage: async (page, size) =>
					hubPlannerPage(
						this,
						await watch(page, () =>
							hubPlannerRequest.call(this, {
								method: opts.method,
								path: opts.path,
								qs: { ...(opts.qs ?? {}), page, limit: size },
								body: opts.body,
								// A search is a read, so repeating it is safe.
								idempotent: true,
								itemIndex: opts.itemIndex,
							}),
						),
						opts.itemIndex,
					),
			}),
	);
}
