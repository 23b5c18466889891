import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { splitRange } from '../shared/dates';
import { expectList } from '../shared/paging';
import {
	FIELDS,
	formatLockTime,
	MAX_WINDOW,
	methodPath,
	PARAMS,
	parseVendorDate,
	PATHS,
	pronestorClient,
	pronestorRequest,
} from './transport';
import type { RequestContext } from '../shared/types';

/** One FindLockedBookings request: bookings locked after `start` (exclusive) up to `end` (inclusive) or, without an end, up to now. */
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
		const openLimit = last.start.plus(MAX_WINDOW).minus(OPEN_WINDOW_MARGIN);
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

/** Fetches one window (a read: safe to retry). */
export async function fetchWindow(
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
	return expectList(this, pronestorClient.vendor, answer, 'a list of locked bookings', itemIndex);
}

/** Milliseconds of a booking's LockedTime (NaN when missing or unreadable). */
export function lockedMs(booking: IDataObject): number {
	const dt = parseVendorDate(booking[FIELDS.booking.lockedTime]);
	return dt ? dt.toMillis() : NaN;
}

/** Ids in numeric order ("9" before "10"); one collator, not one per comparison. */
const ID_ORDER = new Intl.Collator(undefined, { numeric: true });

/** Stable order: lock time, then id. */
export function byLockTime(a: IDataObject, b: IDataObject): number {
	const d = lockedMs(a) - lockedMs(b);
	if (d !== 0 && !Number.isNaN(d)) return d;
	return ID_ORDER.compare(String(a[FIELDS.booking.id]), String(b[FIELDS.booking.id]));
}

/**
 * A sorted copy in byLockTime's order, each lock time parsed once: sorting with byLockTime parses two dates per
 * comparison (n·log n parses), which made large exports spend most of their CPU in the sort.
 */
export function sortByLockTime(bookings: IDataObject[]): IDataObject[] {
	const keyed = bookings.map((booking) => ({
		booking,
		ms: lockedMs(booking),
		id: String(booking[FIELDS.booking.id]),
	}));
	keyed.sort((a, b) => {
		const d = a.ms - b.ms;
		if (d !== 0 && !Number.isNaN(d)) return d;
		return ID_ORDER.compare(a.id, b.id);
	});
	return keyed.map((k) => k.booking);
}
