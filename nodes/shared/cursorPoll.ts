import type { IDataObject } from 'n8n-workflow';
import { RecentKeys } from './pollState';

/**
 * The "changed since a time" rule of a polling trigger that reads a vendor's change time (Hub Planner's
 * updatedDate and deletedDate): each poll asks for what changed since the cursor minus a look-back, emits what it
 * has not emitted yet (a record version is its change time and id) and moves the cursor to the newest change time
 * taken. The look-back covers writes the vendor makes visible late; the keys emitted within it are kept, so a
 * version is emitted once. Overlapping polls take over each other's keys and cursor (`mergeCursor`) before they
 * decide, without awaiting in between, so neither emits what the other did.
 */
export interface CursorState extends IDataObject {
	/** ISO time: the newest change time taken (or the start). */
	cursor: string;
	/** Keys (`<ms>:<id>`) emitted within the look-back of the cursor. */
	recent: string[];
}

export interface Change<T> {
	id: string;
	/** The change time in ms (NaN where the record has none: then it is keyed and never moves the cursor). */
	ms: number;
	record: T;
}

/** Keys kept per rule: far more than one look-back of changes. */
const RECENT_MAX = 20_000;

export function startCursor(fromIso: string): CursorState {
	return { cursor: fromIso, recent: [] };
}

/** The time to ask from: the cursor minus the look-back (ms). */
export function askFrom(state: CursorState, lookBackMs: number): number {
	return Date.parse(state.cursor) - lookBackMs;
}

/** Takes over what an overlapping poll of the same run already took. */
export function mergeCursor(state: CursorState, live: CursorState | undefined): void {
	if (!live || typeof live.cursor !== 'string') return;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	for (const key of live.recent ?? []) recent.add(key);
	state.recent = recent.toJSON();
	if (Date.parse(live.cursor) > Date.parse(state.cursor)) state.cursor = live.cursor;
}

/**
 * Moves the changes not taken yet into `out` (in change-time order), after `startMs` (the run's start) and within
 * the look-back of the cursor (a change in the very millisecond of the start counts as after it); advances the
 * state. Answers how many were taken.
 */
export function takeChanges<T>(
	state: CursorState,
	changes: Array<Change<T>>,
	out: T[],
	opts: { startMs: number; lookBackMs: number },
): number {
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	let cursorMs = Date.parse(state.cursor);
	const floor = cursorMs - opts.lookBackMs;
	let taken = 0;
	const sorted = [...changes].sort((a, b) => (a.ms || 0) - (b.ms || 0));
	for (const change of sorted) {
		const key = `${Number.isNaN(change.ms) ? '?' : change.ms}:${change.id}`;
		if (recent.has(key)) continue;
		if (!Number.isNaN(change.ms) && (change.ms < opts.startMs || change.ms < floor)) continue;
		out.push(change.record);
		recent.add(key);
		taken += 1;
		if (change.ms > cursorMs) cursorMs = change.ms;
	}
	state.recent = recent.toJSON();
	advanceCursor(state, cursorMs, opts.lookBackMs);
	return taken;
}

/** Sets the cursor (never backwards) and forgets keys that fell out of the look-back. */
export function advanceCursor(state: CursorState, toMs: number, lookBackMs: number): void {
	const cursorMs = Math.max(Date.parse(state.cursor), toMs);
	state.cursor = new Date(cursorMs).toISOString();
	const oldest = cursorMs - lookBackMs;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	recent.retain((key) => {
		const ms = Number(key.slice(0, key.indexOf(':')));
		return Number.isNaN(ms) || ms >= oldest;
	});
	state.recent = recent.toJSON();
}
