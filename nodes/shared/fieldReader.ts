import type { IDataObject, INode } from 'n8n-workflow';
import { missingFieldError } from './errors';

/**
 * The one reader of vendor fields. Simplify, filters applied after an answer, trigger keys and cursors and write
 * verification all read a vendor field here, by a list of names: the contract's name first, then its aliases.
 * Each name is tried as written, then in any case or word style (`IsDeleted`, `isDeleted`, `is_deleted`,
 * `ISDELETED`, `is-deleted` all fold to `isdeleted`); "A.B" reads a nested object, each segment folded alike.
 *
 * Listings carry tens of thousands of records of one shape: a record's keys are folded once per shape (a keyed
 * map kept for the last shapes seen), and the last record read is remembered, so reading a dozen fields of one
 * record folds nothing twice. A name present as written costs one `in` test, as before.
 */

export interface FieldRead {
	/** Whether a name was present (a field present with null counts as found). */
	found: boolean;
	value: unknown;
	/** The name the record carries it under ("A.B" for a nested one). */
	key?: string;
}

/** The folded form two names are compared on: lower case, without `_`, `-` and spaces. */
export function fold(name: string): string {
	return name.replace(/[_\-\s]/g, '').toLowerCase();
}

/** A name list prepared once: each name's segments, as written and folded. */
interface Compiled {
	names: readonly string[];
	paths: Array<{ parts: string[]; folded: string[] }>;
}

const COMPILED_LISTS = new WeakMap<readonly string[], Compiled>();
const COMPILED_NAMES = new Map<string, Compiled>();

function compile(names: string | readonly string[]): Compiled {
	if (typeof names === 'string') {
		let c = COMPILED_NAMES.get(names);
		if (!c) {
			c = build([names]);
			if (COMPILED_NAMES.size > 2000) COMPILED_NAMES.clear();
			COMPILED_NAMES.set(names, c);
		}
		return c;
	}
	let c = COMPILED_LISTS.get(names);
	if (!c) {
		c = build(names);
		COMPILED_LISTS.set(names, c);
	}
	return c;
}

function build(names: readonly string[]): Compiled {
	return {
		names,
		paths: names.map((name) => {
			const parts = name.split('.');
			return { parts, folded: parts.map(fold) };
		}),
	};
}

/** Folded key → the key as the object carries it, per key shape (the keys in order, joined). */
const SHAPES = new Map<string, Map<string, string>>();
const MAX_SHAPES = 256;
let lastObject: object | undefined;
let lastIndex: Map<string, string> | undefined;
let forgetting = false;
function forgetLast(): void {
	lastObject = undefined;
	lastIndex = undefined;
	forgetting = false;
}

/** The folded index of an object's keys (one per shape, the last object's kept at hand). */
function indexOf(object: object): Map<string, string> {
	if (object === lastObject && lastIndex) return lastIndex;
	const keys = Object.keys(object);
	const shape = keys.join('\u0000');
	let index = SHAPES.get(shape);
	if (!index) {
		index = new Map();
		// The first key of a fold wins: a record with both `Id` and `id` reads the first as the vendor sent it.
		for (const key of keys) {
			const f = fold(key);
			if (!index.has(f)) index.set(f, key);
		}
		if (SHAPES.size >= MAX_SHAPES) SHAPES.delete(SHAPES.keys().next().value as string);
		SHAPES.set(shape, index);
	}
	lastObject = object;
	lastIndex = index;
	// The last object's index is kept for the reads of the same synchronous run only: a key added to the object
	// later (after an await) is then seen.
	if (!forgetting) {
		forgetting = true;
		queueMicrotask(forgetLast);
	}
	return index;
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object';
}

/** One path read exactly as written. */
function exact(record: unknown, parts: string[]): FieldRead {
	let current: unknown = record;
	for (const part of parts) {
		if (!isObject(current) || !(part in current)) return { found: false, value: undefined };
		current = current[part];
	}
	return { found: true, value: current, key: parts.join('.') };
}

/** One path read with every segment folded. */
function folded(record: unknown, path: { parts: string[]; folded: string[] }): FieldRead {
	let current: unknown = record;
	const used: string[] = [];
	for (let k = 0; k < path.parts.length; k++) {
		if (!isObject(current) || Array.isArray(current)) return { found: false, value: undefined };
		const part = path.parts[k];
		const key = part in current ? part : indexOf(current).get(path.folded[k]);
		if (key === undefined) return { found: false, value: undefined };
		used.push(key);
		current = current[key];
	}
	return { found: true, value: current, key: used.join('.') };
}

/**
 * The first of `names` the record carries: each name as written, then in any case or word style, in the order
 * given (the contract's name, then its aliases).
 */
export function readField(record: unknown, names: string | readonly string[]): FieldRead {
	if (!isObject(record)) return { found: false, value: undefined };
	const compiled = compile(names);
	for (const path of compiled.paths) {
		const plain = exact(record, path.parts);
		if (plain.found) return plain;
		const any = folded(record, path);
		if (any.found) return any;
	}
	return { found: false, value: undefined };
}

/** The value of the first of `names` the record carries (undefined when none is there). */
export function fieldValue(record: unknown, names: string | readonly string[]): unknown {
	return readField(record, names).value;
}

/** Whether the value counts as carried: present, and not null or empty text. */
export function hasValue(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** A few of the names the records carry (the first record's, then others' new ones), for an error. */
export function namesSeen(records: readonly unknown[], max = 12): string[] {
	const seen = new Set<string>();
	for (const record of records.slice(0, 50)) {
		if (!isObject(record)) continue;
		for (const key of Object.keys(record)) {
			seen.add(key);
			if (seen.size >= max) return [...seen];
		}
	}
	return [...seen];
}

/**
 * Whether no record of a non-empty answer carries any of `names` (with a value, when `needValue`): then a
 * feature that reads the field cannot work on this tenant, and the caller fails (missingFieldError).
 */
export function absentFromAll(
	records: readonly unknown[],
	names: string | readonly string[],
	needValue = false,
): boolean {
	if (records.length === 0) return false;
	for (const record of records) {
		const read = readField(record, names);
		if (read.found && (!needValue || hasValue(read.value))) return false;
	}
	return true;
}

/** A field a feature depends on, described for the error when no record carries it. */
export interface RequiredField {
	vendor: string;
	/** What needs it ("Hide Deleted", "the trigger's booking key"). */
	feature: string;
	/** The field in words ("the deleted flag (IsDeleted)"). */
	field: string;
	/** The names it is read by (contract name first). */
	names: string | readonly string[];
	/** The contract line, as a user can report it ("FIELDS.account.deleted"). */
	line: string;
	/** What the user can do meanwhile (a node option), when there is something. */
	advice?: string;
	/** Whether a record with the field present but null or empty counts as lacking it (IDs, times). */
	needValue?: boolean;
	/**
	 * Whether the record's value can be used (a start that reads as a time): when no record's can, the field is
	 * as absent — the feature would otherwise drop or mis-key every record in silence.
	 */
	usable?: (record: unknown) => boolean;
}

/**
 * The completeness rule of every feature that reads a vendor field: when no record of a non-empty answer carries
 * the field, the feature fails naming the field, a few names the records carry and the contract line (a filter
 * never keeps everything, a trigger never keys records by `undefined`).
 */
export function requireField(
	node: INode,
	records: readonly unknown[],
	spec: RequiredField,
	itemIndex?: number,
): void {
	const unusable = spec.usable !== undefined && records.length > 0 && !records.some(spec.usable);
	if (!unusable && !absentFromAll(records, spec.names, spec.needValue)) return;
	throw missingFieldError(node, {
		vendor: spec.vendor,
		feature: spec.feature,
		field: spec.field,
		names: typeof spec.names === 'string' ? [spec.names] : spec.names,
		count: records.length,
		seen: namesSeen(records),
		line: spec.line,
		advice: spec.advice,
		itemIndex,
	});
}
