import type { IDataObject } from 'n8n-workflow';
import { readEnvelope } from '../shared/envelope';
import { listingError, type HttpFailure } from '../shared/errors';
import { fieldValue } from '../shared/fieldReader';
import { recall, remember } from '../shared/learned';
import {
	collectPages,
	expectPage,
	pageMemory,
	type ListingMismatch,
	type Page,
} from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { API_ROOT, bookingsOneBaseUrl, serverUrl } from './baseUrl';

export { serverUrl };

/**
 * Bookings ONE's contract: every path this package relies on, relative to `<server>/API/external`.
 * Only `system/v1/information` is confirmed publicly (the Bookings ONE External API (v1) reference); the others follow its shape
 * (`<group>/v1/<entity>` to search, `<group>/v1/<entity>/{id}` to get or update) and are listed in
 * docs/bookingsone.md as assumptions. A path that differs on a server is one line here.
 */
export { API_ROOT };

export const PATHS = {
	systemInformation: '/system/v1/information',
	visitorBadges: '/visitorManagement/v1/visitorBadge',
	visitorBadge: (idOrUid: string) =>
		`/visitorManagement/v1/visitorBadge/${encodeURIComponent(idOrUid)}`,
	visitingAppointments: '/visitingAppointment/v1/appointment',
	users: '/user/v1/user',
	user: (id: string) => `/user/v1/user/${encodeURIComponent(id)}`,
	serviceItems: '/serviceItem/v1/serviceItem',
	serviceItem: (id: string) => `/serviceItem/v1/serviceItem/${encodeURIComponent(id)}`,
	occupancy: '/iotSensorData/v1/occupancy',
	iotDevices: '/iotDevice/v1/iotDevice',
	iotDevice: (id: string) => `/iotDevice/v1/iotDevice/${encodeURIComponent(id)}`,
	ePaperControllers: '/ePaperController/v1/ePaperController',
	ePaperController: (id: string) =>
		`/ePaperController/v1/ePaperController/${encodeURIComponent(id)}`,
	ePaperTagStatus: '/ePaperController/v1/tagStatus',
	dailyVisitorAnalytics: '/dashboard/v1/dailyVisitorAnalytics',
	buildings: '/building/v1/building',
	building: (id: string) => `/building/v1/building/${encodeURIComponent(id)}`,
	resourceAppointments: '/booking/v1/resourceAppointment',
	exportByBookableResource: '/booking/v1/exportByBookableResource',
	bookableResources: '/bookableResource/v1/bookableResource',
	bookableResource: (id: string) =>
		`/bookableResource/v1/bookableResource/${encodeURIComponent(id)}`,
	/**
	 * The document lists "Subscribe resource appointment change" twice, with the same description and body: under
	 * BookableResource and under BookableResourcePlayerContent. This path (the BookableResource group, where the
	 * appointments' resources live) is the one the trigger has always used; both are assumed (no path is published),
	 * and the player-content one below is the alternative to put here if a server answers 404.
	 */
	subscribeAppointmentChange: '/bookableResource/v1/subscribeAppointmentChange',
	/** assumed: not used (see subscribeAppointmentChange); the emulator serves it as the document lists it. */
	playerContentSubscribeAppointmentChange:
		'/bookableResourcePlayerContent/v1/subscribeAppointmentChange',
	/** assumed path; documented: filter `id` (bookable resource ids), the answer is a bare list (not paged). */
	playerContents: '/bookableResourcePlayerContent/v1/playerContent',
	/** assumed path; documented: filters `bookableResourceId`, `type` (e.g. oneTime, static, daily), a bare list. */
	accessList: '/bookableResourceAccessKey/v1/accessKey',
	/** assumed path; documented body `{ids, callbackUrl, expireTime}` as the appointment subscription, reply a string. */
	dailyAccessSubscription: '/bookableResourceAccessKey/v1/subscribeDailyAccessKeyChange',
} as const;

/** Access key types the document names as examples ("e.g. oneTime,static,daily"): others are sent as given. */
export const ACCESS_KEY_TYPES = ['oneTime', 'static', 'daily'];

/**
 * Field names Simplify reads from a resource (or visiting) appointment, one alias list per normalized field; the
 * first name present wins ("a.b" reads a nested object). Documented: nothing (the reference's samples collapse the
 * appointment record to `{}`); the first name of each list is what this package assumed from the filter names
 * (subject, bookingState, bookableResource, organizer), the others are plausible variants a server may use.
 * API Contract → Check compares a sample of the tenant's appointments with these lists.
 */
export const APPOINTMENT_ALIASES = {
	id: ['id', 'appointmentId'],
	title: ['subject', 'title', 'name'],
	start: ['start', 'startTime', 'from', 'period.start'],
	end: ['end', 'endTime', 'to', 'period.end'],
	status: ['bookingState', 'state', 'status'],
	resourceId: ['bookableResource.id', 'bookableResourceId', 'resource.id'],
	resourceName: ['bookableResource.name', 'bookableResourceName', 'resource.name'],
	resourceType: ['bookableResource.type', 'bookableResourceType', 'resource.type'],
	ownerId: [
		'organizer.id',
		'organizerUser.id',
		'organizerUserId',
		'invitingUser.id',
		'invitingUserId',
	],
	ownerName: [
		'organizer.displayName',
		'organizer.name',
		'organizerUser.displayName',
		'invitingUser.displayName',
		'invitingUser.name',
	],
	ownerEmail: [
		'organizer.emailAddress',
		'organizer.email',
		'organizerUser.emailAddress',
		'invitingUser.emailAddress',
		'invitingUser.email',
	],
	updatedAt: ['updatedAt', 'lastModifiedAt', 'modifiedAt', 'updatedDate'],
} as const;

/**
 * Field names read from a subscription callback (assumed: the integration guide says only that it carries the
 * bookable resource id). Deliveries name the resource, and the appointment where the server says which one.
 */
export const CALLBACK_ALIASES = {
	resourceId: ['bookableResourceId', 'BookableResourceId', 'resourceId', 'bookableResource.id'],
	appointmentId: ['appointmentId', 'AppointmentId'],
} as const;

/**
 * Where the answer to a posted occupancy reading carries what was sent (documented response sample:
 * `{deviceId, timestamp, data: {...}}`); checked after the post (see resources/iotSensor/postOccupancy.ts).
 */
export const OCCUPANCY_FIELDS = {
	isConnected: 'data.isConnected',
	isOccupied: 'data.isOccupied',
	timestamp: 'timestamp',
} as const;

/**
 * The IoT device fields a create/update sends, each with the name it must come back under in the answer (the
 * document's IotDeviceViewModel: `{id, accessId, name, bookableResource, isDeleted}`). A value sent that the
 * answer lacks is an error naming the line here (see verifiedDevice in resources/iotDevice/fields.ts).
 */
export const DEVICE_FIELDS = {
	accessId: 'accessId',
	name: 'name',
	bookableResource: 'bookableResource.id',
	isDeleted: 'isDeleted',
} as const;

/**
 * Paging: documented — without `page` the answer is the first page, `row` defaults to 50. Assumed — the pages
 * after it are numbered from 1 (the answer's metaData.page, or a probe of page 1, shows otherwise and is
 * remembered per credential); the largest row this package asks for (cap).
 */
export const FIRST_PAGE = 1;
export const MAX_ROW = 1000;
/** No rate limit is documented; pages in flight at once once the total is known. */
export const PAGE_CONCURRENCY = 3;
/** Subscriptions last at most one day (documented). */
export const MAX_SUBSCRIPTION_MINUTES = 1440;

/** Enum numbers in records (assumed order, as the External API reference's samples show numbers and the filters show names). */
export const RESOURCE_TYPE_NAMES = ['room', 'desk', 'equipment'];

export const bookingsOneClient: VendorClient = {
	vendor: 'Bookings ONE',
	credentialType: 'bookingsOneApi',
	baseUrl: bookingsOneBaseUrl,
	secretFields: ['accessToken'],
	headers: { Accept: 'application/json' },
	errorDetails: problemDetails,
};

/** ASP.NET problem details (`{title, detail, errors: {field: [messages]}}`) or a plain `{message}` body. */
function problemDetails(failure: HttpFailure) {
	const hint =
		failure.status === 401
			? 'Bookings ONE did not accept the access token. Check it in the credential (Management console → Settings → API authentication); tokens can expire or be limited to certain IP addresses, and the token is sent either as the Authorization header or as the Basic user name, as chosen in the credential.'
			: undefined;
	let body = failure.body as unknown;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return hint ? { hint } : undefined;
		}
	}
	if (!body || typeof body !== 'object') return hint ? { hint } : undefined;
	const b = body as IDataObject;
	const fields =
		b.errors && typeof b.errors === 'object' ? Object.entries(b.errors as IDataObject) : [];
	const fieldText = fields
		.map(
			([field, messages]) =>
				`${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`,
		)
		.join('; ');
	const main = [b.detail, b.message, b.title].find((v) => typeof v === 'string' && v !== '') as
		| string
		| undefined;
	const message = [main, fieldText].filter(Boolean).join(' — ') || undefined;
	const code = typeof b.code === 'string' || typeof b.code === 'number' ? b.code : undefined;
	return { message, code, hint };
}

export async function bookingsOneRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, bookingsOneClient, request);
}

/**
 * One page of a search answer, checked: an empty body or a document that is not a page (status 200) is an
 * error, never read as an empty last page (see expectPage in shared/paging.ts).
 */
export function checkedPage(
	ctx: RequestContext,
	body: unknown,
	itemIndex?: number,
): Page<IDataObject> {
	return expectPage(
		ctx,
		bookingsOneClient.vendor,
		body,
		pageOf,
		'a page of records ({data: [...]})',
		itemIndex,
		'a page: the records under any name',
	);
}

/**
 * A page `{data, metaData}` (or a bare list, or any other envelope: shared/envelope.ts reads the records, the total,
 * the echoed row and page wherever the answer carries them); undefined for anything else. A bare list has no total.
 */
export function pageOf(body: unknown): Page<IDataObject> | undefined {
	const envelope = readEnvelope(body);
	if (!envelope) return undefined;
	const { items, total, size, page, pages } = envelope;
	return {
		items,
		...(total !== undefined ? { total } : {}),
		...(size !== undefined ? { size } : {}),
		...(page !== undefined ? { page } : {}),
		// Pages numbered from 1 (FIRST_PAGE) with their count: whether more follow.
		...(total === undefined && page !== undefined && pages !== undefined
			? { hasMore: page - FIRST_PAGE + 1 < pages }
			: {}),
	};
}

/**
 * A search endpoint page by page with the largest row; with the total known the remaining pages are read
 * a few at a time. `limit` stops as soon as enough records are in (and asks for no more rows than needed).
 */
export async function bookingsOneList(
	this: RequestContext,
	opts: {
		path: string;
		qs?: IDataObject;
		limit?: number;
		itemIndex?: number;
		concurrency?: number;
		/** Shown every page as read (a trigger checks that the listing reported its total). */
		observe?: (page: Page<IDataObject>) => void;
	},
): Promise<IDataObject[]> {
	const learned = recall<number>(this, bookingsOneClient.credentialType, 'firstPage');
	return await collectPages<IDataObject>({
		pageSize: MAX_ROW,
		limit: opts.limit,
		// Documented: without `page` the answer is the first page. How the pages after it are numbered is not:
		// taken from the page number the answer echoes, or what earlier answers on this credential showed.
		unnumberedFirstPage: true,
		knownFirstPage: learned === 0 || learned === 1 ? learned : undefined,
		onFirstPage: (page) => {
			if (page !== learned) remember(this, bookingsOneClient.credentialType, 'firstPage', page);
		},
		idOf: (record) => fieldValue(record, ['id', 'uid']) ?? JSON.stringify(record),
		memory: pageMemory(this, bookingsOneClient.credentialType, opts.path),
		mismatch: (detail) => listingMismatch(this, opts.path, detail, opts.itemIndex),
		concurrency: opts.concurrency ?? PAGE_CONCURRENCY,
		fetchPage: async (page, row) => {
			const answer = checkedPage(
				this,
				await bookingsOneRequest.call(this, {
					method: 'GET',
					path: opts.path,
					qs: { ...(opts.qs ?? {}), ...(page === undefined ? {} : { page }), row },
					itemIndex: opts.itemIndex,
				}),
				opts.itemIndex,
			);
			opts.observe?.(answer);
			return answer;
		},
	});
}

/**
 * A search endpoint that answers its whole list at once (access keys, player content: the document shows a bare
 * array and no page/row parameters). The answer must be a list (a page `{data}` is read too); Limit keeps the
 * first records.
 */
export async function bookingsOneWholeList(
	this: RequestContext,
	opts: { path: string; qs?: IDataObject; limit?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	const body = await bookingsOneRequest.call(this, {
		method: 'GET',
		path: opts.path,
		qs: opts.qs ?? {},
		itemIndex: opts.itemIndex,
	});
	const { items, total } = checkedPage(this, body, opts.itemIndex);
	if (total !== undefined && total > items.length && (opts.limit ?? Infinity) > items.length)
		throw listingMismatch(
			this,
			opts.path,
			{
				expected: total,
				received: items.length,
				duplicates: 0,
				reason: 'this list is read in one request',
				line: 'total',
			},
			opts.itemIndex,
		);
	return opts.limit === undefined ? items : items.slice(0, opts.limit);
}

/** A listing that cannot prove it is complete: expected vs received, naming the contract line in doubt. */
function listingMismatch(
	ctx: RequestContext,
	path: string,
	detail: ListingMismatch,
	itemIndex?: number,
): Error {
	return listingError(ctx.getNode(), {
		vendor: bookingsOneClient.vendor,
		what: path,
		...detail,
		itemIndex,
	});
}

/** The display text of a multilingual name (`[{languageCode, value}]`, read in any case) or a plain string. */
export function displayText(value: unknown): string | null {
	if (typeof value === 'string') return value || null;
	if (Array.isArray(value)) {
		const entries = value.map((e) => ({
			language: fieldValue(e, 'languageCode'),
			text: fieldValue(e, 'value'),
		}));
		const english = entries.find(
			(e) => typeof e.language === 'string' && e.language.toLowerCase().startsWith('en'),
		);
		const chosen = english ?? entries.find((e) => typeof e.text === 'string' && e.text !== '');
		return typeof chosen?.text === 'string' && chosen.text !== '' ? chosen.text : null;
	}
	return null;
}
