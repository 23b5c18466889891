/**
 * The property: an operation against a generated tenant returns exactly the records of the same emulator
 * unmutated (ids and values, key case aside), or fails with an error that names a contract line (and outputs
 * nothing). Anything else is a finding, classed by what went wrong.
 */
import type { IDataObject } from 'n8n-workflow';
import type { RunNodeResult } from '../harness';
import { fold, renameFlags, type Tenant } from './tenant';
import type { FuzzVendor, Operation } from './vendors';

/** How an error names a contract line: "contract line …" or the node file that holds it. */
export const CONTRACT_LINE = /contract line|nodes\/[A-Za-z]+\/[\w./-]+\.ts/i;

export type Verdict =
	| { ok: true; outcome: 'complete' | 'failed clearly' }
	| { ok: false; finding: string };

/** A JSON value with every key folded (case and separators aside) and keys sorted, for comparison. */
function folded(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(folded);
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value)
				.filter(([, v]) => !empty(v))
				.map(([k, v]) => [fold(k), folded(v)] as const)
				.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
		);
	return value;
}

/** A failed run passes when it output nothing and its error names a contract line. */
export function judgeError(error: unknown, items: number): Verdict {
	const e = error as { message?: string; description?: string | null };
	const text = `${e.message ?? ''} ${e.description ?? ''}`;
	if (items > 0) return { ok: false, finding: `failed but output ${items} items` };
	if (!CONTRACT_LINE.test(text))
		return { ok: false, finding: `error naming no contract line: ${oneLine(e.message)}` };
	return { ok: true, outcome: 'failed clearly' };
}

/** A poll after records were added must emit exactly those records, each once. */
export function judgeEmitted(vendor: FuzzVendor, added: string[], emitted: IDataObject[]): Verdict {
	const ids = emitted.map((j) => String(field(j, vendor.idKey)));
	const missing = added.filter((id) => !ids.includes(id)).length;
	const extra = ids.filter((id) => !added.includes(id)).length;
	const duplicates = ids.length - new Set(ids).size;
	if (!missing && !extra && !duplicates) return { ok: true, outcome: 'complete' };
	const parts = [missing && 'N missing', extra && 'N not added', duplicates && 'N duplicates']
		.filter(Boolean)
		.join(', ');
	return {
		ok: false,
		finding: `the poll emitted fewer or other records than were added (${parts})`,
	};
}

/**
 * Equal, key case aside. A BRP time (`{timepoint: {timestamp, …}}`, its documented form) equals an ISO 8601
 * string of the same instant.
 */
function sameValue(want: unknown, got: unknown): boolean {
	const point =
		want && typeof want === 'object'
			? (field(want as IDataObject, 'timepoint') as IDataObject | undefined)
			: undefined;
	if (point && typeof point === 'object' && typeof got === 'string')
		return Date.parse(got) / 1000 === Number(field(point, 'timestamp'));
	if (empty(want) && empty(got)) return true; // null, "" and a field left out all say "no value"
	return JSON.stringify(folded(want)) === JSON.stringify(folded(got));
}

const empty = (v: unknown) => v === null || v === undefined || v === '';

function field(record: IDataObject, key: string): unknown {
	const want = fold(key);
	const hit = Object.keys(record).find((k) => fold(k) === want);
	return hit === undefined ? undefined : record[hit];
}

export function judge(
	vendor: FuzzVendor,
	op: Operation,
	tenant: Tenant,
	expected: IDataObject[],
	result: RunNodeResult,
): Verdict {
	if (result.error) return judgeError(result.error, result.items.length);
	const want = new Map(expected.map((r) => [String(field(r, vendor.idKey)), r]));
	const got = result.items.map((i) => i.json);
	const ids = got.map((j) => String(field(j, vendor.idKey)));
	const missing = [...want.keys()].filter((id) => !ids.includes(id)).length;
	const extra = ids.filter((id) => !want.has(id)).length;
	const duplicates = ids.length - new Set(ids).size;
	if (missing || extra || duplicates) {
		const parts = [
			missing && `${missing} missing`,
			extra && `${extra} not expected`,
			duplicates && `${duplicates} duplicates`,
		];
		const what = parts.filter(Boolean).join(', ').replace(/\d+/g, 'N');
		return {
			ok: false,
			finding: `completed with fewer or other records than the emulator holds (${what})`,
		};
	}
	for (const json of got) {
		const record = renameFlags(
			want.get(String(field(json, vendor.idKey))),
			vendor.protocol.flags,
			tenant.flagName,
		) as IDataObject;
		for (const [key, value] of Object.entries(record)) {
			if (!sameValue(value, field(json, key)))
				return { ok: false, finding: `a record's value differs: ${key}` };
		}
		if (op.kind === 'simplify') {
			const problem = simplifyProblem(
				json,
				record,
				String(field(record, vendor.idKey)),
				vendor.simplified,
			);
			if (problem) return { ok: false, finding: problem };
		}
	}
	return { ok: true, outcome: 'complete' };
}

/**
 * Simplify: the normalized id is the record's id, and every normalized value whose field the emulator's record
 * carries (`simplified`: normalized key → the record's field) is there, or null and flagged in `unmapped`.
 */
function simplifyProblem(
	json: IDataObject,
	record: IDataObject,
	id: string,
	simplified: Record<string, string>,
): string | undefined {
	const normalized = json.normalized as IDataObject | undefined;
	if (!normalized || typeof normalized !== 'object') return 'Simplify: no normalized object';
	if (String(normalized.id) !== id)
		return `Simplify: normalized.id is ${JSON.stringify(normalized.id)}, not the record's id`;
	const unmapped = Array.isArray(normalized.unmapped) ? (normalized.unmapped as string[]) : [];
	const silent = Object.entries(simplified)
		.filter(
			([key, from]) =>
				![null, undefined, ''].includes(field(record, from) as never) &&
				normalized[key] == null &&
				!unmapped.includes(key),
		)
		.map(([key]) => key);
	if (silent.length > 0)
		return `Simplify: null without an unmapped flag: ${silent.sort().join(', ')}`;
	return undefined;
}

const oneLine = (s: unknown) =>
	String(s ?? '')
		.replace(/\s+/g, ' ')
		.replace(/\d+/g, 'N')
		.replace(/\s*\(.*$/, '')
		.slice(0, 100);
