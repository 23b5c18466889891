import { advanceCursor, mergeCursor, startCursor, takeChanges } from '../../nodes/shared/cursorPoll';

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
