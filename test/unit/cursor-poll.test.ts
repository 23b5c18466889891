import {
	advanceCursor,
	mergeCursor,
	startCursor,
	take,
	takeChanges,
} from '../../nodes/shared/cursorPoll';

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

	it("an overlapping poll that merges the other one's view emits none of what it took", () => {
		const start = new Date(1_000_000).toISOString();
		const first = startCursor(start);
		const second = startCursor(start);
		const opts = { startMs: 1_000_000, lookBackMs: 1_000 };
		const changes = [{ id: 'a', ms: 1_000_100, record: 'a' }];
		takeChanges(first, changes, [], opts);
		mergeCursor(second, first);
		const out: string[] = [];
		expect(takeChanges(second, changes, out, opts)).toBe(0);
		advanceCursor(second, 1_000_100, { lookBackMs: 1_000 });
		expect(second.cursor).toBe(first.cursor);
	});

	it('whole-second keys, exclusive start and look-back, and a per-poll maximum (the lock-time rule)', () => {
		const from = '2026-01-01T10:00:00Z';
		const startMs = Date.parse(from);
		const state = { from, cursor: from, recent: [] as string[] };
		const rule = { startMs, lookBackMs: 60_000, exclusive: true, unitMs: 1000, max: 2 };
		const at = (id: string, s: number) => ({ id, ms: startMs + s * 1000, record: id });
		const out: string[] = [];
		// At the start itself: already read (exclusive). Three after it, two taken now (max), in the order given.
		expect(take(state, [at('start', 0), at('b', 5), at('a', 5), at('c', 9)], out, rule)).toBe(
			false,
		);
		expect(out).toEqual(['b', 'a']);
		expect(state.cursor).toBe('2026-01-01T10:00:05Z');
		expect(state.recent).toEqual(['1767261605:b', '1767261605:a']);
		// The next poll re-reads the look-back: only what is left, up to the maximum counted over `out`.
		const next: string[] = [];
		expect(take(state, [at('b', 5), at('a', 5), at('c', 9)], next, rule)).toBe(true);
		expect(next).toEqual(['c']);
		// A booking exactly at the far end of the look-back is left out (exclusive).
		advanceCursor(state, startMs + 120_000, rule);
		const late: string[] = [];
		take(state, [at('edge', 60), at('inside', 61)], late, rule);
		expect(late).toEqual(['inside']);
	});

	it('does not take over the state of an overlapping poll of another run', () => {
		const mine = {
			from: '2026-01-01T10:00:00Z',
			cursor: '2026-01-01T10:00:00Z',
			recent: [] as string[],
		};
		const other = { from: '2025-12-01T00:00:00Z', cursor: '2026-01-02T00:00:00Z', recent: ['1:x'] };
		mergeCursor(mine, other);
		expect(mine).toEqual({
			from: '2026-01-01T10:00:00Z',
			cursor: '2026-01-01T10:00:00Z',
			recent: [],
		});
	});
});
