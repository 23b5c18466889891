import type { IDataObject } from 'n8n-workflow';
import { RecentKeys, type Committed } from './pollState';

/**
 * The one "what changed in the window" rule of the polling triggers that read a whole window each poll (a date
 * range listed completely, not a cursor). Given the records of a fully read window (each with its key and
 * content version), the state kept from earlier polls and the events asked for, `diffWindow` decides what to
 * emit (new, changed, deleted) and what to keep. The state holds only the window's keys and versions (and, for
 * deletions, when each entry leaves the window), so it is bounded by the window.
 *
 * A listing that failed or was cut short must fail the poll before this, or every record it missed would look
 * deleted; a listing that stopped early on purpose says so (`complete: false`) and infers no deletion.
 *
 * Overlapping polls (see nodes/shared/pollState.ts): `latest` is what the newest overlapping poll of the trigger
 * committed, with the ticket that orders answers by age.
 * - a poll whose answer is newer (higher ticket) compares against that, not its own possibly stale copy;
 * - a poll whose answer is older emits nothing and takes the newer view into its state (`stale`: do not commit),
 *   so storing it never brings back old versions, repeats an emit or forgets a deletion already emitted.
 * This is the only overlap rule: every trigger built on this module handles overlapping polls this way.
 *
 * `scope` is always one run of the state (from its baseline poll); what the user chose that the versions depend on
 * is `settings`. With `oncePerVersion` the state also remembers (bounded, oldest first out) every key and version
 * it has seen, in the window or since gone: a key is new once and a version is emitted once, even when the record
 * leaves the window and comes back.
 */

export type WindowEvent = 'new' | 'changed' | 'deleted';

export interface WindowState extends IDataObject {
	/** One run of the state, from its first (baseline) poll. */
	scope?: string;
	/** The settings the versions were taken for (e.g. the look-back): other settings start afresh. */
	settings?: string;
	/** Key → last emitted (or baseline) content version: the window as last read completely. */
	versions?: Record<string, string> | null;
	/** Key → when (ms) the entry leaves the window as last seen (its end): a key gone after that slid out. */
	until?: Record<string, number>;
	/** Key → when (ms) the entry starts as last seen, where the trigger reports it with a deletion. */
	since?: Record<string, number>;
	/** The groups (e.g. entry kinds) the versions were taken for. */
	events?: string[];
	/** With `oncePerVersion`: `new:<key>` of every key seen and `<key>@<version>` of every version seen. */
	seen?: string[];
}

export interface WindowRecord<T> {
	key: string;
	version: string;
	record: T;
	/** When (ms) the record leaves the window (its end), if known. */
	until?: number;
	/** When (ms) the record starts, if a deletion should report it. */
	since?: number;
}

export interface Emitted<T> {
	key: string;
	change: WindowEvent;
	/** The record (absent for a deletion: the state keeps keys and versions only). */
	record?: T;
	/** For a deletion: the entry's start and end as last seen, where they were kept. */
	since?: number;
	until?: number;
}

export interface WindowDiffOptions {
	/** Whether the first poll of a run emits what is there (else it only remembers). */
	emitOnFirstRun: boolean;
	/** The settings now (compared with the state's: different settings start afresh, emitting nothing). */
	settings?: string;
	/** The groups watched now, and the group of a key: a group added since the last poll starts from a baseline. */
	groups?: string[];
	groupOf?: (key: string) => string;
	/** Which events are asked for, per group (default: all). */
	wants?: (event: WindowEvent, group: string | undefined) => boolean;
	/** The window's start now (ms): a key gone whose last known end is at or before it has slid out. */
	windowStart?: number;
	/**
	 * For a key gone from the window while still inside it: deleted (true), moved out of the window (false), or
	 * not known yet (undefined: kept as it was, asked again next poll). Without it every such key is deleted.
	 */
	confirm?: (key: string) => boolean | undefined;
	/**
	 * Whether the records are the whole window (default true). A listing that stopped early on purpose (a time
	 * budget) passes false: what it did not reach is kept as it was and nothing is taken for deleted.
	 */
	complete?: boolean;
	/**
	 * Each key is new once and each version is emitted once, also across leaving and re-entering the window: a
	 * key seen before that comes back is changed (in a version not seen yet) or nothing. Keeps `seen` (at most
	 * SEEN_MAX entries).
	 */
	oncePerVersion?: boolean;
	/**
	 * Whether a record that would be emitted is ready (e.g. what is added to it was fetched): one that is not is
	 * held back as if not read (unknown, or at its version before), so the next poll emits it.
	 */
	ready?: (key: string) => boolean;
}

export interface WindowDiff<T> {
	emit: Array<Emitted<T>>;
	/** This poll started the state afresh. */
	baseline: boolean;
	/** The answer is older than one already committed: emit nothing, do not commit. */
	stale: boolean;
	/** Keys gone from the window while still inside it (deletion candidates, confirmed or not). */
	gone: string[];
}

/** How many keys and versions `oncePerVersion` remembers: far more than a window holds. */
const SEEN_MAX = 20_000;

function newScope(): string {
	return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Empties the state when it was made for other settings (then the next diff is a baseline that emits nothing,
 * whatever `emitOnFirstRun` says: no flood). Answers whether a state was dropped.
 */
export function resetForSettings(state: WindowState, settings: string | undefined): boolean {
	if (settings === undefined || state.settings === settings) return false;
	const dropped = Object.keys(state).length > 0;
	for (const key of Object.keys(state)) delete state[key];
	state.settings = settings;
	return dropped;
}

/** Whether a saved state (e.g. an activation record) was made for these settings. */
export const madeFor =
	(settings: string | undefined) =>
	(state: WindowState): boolean =>
		settings === undefined || state.settings === settings;

/**
 * The rule. Updates `state` in place (the caller commits it unless `stale`). `opts.confirm`, when given, decides
 * for each deletion candidate whether it is really deleted (true) or only moved out of the window (false); it
 * is called while deciding: ask the vendor before (goneFrom lists the candidates), never await in between.
 */
export function diffWindow<T>(
	state: WindowState,
	latest: Committed<WindowState> | undefined,
	ticket: number,
	records: Array<WindowRecord<T>>,
	opts: WindowDiffOptions,
): WindowDiff<T> {
	const resettled = resetForSettings(state, opts.settings);
	const firstRun = typeof state.scope !== 'string' && !resettled;
	if (typeof state.scope !== 'string') state.scope = newScope();
	const committed = latest && latest.state.scope === state.scope ? latest : undefined;
	if (committed && committed.ticket > ticket) {
		state.versions = { ...(committed.state.versions ?? {}) };
		if (committed.state.until) state.until = { ...committed.state.until };
		else delete state.until;
		if (committed.state.since) state.since = { ...committed.state.since };
		else delete state.since;
		if (committed.state.events) state.events = [...committed.state.events];
		if (committed.state.seen) state.seen = [...committed.state.seen];
		else delete state.seen;
		return { emit: [], baseline: false, stale: true, gone: [] };
	}
	const base = committed ? committed.state : state;
	const saved = base.versions;
	const baseline = saved === undefined || saved === null;
	const known: Record<string, string> = saved ?? {};
	const knownUntil: Record<string, number> = base.until ?? {};
	const knownSince: Record<string, number> = base.since ?? {};
	const savedGroups = base.events ?? opts.groups ?? [];
	const groupOf = (key: string) => opts.groupOf?.(key);
	const isNewGroup = (key: string) => {
		const group = groupOf(key);
		return group !== undefined && !savedGroups.includes(group);
	};
	const wants = (event: WindowEvent, key: string) => opts.wants?.(event, groupOf(key)) ?? true;
	const emitNow = baseline ? firstRun && opts.emitOnFirstRun : true;

	const seen = opts.oncePerVersion ? new RecentKeys(base.seen, SEEN_MAX) : undefined;
	const versions: Record<string, string> = {};
	const until: Record<string, number> = {};
	const since: Record<string, number> = {};
	const keep = (key: string, version: string, end?: number, start?: number) => {
		versions[key] = version;
		if (end !== undefined && Number.isFinite(end)) until[key] = end;
		if (start !== undefined && Number.isFinite(start)) since[key] = start;
	};
	const emit: Array<Emitted<T>> = [];
	const read = new Set<string>();
	for (const entry of records) {
		if (read.has(entry.key)) continue;
		read.add(entry.key);
		const was = known[entry.key];
		const change: WindowEvent | undefined =
			was === entry.version
				? undefined
				: was === undefined && !seen?.has(`new:${entry.key}`)
					? 'new'
					: seen?.has(`${entry.key}@${entry.version}`)
						? undefined
						: 'changed';
		// Not emitted on a baseline (unless asked), nor for a group just added to the trigger (its baseline).
		const emits =
			change !== undefined &&
			emitNow &&
			!(!baseline && isNewGroup(entry.key)) &&
			wants(change, entry.key);
		if (emits && opts.ready && !opts.ready(entry.key)) {
			// Held back: as it was before this poll, so the next poll emits it.
			if (was !== undefined) keep(entry.key, was, knownUntil[entry.key], knownSince[entry.key]);
			continue;
		}
		keep(entry.key, entry.version, entry.until, entry.since);
		seen?.add(`new:${entry.key}`);
		seen?.add(`${entry.key}@${entry.version}`);
		if (emits) emit.push({ key: entry.key, change, record: entry.record });
	}
	const gone: string[] = [];
	if (opts.complete === false) {
		for (const key of Object.keys(known))
			if (versions[key] === undefined) keep(key, known[key], knownUntil[key], knownSince[key]);
	} else if (!baseline) {
		for (const key of Object.keys(known)) {
			if (versions[key] !== undefined || isNewGroup(key)) continue;
			const group = groupOf(key);
			// A group no longer watched: its keys are dropped, not deleted.
			if (opts.groups && group !== undefined && !opts.groups.includes(group)) continue;
			const end = knownUntil[key];
			// Slid out of the window (its end is behind the window's start now): not a deletion.
			if (opts.windowStart !== undefined && end !== undefined && end <= opts.windowStart) continue;
			gone.push(key);
			const deleted = opts.confirm ? opts.confirm(key) : true;
			if (deleted === undefined) {
				// Not known yet: kept as it was, so the next poll asks again.
				keep(key, known[key], end, knownSince[key]);
			} else if (deleted && wants('deleted', key))
				emit.push({ key, change: 'deleted', since: knownSince[key], until: end });
		}
	}
	// Keep only what is in the window now: the state never grows past the window.
	state.versions = versions;
	if (Object.keys(until).length > 0) state.until = until;
	else delete state.until;
	if (Object.keys(since).length > 0) state.since = since;
	else delete state.since;
	if (opts.groups) state.events = [...opts.groups];
	if (seen) state.seen = seen.toJSON();
	else delete state.seen;
	return { emit, baseline, stale: false, gone };
}

/**
 * What a diff would decide, without touching the state: what it would emit (to fetch what is added to those
 * records before deciding) and its deletion candidates (to confirm them), every candidate left undecided.
 */
export function previewWindow<T>(
	state: WindowState,
	latest: Committed<WindowState> | undefined,
	ticket: number,
	records: Array<WindowRecord<T>>,
	opts: WindowDiffOptions,
): WindowDiff<T> {
	const copy = JSON.parse(JSON.stringify(state)) as WindowState;
	return diffWindow(copy, latest, ticket, records, { ...opts, confirm: () => undefined });
}

/** The deletion candidates a diff would find, without touching the state (to confirm them before deciding). */
export function goneFrom<T>(...args: Parameters<typeof previewWindow<T>>): string[] {
	return previewWindow(...args).gone;
}

/**
 * A state stored before BRP's and Pronestor's booking triggers used this module — `epoch` (the run), `scope`
 * (the settings), `known` (key → version) and `seen` (as here) — brought to this shape in place: the same run
 * continues, nothing is lost or emitted again. A state of this shape is left alone.
 */
export function upgradeEpochState(stored: IDataObject): void {
	if (typeof stored.epoch !== 'string' || !stored.known || typeof stored.known !== 'object') return;
	stored.settings = stored.scope;
	stored.scope = stored.epoch;
	stored.versions = stored.known;
	delete stored.epoch;
	delete stored.known;
}
