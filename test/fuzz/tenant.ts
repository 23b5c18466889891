/**
 * A generated tenant: how one vendor's tenant may differ from the documents while serving the same records.
 * Written from the vendor documents and the emulators only (never from nodes/): each mutation is something a
 * real tenant can do without changing a record's identity or values.
 * - keyCase: every key of an answer in another case (PascalCase, camelCase, snake_case), recursively;
 * - envelope: a bare array, or the records under another name, with the total under another name, at the
 *   top or inside a metadata object, or no total at all;
 * - pageBase: pages counted from 0 or 1; strict (the wrong base → 400) or lenient (page 0 served as page 1);
 * - cap: a silent page cap (at most N records per answer whatever is asked, pages renumbered accordingly);
 * - flagName: a boolean flag (e.g. a deleted flag) under another name.
 */
import fc from 'fast-check';

export type KeyCase = 'asIs' | 'pascal' | 'camel' | 'snake';

export interface Envelope {
	/** Records as a bare array, or under `records` with an optional total. */
	shape: 'bare' | 'wrapped';
	records: string;
	total: 'none' | 'top' | 'meta';
	totalName: string;
	metaName: string;
}

export interface Tenant {
	keyCase: KeyCase;
	envelope: Envelope | 'asIs';
	pageBase: 0 | 1 | 'asIs';
	baseMode: 'strict' | 'lenient';
	cap: number | null;
	flagName: string | null;
}

export const IDENTITY: Tenant = {
	keyCase: 'asIs',
	envelope: 'asIs',
	pageBase: 'asIs',
	baseMode: 'strict',
	cap: null,
	flagName: null,
};

const RECORD_NAMES = ['items', 'data', 'records', 'results', 'rows', 'value', 'list', 'entries'];
const TOTAL_NAMES = [
	'total',
	'totalCount',
	'totalItems',
	'count',
	'totalRecords',
	'recordCount',
	'totalResults',
	'itemCount',
];
const META_NAMES = ['meta', 'metaData', 'metadata', 'pagination', 'paging', 'pageInfo'];
const FLAG_NAMES = [
	'deleted',
	'isDeleted',
	'removed',
	'isRemoved',
	'archived',
	'isArchived',
	'inactive',
];

export const envelopeArb: fc.Arbitrary<Envelope | 'asIs'> = fc.oneof(
	fc.constant<'asIs'>('asIs'),
	fc.record({
		shape: fc.constantFrom<'bare' | 'wrapped'>('bare', 'wrapped'),
		records: fc.constantFrom(...RECORD_NAMES),
		total: fc.constantFrom<'none' | 'top' | 'meta'>('none', 'top', 'meta'),
		totalName: fc.constantFrom(...TOTAL_NAMES),
		metaName: fc.constantFrom(...META_NAMES),
	}),
);

/** Tenants for a vendor; `maxCap` keeps caps below the vendor's listing sizes so that several pages are served. */
export function tenantArb(maxCap: number): fc.Arbitrary<Tenant> {
	return fc.record({
		keyCase: fc.constantFrom<KeyCase>('asIs', 'pascal', 'camel', 'snake'),
		envelope: envelopeArb,
		pageBase: fc.constantFrom<0 | 1 | 'asIs'>('asIs', 0, 1),
		baseMode: fc.constantFrom<'strict' | 'lenient'>('strict', 'lenient'),
		cap: fc.option(fc.integer({ min: 1, max: maxCap }), { nil: null, freq: 2 }),
		flagName: fc.option(fc.constantFrom(...FLAG_NAMES), { nil: null }),
	});
}

/** One-line description of a tenant (what differs from the emulator). */
export function describeTenant(t: Tenant): string {
	const parts: string[] = [];
	if (t.keyCase !== 'asIs') parts.push(`keys ${t.keyCase}`);
	if (t.envelope !== 'asIs') {
		const e = t.envelope;
		if (e.shape === 'bare') parts.push('bare array');
		else {
			parts.push(`records "${e.records}"`);
			parts.push(
				e.total === 'none'
					? 'no total'
					: e.total === 'top'
						? `total "${e.totalName}"`
						: `total "${e.metaName}.${e.totalName}"`,
			);
		}
	}
	if (t.pageBase !== 'asIs') parts.push(`pages from ${t.pageBase} (${t.baseMode})`);
	if (t.cap !== null) parts.push(`cap ${t.cap}`);
	if (t.flagName !== null) parts.push(`flag "${t.flagName}"`);
	return parts.length ? parts.join(', ') : 'as documented';
}

/** The mutation classes a tenant uses (for the table of classes × vendors × operations). */
export function classesOf(t: Tenant): string[] {
	const out: string[] = [];
	if (t.keyCase !== 'asIs') out.push('key case');
	if (t.envelope !== 'asIs') {
		if (t.envelope.shape === 'bare') out.push('bare array');
		else
			out.push(
				t.envelope.total === 'none'
					? 'renamed records, no total'
					: t.envelope.total === 'top'
						? 'renamed records and total'
						: 'total in metadata',
			);
	}
	if (t.pageBase !== 'asIs') out.push(`page base (${t.baseMode})`);
	if (t.cap !== null) out.push('silent cap');
	if (t.flagName !== null) out.push('flag renamed');
	return out;
}

// ------------------------------------------------------------------------------------------------ key case
function words(key: string): { prefix: string; words: string[] } {
	const prefix = /^[_@$]*/.exec(key)?.[0] ?? '';
	const rest = key.slice(prefix.length);
	const parts = rest
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[\s_\-.]+/)
		.filter((w) => w.length > 0);
	return { prefix, words: parts.map((w) => w.toLowerCase()) };
}

const cap1 = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export function recase(key: string, keyCase: KeyCase): string {
	if (keyCase === 'asIs') return key;
	const { prefix, words: ws } = words(key);
	if (ws.length === 0) return key;
	if (keyCase === 'snake') return prefix + ws.join('_');
	if (keyCase === 'pascal') return prefix + ws.map(cap1).join('');
	return prefix + ws[0] + ws.slice(1).map(cap1).join('');
}

/** Every key of a JSON value in another case, recursively (values untouched). */
export function recaseDeep(value: unknown, keyCase: KeyCase): unknown {
	if (keyCase === 'asIs') return value;
	if (Array.isArray(value)) return value.map((v) => recaseDeep(v, keyCase));
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [recase(k, keyCase), recaseDeep(v, keyCase)]),
		);
	return value;
}

/** A key as compared "case aside": lower case, without separators. */
export const fold = (key: string) => key.toLowerCase().replace(/[_\-.]/g, '');

/** Renames the flag keys (any case) of each record to the tenant's name. */
export function renameFlags(record: unknown, flags: string[], name: string | null): unknown {
	if (
		name === null ||
		flags.length === 0 ||
		!record ||
		typeof record !== 'object' ||
		Array.isArray(record)
	)
		return record;
	const folded = flags.map(fold);
	return Object.fromEntries(
		Object.entries(record).map(([k, v]) => [folded.includes(fold(k)) ? name : k, v]),
	);
}

// ------------------------------------------------------------------------------------------------ envelope
/** The answer of a tenant for the records of one page (keys recased afterwards by the caller). */
export function wrap(records: unknown[], total: number, envelope: Envelope): unknown {
	if (envelope.shape === 'bare') return records;
	const body: Record<string, unknown> = { [envelope.records]: records };
	if (envelope.total === 'top') body[envelope.totalName] = total;
	if (envelope.total === 'meta') body[envelope.metaName] = { [envelope.totalName]: total };
	return body;
}

// ------------------------------------------------------------------------------------------------ paging
export type PageAnswer =
	| { status: 400; message: string }
	| { status: 200; from: number; to: number };

/**
 * Which records a tenant serves for a page request: `page` as asked (undefined: the first), `size` as asked
 * (undefined: the vendor's default, or everything when it has none).
 */
export function servePage(
	t: Tenant,
	vendorBase: 0 | 1,
	page: number | undefined,
	size: number | undefined,
	count: number,
): PageAnswer {
	const base = t.pageBase === 'asIs' ? vendorBase : t.pageBase;
	let p = page ?? base;
	if (p < base) {
		if (t.baseMode === 'strict')
			return { status: 400, message: `page must be a whole number from ${base} (got ${p})` };
		p = base;
	}
	const asked = size ?? Number.POSITIVE_INFINITY;
	const served = t.cap === null ? asked : Math.min(asked, t.cap);
	if (!Number.isFinite(served))
		return p === base ? { status: 200, from: 0, to: count } : { status: 200, from: 0, to: 0 };
	const from = Math.min(count, (p - base) * served);
	return { status: 200, from, to: Math.min(count, from + served) };
}
