import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { Parser } from 'xml2js';
import { toIso } from '../shared/dates';
import { fieldValue } from '../shared/fieldReader';
import { speedCache } from '../shared/speedCache';
import { SCHEMA, TIME_ZONE } from './contract';

/**
 * BRP answers (XML, or JSON from `.json` paths) turned into clean JSON:
 * - a list (`<resources><resource/>…</resources>`) becomes an array, also when it holds one element or none;
 * - numbers and booleans get their types where the schema says so (IDs, prices, `true`/`false` flags);
 * - an element holding a `<timepoint>` (`<start><timepoint>…</timepoint></start>`) becomes an ISO 8601 time
 *   with the right Europe/Stockholm offset, and the raw timepoint stays next to it as `<name>Timepoint`;
 * - empty elements (`<employee/>`) become null.
 */

/** Why an answer could not be read (internal: the transport turns it into the user's error). */
export class BrpFormatError extends Error {}

function unreadable(reason: string): BrpFormatError {
	return new BrpFormatError(reason);
}

/** Parses an XML document synchronously; throws BrpFormatError with the parser's reason. */
export function parseXml(text: string): unknown {
	let result: unknown;
	let failure: Error | undefined;
	let done = false;
	new Parser({
		explicitArray: false,
		mergeAttrs: true,
		trim: true,
		explicitRoot: true,
	}).parseString(text, (error, value) => {
		if (done) return;
		done = true;
		failure = error ?? undefined;
		result = value;
	});
	if (failure) throw unreadable(`the XML could not be read (${failure.message.split('\n')[0]})`);
	if (!done || result === null || result === undefined)
		throw unreadable('the XML document is empty');
	return result;
}

/** Parses a BRP answer by its look (XML or JSON); throws BrpFormatError for anything else. */
export function parseAnswer(text: string): IDataObject {
	// Look at the first characters only: a listing may be megabytes, and copying it (trim) costs.
	let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	while (at < text.length && /\s/.test(text[at])) at++;
	if (at >= text.length) throw unreadable('the answer was empty');
	const first = text[at];
	let raw: unknown;
	if (first === '{' || first === '[') {
		try {
			raw = JSON.parse(at === 0 ? text : text.slice(at));
		} catch (error) {
			throw unreadable(`the JSON was cut off or is not valid (${(error as Error).message})`);
		}
	} else {
		const trimmed = text.slice(at).trim();
		if (
			/^<(!doctype\s+html|html[\s>])/i.test(trimmed) ||
			/<html[\s>]/i.test(trimmed.slice(0, 500))
		) {
			throw unreadable(
				'the answer was an HTML page instead of XML or JSON (a login page, a proxy or a maintenance page?)',
			);
		}
		if (first === '<') raw = parseXml(trimmed);
		else throw unreadable('the answer was neither XML nor JSON');
	}
	const value = normalizeValue('', raw);
	if (Array.isArray(value)) return { items: value };
	if (value === null || typeof value !== 'object')
		return { value: value as string | number | boolean | null };
	return value as IDataObject;
}

/** The `<errors>` of a parsed answer, if it is an error document. */
export function brpErrors(
	answer: IDataObject,
): Array<{ code?: number | string; message?: string; debuginfo?: string }> | undefined {
	const errors = answer.errors;
	if (!Array.isArray(errors) || Object.keys(answer).length !== 1) return undefined;
	return errors.map((e) =>
		e && typeof e === 'object' ? (e as IDataObject) : { message: String(e) },
	) as Array<{
		code?: number | string;
		message?: string;
		debuginfo?: string;
	}>;
}

function childName(listName: string): string {
	return SCHEMA.lists[listName] ?? (listName.endsWith('s') ? listName.slice(0, -1) : listName);
}

function isListName(name: string, keys: string[]): boolean {
	if (SCHEMA.lists[name] !== undefined)
		return keys.length === 0 || (keys.length === 1 && keys[0] === SCHEMA.lists[name]);
	return keys.length === 1 && name === `${keys[0]}s`;
}

/**
 * Normalizes one value found under `name` (an element of the XML tree or a key of the JSON answer). Objects and
 * arrays are converted in place: they come fresh from the parser and nothing else holds them, so a listing is not
 * copied a second time (time and memory).
 */
export function normalizeValue(name: string, value: unknown): unknown {
	if (value === null || value === undefined || value === '')
		return SCHEMA.lists[name] !== undefined ? [] : null;
	if (Array.isArray(value)) {
		const child = SCHEMA.lists[name] !== undefined || name.endsWith('s') ? childName(name) : name;
		for (let i = 0; i < value.length; i++) value[i] = normalizeValue(child, value[i]);
		return value;
	}
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const keys = Object.keys(record);
		if (isListName(name, keys)) {
			const inner = keys.length ? record[keys[0]] : [];
			const list = Array.isArray(inner)
				? inner
				: inner === null || inner === undefined || inner === ''
					? []
					: [inner];
			const child = keys[0] ?? childName(name);
			for (let i = 0; i < list.length; i++) list[i] = normalizeValue(child, list[i]);
			return list;
		}
		// A known list given as its one element (JSON without the wrapper): still a list.
		if (SCHEMA.lists[name] !== undefined) return [normalizeValue(childName(name), record)];
		for (const key of keys) {
			const original = record[key];
			const converted = normalizeValue(key, original);
			const timepoint = timepointOf(converted);
			const target = key === '_' ? 'value' : key;
			if (target !== key) delete record[key];
			if (timepoint) {
				record[target] = timepoint.iso;
				record[timepointKey(target)] = timepoint.raw;
			} else if (target !== key || converted !== original) record[target] = converted;
		}
		return record;
	}
	if (typeof value === 'string') return scalar(name, value);
	return value;
}

function scalar(name: string, text: string): unknown {
	const kind = kindOf(name);
	if (kind.number && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	if (kind.boolean && (text === 'true' || text === 'false')) return text === 'true';
	return text;
}

/** `<name>Timepoint`, the key the raw timepoint is kept under (made once per name: a listing repeats its names). */
const TIMEPOINT_KEYS = speedCache<string>('brp:timepointKeys', { max: 1_000 });
function timepointKey(name: string): string {
	let key = TIMEPOINT_KEYS.get(name);
	if (key === undefined) {
		key = `${name}Timepoint`;
		TIMEPOINT_KEYS.set(name, key);
	}
	return key;
}

/** What a field's texts may be by its name (SCHEMA), worked out once per name (a listing repeats its names). */
const KINDS = speedCache<{ number: boolean; boolean: boolean }>('brp:fieldKinds', { max: 1_000 });
function kindOf(name: string): { number: boolean; boolean: boolean } {
	let kind = KINDS.get(name);
	if (kind === undefined) {
		const key = name.toLowerCase();
		kind = {
			number: SCHEMA.numbers.includes(key) || (/id$/.test(key) && !SCHEMA.texts.includes(key)),
			boolean: SCHEMA.booleans.includes(key) || /^(is|has|can|show|allow)/.test(key),
		};
		KINDS.set(name, kind);
	}
	return kind;
}

/**
 * `{timepoint: {...}}` (the key in any case: the field reader's rule) → the ISO time and the raw (typed) timepoint;
 * undefined for anything else.
 */
function timepointOf(value: unknown): { iso: string | null; raw: IDataObject } | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	// Most objects are not timepoints: one key, looked at only when there is exactly one.
	const keys = Object.keys(value);
	if (keys.length !== 1 || keys[0].toLowerCase() !== 'timepoint') return undefined;
	const raw = (value as IDataObject)[keys[0]];
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	return { iso: timepointIso(raw as IDataObject), raw: raw as IDataObject };
}

/**
 * A BRP timepoint as ISO 8601 with the Stockholm offset of that moment. The epoch `timestamp` wins (it is
 * unambiguous, also in the repeated hour of the autumn change); without it the Stockholm wall time
 * (`datetime`, or `date` + `time`) is used.
 */
export function timepointIso(tp: IDataObject): string | null {
	const timestamp = fieldValue(tp, 'timestamp');
	const stamp = Number(timestamp);
	if (timestamp !== undefined && timestamp !== null && timestamp !== '' && Number.isFinite(stamp)) {
		return stockholmIso(stamp);
	}
	const datetime = fieldValue(tp, 'datetime');
	const wall =
		typeof datetime === 'string' && datetime
			? datetime
			: [fieldValue(tp, 'date'), fieldValue(tp, 'time')]
					.filter((p) => typeof p === 'string' && p)
					.join(' ');
	if (!wall) return null;
	return memo(`w${wall}`, () => {
		for (const format of ['yyyy-MM-dd HH:mm', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd']) {
			const parsed = DateTime.fromFormat(wall, format, { zone: TIME_ZONE });
			if (parsed.isValid) return toIso(parsed);
		}
		return null;
	});
}

/**
 * Epoch seconds as ISO 8601 with the Stockholm offset of that instant. Stockholm changes its offset at most once a
 * day and only on a whole UTC hour (01:00 UTC), so the offset is looked up with luxon once per UTC day (at both its
 * ends; per UTC hour on the two days they differ), kept in a speed cache, and the wall time is the instant shifted
 * by it. What is not whole seconds in the years 0001–9999 goes through luxon entirely.
 */
function stockholmIso(stamp: number): string | null {
	if (!Number.isInteger(stamp) || stamp < -62_135_596_800 || stamp > 253_402_300_799)
		return memo(`s${stamp}`, () => toIso(DateTime.fromSeconds(stamp, { zone: TIME_ZONE })));
	let iso = INSTANTS.get(stamp);
	if (iso !== undefined) return iso;
	const offset = offsetAt(stamp);
	const local = stamp + offset * 60;
	const day = Math.floor(local / 86_400);
	const second = local - day * 86_400;
	const abs = Math.abs(offset);
	iso =
		`${dateOfDay(day)}T${TWO[Math.floor(second / 3600)]}:${TWO[Math.floor(second / 60) % 60]}:` +
		`${TWO[second % 60]}${offset < 0 ? '-' : '+'}${TWO[Math.floor(abs / 60)]}:${TWO[abs % 60]}`;
	// A template of nine parts is a tree of joined strings until something reads it: reading one character makes
	// it one flat string (a quarter of the memory), which every booking starting at that instant then shares.
	iso.charCodeAt(0);
	INSTANTS.set(stamp, iso);
	return iso;
}

/**
 * ISO texts by epoch second (a speed cache): bookings start and end on shared quarter hours, so a listing of
 * 50,000 holds a few thousand distinct texts instead of 100,000 (time and memory).
 */
const INSTANTS = speedCache<string, number>('brp:instants', { max: 50_000 });

const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/** `yyyy-MM-dd` of a day counted from 1970-01-01 (a speed cache: bookings share days). */
function dateOfDay(day: number): string {
	const key = `y${day}`;
	let text = DATES.get(key);
	if (text === undefined) {
		text = new Date(day * 86_400_000).toISOString().slice(0, 10);
		DATES.set(key, text);
	}
	return text;
}
const DATES = speedCache<string>('brp:dates', { max: 20_000 });

/** Stockholm's UTC offset (minutes) per UTC day, or per UTC hour on a day the offset changes. */
const OFFSETS = speedCache<number>('brp:stockholmOffsets', { max: 20_000 });
const luxonOffset = (seconds: number) => DateTime.fromSeconds(seconds, { zone: TIME_ZONE }).offset;

function offsetAt(stamp: number): number {
	const day = Math.floor(stamp / 86_400);
	const dayKey = `d${day}`;
	let offset = OFFSETS.get(dayKey);
	if (offset === undefined) {
		const first = luxonOffset(day * 86_400);
		const last = luxonOffset(day * 86_400 + 86_399);
		// NaN marks a day with a change: its hours are looked up one by one.
		offset = first === last ? first : NaN;
		OFFSETS.set(dayKey, offset);
	}
	if (!Number.isNaN(offset)) return offset;
	const hourKey = `h${Math.floor(stamp / 3600)}`;
	let hourly = OFFSETS.get(hourKey);
	if (hourly === undefined) {
		hourly = luxonOffset(Math.floor(stamp / 3600) * 3600);
		OFFSETS.set(hourKey, hourly);
	}
	return hourly;
}

/**
 * Bookings share start and end times (whole hours, quarter hours), so each distinct timepoint is converted
 * with luxon once (a speed cache in nodes/shared: safe to lose).
 */
const CONVERTED = speedCache<string | null>('brp:timepoints', { max: 20_000 });

function memo(key: string, convert: () => string | null): string | null {
	const hit = CONVERTED.get(key);
	if (hit !== undefined) return hit;
	const value = convert();
	CONVERTED.set(key, value);
	return value;
}
