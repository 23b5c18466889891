import { DateTime } from 'luxon';
import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';
import { mapLimited } from '../shared/paging';
import { speedCache } from '../shared/speedCache';
import type { RequestContext } from '../shared/types';
import { brpClient } from './client';
import {
	brpDate,
	brpRequest,
	listOf,
	MAX_RANGE_CODE,
	PARAMS,
	PATHS,
	RANGE_CONCURRENCY,
	TIME_ZONE,
} from './transport';

/** Errors from vendorRequest are already NodeApiError/NodeOperationError; anything else is wrapped. */
function asNodeError(ctx: RequestContext, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeApiError(ctx.getNode(), error as JsonObject);
}

function isMaxRangeError(error: unknown): boolean {
	const response = (error as { errorResponse?: { vendorCode?: unknown } }).errorResponse;
	return Number(response?.vendorCode) === MAX_RANGE_CODE;
}

/** Per base URL: the widest range BRP accepted and the narrowest it refused (1114), for a few hours. */
const RANGE_LIMITS = speedCache<{ accepted: number; refused: number }>('brp:rangeLimits', {
	max: 200,
	lifetimeMs: 6 * 60 * 60_000,
});

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
	opts: {
		start: DateTime;
		end: DateTime;
		qs?: IDataObject;
		limit?: number;
		itemIndex?: number;
		deadline?: number;
	},
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
	const fresh = learned !== undefined;
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
		width =
			accepted === 0
				? Math.ceil(width / 2)
				: verified && refused - accepted > 1
					? Math.floor((accepted + refused) / 2)
					: accepted;
	}
	width = Math.max(1, accepted);
	if (accepted > 0) {
		const widest = Math.max(
			accepted,
			fresh && learned.accepted < refusedNow ? learned.accepted : 0,
		);
		const narrowest = Math.min(
			refusedNow,
			fresh && learned.refused > widest ? learned.refused : Infinity,
		);
		RANGE_LIMITS.set(limitKey, { accepted: widest, refused: narrowest });
	}
	const windows: Array<[DateTime, DateTime]> = [];
	for (let from = cursor; from < end; from = from.plus({ days: width }))
		windows.push([from, DateTime.min(from.plus({ days: width }), end)]);
	if (opts.limit === undefined && opts.deadline === undefined) {
		const lists = await mapLimited(windows, RANGE_CONCURRENCY, ([from, to]) =>
			fetchSplitting(from, to),
		);
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
