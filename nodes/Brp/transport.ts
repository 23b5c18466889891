import { DateTime } from 'luxon';
import { NodeApiError, NodeOperationError, type IDataObject, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';
import { vendorApiError, type HttpFailure, type VendorErrorDetails } from '../shared/errors';
import { mapLimited } from '../shared/paging';
import { vendorRequest, type VendorClient } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { brpBaseUrl } from './baseUrl';
import { brpErrors, parseAnswer } from './xml';

/**
 * BRP Systems API2: every path, parameter, format rule and field type this package relies on (seed 003 and
 * BRP's API2 pages). Assumptions are marked; a tenant that differs is one line here.
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

/** BRP's "Time" and "Date" are Stockholm local time, not UTC. */
export const TIME_ZONE = 'Europe/Stockholm';
/** BRP's default service-booking window: today … today + 14 days. */
export const DEFAULT_RANGE_DAYS = 14;
/** Windows fetched at once after a split (no documented rate limit: stay gentle). */
export const RANGE_CONCURRENCY = 2;

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

/** BRP's error codes: name and how to fix it. */
export const ERROR_CODES: Record<number, { name: string; hint: string }> = {
	1001: { name: 'suspendedNotAllowedToBook', hint: 'The person is suspended and may not book. Check the person in BRP.' },
	1002: { name: 'notAllowedToBookDueToNoshows', hint: 'The person may not book because of no-shows. Check the person in BRP.' },
	1003: { name: 'unpayedInvoiceNotAllowedToBook', hint: 'The person has an unpaid invoice and may not book.' },
	1004: { name: 'isNotAllowedToBook', hint: 'The person is not allowed to book this.' },
	1005: { name: 'passCancelledNotAllowedToBook', hint: 'The booking was cancelled and may not be booked again.' },
	1006: { name: 'cannotBookNoFreeSlots', hint: 'There are no free slots. Choose another time.' },
	1007: { name: 'bookingClashes', hint: 'The booking clashes with another booking. Choose another time or resource.' },
	1008: { name: 'cannotBook', hint: 'BRP cannot book this. Check the booking rules in BRP.' },
	1009: { name: 'cannotBookDebookWaitinglist', hint: 'The waiting-list booking cannot be changed.' },
	1010: { name: 'cannotBookNoFreeSlots', hint: 'There are no free slots. Choose another time.' },
	1012: { name: 'noSuchService', hint: 'BRP has no such service. Check the product or service ID.' },
	1101: { name: 'invalidValue', hint: 'BRP refused a value. Check the fields named in the message.' },
	1102: {
		name: 'mandatoryParameter',
		hint: 'A required field is missing. For a service booking on an anonymous order, turn on "Anonymous".',
	},
	1103: { name: 'objectExists', hint: 'This exists already (for a person: the e-mail is taken). Update the existing record instead.' },
	1104: { name: 'noSuchBusinessUnit', hint: 'Check the business unit IDs; Business Unit → Get Many lists them.' },
	1105: { name: 'wrongFormat', hint: 'A value has the wrong format: dates yyyy-MM-dd, ID lists like 1,2,45, booleans true or false.' },
	1106: {
		name: 'objectNotBelongingToAuthUser',
		hint: 'The record belongs to another person than the one logged in. Log in as that person, or use a level 3 key with a Person ID.',
	},
	1107: { name: 'noSuchObject', hint: 'BRP has no record with this ID. Check the ID.' },
	1108: {
		name: 'invalidAccess',
		hint: 'BRP refused the API key or the person login, or the key’s level is too low for this call. Check the key, the login and the Key Level in the BRP credential.',
	},
	1109: {
		name: 'noMandatoryFilter',
		hint: 'A required filter is missing: business units for resources; a person login, a resource or business units (level 3 key) for service bookings; at least one filter for persons.',
	},
	1110: { name: 'invalidXml', hint: 'BRP could not read the request body. Check the JSON of the fields you entered.' },
	1111: { name: 'invalidConfiguration', hint: 'BRP’s configuration does not allow this. Ask your BRP administrator.' },
	1112: { name: 'unknownError', hint: 'BRP had an internal problem. Try again later.' },
	1113: { name: 'outOfMemoryError', hint: 'BRP ran out of memory. Try a smaller date range.' },
	1114: { name: 'maxRangeExceeded', hint: 'The date range is too wide; narrow it or let the node split it (Get Many and the trigger split ranges automatically).' },
	1115: { name: 'requestTimeout', hint: 'BRP timed out. Try a smaller date range or try again later.' },
	1116: { name: 'noSuchRole', hint: 'BRP has no such role. Check the role name.' },
	1117: { name: 'roleNotAssignableViaApi', hint: 'This role cannot be assigned through the API. Assign it in BRP.' },
};

export const MAX_RANGE_CODE = 1114;

export { brpBaseUrl };

/** The last parsed answer (checkAnswer parses it; brpRequest reuses it instead of parsing twice). */
let lastParsed: { text: string; value: IDataObject } | undefined;

function parseCached(text: string): IDataObject {
	if (lastParsed && lastParsed.text === text) return lastParsed.value;
	const value = parseAnswer(text);
	lastParsed = { text, value };
	return value;
}

function textOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body && typeof body === 'object') return JSON.stringify(body);
	return undefined;
}

/** BRP's `<errors>` (code, name, message, debug info) from any answer, whatever its status. */
export function errorDetails(body: unknown): VendorErrorDetails | undefined {
	const text = textOf(body);
	if (!text) return undefined;
	let parsed: IDataObject;
	try {
		parsed = parseCached(text);
	} catch {
		return undefined;
	}
	const errors = brpErrors(parsed);
	if (!errors || errors.length === 0) return undefined;
	const first = errors[0];
	const code = Number(first.code);
	const known = ERROR_CODES[code];
	const parts = errors.map((e) => {
		const c = Number(e.code);
		const name = ERROR_CODES[c]?.name ?? (e.message ? String(e.message) : 'error');
		const detail = [e.message && e.message !== name ? e.message : undefined, e.debuginfo].filter(Boolean).join(' — ');
		return `${Number.isFinite(c) ? `${c} ` : ''}${name}${detail ? `: ${detail}` : ''}`;
	});
	return {
		message: parts.join('; '),
		code: Number.isFinite(code) ? code : first.code,
		hint: known?.hint ?? 'Check the fields named in the message.',
	};
}

export const brpClient: VendorClient = {
	vendor: 'BRP',
	credentialType: 'brpApi',
	baseUrl: brpBaseUrl,
	secretFields: ['apiKey', 'password'],
	errorDetails: (failure: HttpFailure) => errorDetails(failure.body),
	checkAnswer(body, full) {
		const text = textOf(body) ?? '';
		try {
			const parsed = parseCached(text);
			if (brpErrors(parsed)) return { status: full.statusCode, headers: full.headers, body: text, message: 'BRP refused the request' };
			return undefined;
		} catch (error) {
			return {
				status: full.statusCode,
				headers: full.headers,
				body: text.slice(0, 200),
				message: `${(error as Error).message}. Check that the Base URL in the credential points at BRP's API (…/api/ver2/)`,
			};
		}
	},
};

export interface BrpRequest {
	method: IHttpRequestMethods;
	/** Path after the base URL, without or with the `.xml`/`.json` extension. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Default: XML for reads, JSON for writes. Ignored when the path has an extension. */
	format?: 'xml' | 'json';
	/** The list the answer must hold (e.g. "servicebookings"); an answer without it is an error, never "none". */
	list?: string;
	itemIndex?: number;
}

/** One BRP call; returns the answer as clean JSON (see xml.ts). */
export async function brpRequest(this: RequestContext, request: BrpRequest): Promise<IDataObject> {
	const path = request.path.replace(/^\/+/, '');
	const hasExtension = /\.(xml|json)$/i.test(path);
	const format = request.format ?? (request.method === 'GET' ? READ_FORMAT : WRITE_FORMAT);
	const headers: Record<string, string> = {
		Accept: (hasExtension ? /\.json$/i.test(path) : format === 'json') ? 'application/json' : 'application/xml, text/xml',
	};
	if (request.body !== undefined) headers['Content-Type'] = 'application/json';
	const text = (await vendorRequest.call(this, brpClient, {
		method: request.method,
		path: hasExtension ? path : `${path}.${format}`,
		qs: request.qs,
		body: request.body,
		headers,
		json: false,
		encoding: 'text',
		itemIndex: request.itemIndex,
	})) as unknown;
	const answer = parseCached(textOf(text) ?? '');
	if (request.list && !(request.list in answer)) {
		throw vendorApiError(
			this.getNode(),
			{
				status: 200,
				headers: {},
				body: JSON.stringify(answer).slice(0, 200),
				message: `the answer has no <${request.list}> list (it starts with <${Object.keys(answer)[0] ?? 'nothing'}>)`,
			},
			{ vendor: brpClient.vendor, itemIndex: request.itemIndex },
		);
	}
	return answer;
}

/** The records of a list answer (`{servicebookings: [...]}` → the array). */
export function listOf(answer: IDataObject, key: string): IDataObject[] {
	const value = answer[key];
	if (Array.isArray(value)) return value as IDataObject[];
	if (value && typeof value === 'object') return [value as IDataObject];
	return [];
}

/** A Stockholm calendar date for BRP's Date parameters. */
export function brpDate(value: DateTime): string {
	return value.setZone(TIME_ZONE).toFormat('yyyy-MM-dd');
}

/** Errors from vendorRequest are already NodeApiError/NodeOperationError; anything else is wrapped. */
function asNodeError(ctx: RequestContext, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
}

function isMaxRangeError(error: unknown): boolean {
	const response = (error as { errorResponse?: { vendorCode?: unknown } }).errorResponse;
	return Number(response?.vendorCode) === MAX_RANGE_CODE;
}

/** Per base URL: the widest range BRP accepted and the narrowest it refused (1114), for a few hours. */
const RANGE_LIMITS = new Map<string, { accepted: number; refused: number; at: number }>();
const RANGE_LIMIT_TTL_MS = 6 * 60 * 60_000;

export interface RangeResult {
	bookings: IDataObject[];
	/** False when the poll budget ran out before the whole range was read. */
	complete: boolean;
	/** Requests made (for tests and logs). */
	windows: number;
}

/**
 * Lists service bookings from `start` to `end` (Stockholm calendar days, `end` exclusive). BRP lists are not
 * paged but refuse too wide a range (1114 maxRangeExceeded): the node then halves the window until BRP accepts
 * it and reads the rest in windows of that width, a few at a time. Records are de-duplicated by ID and
 * sorted by start.
 */
export async function listServiceBookings(
	this: RequestContext,
	opts: { start: DateTime; end: DateTime; qs?: IDataObject; limit?: number; itemIndex?: number; deadline?: number },
): Promise<RangeResult> {
	const start = opts.start.setZone(TIME_ZONE).startOf('day');
	const end = opts.end.setZone(TIME_ZONE).startOf('day');
	const result: RangeResult = { bookings: [], complete: true, windows: 0 };
	const seen = new Set<string>();
	const add = (list: IDataObject[]) => {
		for (const booking of list) {
			const key = String(booking.id);
			if (seen.has(key)) continue;
			seen.add(key);
			result.bookings.push(booking);
		}
	};
	const fetchWindow = async (from: DateTime, to: DateTime): Promise<IDataObject[]> => {
		result.windows++;
		const answer = await brpRequest.call(this, {
			method: 'GET',
			path: PATHS.serviceBookings,
			qs: { ...(opts.qs ?? {}), [PARAMS.startDate]: brpDate(from), [PARAMS.endDate]: brpDate(to) },
			list: 'servicebookings',
			itemIndex: opts.itemIndex,
		});
		return listOf(answer, 'servicebookings');
	};
	/** Fetches [from, to), splitting it in two whenever BRP says it is too wide. */
	const fetchSplitting = async (from: DateTime, to: DateTime): Promise<IDataObject[]> => {
		try {
			return await fetchWindow(from, to);
		} catch (error) {
			const days = Math.round(to.diff(from, 'days').days);
			if (!isMaxRangeError(error) || days <= 1) throw asNodeError(this, error);
			const middle = from.plus({ days: Math.ceil(days / 2) });
			return [...(await fetchSplitting(from, middle)), ...(await fetchSplitting(middle, to))];
		}
	};
	const enough = () => opts.limit !== undefined && result.bookings.length >= opts.limit;
	const outOfTime = () => opts.deadline !== undefined && Date.now() > opts.deadline;

	// Learn the widest window BRP accepts, starting with the whole range. After a refusal the width is searched
	// between the widest accepted and the narrowest refused one while walking the range, so every accepted
	// request already reads bookings; once the width is known the rest is read in windows of that width.
	// What earlier calls learned about this BRP installation saves the refused requests (a trigger polls often).
	const total = Math.max(1, Math.round(end.diff(start, 'days').days));
	const limitKey = String((await this.getCredentials(brpClient.credentialType)).baseUrl ?? '');
	const learned = RANGE_LIMITS.get(limitKey);
	const fresh = learned !== undefined && Date.now() - learned.at < RANGE_LIMIT_TTL_MS;
	const knownRefused = fresh ? learned.refused : Infinity;
	let accepted = fresh ? Math.min(learned.accepted, total) : 0;
	let refused = Math.min(total + 1, knownRefused);
	let refusedNow = Infinity;
	// The whole range first, unless BRP is known to refuse that much: then the learned width (which is so
	// checked, in case BRP's limit went down).
	let width = knownRefused <= total && accepted > 0 ? accepted : total;
	let verified = false;
	let cursor = start;
	while (cursor < end && (refused - accepted > 1 || !verified) && !enough() && !outOfTime()) {
		const next = DateTime.min(cursor.plus({ days: width }), end);
		try {
			add(await fetchWindow(cursor, next));
			accepted = Math.max(accepted, Math.round(next.diff(cursor, 'days').days));
			verified = true;
			cursor = next;
		} catch (error) {
			if (!isMaxRangeError(error) || width <= 1) throw asNodeError(this, error);
			refused = Math.min(refused, width);
			refusedNow = Math.min(refusedNow, width);
			// BRP's limit went down since it was learned.
			if (accepted >= refused) accepted = 0;
		}
		width = accepted === 0 ? Math.ceil(width / 2) : verified && refused - accepted > 1 ? Math.floor((accepted + refused) / 2) : accepted;
	}
	width = Math.max(1, accepted);
	if (accepted > 0) {
		const widest = Math.max(accepted, fresh && learned.accepted < refusedNow ? learned.accepted : 0);
		const narrowest = Math.min(refusedNow, fresh && learned.refused > widest ? learned.refused : Infinity);
		RANGE_LIMITS.set(limitKey, { accepted: widest, refused: narrowest, at: Date.now() });
	}
	const windows: Array<[DateTime, DateTime]> = [];
	for (let from = cursor; from < end; from = from.plus({ days: width })) windows.push([from, DateTime.min(from.plus({ days: width }), end)]);
	if (opts.limit === undefined && opts.deadline === undefined) {
		const lists = await mapLimited(windows, RANGE_CONCURRENCY, ([from, to]) => fetchSplitting(from, to));
		for (const list of lists) add(list);
	} else {
		for (const [from, to] of windows) {
			if (enough()) break;
			if (outOfTime()) {
				result.complete = false;
				break;
			}
			add(await fetchSplitting(from, to));
		}
	}
	result.bookings.sort((a, b) => startOf(a) - startOf(b) || Number(a.id) - Number(b.id));
	return result;
}

export function startOf(booking: IDataObject): number {
	const iso = typeof booking.start === 'string' ? Date.parse(booking.start) : NaN;
	return Number.isFinite(iso) ? iso : 0;
}

/** The key level the user set in the credential (1–3). */
export async function keyLevel(this: RequestContext): Promise<{ level: number; login: boolean }> {
	const credentials = await this.getCredentials(brpClient.credentialType);
	return { level: Number(credentials.keyLevel ?? 2), login: typeof credentials.username === 'string' && credentials.username.trim() !== '' };
}
