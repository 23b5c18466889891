/**
 * One small spec per vendor: how to ask the node for a Return All, what the API's minimum is, what its rate
 * limit allows, how to log in, and how a user would fetch the same records with n8n's HTTP Request node.
 * A vendor is benchmarked once its node is in the compiled package (package.json `n8n.nodes`).
 */
import { DateTime } from 'luxon';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import type { CompactRequest, SeedInfo, VendorKey } from './sandbox-host';
import { BOOKINGS_ONE, BRP, HUB_PLANNER, PLANNING_PME, PRONESTOR } from '../vendors';

export interface HttpRequestPlan {
	parameters: INodeParameters;
	/** Input items (one request per item for APIs without paging). */
	items?: IDataObject[];
	/** Records in the node's output (pages may come as one item each). */
	countRecords(items: INodeExecutionData[]): number;
	/**
	 * Where the records are when the answer is one object per page or window: the field a Split Out node then splits
	 * into one item per record, as a user's workflow must (absent: the node's items are the records already).
	 */
	recordsField?: string;
	note: string;
}

export interface VendorSpec {
	key: VendorKey;
	name: string;
	/** Node short name and credential type in this package. */
	nodeType: string;
	credentialType: string;
	/** Record counts to fetch (where the API allows). */
	sizes: number[];
	/** Human description of the listing and its page rule. */
	listing: string;
	/** Rate limit as documented, and the concurrency the lower bound assumes. */
	rateLimit: string;
	concurrency: number;
	concurrencyWhy: string;
	/** A documented burst window: at most `limit` requests per `ms`. */
	window?: { limit: number; ms: number };
	credential(baseUrl: string, info: SeedInfo): IDataObject;
	returnAll(info: SeedInfo): INodeParameters;
	/** Minimum data requests for n records, and the login requests a fresh credential needs. */
	minimum(n: number, info: SeedInfo): { data: number; login: number };
	/**
	 * Round trips an ideal client cannot overlap (login, the page that tells the total, then the rest
	 * `concurrency` at a time): the critical path in units of latency.
	 */
	criticalPath(n: number, info: SeedInfo): number;
	isLogin(r: CompactRequest): boolean;
	/** Requests the API refused on purpose (e.g. BRP's 1114 range too wide). */
	isRefusal?(r: CompactRequest): boolean;
	/** 100 consecutive executions with a session/token credential (absent: no login exists). */
	session?: { parameters: INodeParameters; lifetime: string; credential?: (baseUrl: string, info: SeedInfo) => IDataObject };
	httpRequest?(baseUrl: string, info: SeedInfo, n: number): HttpRequestPlan;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
/** Without a total, the listing ends at the first short page: a full last page costs one more (empty) request. */
const pagesNoTotal = (n: number, size: number) => Math.floor(n / size) + 1;
const ok = (r: CompactRequest) => r.status < 400;

const predefined = (credentialType: string): INodeParameters => ({
	authentication: 'predefinedCredentialType',
	nodeCredentialType: credentialType,
});

/** HTTP Request's "Pagination" option: update query parameters each request until an expression is true. */
function pagination(parameters: Array<{ name: string; value: string }>, completeExpression: string, extra: IDataObject = {}): INodeParameters {
	return {
		options: {
			pagination: {
				pagination: {
					paginationMode: 'updateAParameterInEachRequest',
					parameters: { parameters: parameters.map((p) => ({ type: 'qs', ...p })) },
					paginationCompleteWhen: 'other',
					completeExpression,
					...extra,
				},
			},
		},
	};
}

const HUB_PAGE = 1000;
const PPME_PAGE = 1000;
const B1_ROW = 1000;

export const VENDORS: VendorSpec[] = [
	{
		key: 'hubplanner',
		name: HUB_PLANNER.name,
		nodeType: HUB_PLANNER.nodeType,
		credentialType: HUB_PLANNER.credentialType,
		sizes: [1000, 10000, 50000],
		listing: 'GET /booking, page from 0, limit ≤ 1000, plain array without a total (ends at a short page)',
		rateLimit: '50 calls / 5 s burst (429 + Retry-After), 6000 calls/day',
		concurrency: 2,
		concurrencyWhy:
			'no total: after a full first page the package keeps 2 pages in flight (READ_AHEAD), which costs one request past the end of a listing over 1,000 records',
		window: { limit: 50, ms: 5000 },
		credential: (baseUrl, info) => ({ apiKey: info.apiKey, baseUrl: `${baseUrl}/v1` }),
		returnAll: () => ({ resource: 'booking', operation: 'getAll', returnAll: true }),
		minimum: (n) => ({ data: pagesNoTotal(n, HUB_PAGE), login: 0 }),
		criticalPath: (n) => 1 + Math.ceil((pagesNoTotal(n, HUB_PAGE) - 1) / 2),
		isLogin: () => false,
		httpRequest: (baseUrl) => ({
			parameters: {
				method: 'GET',
				url: `${baseUrl}/v1/booking`,
				...predefined('hubPlannerApi'),
				...pagination(
					[
						{ name: 'page', value: '={{ $pageCount }}' },
						{ name: 'limit', value: String(HUB_PAGE) },
					],
					`={{ $response.body.length < ${HUB_PAGE} }}`,
				),
			},
			countRecords: (items) => items.length,
			note: 'page={{$pageCount}}, limit=1000, complete when a page has fewer than 1000 records (the best a user can configure; "Response Is Empty" costs the same here)',
		}),
	},
	{
		key: 'pronestor',
		name: PRONESTOR.name,
		nodeType: PRONESTOR.nodeType,
		credentialType: PRONESTOR.credentialType,
		sizes: [1000, 10000, 50000],
		listing: 'Locked Booking → Export over 2 years: FindLockedBookings, one unpaged answer per window of at most 6 months',
		rateLimit: 'none documented; session cookie from Authenticate',
		concurrency: 6,
		concurrencyWhy: "no documented limit: the package has every window in flight, at most 6 (a browser's connections to one site), after sharing one login",
		credential: (baseUrl, info) => ({
			deployment: 'custom',
			baseUrl,
			authentication: 'session',
			username: info.username,
			password: info.password,
			sessionToken: '',
		}),
		returnAll: (info) => ({ resource: 'lockedBooking', operation: 'export', startLockTime: info.startLockTime, endLockTime: '' }),
		minimum: (_n, info) => ({ data: pronestorWindows(String(info.startLockTime)).length, login: 1 }),
		criticalPath: (_n, info) => 1 + Math.ceil(pronestorWindows(String(info.startLockTime)).length / 6),
		isLogin: (r) => /\/Authenticate$/i.test(r.path),
		session: { parameters: { resource: 'department', operation: 'getAll' }, lifetime: 'session: 20 min (emulator default; not documented)' },
		httpRequest: (baseUrl, info) => ({
			parameters: {
				method: 'GET',
				url: `${baseUrl}/Api.mvc/v1/FindLockedBookings`,
				...predefined('pronestorPlannerApi'),
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: {
					parameters: [
						{ name: 'startLockTime', value: '={{ $json.startLockTime }}' },
						{ name: 'endLockTime', value: '={{ $json.endLockTime }}' },
					],
				},
			},
			items: pronestorWindows(String(info.startLockTime)).map(([from, to]) => ({ startLockTime: lockTime(from), endLockTime: lockTime(to) })),
			countRecords: (items) => items.length,
			note: 'one input item per 6-month window (what a Code node would produce), one request per item; no paging exists',
		}),
	},
	{
		key: 'planningpme',
		name: PLANNING_PME.name,
		nodeType: PLANNING_PME.nodeType,
		credentialType: PLANNING_PME.credentialType,
		sizes: [1000, 10000, 50000],
		listing: 'Task → Get Many: GET api/task, pageIndex from 0, pageSize ≤ 1000, {totalItems, items}',
		rateLimit: '2,000 requests/hour per app key (a quota, no concurrency limit); bearer token valid 8-24 h',
		concurrency: 4,
		concurrencyWhy: 'the quota does not limit concurrency: the package fetches pages 4 at a time once the total is known',
		credential: (baseUrl, info) => ({
			brand: 'ACME',
			environment: 'custom',
			baseUrl,
			appApiKey: info.appKey,
			authMode: 'password',
			username: info.username,
			password: info.password,
			timeZone: 'Europe/Paris',
		}),
		returnAll: () => ({ resource: 'task', operation: 'getAll', returnAll: true }),
		minimum: (n) => ({ data: pages(n, PPME_PAGE), login: 1 }),
		criticalPath: (n) => 2 + Math.ceil((pages(n, PPME_PAGE) - 1) / 2),
		isLogin: (r) => /\/token$/i.test(r.path),
		session: {
			parameters: { resource: 'task', operation: 'getAll', returnAll: false, limit: 1 },
			lifetime: 'token: expires_in 86399 s (seed: 8 h)',
			credential: (baseUrl, info) => ({
				...VENDORS.find((v) => v.key === 'planningpme')!.credential(baseUrl, info),
				username: info.sessionUsername,
				password: info.sessionPassword,
			}),
		},
		httpRequest: (baseUrl) => ({
			parameters: {
				method: 'GET',
				url: `${baseUrl}/acme/api/task`,
				...predefined('planningPmeApi'),
				...pagination(
					[
						{ name: 'pageIndex', value: '={{ $pageCount }}' },
						{ name: 'pageSize', value: String(PPME_PAGE) },
					],
					`={{ $pageCount * ${PPME_PAGE} >= $response.body.totalItems }}`,
				),
			},
			countRecords: (items) => items.reduce((sum, item) => sum + ((item.json.items as unknown[] | undefined)?.length ?? 0), 0),
			recordsField: 'items',
			note: 'pageIndex={{$pageCount}}, pageSize=1000, complete when $pageCount·1000 ≥ totalItems ($pageCount counts the pages already fetched); one item per page, then Split Out of `items`',
		}),
	},
	{
		key: 'brp',
		name: BRP.name,
		nodeType: BRP.nodeType,
		credentialType: BRP.credentialType,
		sizes: [1000, 10000, 50000],
		listing: 'Service Booking → Get Many over one year, level 3 key, one business unit: unpaged, range ≤ 31 days (1114 beyond)',
		rateLimit: 'none documented; the widest accepted range is not documented either (emulator: 31 days)',
		concurrency: 6,
		concurrencyWhy: "no documented limit: the package reads windows 6 at a time (RANGE_CONCURRENCY, a browser's connections to one site), as .json",
		credential: (_baseUrl, info) => ({ baseUrl: info.apiUrl, apiKey: info.apiKey, keyLevel: 3, username: '', password: '' }),
		returnAll: (info) => ({
			resource: 'serviceBooking',
			operation: 'getAll',
			returnAll: true,
			startDate: info.startDate,
			endDate: info.endDate,
			filters: { businessUnitIds: '11' },
		}),
		minimum: (_n, info) => ({ data: brpWindows(info).length, login: 0 }),
		criticalPath: (_n, info) => Math.ceil(brpWindows(info).length / 6),
		isLogin: () => false,
		isRefusal: (r) => r.status === 400,
		httpRequest: (_baseUrl, info) => ({
			parameters: {
				method: 'GET',
				url: `${info.apiUrl}servicebookings.json`,
				...predefined('brpApi'),
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: {
					parameters: [
						{ name: 'startdate', value: '={{ $json.startdate }}' },
						{ name: 'enddate', value: '={{ $json.enddate }}' },
						{ name: 'businessunitids', value: '11' },
					],
				},
			},
			items: brpWindows(info).map(([from, to]) => ({ startdate: from, enddate: to })),
			countRecords: (items) => items.reduce((sum, item) => sum + ((item.json.servicebookings as unknown[] | undefined)?.length ?? 0), 0),
			recordsField: 'servicebookings',
			note: 'one input item per 31-day window (the user must know the widest range), one request per item; one item per window, then Split Out of `servicebookings`',
		}),
	},
	{
		key: 'bookingsone',
		name: BOOKINGS_ONE.name,
		nodeType: BOOKINGS_ONE.nodeType,
		credentialType: BOOKINGS_ONE.credentialType,
		sizes: [1000, 10000, 50000],
		listing: 'Appointment → Search: GET booking/v1/resourceAppointment, page from 1, row ≤ 1000, metaData.totalCount',
		rateLimit: 'none documented; static token (no login request)',
		concurrency: 3,
		concurrencyWhy: 'no documented limit: the package fetches pages 3 at a time once the total is known',
		credential: (baseUrl, info) => ({ serverUrl: baseUrl, accessToken: info.token, authMethod: 'header' }),
		returnAll: () => ({ resource: 'appointment', operation: 'search', returnAll: true }),
		minimum: (n) => ({ data: pages(n, B1_ROW), login: 0 }),
		criticalPath: (n) => 1 + Math.ceil((pages(n, B1_ROW) - 1) / 3),
		isLogin: () => false,
		httpRequest: (baseUrl) => ({
			parameters: {
				method: 'GET',
				url: `${baseUrl}/API/external/booking/v1/resourceAppointment`,
				...predefined('bookingsOneApi'),
				...pagination(
					[
						{ name: 'page', value: '={{ $pageCount + 1 }}' },
						{ name: 'row', value: String(B1_ROW) },
					],
					'={{ $response.body.metaData.page >= $response.body.metaData.totalPages }}',
				),
			},
			countRecords: (items) => items.reduce((sum, item) => sum + ((item.json.data as unknown[] | undefined)?.length ?? 0), 0),
			recordsField: 'data',
			note: 'page={{$pageCount + 1}}, row=1000, complete when metaData.page ≥ totalPages; one item per page, then Split Out of `data`',
		}),
	},
];

// ---- vendor date windows -------------------------------------------------------------------------------

/** Pronestor's 6-month windows from the export's start up to now (the last one ends a minute ago). */
export function pronestorWindows(startIso: string, now = DateTime.utc()): Array<[DateTime, DateTime]> {
	const end = now.minus({ minutes: 1 }).startOf('second');
	const windows: Array<[DateTime, DateTime]> = [];
	for (let from = DateTime.fromISO(startIso, { zone: 'utc' }); from < end; ) {
		const to = DateTime.min(from.plus({ months: 6 }), end);
		windows.push([from, to]);
		from = to;
	}
	return windows;
}

function lockTime(t: DateTime): string {
	return `${t.toUTC().toFormat('yyyy-MM-dd HH:mm:ss')}Z`;
}

/** BRP windows of the widest accepted range (Stockholm days, end exclusive). */
export function brpWindows(info: SeedInfo): Array<[string, string]> {
	const zone = 'Europe/Stockholm';
	const width = Number(info.maxRangeDays);
	const end = DateTime.fromISO(String(info.endDate), { zone });
	const windows: Array<[string, string]> = [];
	for (let from = DateTime.fromISO(String(info.startDate), { zone }); from < end; ) {
		const to = DateTime.min(from.plus({ days: width }), end);
		windows.push([from.toISODate() as string, to.toISODate() as string]);
		from = to;
	}
	return windows;
}

export { ok as answered };
