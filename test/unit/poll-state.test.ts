import type { IDataObject } from 'n8n-workflow';
import { contentVersion, forgetPollMemory, PollState, stableStringify, type PollIdentity } from '../../nodes/shared/pollState';
import { diffWindow, type WindowState } from '../../nodes/shared/windowDiff';

/**
 * A poll context of one trigger node: the node's static data object and the workflow's global static data are
 * what n8n hands to that poll (each poll of a test gets its own global unless one is shared, as n8n saves it).
 */
const trigger = (nodeId: string, workflowId = 'wf') => (staticData: IDataObject, global: IDataObject = {}): PollIdentity => ({
	getWorkflow: () => ({ id: workflowId }),
	getNode: () => ({ id: nodeId, name: 'Trigger' }),
	getWorkflowStaticData: (type: string) => (type === 'global' ? global : staticData),
});

const entry = (key: number, label: string, extra: IDataObject = {}) => ({
	key: String(key),
	version: contentVersion({ key, label, ...extra }),
	record: { key, label, ...extra },
});

/** One PlanningPME-style poll: ticket taken at `open`, state loaded and committed at `finish`. */
function open(ctx: PollIdentity) {
	const poll = new PollState<WindowState>(ctx);
	return {
		finish(entries: ReturnType<typeof entry>[], emitOnFirstRun = false) {
			const state = poll.load();
			const result = diffWindow(state, poll.latest(), poll.ticket, entries, { emitOnFirstRun });
			if (!result.stale) poll.commit(state, { baseline: result.baseline });
			return result.emit.map((f) => `${f.change}:${f.key}`);
		},
	};
}
const pollOnce = (ctx: PollIdentity, entries: ReturnType<typeof entry>[], emitOnFirstRun = false) => open(ctx).finish(entries, emitOnFirstRun);

describe('content version (one stable hash for every trigger)', () => {
	it('ignores key order and changes with any change of content', () => {
		expect(stableStringify({ b: [1, { d: null, c: 'x' }], a: 1 })).toBe('{"a":1,"b":[1,{"c":"x","d":null}]}');
		expect(contentVersion({ a: 1, b: { c: [1, 2], d: null } })).toBe(contentVersion({ b: { d: null, c: [1, 2] }, a: 1 }));
		expect(contentVersion({ a: 1, b: { c: [1, 2] } })).not.toBe(contentVersion({ a: 1, b: { c: [2, 1] } }));
		expect(contentVersion({ label: 'x' })).not.toBe(contentVersion({ label: 'x ' }));
		expect(contentVersion({ label: 'x' })).toMatch(/^[0-9a-f]{16}$/);
	});
});

describe('poll state (shared) with the window-diff rule (nodes/shared/windowDiff.ts)', () => {
	it('baselines on the first run, then emits new and changed entries once', () => {
		const state: IDataObject = {};
		const ctx = trigger('n1')(state);
		expect(pollOnce(ctx, [entry(1, 'a'), entry(2, 'b')])).toEqual([]);
		expect(pollOnce(ctx, [entry(1, 'a'), entry(2, 'b')])).toEqual([]);
		expect(pollOnce(ctx, [entry(1, 'a2'), entry(2, 'b'), entry(3, 'c')])).toEqual(['changed:1', 'new:3']);
		expect(pollOnce(ctx, [entry(1, 'a2'), entry(2, 'b'), entry(3, 'c')])).toEqual([]);
	});

	it('emits everything on the first run when asked to, and keeps only the keys of the current window', () => {
		const state: IDataObject = {};
		const ctx = trigger('n2')(state);
		expect(pollOnce(ctx, [entry(1, 'a'), entry(2, 'b')], true)).toHaveLength(2);
		pollOnce(ctx, [entry(2, 'b')], true);
		expect(Object.keys(state.versions as object)).toEqual(['2']);
	});

	it('puts back a baseline n8n dropped from the node state (from the global record, not process memory)', () => {
		const node = trigger('n3');
		const global: IDataObject = {};
		expect(pollOnce(node({}, global), [entry(1, 'a')])).toEqual([]);
		// n8n dropped the activation poll's node state but saved the workflow (global) at the end of activation;
		// the process restarted (its memory is gone) before the first scheduled poll.
		forgetPollMemory();
		const stored = JSON.parse(JSON.stringify(global)) as IDataObject;
		const scheduled: IDataObject = {};
		expect(pollOnce(node(scheduled, stored), [entry(1, 'a'), entry(2, 'b')])).toEqual(['new:2']);
		expect(Object.keys(scheduled.versions as object).sort()).toEqual(['1', '2']);
		// The record has served: the continuing poll removed it, so a later empty state is a new start.
		expect(stored).toEqual({});
		expect(pollOnce(node({}, stored), [entry(1, 'a'), entry(2, 'b'), entry(3, 'c')])).toEqual([]);
		// Another node of the same workflow never sees this node's record.
		const other: IDataObject = {};
		pollOnce(trigger('other')({}, other), [entry(9, 'z')]);
		expect(pollOnce(node({}, other), [entry(1, 'a')], true)).toEqual(['new:1']);
	});

	it('load brings a state of an older shape to the current one, in the node state and in the activation record', () => {
		const node = trigger('upgraded');
		const rename = (s: IDataObject) => {
			if (s.old === undefined) return;
			s.versions = s.old;
			delete s.old;
		};
		const belongs = (s: WindowState) => s.versions !== undefined;
		const state: IDataObject = { old: { '1': 'v1' } };
		expect(new PollState<WindowState>(node(state)).load(belongs, rename)).toEqual({ versions: { '1': 'v1' } });
		// A record of the old shape, the node's state dropped: put back in today's shape (the record left as stored).
		const global: IDataObject = { bookingsPollBaselines: { upgraded: { state: { old: { '2': 'v2' } }, at: 'then' } } };
		const empty: IDataObject = {};
		expect(new PollState<WindowState>(node(empty, global)).load(belongs, rename)).toEqual({ versions: { '2': 'v2' } });
		expect(global).toEqual({ bookingsPollBaselines: { upgraded: { state: { old: { '2': 'v2' } }, at: 'then' } } });
	});

	it('a week later, after 500 other triggers and a day of memory: the first scheduled poll emits exactly what arrived', () => {
		jest.useFakeTimers({ now: Date.parse('2026-01-05T09:00:00Z') });
		try {
			const node = trigger('weekly');
			const global: IDataObject = {};
			// Activation: the baseline; n8n drops the node state, keeps the workflow's global static data.
			expect(pollOnce(node({}, global), [entry(1, 'a'), entry(2, 'b')])).toEqual([]);
			for (let i = 0; i < 501; i += 1) pollOnce(trigger(`busy-${i}`)({}), [entry(i, 'x')]);
			jest.setSystemTime(Date.parse('2026-01-12T09:00:00Z'));
			const stored = JSON.parse(JSON.stringify(global)) as IDataObject;
			const scheduled: IDataObject = {};
			const arrived = [entry(3, 'c'), entry(4, 'd')];
			expect(pollOnce(node(scheduled, stored), [entry(1, 'a'), entry(2, 'b'), ...arrived])).toEqual(['new:3', 'new:4']);
			expect(pollOnce(node(scheduled, stored), [entry(1, 'a'), entry(2, 'b'), ...arrived])).toEqual([]);
		} finally {
			jest.useRealTimers();
		}
	});

	it('lets the later of two overlapping polls (each with its own copy of the state) skip what the other emitted', () => {
		const node = trigger('n4');
		const saved: IDataObject = {};
		pollOnce(node(saved), [entry(1, 'a')]);
		const copyA = JSON.parse(JSON.stringify(saved)) as IDataObject;
		const copyB = JSON.parse(JSON.stringify(saved)) as IDataObject;
		const a = open(node(copyA));
		const b = open(node(copyB));
		// B took its ticket later, so its answer is newer; it finishes first.
		expect(b.finish([entry(1, 'a'), entry(2, 'new')])).toEqual(['new:2']);
		// A's older answer is no news, and A's static data takes B's view.
		expect(a.finish([entry(1, 'a')])).toEqual([]);
		expect(copyA.versions).toEqual(copyB.versions);
		expect(pollOnce(node(copyA), [entry(1, 'a'), entry(2, 'newer')])).toEqual(['changed:2']);
	});

	it('keeps separate histories for separate states (a reset starts another run)', () => {
		const one: IDataObject = {};
		const two: IDataObject = {};
		pollOnce(trigger('n5')(one), []);
		pollOnce(trigger('n6')(two), []);
		expect(one.scope).not.toBe(two.scope);
		expect(pollOnce(trigger('n5')(one), [entry(5, 'x')])).toEqual(['new:5']);
		expect(pollOnce(trigger('n6')(two), [entry(5, 'x')])).toEqual(['new:5']);
	});
});
