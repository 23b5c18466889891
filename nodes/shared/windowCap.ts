import { fieldValue } from './fieldReader';
import { recall, remember } from './learned';
import type { RequestContext } from './types';

/**
 * Unpaged date windows (one request answers a whole window) and a tenant that may cap how many records one answer
 * holds, silently: the completeness rule for them. One assumption only, stated below (records that share the
 * smallest window); what is known per credential and endpoint (learned.ts) is one of:
 * - `cap` N: a wide window answered N records while its two halves held more (API Contract → Check, line
 *   windowCap, or a listing's own split): an answer of N or more may be cut;
 * - `bound` L: answers were seen holding L records, so any cap is at least L: an answer of fewer than L records
 *   is complete (L grows with every larger answer seen; Check measures it on the widest accepted window);
 * - nothing: measured on the fly: a wide window's answer (one request) sets the bound, and an answer still
 *   reaching it is read again as two halves (two requests), which shows a cap if there is one.
 * A window whose answer may be cut is read again as two halves (recursively, down to the smallest window), which
 * must hold every record the whole held; the smallest window still reaching the cap or bound is an error.
 * Cost without a cap: no extra request for an answer below the bound; for one at or above it, one request for
 * the wide window (where given: asked once per credential and endpoint in a process, shared by windows in
 * flight), then two per split while it still reaches the bound.
 *
 * What cannot be proven: records that all share the smallest window (one second) split no further. With a cap
 * measured, such a window reaching it is an error. With none measured, it is read as complete only when it holds
 * fewer than UNSPLITTABLE_FLOOR records (the contract line's stated assumption: a tenant that caps answers caps
 * them at more records than that; API Contract → Check measures any cap below it on the tenant's own data), and
 * is an error otherwise.
 */
export const UNSPLITTABLE_FLOOR = 10;

const capFact = (endpoint: string) => `window.cap ${endpoint}`;
const boundFact = (endpoint: string) => `window.bound ${endpoint}`;
const wideFact = (endpoint: string) => `window.wide ${endpoint}`;

/** Wide windows in flight, per context and endpoint: windows read in parallel share one request. */
const wideInFlight = new WeakMap<object, Map<string, Promise<number | undefined>>>();

/** What is known about the cap on one answer of an endpoint (see above). */
export interface CapKnowledge {
	cap?: number;
	/** Answers of this many records were seen: any cap is at least this (0: nothing measured). */
	bound: number;
}

const positive = (value: unknown): number | undefined => {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** What is known for this endpoint on the node's credential. */
export function recallWindowCap(
	ctx: RequestContext,
	credentialType: string,
	endpoint: string,
): CapKnowledge {
	const cap = positive(recall<number>(ctx, credentialType, capFact(endpoint)));
	const bound = positive(recall<number>(ctx, credentialType, boundFact(endpoint))) ?? 0;
	return cap === undefined ? { bound } : { cap, bound: Math.min(bound, cap) };
}

/** Remembers what was measured (a cap, or none and a bound: the cap is then forgotten). */
export function rememberWindowCap(
	ctx: RequestContext,
	credentialType: string,
	endpoint: string,
	known: CapKnowledge,
): void {
	remember(ctx, credentialType, capFact(endpoint), known.cap ?? 0);
	remember(ctx, credentialType, boundFact(endpoint), known.bound);
}

/** Why a split window does not add up, for the vendor's error (expected vs received, naming its line). */
export interface WindowShortfall {
	expected: number;
	received: number;
	reason: string;
}

/** Whether an answer of `count` records may be cut, given what is known. */
export function mayBeCut(known: CapKnowledge, count: number): boolean {
	if (count === 0) return false;
	return known.cap !== undefined ? count >= known.cap : count >= known.bound;
}

/**
 * Where to cut a window [from, to) (epoch ms) between its records, best first. Records that can be separated: the
 * median record start strictly inside the window, then the median end. Records that cannot — every one overlaps
 * one instant (an instant record is a span of one millisecond), so the half holding that instant holds them all —
 * are cut around tightly: at the latest start, then at the earliest end, so that the other halves show any record
 * the answer left out beside them. Empty when a record's time is unknown or no cut falls inside.
 */
export function cutPoints(
	[from, to]: [number, number],
	spans: Array<[number, number] | undefined>,
): { at: number[]; separable: boolean } {
	const known = spans.filter(
		(span): span is [number, number] =>
			span !== undefined && Number.isFinite(span[0]) && Number.isFinite(span[1]),
	);
	if (known.length === 0 || known.length < spans.length) return { at: [], separable: false };
	const starts = known.map(([start]) => start);
	const ends = known.map(([start, end]) => Math.max(end, start + 1));
	const inside = (t: number) => t > from && t < to;
	const latestStart = Math.max(...starts);
	const earliestEnd = Math.min(...ends);
	if (latestStart < earliestEnd)
		return { at: [latestStart, earliestEnd].filter(inside), separable: false };
	const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const at = [starts.filter(inside), ends.filter(inside)]
		.filter((values) => values.length > 0)
		.map(median);
	return { at, separable: true };
}

/**
 * A record's span (epoch ms) read from its start and end fields through the field reader and the vendor's time
 * parser; undefined when either is unreadable (no cut between records then).
 */
export function spanFrom(
	record: unknown,
	fields: readonly [string, string],
	toMs: (value: unknown) => number,
): [number, number] | undefined {
	const start = toMs(fieldValue(record, fields[0]));
	const end = toMs(fieldValue(record, fields[1]));
	return Number.isNaN(start) || Number.isNaN(end) ? undefined : [start, end];
}

/**
 * Reads one window by the rule above: an answer that may be cut is read again as two halves, which must hold
 * every record of the whole answer; a half that may still be cut is read the same way. The cut falls between the
 * answer's records where their times are given (so that one split usually proves it), else in the middle. What
 * the answers show (a cap, a larger bound) is remembered for the credential.
 */
export async function readCapped<W, T>(opts: {
	window: W;
	/** Where the knowledge is kept: the node's context, its credential type and the endpoint. */
	ctx: RequestContext;
	credentialType: string;
	endpoint: string;
	fetch: (window: W) => Promise<T[]>;
	/** The two halves of a window cut in the middle, or undefined when it cannot be split further. */
	split: (window: W) => [W, W] | undefined;
	/**
	 * Cutting between records: the window's span (epoch ms), a record's span (start and end; an instant record
	 * gives the same time twice), and the two halves cut at an instant (rounded to what the endpoint takes;
	 * undefined when the rounded cut is not strictly inside the window).
	 */
	between?: {
		rangeOf: (window: W) => [number, number];
		spanOf: (record: T) => [number, number] | undefined;
		cutAt: (window: W, at: number) => [W, W] | undefined;
	};
	idOf: (record: T) => string;
	/** Whether a record belongs to the window (a server may answer a little beyond it); default: every record. */
	inWindow?: (window: W, record: T) => boolean;
	describe: (window: W) => string;
	fail: (shortfall: WindowShortfall) => Error;
	/**
	 * A wide window (the widest the endpoint accepts, likely to hold many records): where no cap is known and an
	 * answer reaches the bound, its answer is read once (one request) to raise the bound before any split.
	 */
	wide?: W;
}): Promise<T[]> {
	const known = recallWindowCap(opts.ctx, opts.credentialType, opts.endpoint);
	const learn = (next: CapKnowledge) => {
		if (next.cap === known.cap && next.bound <= known.bound) return;
		known.cap = next.cap;
		known.bound = next.cap === undefined ? Math.max(next.bound, known.bound) : next.bound;
		rememberWindowCap(opts.ctx, opts.credentialType, opts.endpoint, known);
	};
	const distinct = (list: T[]) => new Set(list.map(opts.idOf)).size;
	const wide = opts.wide;
	/**
	 * The halves of a window: between its records where their times are given (undefined when they fill the
	 * smallest window they can be cut to), else in the middle.
	 */
	const halvesOf = (window: W, whole: T[]): [W, W] | undefined => {
		const between = opts.between;
		if (!between || whole.length === 0) return opts.split(window);
		const spans = whole.map(between.spanOf);
		const { at, separable } = cutPoints(between.rangeOf(window), spans);
		for (const point of at) {
			const halves = between.cutAt(window, point);
			if (halves) return halves;
		}
		return separable || spans.includes(undefined) ? opts.split(window) : undefined;
	};
	/** Checks one answer (already fetched) against what is known, splitting it where it may be cut. */
	const check = async (window: W, whole: T[]): Promise<T[]> => {
		const count = distinct(whole);
		// What windows read meanwhile (in parallel) may have learned: the latest knowledge judges this answer.
		const latest = recallWindowCap(opts.ctx, opts.credentialType, opts.endpoint);
		known.cap = latest.cap;
		known.bound = latest.bound;
		let cut = mayBeCut(known, count);
		if (
			cut &&
			known.cap === undefined &&
			wide !== undefined &&
			!recall(opts.ctx, opts.credentialType, wideFact(opts.endpoint))
		) {
			// Any answer proves that a cap is at least its size: the wide window's often proves this one complete.
			// It is asked once per credential and endpoint (its answer stays in the bound), shared by windows in flight.
			let flights = wideInFlight.get(opts.ctx);
			if (!flights) wideInFlight.set(opts.ctx, (flights = new Map()));
			let flight = flights.get(opts.endpoint);
			if (!flight) {
				// A wide window the tenant refuses only leaves the split to prove the answer.
				flight = opts.fetch(wide).then(
					(answer) => distinct(answer),
					() => undefined,
				);
				flights.set(opts.endpoint, flight);
			}
			const wideCount = await flight;
			remember(opts.ctx, opts.credentialType, wideFact(opts.endpoint), true);
			if (wideCount !== undefined) learn({ bound: wideCount });
			cut = mayBeCut(known, count);
		}
		// An answer larger than a remembered cap: the tenant raised it (or has none any more).
		if (known.cap !== undefined && count > known.cap) learn({ bound: count });
		else if (known.cap === undefined) learn({ bound: count });
		if (!cut) return whole;
		const halves = halvesOf(window, whole);
		// Unsplittable, with no cap measured: the stated floor (see above).
		if (!halves && known.cap === undefined && count < UNSPLITTABLE_FLOOR) return whole;
		if (!halves)
			throw opts.fail({
				expected: count + 1,
				received: count,
				reason:
					`${opts.describe(window)} answered ${count} records, ` +
					(known.cap !== undefined
						? `the tenant's cap on one answer (${known.cap}),`
						: 'as many as the largest answer seen on this credential (a cap, if the tenant has one, ' +
							'is at least that; run API Contract → Check to measure it on a wide window),') +
					' and cannot be split further: more records may exist',
			});
		const answers: T[][] = [];
		for (const half of halves) answers.push(await opts.fetch(half));
		const union = new Set(answers.flat().map(opts.idOf)).size;
		// The halves held more than the whole: its answer was cut, at the count it held.
		if (union > count && (known.cap === undefined || count < known.cap))
			learn({ cap: count, bound: count });
		const own = opts.inWindow ? whole.filter((record) => opts.inWindow!(window, record)) : whole;
		const parts: T[] = [];
		for (let k = 0; k < 2; k++) parts.push(...(await check(halves[k], answers[k])));
		const seen = new Set<string>();
		const merged = parts.filter((record) => {
			const id = opts.idOf(record);
			if (seen.has(id)) return false;
			seen.add(id);
			return true;
		});
		// Records the whole answered beyond its window (a server answering a little wider) stay in the result:
		// the caller may already count them as read (where the next window starts).
		for (const record of whole) {
			const id = opts.idOf(record);
			if (seen.has(id) || (opts.inWindow?.(window, record) ?? true)) continue;
			seen.add(id);
			merged.push(record);
		}
		const missing = own.filter((record) => !seen.has(opts.idOf(record))).length;
		if (missing > 0)
			throw opts.fail({
				expected: own.length,
				received: own.length - missing,
				reason:
					`${opts.describe(window)} answered ${count} records, which may be cut, ` +
					`and its two halves lack ${missing} of them`,
			});
		return merged;
	};
	return await check(opts.window, await opts.fetch(opts.window));
}

/**
 * What a wide window and its two halves show about a cap: the wide answer holding fewer distinct records than
 * the halves together is cut, at the count it held; else any cap is at least that count (a bound).
 */
export function measureCap(
	wide: string[],
	halves: [string[], string[]],
): { cap?: number; bound: number; union: number } {
	const union = new Set([...halves[0], ...halves[1]]).size;
	const wideCount = new Set(wide).size;
	return wideCount < union
		? { cap: wideCount, bound: wideCount, union }
		: { bound: wideCount, union };
}
