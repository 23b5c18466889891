import type { IDataObject } from 'n8n-workflow';
import { RecentKeys } from './pollState';

/**
 * The one "changed since a time" rule of the polling triggers that follow a vendor's change time (Hub Planner's
 * updatedDate and deletedDate, Pronestor's lock time): each poll asks for what changed since the cursor minus a
 * look-back, emits what it has not emitted yet (a record version is its change time and id) and moves the cursor
 * to the newest change time taken. The look-back covers writes the vendor makes visible late; the keys emitted
 * within it are kept, so a version is emitted once. Overlapping polls take over each other's keys and cursor
 * (`mergeCursor`) before they decide, without awaiting in between, so neither emits what the other did.
 */
export interface CursorState extends IDataObject {
	/** ISO time the run started from (where a trigger keeps it in the cursor's state: then overlapping polls of
	 * another run are not taken over). */
	from?: string;
	/** ISO time: the newest change time taken (or the start). */
	cursor: string;
	/** Keys (`<time in units>:<id>`) emitted within the look-back of the cursor. */
	recent: string[];
}

export interface Change<T> {
	id: string;
	/** The change time in ms (NaN where the record has none: then it is keyed and never moves the cursor). */
	ms: number;
	record: T;
}

/** How a trigger applies the rule. */
export interface CursorRule {
	/** The run's start (ms): nothing changed before it is taken. */
	startMs: number;
	/** How far before the cursor each poll looks again (ms). */
	lookBackMs: number;
	/**
	 * Whether a change at exactly the start (or at the look-back's far end) is left out: where the start is a
	 * time already read (Pronestor's Start From and lock-time windows are exclusive starts). Otherwise a change in
	 * the very millisecond of the start counts as after it.
	 */
	exclusive?: boolean;
	/** The unit of the time in a key, in ms: 1, or 1000 where the vendor stamps whole seconds. */
	unitMs?: number;
	/** Take at most this many into `out` (counting what `out` already holds); the rest waits for the next poll. */
	max?: number;
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
	if (state.from !== undefined && live.from !== state.from) return;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	for (const key of live.recent ?? []) recent.add(key);
	state.recent = recent.toJSON();
	if (Date.parse(live.cursor) > Date.parse(state.cursor)) state.cursor = live.cursor;
}

function keyOf(ms: number, id: string, unitMs: number): string {
	return `${Number.isNaN(ms) ? '?' : Math.floor(ms / unitMs)}:${id}`;
}

function inOrder<T>(changes: Array<Change<T>>): boolean {
	for (let i = 1; i < changes.length; i++)
		if ((changes[i].ms || 0) < (changes[i - 1].ms || 0)) return false;
	return true;
}

/**
 * Moves the changes not taken yet into `out` in change-time order (changes with one time keep the order given),
 * after the run's start and within the look-back of the cursor; advances the state. Answers false when `max`
 * left changes for the next poll.
 */
export function take<T>(
	state: CursorState,
	changes: Array<Change<T>>,
	out: T[],
	rule: CursorRule,
): boolean {
	const unitMs = rule.unitMs ?? 1;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	let cursorMs = Date.parse(state.cursor);
	const floor = cursorMs - rule.lookBackMs;
	let complete = true;
	const sorted = inOrder(changes)
		? changes
		: [...changes].sort((a, b) => (a.ms || 0) - (b.ms || 0));
	for (const change of sorted) {
		const key = keyOf(change.ms, change.id, unitMs);
		if (recent.has(key)) continue;
		if (!Number.isNaN(change.ms)) {
			const before = rule.exclusive
				? change.ms <= rule.startMs || change.ms <= floor
				: change.ms < rule.startMs || change.ms < floor;
			if (before) continue;
		}
		if (rule.max !== undefined && out.length >= rule.max) {
			complete = false;
			break;
		}
		out.push(change.record);
		recent.add(key);
		if (change.ms > cursorMs) cursorMs = change.ms;
	}
	state.recent = recent.toJSON();
	advanceCursor(state, cursorMs, rule);
	return complete;
}

/** `take`, answering how many were taken. */
export function takeChanges<T>(
	state: CursorState,
	changes: Array<Change<T>>,
	out: T[],
	rule: CursorRule,
): number {
	const before = out.length;
	take(state, changes, out, rule);
	return out.length - before;
}

/**
 * Sets the cursor (never backwards) and forgets keys that fell out of the look-back (one unit more is kept: a
 * key's time is rounded down to its unit).
 */
export function advanceCursor(
	state: CursorState,
	toMs: number,
	rule: Pick<CursorRule, 'lookBackMs' | 'unitMs'>,
): void {
	const unitMs = rule.unitMs ?? 1;
	const cursorMs = Math.max(Date.parse(state.cursor), toMs);
	const iso = new Date(cursorMs).toISOString();
	// Whole-second vendors keep whole-second cursors ("…:05Z", as they write them).
	state.cursor = unitMs >= 1000 && cursorMs % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
	const oldest = Math.floor((cursorMs - rule.lookBackMs) / unitMs) - 1;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	recent.retain((key) => {
		const time = Number(key.slice(0, key.indexOf(':')));
		return Number.isNaN(time) || time >= oldest;
	});
	state.recent = recent.toJSON();
}
