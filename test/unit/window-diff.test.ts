import type { IDataObject } from 'n8n-workflow';
import { contentVersion, PollState, type PollIdentity } from '../../nodes/shared/pollState';
import { diffWindow, goneFrom, madeFor, previewWindow, upgradeEpochState, type WindowDiffOptions, type WindowState } from '../../nodes/shared/windowDiff';

/** The shared window-diff rule (nodes/shared/windowDiff.ts) with the shared poll state, as a trigger uses them. */
let nodeCount = 0;
const trigger = (): ((state: IDataObject, global?: IDataObject) => PollIdentity) => {
	const id = `wd-${++nodeCount}`;
	return (state, global = {}) => ({
		getWorkflow: () => ({ id: 'wf' }),
		getNode: () => ({ id, name: 'Trigger' }),
		getWorkflowStaticData: (type: string) => (type === 'global' ? global : state),
	});
};

const DAY = 86_400_000;
const rec = (key: string, label: string, until = 10 * DAY) => ({
	key,
	version: contentVersion({ key, label }),
	record: { key, label },
	until,
});

function open(ctx: PollIdentity, opts: WindowDiffOptions) {
	const poll = new PollState<WindowState>(ctx);
	return (records: Array<ReturnType<typeof rec>>, more: Partial<WindowDiffOptions> = {}) => {
		const state = poll.load(madeFor(opts.settings));
		const diff = diffWindow(state, poll.latest(), poll.ticket, records, { ...opts, ...more });
		if (!diff.stale) poll.commit(state, { baseline: diff.baseline });
		return diff.emit.map((e) => `${e.change}:${e.key}`);
	};
}
type Records = Array<ReturnType<typeof rec>>;
const once = (ctx: PollIdentity, opts: WindowDiffOptions, records: Records, more: Partial<WindowDiffOptions> = {}) =>
	open(ctx, opts)(records, more);

describe('window diff (nodes/shared/windowDiff.ts)', () => {
	const opts: WindowDiffOptions = { emitOnFirstRun: false, settings: 's1', windowStart: 0 };

	it('emits new, changed and deleted once each; the state keeps only the window', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		expect(once(ctx, opts, [rec('a', '1'), rec('b', '1'), rec('c', '1')])).toEqual([]);
		expect(once(ctx, opts, [rec('a', '2'), rec('b', '1'), rec('d', '1')])).toEqual(['changed:a', 'new:d', 'deleted:c']);
		expect(once(ctx, opts, [rec('a', '2'), rec('b', '1'), rec('d', '1')])).toEqual([]);
		expect(Object.keys(state.versions as object).sort()).toEqual(['a', 'b', 'd']);
	});

	it('a key whose end fell behind the window start slid out: no deletion', () => {
		const ctx = trigger()({});
		once(ctx, opts, [rec('old', '1', 5 * DAY), rec('b', '1')]);
		expect(once(ctx, { ...opts, windowStart: 6 * DAY }, [rec('b', '1')])).toEqual([]);
	});

	it('deletions only as confirmed: false drops the key, undefined keeps it for the next poll', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		once(ctx, opts, [rec('a', '1'), rec('b', '1'), rec('c', '1')]);
		const answers: Record<string, boolean | undefined> = { a: false, b: undefined, c: true };
		expect(once(ctx, opts, [], { confirm: (k) => answers[k] })).toEqual(['deleted:c']);
		expect(Object.keys(state.versions as object)).toEqual(['b']);
		expect(once(ctx, opts, [], { confirm: () => true })).toEqual(['deleted:b']);
		expect(state.versions).toEqual({});
	});

	it('a listing that stopped early (complete: false) keeps what it did not reach and deletes nothing', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		once(ctx, opts, [rec('a', '1'), rec('b', '1')]);
		expect(once(ctx, opts, [rec('a', '2')], { complete: false })).toEqual(['changed:a']);
		expect(Object.keys(state.versions as object).sort()).toEqual(['a', 'b']);
		expect(once(ctx, opts, [rec('a', '2')])).toEqual(['deleted:b']);
	});

	it('lists the candidates without touching the state (goneFrom), for confirming them before deciding', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		once(ctx, opts, [rec('a', '1'), rec('b', '1')]);
		const before = JSON.stringify(state);
		const poll = new PollState<WindowState>(ctx);
		expect(goneFrom(poll.load(), poll.latest(), poll.ticket, [rec('a', '1')], opts)).toEqual(['b']);
		expect(JSON.stringify(state)).toBe(before);
	});

	it('overlapping polls: the older answer finishing last emits nothing and keeps the newer view', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		once(ctx, opts, [rec('a', '1'), rec('b', '1')]);
		const older = open(ctx, opts); // ticket taken first: its answer still has b
		const newer = open(ctx, opts);
		expect(newer([rec('a', '2')])).toEqual(['changed:a', 'deleted:b']);
		expect(older([rec('a', '1'), rec('b', '1')])).toEqual([]);
		expect(Object.keys(state.versions as object)).toEqual(['a']);
		expect(once(ctx, opts, [rec('a', '2')])).toEqual([]);
	});

	it('other settings start afresh: a baseline that emits nothing, even with emitOnFirstRun', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		expect(once(ctx, { ...opts, emitOnFirstRun: true }, [rec('a', '1')])).toEqual(['new:a']);
		expect(once(ctx, { ...opts, emitOnFirstRun: true, settings: 's2' }, [rec('b', '1')])).toEqual([]);
		expect(state.settings).toBe('s2');
		expect(once(ctx, { ...opts, settings: 's2' }, [rec('b', '2')])).toEqual(['changed:b']);
	});

	it('groups: a group added starts from a baseline, a group dropped is forgotten without deletions', () => {
		const ctx = trigger()({});
		const g = (groups: string[]): WindowDiffOptions => ({ ...opts, groups, groupOf: (k) => k.split(':')[0] });
		once(ctx, g(['t']), [rec('t:1', 'x')]);
		expect(once(ctx, g(['t', 'u']), [rec('t:1', 'x'), rec('u:1', 'y')])).toEqual([]);
		expect(once(ctx, g(['t', 'u']), [rec('t:1', 'x'), rec('u:1', 'z')])).toEqual(['changed:u:1']);
		expect(once(ctx, g(['t']), [rec('t:1', 'x')])).toEqual([]);
	});

	it('asks only for the events wanted', () => {
		const ctx = trigger()({});
		const only = { ...opts, wants: (e: string) => e === 'deleted' };
		once(ctx, only, [rec('a', '1'), rec('b', '1')]);
		expect(once(ctx, only, [rec('a', '2'), rec('c', '1')])).toEqual(['deleted:b']);
	});

	describe('oncePerVersion: each key new once, each version emitted once', () => {
		const once1 = { ...opts, oncePerVersion: true };

		it('a key that leaves the window and comes back is not new again; back in another version it is changed', () => {
			const state: IDataObject = {};
			const ctx = trigger()(state);
			once(ctx, once1, [rec('a', '1'), rec('b', '1')]);
			expect(once(ctx, once1, [rec('b', '1')], { wants: (e) => e !== 'deleted' })).toEqual([]);
			expect(Object.keys(state.versions as object)).toEqual(['b']);
			expect(once(ctx, once1, [rec('a', '1'), rec('b', '1')])).toEqual([]);
			expect(once(ctx, once1, [rec('b', '1')], { wants: (e) => e !== 'deleted' })).toEqual([]);
			expect(once(ctx, once1, [rec('a', '2'), rec('b', '1')])).toEqual(['changed:a']);
		});

		it('a version seen before is not emitted again (a record changed back)', () => {
			const ctx = trigger()({});
			once(ctx, once1, [rec('a', '1')]);
			expect(once(ctx, once1, [rec('a', '2')])).toEqual(['changed:a']);
			expect(once(ctx, once1, [rec('a', '1')])).toEqual([]);
			expect(once(ctx, once1, [rec('a', '3')])).toEqual(['changed:a']);
		});

		it('without it, a key that comes back is new again (the other triggers keep their rule)', () => {
			const ctx = trigger()({});
			once(ctx, opts, [rec('a', '1'), rec('b', '1')]);
			once(ctx, opts, [rec('b', '1')], { wants: (e) => e !== 'deleted' });
			expect(once(ctx, opts, [rec('a', '1'), rec('b', '1')])).toEqual(['new:a']);
		});

		it('overlapping polls: the older answer finishing last takes over what the newer one saw', () => {
			const state: IDataObject = {};
			const ctx = trigger()(state);
			once(ctx, once1, [rec('a', '1')]);
			const older = open(ctx, once1);
			const newer = open(ctx, once1);
			expect(newer([rec('a', '2'), rec('b', '1')])).toEqual(['changed:a', 'new:b']);
			expect(older([rec('a', '1')])).toEqual([]);
			expect(state.seen).toEqual(expect.arrayContaining(['new:b', `a@${rec('a', '2').version}`]));
			expect(once(ctx, once1, [rec('a', '2'), rec('b', '1')])).toEqual([]);
		});
	});

	it('ready: a record not ready is held back as it was, and emitted by the next poll', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		once(ctx, opts, [rec('a', '1')]);
		expect(once(ctx, opts, [rec('a', '2'), rec('b', '1')], { ready: () => false })).toEqual([]);
		expect(state.versions).toEqual({ a: rec('a', '1').version });
		expect(once(ctx, opts, [rec('a', '2'), rec('b', '1')], { ready: (k) => k === 'b' })).toEqual(['new:b']);
		expect(once(ctx, opts, [rec('a', '2'), rec('b', '1')])).toEqual(['changed:a']);
	});

	it('previewWindow says what a diff would emit without touching the state', () => {
		const state: IDataObject = {};
		const ctx = trigger()(state);
		once(ctx, opts, [rec('a', '1'), rec('b', '1')]);
		const before = JSON.stringify(state);
		const poll = new PollState<WindowState>(ctx);
		const preview = previewWindow(poll.load(), poll.latest(), poll.ticket, [rec('a', '2'), rec('c', '1')], opts);
		expect(preview.emit.map((e) => `${e.change}:${e.key}`)).toEqual(['changed:a', 'new:c']);
		expect(preview.gone).toEqual(['b']);
		expect(JSON.stringify(state)).toBe(before);
	});

	it('upgrades the state BRP and Pronestor stored before (epoch, scope, known, seen); leaves this shape alone', () => {
		const old: IDataObject = { epoch: 'run-1', scope: '{"type":1}', known: { '7': 'v7' }, seen: ['new:7', '7@v7'] };
		upgradeEpochState(old);
		expect(old).toEqual({ scope: 'run-1', settings: '{"type":1}', versions: { '7': 'v7' }, seen: ['new:7', '7@v7'] });
		const copy = JSON.stringify(old);
		upgradeEpochState(old);
		expect(JSON.stringify(old)).toBe(copy);
		// Continued as the same run: the versions count, nothing is a baseline again.
		const ctx = trigger()(old);
		const o = { ...opts, settings: '{"type":1}', oncePerVersion: true };
		expect(once(ctx, o, [{ key: '7', version: 'v7', record: { key: '7', label: '' }, until: 10 * DAY }, rec('8', '1')])).toEqual(['new:8']);
		expect(old.scope).toBe('run-1');
	});
});
