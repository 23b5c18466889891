import type { IDataObject } from 'n8n-workflow';
import type { Committed } from './pollState';

/**
 * The "new, changed and removed in a rolling window" rule of a polling trigger (Bookings ONE's appointments):
 * each poll reads the whole window; a record is new when the last view lacks it, changed when its content version
 * differs, removed when the last view had it, it still lies in the window read now, and the (complete) answer
 * lacks it. A record that only slid out of the window is forgotten, not removed.
 *
 * Overlapping polls (see nodes/shared/pollState.ts): a poll whose answer is newer (higher ticket) than the view
 * an overlapping poll committed compares against that view; an older one emits nothing and takes the newer view.
 */
export interface WindowState extends IDataObject {
	scope?: string;
	/** Per key: [content version, start ms, end ms] as last seen; null before the first (baseline) poll. */
	known?: Record<string, [string, number, number]> | null;
}

export interface WindowRecord<T> {
	key: string;
	version: string;
	startMs: number;
	endMs: number;
	record: T;
}

export type WindowChange = 'new' | 'changed' | 'removed';

export interface WindowEvent<T> {
	change: WindowChange;
	key: string;
	/** The record now (new, changed), or undefined for a removed one. */
	record?: T;
	/** For a removed record: its start and end as last seen. */
	startMs: number;
	endMs: number;
}

export function diffWindow<T>(
	state: WindowState,
	latest: Committed<WindowState> | undefined,
	ticket: number,
	records: Array<WindowRecord<T>>,
	opts: { scope: string; fromMs: number; toMs: number; changes: WindowChange[] },
): { events: Array<WindowEvent<T>>; baseline: boolean; stale: boolean } {
	const committed = latest && latest.state.scope === opts.scope ? latest : undefined;
	if (committed && committed.ticket > ticket) {
		state.scope = opts.scope;
		state.known = { ...(committed.state.known ?? {}) };
		return { events: [], baseline: false, stale: true };
	}
	const saved = committed
		? committed.state.known
		: state.scope === opts.scope
			? state.known
			: undefined;
	const baseline = saved === undefined || saved === null;
	const known = saved ?? {};
	const wanted = new Set(opts.changes);
	const current: Record<string, [string, number, number]> = {};
	const events: Array<WindowEvent<T>> = [];
	for (const r of records) {
		if (current[r.key] !== undefined) continue;
		current[r.key] = [r.version, r.startMs, r.endMs];
		if (baseline) continue;
		const before = known[r.key];
		const change: WindowChange | undefined =
			before === undefined ? 'new' : before[0] !== r.version ? 'changed' : undefined;
		if (change && wanted.has(change))
			events.push({ change, key: r.key, record: r.record, startMs: r.startMs, endMs: r.endMs });
	}
	if (!baseline && wanted.has('removed'))
		for (const [key, [, startMs, endMs]] of Object.entries(known)) {
			if (current[key] !== undefined) continue;
			// Slid out of the window (ended before its start): forgotten, not removed.
			if (!(endMs > opts.fromMs && startMs < opts.toMs)) continue;
			events.push({ change: 'removed', key, startMs, endMs });
		}
	state.scope = opts.scope;
	state.known = current;
	return { events, baseline, stale: false };
}
