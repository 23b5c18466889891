import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { fieldValue } from '../shared/fieldReader';
import { expectList } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { methodPath, NO_SESSION, pronestorBaseUrl } from './baseUrl';
import { FIELDS, LIST_ANSWER_LINE, LOCK_TIME_FORMAT, VENDOR } from './contract';

export { methodPath, NO_SESSION, pronestorBaseUrl };

export const pronestorClient: VendorClient = {
	vendor: VENDOR,
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
				'Pronestor Planner answers at most 6 months of locked bookings per request. The node ' +
				'splits longer ranges itself; if you used Custom API Call, narrow the range.';
		} else if (failure.status === 401) {
			hint =
				'Pronestor Planner did not accept the login or the session. Open the Pronestor Planner ' +
				'credential, check the username and password (or the authentication mode for on-premise ' +
				'sites), and test it.';
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
