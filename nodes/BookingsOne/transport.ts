import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { HttpFailure } from '../shared/errors';
import { recall, remember } from '../shared/learned';
import { collectPages, expectPage, type ListingMismatch, type Page } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { API_ROOT, bookingsOneBaseUrl, serverUrl } from './baseUrl';

export { serverUrl };

/**
 * Bookings ONE's contract: every path this package relies on, relative to `<server>/API/external`.
 * Only `system/v1/information` is confirmed publicly (the Bookings ONE External API (v1) reference); the others follow its shape
 * (`<group>/v1/<entity>` to search, `<group>/v1/<entity>/{id}` to get or update) and are listed in the README
 * as assumptions. A path that differs on a server is one line here.
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
	subscribeAppointmentChange: '/bookableResource/v1/subscribeAppointmentChange',
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
	);
}

/**
 * A page `{data, metaData}` (or a bare list); undefined for anything else. The total is read from metaData
 * where it is given.
 */
export function pageOf(body: unknown): Page<IDataObject> | undefined {
	if (
		!Array.isArray(body) &&
		!(body && typeof body === 'object' && Array.isArray((body as IDataObject).data))
	)
		return undefined;
	const b = (body ?? {}) as IDataObject;
	const items = Array.isArray(b.data) ? (b.data as IDataObject[]) : (body as IDataObject[]);
	const meta = (b.metaData ?? b.metadata ?? {}) as IDataObject;
	const total = firstNumber(meta, ['totalCount', 'total', 'totalRecords', 'totalRows', 'count']);
	const size = firstNumber(meta, ['row', 'rows', 'pageSize']);
	const page = firstNumber(meta, ['page', 'pageNumber', 'currentPage']);
	if (total !== undefined)
		return {
			items,
			total,
			...(size !== undefined ? { size } : {}),
			...(page !== undefined ? { page } : {}),
		};
	const pages = firstNumber(meta, ['totalPages', 'totalPage', 'pageCount']);
	return page !== undefined && pages !== undefined
		? { items, page, hasMore: page < pages }
		: { items };
}

function firstNumber(source: IDataObject, keys: string[]): number | undefined {
	for (const key of keys) {
		const value = Number(source[key]);
		if (source[key] !== undefined && source[key] !== null && Number.isFinite(value)) return value;
	}
	return undefined;
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
		idOf: (record) => record.id ?? record.uid ?? JSON.stringify(record),
		mismatch: (detail) => listingMismatch(this, opts.path, detail, opts.itemIndex),
		concurrency: opts.concurrency ?? PAGE_CONCURRENCY,
		fetchPage: async (page, row) =>
			checkedPage(
				this,
				await bookingsOneRequest.call(this, {
					method: 'GET',
					path: opts.path,
					qs: { ...(opts.qs ?? {}), ...(page === undefined ? {} : { page }), row },
					itemIndex: opts.itemIndex,
				}),
				opts.itemIndex,
			),
	});
}

/** A listing whose pages do not add up to the total in metaData: the paging lines of the contract are suspect. */
function listingMismatch(
	ctx: RequestContext,
	path: string,
	detail: ListingMismatch,
	itemIndex?: number,
): Error {
	return new NodeOperationError(
		ctx.getNode(),
		`Bookings ONE reported ${detail.expected} records for ${path} but its pages held ${detail.received} (${detail.reason})`,
		{
			itemIndex,
			description:
				'The server pages differently from what this node assumes (contract: pages numbered as metaData.page echoes them, `row` up to MAX_ROW = 1000, metaData.totalCount; nodes/BookingsOne/transport.ts), or records changed while the pages were read. Run it again; if it repeats, the contract line named here needs fixing for this server (the numbers above show how it differs).',
		},
	);
}

/** The display text of a multilingual name (`[{languageCode, value}]`) or a plain string. */
export function displayText(value: unknown): string | null {
	if (typeof value === 'string') return value || null;
	if (Array.isArray(value)) {
		const entries = value as Array<{ languageCode?: string; value?: unknown }>;
		const english = entries.find(
			(e) => typeof e?.languageCode === 'string' && e.languageCode.toLowerCase().startsWith('en'),
		);
		const pick = english ?? entries.find((e) => typeof e?.value === 'string' && e.value !== '');
		return typeof pick?.value === 'string' && pick.value !== '' ? pick.value : null;
	}
	return null;
}
