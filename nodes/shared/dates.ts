import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';
import { fieldError } from './errors';

export interface DateOptions {
	/** Zone for inputs without an offset (default UTC). */
	zone?: string;
	/** Accept the word "now". */
	allowNow?: boolean;
}

const PLAIN_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd'];
/**
 * A date and time with a space instead of ISO's `T` and an offset or `Z` after it — the form vendor documents
 * print (Pronestor's guide writes lock times as `2026-09-30 23:59:59Z`); read as the ISO 8601 instant it names.
 */
const SPACED_WITH_OFFSET =
	/^(\d{4}-\d\d-\d\d) (\d\d:\d\d(?::\d\d(?:\.\d+)?)?) ?(Z|[+-]\d\d(?::?\d\d)?)$/i;

/**
 * Reads a date the way users enter one in n8n: an ISO 8601 string, a plain date ("2026-03-01" or
 * "2026-03-01 10:00"), a vendor's spaced form with an offset ("2026-09-30 23:59:59Z"), an n8n DateTime value
 * from an expression, a JS Date or epoch milliseconds.
 * Returns undefined for an empty value; throws an error that names the field and the fix otherwise.
 */
export function parseDate(
	node: INode,
	value: unknown,
	field: string,
	itemIndex?: number,
	opts: DateOptions = {},
): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const zone = opts.zone ?? 'UTC';
	let parsed: DateTime | undefined;
	if (isDateTimeLike(value)) {
		parsed = DateTime.fromISO(value.toISO() as string, { setZone: true });
	} else if (value instanceof Date) {
		parsed = DateTime.fromJSDate(value, { zone });
	} else if (typeof value === 'number' && Number.isFinite(value)) {
		parsed = DateTime.fromMillis(value, { zone });
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (opts.allowNow && text.toLowerCase() === 'now') return DateTime.now().setZone(zone);
		const spaced = SPACED_WITH_OFFSET.exec(text);
		parsed = DateTime.fromISO(
			spaced ? `${spaced[1]}T${spaced[2]}${spaced[3].toUpperCase()}` : text,
			{ zone, setZone: true },
		);
		if (!parsed.isValid) {
			for (const format of PLAIN_FORMATS) {
				const candidate = DateTime.fromFormat(text, format, { zone });
				if (candidate.isValid) {
					parsed = candidate;
					break;
				}
			}
		}
	}
	if (!parsed || !parsed.isValid) {
		throw fieldError(
			node,
			field,
			`"${String(value).slice(0, 60)}" is not a date`,
			'Enter an ISO 8601 date such as 2026-03-01 or 2026-03-01T09:00:00+01:00 (2026-03-01 09:00:00Z also works)' +
				`${opts.allowNow ? ', or "now"' : ''}, or an expression like {{ $now }}.`,
			itemIndex,
		);
	}
	return parsed;
}

/** Like parseDate, for a field that must be filled in. */
export function requireDate(
	node: INode,
	value: unknown,
	field: string,
	itemIndex?: number,
	opts?: DateOptions,
): DateTime {
	const parsed = parseDate(node, value, field, itemIndex, opts);
	if (!parsed) {
		throw fieldError(
			node,
			field,
			'is empty',
			'Enter a date such as 2026-03-01 or an expression like {{ $now }}.',
			itemIndex,
		);
	}
	return parsed;
}

/** Refuses a range whose end is not after its start. */
export function assertOrdered(
	node: INode,
	start: DateTime | undefined,
	end: DateTime | undefined,
	fields: [string, string],
	itemIndex?: number,
): void {
	if (start && end && end <= start) {
		throw fieldError(
			node,
			fields[1],
			`${toIso(end)} is not after ${fields[0]} ${toIso(start)}`,
			`Make ${fields[1]} later than ${fields[0]}, or swap the two.`,
			itemIndex,
		);
	}
}

/** ISO 8601 with an explicit offset, seconds precision unless milliseconds matter. */
export function toIso(value: DateTime): string {
	return value.toISO({ suppressMilliseconds: true }) as string;
}

function isDateTimeLike(value: unknown): value is { toISO(): string | null; isValid: boolean } {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { toISO?: unknown }).toISO === 'function' &&
		'isValid' in (value as object)
	);
}

/**
 * Splits [start, end] into consecutive windows no longer than `max` (months and/or days) that neither overlap nor
 * leave gaps.
 */
export function splitRange(
	start: DateTime,
	end: DateTime,
	max: { months?: number; days?: number },
): Array<{ start: DateTime; end: DateTime }> {
	const windows: Array<{ start: DateTime; end: DateTime }> = [];
	let cursor = start;
	while (cursor < end) {
		const next = DateTime.min(cursor.plus(max), end);
		windows.push({ start: cursor, end: next });
		cursor = next;
	}
	return windows;
}
