import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One booking in the same shape from any of the five systems (see the README's "Simplify" section). */
export interface NormalizedBooking extends IDataObject {
	id: string;
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

/** The key under which Simplify adds the normalized booking, next to the untouched vendor fields. */
export const NORMALIZED_KEY = 'normalized';

/** Fills every field of the normalized shape, so downstream nodes can rely on each key existing. */
export function normalizedBooking(
	fields: Partial<NormalizedBooking> & Pick<NormalizedBooking, 'id' | 'vendor' | 'kind'>,
): NormalizedBooking {
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
		id: String(fields.id),
	};
}

/** Returns the record with `normalized` added (the vendor's fields are kept as they are). */
export function withNormalized<T extends IDataObject>(
	record: T,
	normalize: (r: T) => NormalizedBooking,
): T & IDataObject {
	return { ...record, [NORMALIZED_KEY]: normalize(record) };
}

/** The records as the operation returns them: with `normalized` added when the item's Simplify switch is on. */
export function simplifyOutput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	records: IDataObject[],
	normalize: (record: IDataObject) => NormalizedBooking,
): IDataObject[] {
	const simplify = ctx.getNodeParameter('simplify', itemIndex, false) as boolean;
	return simplify ? records.map((r) => withNormalized(r, normalize)) : records;
}

/** The "Simplify" switch shared by every operation that returns bookings. */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to add a "normalized" object with the same booking fields for every vendor (ID, title, start, end, status, resource, owner, amount, cost center, locked and updated times) next to the original fields',
};

/**
 * The first of `names` the record has ("A.B" reads a nested object), and whether any was there at all: a field
 * that is present with null counts as found.
 */
export function pick(
	record: IDataObject,
	names: readonly string[],
): { found: boolean; value: unknown } {
	for (const name of names) {
		let current: unknown = record;
		let present = true;
		for (const part of name.split('.')) {
			if (current === null || typeof current !== 'object' || !(part in (current as IDataObject))) {
				present = false;
				break;
			}
			current = (current as IDataObject)[part];
		}
		if (present) return { found: true, value: current };
	}
	return { found: false, value: undefined };
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
