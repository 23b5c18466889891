import { diffWindow, type WindowRecord, type WindowState } from '../../nodes/shared/windowDiff';
import { advanceCursor, mergeCursor, startCursor, takeChanges } from '../../nodes/shared/cursorPoll';

const rec = (key: string, version: string, startMs: number, endMs: number): WindowRecord<{ key: string }> => ({
	key,
	version,
	startMs,
	endMs,
	record: { key },
});
const all = { scope: 's', changes: ['new', 'changed', 'removed'] as Array<'new' | 'changed' | 'removed'> };

describe('the rolling-window rule (nodes/shared/windowDiff.ts)', () => {
	it('a baseline emits nothing; then new, changed and removed once each', () => {
		const state: WindowState = {};
		const base = diffWindow(state, undefined, 1, [rec('a', 'v1', 10, 20), rec('b', 'v1', 10, 20)], { ...all, fromMs: 0, toMs: 100 });
		expect(base).toMatchObject({ events: [], baseline: true });
		const next = diffWindow(state, undefined, 2, [rec('a', 'v2', 10, 20), rec('c', 'v1', 30, 40)], { ...all, fromMs: 0, toMs: 100 });
		expect(next.events.map((e) => `${e.change}:${e.key}`).sort()).toEqual(['changed:a', 'new:c', 'removed:b']);
		expect(diffWindow(state, undefined, 3, [rec('a', 'v2', 10, 20), rec('c', 'v1', 30, 40)], { ...all, fromMs: 0, toMs: 100 }).events).toEqual([]);
	});

	it('a record that slid out of the window (ended before its start) is forgotten, not removed', () => {
		const state: WindowState = {};
		diffWindow(state, undefined, 1, [rec('a', 'v1', 10, 20), rec('b', 'v1', 50, 60)], { ...all, fromMs: 0, toMs: 100 });
		const later = diffWindow(state, undefined, 2, [rec('b', 'v1', 50, 60)], { ...all, fromMs: 25, toMs: 125 });
		expect(later.events).toEqual([]);
		expect(Object.keys(state.known ?? {})).toEqual(['b']);
	});

	it('an older answer than the one an overlapping poll committed emits nothing and takes the newer view', () => {
		const state: WindowState = {};
		diffWindow(state, undefined, 1, [rec('a', 'v1', 10, 20)], { ...all, fromMs: 0, toMs: 100 });
		const newer: WindowState = { scope: 's', known: { a: ['v2', 10, 20], n: ['v1', 30, 40] } };
		const old = diffWindow(state, { state: newer, ticket: 5, baseline: false }, 4, [rec('a', 'v1', 10, 20)], { ...all, fromMs: 0, toMs: 100 });
		expect(old).toMatchObject({ events: [], stale: true });
		expect(state.known).toEqual(newer.known);
	});
});

describe('the changed-since-a-time rule (nodes/shared/cursorPoll.ts)', () => {
	it('takes each version once, nothing before the start, and keeps only keys within the look-back', () => {
		const state = startCursor(new Date(1_000_000).toISOString());
		const out: string[] = [];
		const change = (id: string, ms: number) => ({ id, ms, record: `${id}@${ms}` });
		const opts = { startMs: 1_000_000, lookBackMs: 1_000 };
		expect(takeChanges(state, [change('old', 999_999), change('a', 1_000_500)], out, opts)).toBe(1);
		expect(takeChanges(state, [change('a', 1_000_500), change('a', 1_002_000)], out, opts)).toBe(1);
		expect(out).toEqual(['a@1000500', 'a@1002000']);
		expect(state.recent).toEqual(['1002000:a']);
	});

	it('an overlapping poll that merges the other one\'s view emits none of what it took', () => {
		const start = new Date(1_000_000).toISOString();
		const first = startCursor(start);
		const second = startCursor(start);
		const opts = { startMs: 1_000_000, lookBackMs: 1_000 };
		const changes = [{ id: 'a', ms: 1_000_100, record: 'a' }];
		takeChanges(first, changes, [], opts);
		mergeCursor(second, first);
		const out: string[] = [];
		expect(takeChanges(second, changes, out, opts)).toBe(0);
		advanceCursor(second, 1_000_100, 1_000);
		expect(second.cursor).toBe(first.cursor);
	});
});
