import { DateTime } from 'luxon';
import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';
import { listingError } from '../shared/errors';
import { recall, remember } from '../shared/learned';
import type { RequestContext } from '../shared/types';
import { runBounded } from '../shared/pool';
import { readCapped } from '../shared/windowCap';
import {
	ENDDATE_INCLUSIVE,
	LEARNED,
	MAX_RANGE_CODE,
	PARAMS,
	PATHS,
	RANGE_CONCURRENCY,
	SERVICE_BOOKINGS_FORMAT,
	START_RANGE_DAYS,
	TIME_ZONE,
} from './contract';
import { brpClient, brpDate, brpRequest, listOf } from './transport';
import { fieldValue } from '../shared/fieldReader';

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

/** The suffix service bookings are read with on this credential (SERVICE_BOOKINGS_FORMAT unless it was not served). */
export function listFormat(ctx: RequestContext): 'json' | 'xml' {
	const learned = recall<string>(ctx, brpClient.credentialType, LEARNED.format);
	return learned === 'xml' || learned === 'json' ? learned : SERVICE_BOOKINGS_FORMAT;
}

/**
 * Whether a failed `.json` listing says the tenant does not serve JSON there (a 404/406/415 without a BRP
 * `<errors>` document), as opposed to a BRP refusal, a temporary failure or an unusable 200 answer (those stay
 * errors: a maintenance page must not switch the credential to XML).
 */
function jsonNotServed(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const response = (error as { errorResponse?: { vendorCode?: unknown } }).errorResponse;
	if (response?.vendorCode !== null && response?.vendorCode !== undefined) return false;
	return ['404', '406', '415'].includes(String(error.httpCode));
}

/** Where the cap on one answer's bookings is learned and used (the contract line "windowCap"). */
export const WINDOW_CAP_WHERE =
	'nodes/Brp/rangeSearch.ts listServiceBookings (the cap on one answer, measured by API Contract → Check)';

export interface LearnedRange {
	/** Widest window accepted (days), 0 when none is known. */
	accepted: number;
	/** Narrowest window refused with 1114 (days), Infinity when none is known. */
	refused: number;
	inclusive: boolean;
}

export function recallRange(ctx: RequestContext): LearnedRange {
	const type = brpClient.credentialType;
	const accepted = Number(recall<number>(ctx, type, LEARNED.accepted) ?? 0);
	const refused = Number(recall<number>(ctx, type, LEARNED.refused) ?? Infinity);
	const inclusive = recall<boolean>(ctx, type, LEARNED.inclusive);
	const range = {
		accepted: Number.isFinite(accepted) && accepted > 0 ? Math.floor(accepted) : 0,
		refused: Number.isFinite(refused) && refused > 1 ? Math.floor(refused) : Infinity,
		inclusive: typeof inclusive === 'boolean' ? inclusive : ENDDATE_INCLUSIVE,
	};
	// Facts that contradict each other (stored at different times): the refusal wins, the width is searched again.
	if (range.accepted >= range.refused) range.accepted = 0;
	return range;
}

/**
 * Remembers what answers showed. `refused: Infinity` forgets an earlier refusal (API Contract → Check found a
 * wider range accepted); a refusal of one day is never stored (it is an error, not a width).
 */
export function rememberRange(ctx: RequestContext, facts: Partial<LearnedRange>): void {
	const type = brpClient.credentialType;
	if (facts.accepted !== undefined && facts.accepted > 0)
		remember(ctx, type, LEARNED.accepted, facts.accepted);
	if (facts.refused !== undefined && (facts.refused > 1 || facts.refused === Infinity))
		remember(ctx, type, LEARNED.refused, Number.isFinite(facts.refused) ? facts.refused : 0);
	if (facts.inclusive !== undefined) remember(ctx, type, LEARNED.inclusive, facts.inclusive);
}

export interface RangeResult {
	bookings: IDataObject[];
	/** False when the poll budget ran out before the whole range was read. */
	complete: boolean;
	/** Requests made (for tests and logs). */
	windows: number;
}

const daysBetween = (from: DateTime, to: DateTime) => Math.round(to.diff(from, 'days').days);

/**
 * Lists service bookings from `start` to `end` (Stockholm calendar days, `end` exclusive). BRP lists are not
 * paged but refuse too wide a range (1114 maxRangeExceeded), and the widest accepted range is not documented:
 * - windows start a calendar month wide (START_RANGE_DAYS), or as wide as the credential is known to allow;
 * - after a 1114 the accepted width is searched between the widest accepted and the narrowest refused width while
 *   reading (every accepted request already reads bookings), one window at a time;
 * - what was learned is kept per credential (LEARNED): a later listing or execution never tries a width that was
 *   refused, nor narrower than one accepted, so once learned no request is refused;
 * - once the width is known, the other windows are read RANGE_CONCURRENCY at a time (a learned width is not
 *   checked by a lone first window: if BRP lowered its limit since, the windows in flight are refused and split,
 *   and the windows after them are cut to the new width).
 * Windows never overlap: each sends `enddate` as BRP reads it (exclusive, or its last day once the tenant showed
 * it is inclusive). Records are de-duplicated by ID and sorted by start.
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
	const endMs = end.toMillis();
	const result: RangeResult = { bookings: [], complete: true, windows: 0 };
	const seen = new Set<unknown>();
	const add = (list: IDataObject[]) => {
		for (const booking of list) {
			// IDs are numbers after normalization (a text ID is kept as it is); a booking without one is kept whole.
			const key = bookingKey(booking);
			// A tenant with an inclusive enddate also answers the day after the range.
			if (seen.has(key) || startOf(booking) >= endMs) continue;
			seen.add(key);
			result.bookings.push(booking);
		}
	};
	const learned = recallRange(this);
	let format = listFormat(this);
	let { accepted, refused, inclusive } = learned;
	const learn = () => {
		rememberRange(this, {
			accepted: accepted > 0 && accepted !== learned.accepted ? accepted : undefined,
			refused: refused !== learned.refused ? refused : undefined,
		});
		learned.accepted = accepted;
		learned.refused = refused;
	};

	/**
	 * Fetches the days [from, to) in one request. `through` is where the next window starts: `to`, or the day
	 * after it when this answer showed that BRP's `enddate` includes its day (that day is then read already).
	 */
	const fetchOnce = async (
		from: DateTime,
		to: DateTime,
	): Promise<{ list: IDataObject[]; through: DateTime }> => {
		result.windows++;
		const sentInclusive = inclusive;
		const request = (asked: 'json' | 'xml') =>
			brpRequest.call(this, {
				method: 'GET',
				path: PATHS.serviceBookings,
				format: asked,
				qs: {
					...(opts.qs ?? {}),
					[PARAMS.startDate]: brpDate(from),
					[PARAMS.endDate]: brpDate(sentInclusive ? to.minus({ days: 1 }) : to),
				},
				list: 'servicebookings',
				itemIndex: opts.itemIndex,
			});
		let answer: IDataObject;
		try {
			answer = await request(format);
		} catch (error) {
			if (format !== 'json' || !jsonNotServed(error)) throw asNodeError(this, error);
			// This tenant does not serve the listing as JSON: XML from now on (remembered per credential).
			answer = await request('xml');
			if (format === 'json') {
				format = 'xml';
				remember(this, brpClient.credentialType, LEARNED.format, 'xml');
			}
		}
		const list = listOf(answer, 'servicebookings');
		const toMs = to.toMillis();
		const dayAfterMs = to.plus({ days: 1 }).toMillis();
		// Evidence of an inclusive enddate: bookings of the enddate day and none later (an answer with later bookings
		// ignored the range: that proves nothing, and reading enddate as inclusive would then lose a day per window).
		if (
			!sentInclusive &&
			list.some((b) => startOf(b) >= toMs) &&
			!list.some((b) => startOf(b) >= dayAfterMs)
		) {
			// A booking that starts on the enddate day: this tenant's enddate is inclusive.
			if (!inclusive) {
				inclusive = true;
				rememberRange(this, { inclusive: true });
			}
			return { list, through: to.plus({ days: 1 }) };
		}
		return { list, through: to };
	};
	/**
	 * Fetches [from, to) by the window-cap rule (shared/windowCap.ts): an answer that reaches the cap measured by
	 * API Contract → Check, or the bound of answers proven complete (measured on the fly when nothing is known), is
	 * read again as two halves, which must hold all of its bookings.
	 */
	const fetchWindow = async (
		from: DateTime,
		to: DateTime,
	): Promise<{ list: IDataObject[]; through: DateTime }> => {
		let through = to;
		const list = await readCapped<[DateTime, DateTime], IDataObject>({
			window: [from, to],
			// The widest accepted window from here, when wider: its answer raises the bound.
			wide: accepted > daysBetween(from, to) ? [from, from.plus({ days: accepted })] : undefined,
			ctx: this,
			credentialType: brpClient.credentialType,
			endpoint: PATHS.serviceBookings,
			fetch: async ([f, t]) => {
				const answer = await fetchOnce(f, t);
				// The answers of windows ending where this one ends tell where the next window starts: the furthest.
				if (t.toMillis() === to.toMillis() && answer.through > through) through = answer.through;
				return answer.list;
			},
			split: ([f, t]) => {
				const days = daysBetween(f, t);
				if (days <= 1) return undefined;
				const middle = f.plus({ days: Math.ceil(days / 2) });
				return [
					[f, middle],
					[middle, t],
				];
			},
			// Between bookings (BRP windows are whole days of BRP's zone): the next day start after the cut.
			between: {
				rangeOf: ([f, t]) => [f.toMillis(), t.toMillis()],
				spanOf: (booking) => {
					const start = startOf(booking);
					return start ? [start, start] : undefined;
				},
				cutAt: ([f, t], at) => {
					let day = DateTime.fromMillis(at, { zone: f.zone }).startOf('day');
					if (day <= f) day = day.plus({ days: 1 });
					return day < t
						? [
								[f, day],
								[day, t],
							]
						: undefined;
				},
			},
			inWindow: ([f, t], booking) =>
				startOf(booking) >= f.toMillis() && startOf(booking) < t.toMillis(),
			idOf: (booking) => String(bookingKey(booking)),
			describe: ([f, t]) => `${PATHS.serviceBookings} ${brpDate(f)} … ${brpDate(t)}`,
			fail: (shortfall) =>
				listingError(this.getNode(), {
					vendor: brpClient.vendor,
					what: 'service bookings',
					...shortfall,
					line: 'windowCap',
					itemIndex: opts.itemIndex,
				}),
		});
		return { list, through };
	};
	/** Fetches [from, to), splitting it in two whenever BRP says it is too wide (its limit went down). */
	const fetchSplitting = async (from: DateTime, to: DateTime): Promise<IDataObject[]> => {
		const days = daysBetween(from, to);
		try {
			const { list } = await fetchWindow(from, to);
			if (days > accepted && days < refused) {
				accepted = days;
				learn();
			}
			return list;
		} catch (error) {
			if (!isMaxRangeError(error) || days <= 1) throw asNodeError(this, error);
			refused = Math.min(refused, days);
			if (accepted >= refused) accepted = 0;
			learn();
			const middle = from.plus({ days: Math.ceil(days / 2) });
			return [...(await fetchSplitting(from, middle)), ...(await fetchSplitting(middle, to))];
		}
	};
	const enough = () => opts.limit !== undefined && result.bookings.length >= opts.limit;
	const outOfTime = () => opts.deadline !== undefined && Date.now() > opts.deadline;

	/** The widest width worth trying: under the narrowest refusal, else a calendar month (or the widest accepted). */
	const ceiling = () =>
		Number.isFinite(refused) ? refused - 1 : Math.max(accepted, START_RANGE_DAYS);
	const settled = () => accepted > 0 && accepted >= ceiling();
	/** The next width to try while the accepted width is not settled. */
	const probeWidth = () => {
		if (accepted === 0)
			return Number.isFinite(refused) ? Math.max(1, Math.ceil(refused / 2)) : START_RANGE_DAYS;
		return Number.isFinite(refused) ? Math.floor((accepted + refused) / 2) : ceiling();
	};

	// Learning (only while the width is not known): one window at a time, each accepted one read.
	let cursor: DateTime = start;
	while (cursor < end && !settled() && !enough() && !outOfTime()) {
		const to = DateTime.min(cursor.plus({ days: probeWidth() }), end);
		const days = daysBetween(cursor, to);
		try {
			const { list, through } = await fetchWindow(cursor, to);
			add(list);
			accepted = Math.max(accepted, days);
			cursor = through;
		} catch (error) {
			if (!isMaxRangeError(error) || days <= 1) throw asNodeError(this, error);
			refused = Math.min(refused, days);
			// BRP's limit went down since it was learned.
			if (accepted >= refused) accepted = 0;
		}
		learn();
	}

	/** The width of the next window: the accepted one (half the narrowest refusal right after BRP lowered its limit). */
	const width = () =>
		accepted > 0 ? accepted : Number.isFinite(refused) ? Math.max(1, Math.ceil(refused / 2)) : 1;
	if (opts.limit === undefined && opts.deadline === undefined) {
		// The width is known: windows RANGE_CONCURRENCY at a time, each cut when a worker takes it, so that a
		// refusal (BRP lowered its limit since it was learned) narrows the windows not yet asked for.
		// After a failure no new window is started, and the error is thrown once the windows in flight have
		// settled: no request of this listing outlives it.
		let next: DateTime = cursor;
		const lists: IDataObject[][] = [];
		const pending = Math.ceil(daysBetween(cursor, end) / width());
		try {
			await runBounded(
				Math.min(RANGE_CONCURRENCY, pending),
				() => {
					if (next >= end) return undefined;
					const window: [DateTime, DateTime] = [
						next,
						DateTime.min(next.plus({ days: width() }), end),
					];
					next = window[1];
					return window;
				},
				async ([from, to]) => {
					lists.push(await fetchSplitting(from, to));
				},
			);
		} catch (error) {
			throw asNodeError(this, error);
		}
		for (const list of lists) add(list);
	} else {
		// Limit (a sample) or a poll budget: in order, so that stopping early leaves no gap.
		for (let from: DateTime = cursor; from < end; ) {
			if (enough()) break;
			if (outOfTime()) {
				result.complete = false;
				break;
			}
			const to = DateTime.min(from.plus({ days: width() }), end);
			const before = inclusive;
			add(await fetchSplitting(from, to));
			from = !before && inclusive ? to.plus({ days: 1 }) : to;
		}
	}
	// startOf reads BRP's epoch timestamp (no parsing), so it can run in every comparison.
	result.bookings.sort(
		(a, b) => startOf(a) - startOf(b) || Number(fieldValue(a, 'id')) - Number(fieldValue(b, 'id')),
	);
	return result;
}

/** When a booking starts (epoch ms; 0 if unknown): BRP's epoch timestamp when there is one, else the ISO start. */
export function startOf(booking: IDataObject): number {
	const timepoint = fieldValue(booking, 'startTimepoint');
	const stamp =
		timepoint && typeof timepoint === 'object' ? fieldValue(timepoint, 'timestamp') : undefined;
	if (typeof stamp === 'number' && Number.isFinite(stamp)) return stamp * 1000;
	const start = fieldValue(booking, 'start');
	const iso = typeof start === 'string' ? Date.parse(start) : NaN;
	return Number.isFinite(iso) ? iso : 0;
}

/** A booking's identity in a range: its id (a number after normalization), or the whole booking without one. */
function bookingKey(booking: IDataObject): unknown {
	const id = fieldValue(booking, 'id');
	if (id === undefined || id === null || id === '') return JSON.stringify(booking);
	return typeof id === 'number' ? id : String(id);
}
