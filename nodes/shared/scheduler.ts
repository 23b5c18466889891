import { sleep } from 'n8n-workflow';

/**
 * One request scheduler per credential: every request to a vendor starts through it, so that the pages and
 * windows a listing keeps in flight, and every node using the same credential in this process, stay under the
 * vendor's documented rate limits (its contract.ts) together — a listing of any size meets no 429 where the
 * limit is documented. A 429 that still arrives (a tenant stricter than documented, another process using the
 * credential) pauses the whole lane until its Retry-After: waited out once for every request in flight, not
 * met again by each.
 *
 * How a limit is kept: a request counts in a window from its start until `perMs` after its answer (the vendor
 * received it at some point in between), so a slow or late-arriving request can never push the vendor's own
 * count over the limit. A request that would have to wait longer than `maxWaitMs` (the retry policy's longest
 * wait) fails at once with a message naming the limit, rather than stall the workflow.
 *
 * Process memory (the lanes below) is right here: it only paces this process's requests, and a restart forgets
 * nothing that matters (a fresh process has sent nothing yet).
 */

/** A documented limit: at most `requests` in any `perMs`, with the contract line that states it. */
export interface RateLimit {
	requests: number;
	perMs: number;
	/** The contract line ("limits.burst"), for the message when a wait would be too long. */
	line: string;
	/** In words, for messages ("50 calls per 5 seconds"). */
	text: string;
}

interface Lane {
	/** When each counted request was answered: Infinity while it is in flight. */
	ends: number[];
	pausedUntil: number;
	/** Resolved when a request in flight ends (a waiting request may then start). */
	wake?: { promise: Promise<void>; resolve: () => void };
}

/** Lanes kept (the least recently used go first): far more credentials than one process uses. */
const MAX_LANES = 500;
const lanes = new Map<string, Lane>();

function laneOf(key: string): Lane {
	let lane = lanes.get(key);
	if (lane) {
		lanes.delete(key);
	} else {
		lane = { ends: [], pausedUntil: 0 };
	}
	lanes.set(key, lane);
	while (lanes.size > MAX_LANES) lanes.delete(lanes.keys().next().value as string);
	return lane;
}

/** Why a request may not start: the limit it would wait for, and how long. */
export interface TooLongWait {
	limit: RateLimit;
	waitMs: number;
}

/** The message for a request refused by `startRequest` (what the node's error says). */
export function tooLongMessage(wait: TooLongWait): string {
	return (
		`The vendor's documented limit of ${wait.limit.text} is reached for this credential: the next request ` +
		`could start in ${Math.ceil(wait.waitMs / 1000)} s, longer than a request waits`
	);
}

/**
 * How long a request starting `now` must wait on `limits` (0: it may start), or Infinity when it must wait for
 * a request in flight to end first; and the limit that makes it wait.
 */
function waitFor(
	lane: Lane,
	limits: readonly RateLimit[],
	now: number,
): { ms: number; limit?: RateLimit } {
	let ms = Math.max(0, lane.pausedUntil - now);
	let which: RateLimit | undefined;
	if (limits.length === 0) return { ms };
	const longest = Math.max(...limits.map((l) => l.perMs));
	// Forget what left every window.
	lane.ends = lane.ends.filter((end) => end + longest > now);
	for (const limit of limits) {
		const leaves = lane.ends
			.map((end) => end + limit.perMs)
			.filter((leave) => leave > now)
			.sort((a, b) => a - b);
		if (leaves.length < limit.requests) continue;
		// The one that must leave for one more to fit.
		const wait = leaves[leaves.length - limit.requests] - now;
		if (wait > ms) {
			ms = wait;
			which = limit;
		}
	}
	return { ms, limit: which };
}

/** A started request: call `done()` when its answer (or failure) arrived. */
export interface Slot {
	done(): void;
}

const UNCOUNTED: Slot = { done() {} };

/**
 * Waits until a request may start on the lane `key` under `limits`, and counts it (a Slot); or, when the wait
 * would exceed `maxWaitMs`, answers at once which limit and how long (nothing is counted).
 */
export async function startRequest(
	key: string,
	limits: readonly RateLimit[],
	maxWaitMs: number,
): Promise<Slot | TooLongWait> {
	const lane = laneOf(key);
	for (;;) {
		const now = Date.now();
		const { ms, limit } = waitFor(lane, limits, now);
		if (ms === 0) break;
		if (ms === Infinity) {
			if (!lane.wake) {
				let resolve!: () => void;
				const promise = new Promise<void>((r) => (resolve = r));
				lane.wake = { promise, resolve };
			}
			await lane.wake.promise;
			continue;
		}
		if (ms > maxWaitMs) {
			const stated = limit ?? {
				requests: 0,
				perMs: ms,
				line: 'Retry-After',
				text: 'requests the vendor asked to pause',
			};
			return { limit: stated, waitMs: ms };
		}
		await sleep(ms);
	}
	// Without a documented limit only a pause applies: nothing to count.
	if (limits.length === 0) return UNCOUNTED;
	lane.ends.push(Infinity);
	let ended = false;
	return {
		done() {
			if (ended) return;
			ended = true;
			// In flight requests are alike: the first one found is marked answered.
			const at = lane.ends.indexOf(Infinity);
			if (at >= 0) lane.ends[at] = Date.now();
			const wake = lane.wake;
			lane.wake = undefined;
			wake?.resolve();
		},
	};
}

/** A 429 with Retry-After: every request on the lane waits until then (once, together). */
export function pauseLane(key: string, ms: number): void {
	const lane = laneOf(key);
	lane.pausedUntil = Math.max(lane.pausedUntil, Date.now() + ms);
}

/** Forgets every lane (as a restarted process would); for tests. */
export function resetLanes(): void {
	lanes.clear();
}
