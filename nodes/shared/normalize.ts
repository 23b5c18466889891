import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { missingFieldError } from './errors';
import { hasValue, namesSeen, readField } from './fieldReader';
import {
	includesNormalized,
	operationOutputMode,
	versionedOutputProperties,
	type OutputMode,
} from './output';

/** One booking in the same shape from any of the five systems (see the README's "Simplify" section). */
export interface NormalizedBooking extends IDataObject {
	/** The vendor's ID; null (and "id" in `unmapped`) when the record carries none: never "". */
	id: string | null;
	vendor: string;
	kind: string;
	title: string | null;
	start: string | null;
	end: string | null;
	status: string | null;
	resource: { id: string | null; name: string | null; type: string | null } | null;
	owner: { id: string | null; name: string | null; email: string | null } | null;
	amount: { value: number | null; currency: string | null } | null;
	costCenter: string | null;
	lockedAt: string | null;
	updatedAt: string | null;
	/**
	 * Where a vendor reads assumed field names through alias lists: the normalized keys none of whose names the
	 * vendor record carried (its value is then null for that reason, not because the vendor said null).
	 */
	unmapped?: string[];
}

/** What a vendor's normalizer hands normalizedBooking: the ID as the record carries it (maybe missing). */
export interface NormalizedInput {
	id: unknown;
	vendor: string;
	kind: string;
	title?: NormalizedBooking['title'];
	start?: NormalizedBooking['start'];
	end?: NormalizedBooking['end'];
	status?: NormalizedBooking['status'];
	resource?: NormalizedBooking['resource'];
	owner?: NormalizedBooking['owner'];
	amount?: NormalizedBooking['amount'];
	costCenter?: NormalizedBooking['costCenter'];
	lockedAt?: NormalizedBooking['lockedAt'];
	updatedAt?: NormalizedBooking['updatedAt'];
	unmapped?: string[];
}

/** The key under which Simplify adds the normalized booking, next to the untouched vendor fields. */
export const NORMALIZED_KEY = 'normalized';

/**
 * Fills every field of the normalized shape, so downstream nodes can rely on each key existing. An ID the record
 * does not carry (missing, null or empty) is null and listed in `unmapped`, never "".
 */
export function normalizedBooking(fields: NormalizedInput): NormalizedBooking {
	const hasId = hasValue(fields.id);
	const unmapped =
		hasId || fields.unmapped?.includes('id') ? fields.unmapped : ['id', ...(fields.unmapped ?? [])];
	return {
		title: null,
		start: null,
		end: null,
		status: null,
		resource: null,
		owner: null,
		amount: null,
		costCenter: null,
		lockedAt: null,
		updatedAt: null,
		...fields,
		id: hasId ? String(fields.id) : null,
		...(unmapped !== undefined ? { unmapped } : {}),
	};
}

/** Returns the record with `normalized` added (the vendor's fields are kept as they are). */
export function withNormalized<T extends IDataObject>(
	record: T,
	normalize: (r: T) => NormalizedBooking,
): T & IDataObject {
	return { ...record, [NORMALIZED_KEY]: normalize(record) };
}

/** Where a vendor's Simplify names come from, for the error that says a field is missing. */
export interface SimplifyContract {
	vendor: string;
	/** Normalized key → the names it is read by (contract name first). */
	names: Readonly<Record<string, readonly string[]>>;
	/** The contract table, as a user can report it, e.g. "BOOKING_ALIASES". */
	table: string;
}

/** What Simplify does with a field that some records lack (the "Missing Fields" option). */
export type MissingFields = 'flag' | 'fail' | 'flagAlways';

/** The normalized keys a finance workflow cannot do without: absent from every record, always an error. */
const ALWAYS_REQUIRED = new Set(['id', 'start', 'end', 'amount']);

/**
 * Normalizes the records and applies the completeness rule of Simplify: a normalized key listed in `unmapped`
 * by every record of the answer (the tenant names the field otherwise, or never sends it) is an error naming the
 * field, the names tried, the names the records carry and the contract table. A key missing from some records
 * only is flagged in their `normalized.unmapped` (`flag`), or is an error too (`fail`). `flagAlways` flags even a
 * key every record lacks, except the ID, the times and the amount, which are always required.
 */
export function normalizeAll(
	node: INode,
	records: IDataObject[],
	normalize: (record: IDataObject) => NormalizedBooking,
	opts: { contract?: SimplifyContract; missing?: MissingFields; itemIndex?: number } = {},
): IDataObject[] {
	const out = records.map((r) => withNormalized(r, normalize));
	if (out.length === 0) return out;
	const counts = new Map<string, number>();
	const firstWithout = new Map<string, number>();
	out.forEach((r, k) => {
		for (const key of (r[NORMALIZED_KEY] as NormalizedBooking).unmapped ?? []) {
			counts.set(key, (counts.get(key) ?? 0) + 1);
			if (!firstWithout.has(key)) firstWithout.set(key, k);
		}
	});
	for (const [key, count] of counts) {
		if (count < out.length && opts.missing !== 'fail') continue;
		if (opts.missing === 'flagAlways' && !ALWAYS_REQUIRED.has(key)) continue;
		const without = count === out.length ? records : [records[firstWithout.get(key) as number]];
		throw missingFieldError(node, {
			vendor: opts.contract?.vendor ?? 'The vendor',
			feature: `Simplify's ${key}`,
			field: `the booking's ${key}`,
			names: opts.contract?.names[key] ?? [key],
			count: without.length,
			seen: namesSeen(without),
			line: `${opts.contract?.table ?? 'fields'} (${key})`,
			advice:
				count < out.length
					? 'Set Simplify → Missing Fields to "Flag in Normalized.unmapped" to go on with the key null and ' +
						"named in normalized.unmapped, or turn Simplify off and read the vendor's own fields."
					: 'Set Simplify → Missing Fields to "Flag Only" to go on with the key null and named in ' +
						'normalized.unmapped (the ID, times and amount still stop the node), or turn Simplify off and ' +
						"read the vendor's own fields.",
			itemIndex: opts.itemIndex,
		});
	}
	return out;
}

/**
 * The records as the operation returns them, by the item's Output option (its Simplify switch at node version 1):
 * the vendor records (Raw), with `normalized` added (Both), or the normalized bookings alone (Simplified); the
 * last two under the completeness rule of normalizeAll and the item's "Missing Fields" option.
 */
export function simplifyOutput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	records: IDataObject[],
	normalize: (record: IDataObject) => NormalizedBooking,
	contract?: SimplifyContract,
): IDataObject[] {
	const mode = operationOutputMode(ctx, itemIndex);
	if (!includesNormalized(mode)) return records;
	const missing = ctx.getNodeParameter('missingFields', itemIndex, 'flag') as MissingFields;
	const out = normalizeAll(ctx.getNode(), records, normalize, { contract, missing, itemIndex });
	return mode === 'simple' ? out.map((r) => r[NORMALIZED_KEY] as NormalizedBooking) : out;
}

/**
 * One record as a trigger emits it in an Output mode, with `extra` (the event it is emitted for) added: the record,
 * the record with `normalized`, or the normalized booking alone.
 */
export function shapeRecord<T extends IDataObject>(
	record: T,
	mode: OutputMode,
	normalize: (r: T) => NormalizedBooking,
	extra: IDataObject = {},
): IDataObject {
	if (mode === 'simple') return { ...normalize(record), ...extra };
	if (mode === 'both') return { ...withNormalized(record, normalize), ...extra };
	return { ...record, ...extra };
}

/**
 * The output parameters shared by every operation that returns bookings: "Simplify" (node version 1) or "Output"
 * (version 2), and the "Missing Fields" option while the output includes the normalized booking.
 */
export const simplifyProperties: INodeProperties[] = versionedOutputProperties(
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a "normalized" object with the same booking fields for every vendor (ID, title, start, ' +
			'end, status, resource, owner, amount, cost center, locked and updated times) next to the original fields',
	},
	{
		displayName: 'Missing Fields',
		name: 'missingFields',
		type: 'options',
		options: [
			{
				name: 'Flag in Normalized.unmapped',
				value: 'flag',
				description:
					'A field some records lack is null in their normalized booking and named in its "unmapped" ' +
					'list; a field every record lacks stops the node',
			},
			{
				name: 'Fail',
				value: 'fail',
				description: 'Any record that lacks a field stops the node with an error naming the field',
			},
			{
				name: 'Flag Only (ID, Times and Amount Still Required)',
				value: 'flagAlways',
				description:
					'Even a field every record lacks is only flagged in "unmapped"; the ID, start, end and amount ' +
					'missing from every record still stop the node',
			},
		],
		default: 'flag',
		description:
			'What to do when the vendor leaves out a field the normalized booking reads ' +
			'(the tenant names it otherwise, or does not send it)',
	},
);

/**
 * The first of `names` the record has ("A.B" reads a nested object), and whether any was there at all: a field
 * that is present with null counts as found. Each name is also read in any case or word style (fieldReader.ts).
 */
export function pick(
	record: IDataObject,
	names: readonly string[],
): { found: boolean; value: unknown } {
	return readField(record, names);
}

/** Text or null: vendor fields are often empty strings or missing. */
export function str(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	return String(value);
}

/** Number or null. */
export function num(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}
