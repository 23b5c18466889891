import { recall, remember } from './learned';
import type { RequestContext } from './types';

/**
 * Unpaged date windows (one request answers a whole window) and a tenant that caps how many records one answer
 * holds, silently: the completeness rule for them. API Contract → Check measures the cap (a wide window against
 * its two halves: when the wide window holds fewer records than its halves together, the count it held is the
 * cap) and remembers it per credential and endpoint like every learned fact (learned.ts). A window whose answer
 * reaches a learned cap may be cut: it is split in two and asked again, and the halves must hold every record the
 * whole did; a window that cannot be split further and still reaches the cap is an error.
 */

const fact = (endpoint: string) => `window.cap ${endpoint}`;

/** The cap learned for this endpoint on the node's credential (undefined: none measured, or none seen). */
export function recallWindowCap(
	ctx: RequestContext,
	credentialType: string,
	endpoint: string,
): number | undefined {
	const value = Number(recall<number>(ctx, credentialType, fact(endpoint)));
	return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Remembers a measured cap; 0 forgets it (a later check saw none). */
export function rememberWindowCap(
	ctx: RequestContext,
	credentialType: string,
	endpoint: string,
	cap: number,
): void {
	remember(ctx, credentialType, fact(endpoint), cap);
}

/** Why a split window does not add up, for the vendor's error (expected vs received, naming its line). */
export interface WindowShortfall {
	expected: number;
	received: number;
	reason: string;
}

/**
 * Reads one window; when its answer reaches `cap`, reads its two halves instead (recursively, left then right)
 * and checks that they hold every record the whole answer held.
 */
export async function readCapped<W, T>(opts: {
	window: W;
	cap: number | undefined;
	fetch: (window: W) => Promise<T[]>;
	/** The two halves of a window, or undefined when it cannot be split further. */
	split: (window: W) => [W, W] | undefined;
	idOf: (record: T) => string;
	/** Whether a record belongs to the window (a server may answer a little beyond it); default: every record. */
	inWindow?: (window: W, record: T) => boolean;
	describe: (window: W) => string;
	fail: (shortfall: WindowShortfall) => Error;
}): Promise<T[]> {
	const whole = await opts.fetch(opts.window);
	if (opts.cap === undefined || whole.length < opts.cap) return whole;
	const halves = opts.split(opts.window);
	if (!halves)
		throw opts.fail({
			expected: whole.length + 1,
			received: whole.length,
			reason:
				`${opts.describe(opts.window)} answered ${whole.length} records, the tenant's cap on one answer, ` +
				'and cannot be split further: more records may exist',
		});
	const parts: T[] = [];
	for (const half of halves) parts.push(...(await readCapped({ ...opts, window: half })));
	const seen = new Set<string>();
	const merged = parts.filter((record) => {
		const id = opts.idOf(record);
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
	const own = opts.inWindow ? whole.filter((record) => opts.inWindow!(opts.window, record)) : whole;
	const missing = own.filter((record) => !seen.has(opts.idOf(record))).length;
	if (missing > 0)
		throw opts.fail({
			expected: own.length,
			received: own.length - missing,
			reason:
				`${opts.describe(opts.window)} reached the cap of ${opts.cap} records, ` +
				`and its two halves lack ${missing} of its records`,
		});
	return merged;
}

/**
 * What a wide window and its two halves show about a cap: the wide answer holding fewer distinct records than
 * the halves together is cut, at the count it held.
 */
export function measureCap(
	wide: string[],
	halves: [string[], string[]],
): { cap?: number; union: number } {
	const union = new Set([...halves[0], ...halves[1]]).size;
	const wideCount = new Set(wide).size;
	return wideCount < union ? { cap: wideCount, union } : { union };
}
