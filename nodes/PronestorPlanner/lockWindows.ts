import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { splitRange } from '../shared/dates';
import { listingError } from '../shared/errors';
import { fieldValue } from '../shared/fieldReader';
import { readCapped } from '../shared/windowCap';
import { FIELDS, MAX_WINDOW, PARAMS, PATHS } from './contract';
import {
	formatLockTime,
	listAnswer,
	methodPath,
	pronestorClient,
	pronestorRequest,
	vendorMs,
} from './transport';
import type { RequestContext } from '../shared/types';

/**
 * One FindLockedBookings request: bookings locked after `start` (exclusive) up to `end` (inclusive) or, without an
 * end, up to now.
 */
export interface LockWindow {
	start: DateTime;
	end?: DateTime;
}

/**
 * A window ending "now" is sent without endLockTime (the server's now), so a clock ahead of the server's never
 * asks for the future. Such an open window is kept this far inside the 6-month limit, so the server's slightly
 * later now cannot push it over.
 */
export const OPEN_WINDOW_MARGIN = { minutes: 10 } as const;

/**
 * The export plans with n8n's clock and a margin that only covers the request's travel; where the plan depends on
 * the server's clock (a bound within CLOCK_SENSITIVE of now) and the server refuses it, the export reads the
 * server's clock from its Date header and plans that part again, once.
 */
export const OPEN_WINDOW_MARGIN_EXPORT = { seconds: 60 } as const;
export const CLOCK_SENSITIVE = { minutes: 10 } as const;

/**
 * The first window whose bounds the server judges by its own clock: a closed window ending within
 * CLOCK_SENSITIVE of now (the server may call that end "in the future"), or an open one starting that close to
 * now (the server may call that start "not in the past") — or the open window when its 6 months end that close
 * to now. Windows before it are safe whatever the clocks' difference; -1 when there is none.
 */
export function firstClockSensitive(windows: LockWindow[], now: DateTime): number {
	const edge = floorSecond(now).minus(CLOCK_SENSITIVE);
	return windows.findIndex((w) =>
		w.end
			? w.end > edge
			: w.start > edge || w.start.plus(MAX_WINDOW) < floorSecond(now).plus(CLOCK_SENSITIVE),
	);
}

/**
 * The server's clock, from the Date header of a small read (the department list). Undefined when the server
 * sends no usable Date header.
 */
export async function serverClock(
	this: RequestContext,
	itemIndex?: number,
): Promise<DateTime | undefined> {
	const answer = (await pronestorRequest.call(this, {
		method: 'GET',
		path: methodPath(PATHS.getDepartments),
		returnFullResponse: true,
		itemIndex,
	})) as { headers?: Record<string, string> };
	const date = Date.parse(answer.headers?.date ?? '');
	return Number.isNaN(date) ? undefined : DateTime.fromMillis(date, { zone: 'utc' });
}

/** Whole seconds, UTC: lock times have no fractions, so flooring keeps exclusive/inclusive bounds exact. */
export function floorSecond(value: DateTime): DateTime {
	return value.toUTC().startOf('second');
}

/**
 * Splits (start, end] into consecutive windows of at most 6 months that neither overlap nor leave gaps: each
 * window's inclusive end is the next one's exclusive start. An end at or after `now` (or none) is clamped to now,
 * and the last window then goes without endLockTime.
 */
export function lockWindows(
	start: DateTime,
	end: DateTime | undefined,
	now: DateTime,
	margin: { minutes?: number; seconds?: number } = OPEN_WINDOW_MARGIN,
): LockWindow[] {
	const from = floorSecond(start);
	const nowSec = floorSecond(now);
	const open = end === undefined || end >= nowSec;
	const to = open ? nowSec : floorSecond(end);
	if (to <= from) return [];
	const windows: LockWindow[] = splitRange(from, to, MAX_WINDOW).map((w) => ({
		start: w.start,
		end: w.end,
	}));
	if (open) {
		const last = windows[windows.length - 1];
		const openLimit = last.start.plus(MAX_WINDOW).minus(margin);
		if (openLimit >= to) delete last.end;
		else {
			// Rare: the last window is almost exactly 6 months long; close it early and ask for the rest openly.
			last.end = openLimit;
			windows.push({ start: openLimit });
		}
	}
	return windows;
}

/** The query of one window, in the documented format. */
export function windowQuery(window: LockWindow): IDataObject {
	const qs: IDataObject = { [PARAMS.startLockTime]: formatLockTime(window.start) };
	if (window.end) qs[PARAMS.endLockTime] = formatLockTime(window.end);
	return qs;
}

/** Where the cap on one answer's bookings is learned and used (the contract line "windowCap"). */
export const WINDOW_CAP_WHERE =
	'nodes/PronestorPlanner/lockWindows.ts fetchWindow' +
	' (the cap on one FindLockedBookings answer, learned by API Contract → Check)';

/**
 * Fetches one window (a read: safe to retry) by the window-cap rule (shared/windowCap.ts): an answer that reaches
 * the cap measured by API Contract → Check, or the bound of answers proven complete, is read again as two halves,
 * which must hold all of its bookings; a window of one second that still reaches it is an error.
 */
export async function fetchWindow(
	this: RequestContext,
	window: LockWindow,
	itemIndex?: number,
): Promise<IDataObject[]> {
	return await readCapped<LockWindow, IDataObject>({
		window,
		ctx: this,
		credentialType: pronestorClient.credentialType,
		endpoint: PATHS.findLockedBookings,
		fetch: async (w) => await fetchOnce.call(this, w, itemIndex),
		// The widest window (the last 6 months, open: up to the server's now): its answer raises the bound.
		wide: { start: floorSecond(DateTime.utc()).minus(MAX_WINDOW).plus(OPEN_WINDOW_MARGIN) },
		split: splitLockWindow,
		between: {
			rangeOf: (w) => [w.start.toMillis(), (w.end ?? floorSecond(DateTime.utc())).toMillis()],
			spanOf: (booking) => {
				const at = lockedMs(booking);
				return Number.isNaN(at) ? undefined : [at, at];
			},
			cutAt: cutLockWindow,
		},
		idOf: (booking) => String(fieldValue(booking, FIELDS.booking.id) ?? JSON.stringify(booking)),
		describe: (w) =>
			`${PATHS.findLockedBookings} (${formatLockTime(w.start)}, ${w.end ? formatLockTime(w.end) : 'now'}]`,
		fail: (shortfall) =>
			listingError(this.getNode(), {
				vendor: pronestorClient.vendor,
				what: 'locked bookings',
				...shortfall,
				line: 'windowCap',
				itemIndex,
			}),
	});
}

/** The two halves of a window, split at a whole second (an open window at n8n's now); none below 2 seconds. */
export function splitLockWindow(window: LockWindow): [LockWindow, LockWindow] | undefined {
	const end = window.end ?? floorSecond(DateTime.utc());
	const seconds = Math.floor(end.diff(window.start, 'seconds').seconds);
	if (seconds < 2) return undefined;
	const middle = window.start.plus({ seconds: Math.floor(seconds / 2) });
	return [
		{ start: window.start, end: middle },
		window.end ? { start: middle, end: window.end } : { start: middle },
	];
}

/**
 * The two halves of a window (lock times in (start, end]) cut just before `at` (whole seconds), so that a booking
 * locked at `at` falls in the second half; undefined when that is not strictly inside the window.
 */
export function cutLockWindow(
	window: LockWindow,
	at: number,
): [LockWindow, LockWindow] | undefined {
	const end = window.end ?? floorSecond(DateTime.utc());
	const cut = floorSecond(DateTime.fromMillis(at - 1, { zone: 'utc' }));
	if (cut <= window.start || cut >= end) return undefined;
	return [
		{ start: window.start, end: cut },
		window.end ? { start: cut, end: window.end } : { start: cut },
	];
}

async function fetchOnce(
	this: RequestContext,
	window: LockWindow,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const answer = await pronestorRequest.call(this, {
		method: 'GET',
		path: methodPath(PATHS.findLockedBookings),
		qs: windowQuery(window),
		itemIndex,
	});
	// FindLockedBookings answers a list (maybe empty). An empty body or another document must not read as
	// "nothing locked in this window": the export would go on and present the other windows as complete.
	return listAnswer(this, answer, 'a list of locked bookings', itemIndex);
}

/** Milliseconds of a booking's LockedTime, read in any case (NaN when missing or unreadable). */
export function lockedMs(booking: IDataObject): number {
	return vendorMs(fieldValue(booking, FIELDS.booking.lockedTime));
}

/** A booking's Id as text, read in any case ("undefined" when missing: callers check with requireField). */
export function bookingId(booking: IDataObject): string {
	return String(fieldValue(booking, FIELDS.booking.id));
}

/** Ids in numeric order ("9" before "10"); one collator, not one per comparison. */
const ID_ORDER = new Intl.Collator(undefined, { numeric: true });

/** Stable order: lock time, then id. */
export function byLockTime(a: IDataObject, b: IDataObject): number {
	const d = lockedMs(a) - lockedMs(b);
	if (d !== 0 && !Number.isNaN(d)) return d;
	return ID_ORDER.compare(bookingId(a), bookingId(b));
}

/**
 * A sorted copy in byLockTime's order, each lock time parsed once: sorting with byLockTime parses two dates per
 * comparison (n·log n parses), which made large exports spend most of their CPU in the sort.
 */
export function sortByLockTime(bookings: IDataObject[]): IDataObject[] {
	// FindLockedBookings usually answers in this order already: checking that costs no parsing and no allocation.
	if (inLockOrder(bookings)) return bookings.slice();
	const keyed = bookings.map((booking) => ({
		booking,
		ms: lockedMs(booking),
		id: bookingId(booking),
	}));
	keyed.sort((a, b) => {
		const d = a.ms - b.ms;
		if (d !== 0 && !Number.isNaN(d)) return d;
		return ID_ORDER.compare(a.id, b.id);
	});
	return keyed.map((k) => k.booking);
}

/**
 * Whether `at` is a UTC time in the strict form 2021-11-03T10:51:00Z of a real calendar day (checked without
 * allocating).
 */
function strictUtc(at: unknown): at is string {
	if (typeof at !== 'string' || at.length !== 20) return false;
	for (let k = 0; k < 20; k++) {
		const c = at.charCodeAt(k);
		const want =
			k === 4 || k === 7 ? 45 : k === 10 ? 84 : k === 13 || k === 16 ? 58 : k === 19 ? 90 : -1;
		if (want >= 0 ? c !== want : c < 48 || c > 57) return false;
	}
	const two = (k: number) => (at.charCodeAt(k) - 48) * 10 + at.charCodeAt(k + 1) - 48;
	const month = two(5);
	const day = two(8);
	if (month < 1 || month > 12 || day < 1 || two(11) > 23 || two(14) > 59 || two(17) > 59)
		return false;
	// Days 29-31 exist in some months only: those few are checked the slow way (luxon refuses Feb 30).
	return day <= 28 || !Number.isNaN(vendorMs(at));
}

/**
 * Whether the bookings are already in byLockTime's order, judged only where that is certain without parsing: every
 * LockedTime in the strict form (string order is time order), ties between whole-number Ids. Anything else: false,
 * and the caller sorts.
 */
function inLockOrder(bookings: IDataObject[]): boolean {
	const f = FIELDS.booking;
	let previous: IDataObject | undefined;
	for (const booking of bookings) {
		const at = booking[f.lockedTime];
		if (!strictUtc(at)) return false;
		if (previous) {
			const before = previous[f.lockedTime] as string;
			if (before > at) return false;
			if (before === at) {
				const a = previous[f.id];
				const b = booking[f.id];
				if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || (a as number) < 0) return false;
				if ((a as number) > (b as number)) return false;
			}
		}
		previous = booking;
	}
	return true;
}
