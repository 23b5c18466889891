import type { IDataObject } from 'n8n-workflow';
import { changeTracker, versionOf } from '../../nodes/PlanningPme/tracker';

const entry = (key: number, label: string, extra: IDataObject = {}) => ({ key: String(key), version: versionOf({ key, label, ...extra }), record: { key, label, ...extra } });

describe('PlanningPME change tracker', () => {
	it('fingerprints content independently of key order, and differently for any change', () => {
		expect(versionOf({ a: 1, b: { c: [1, 2], d: null } })).toBe(versionOf({ b: { d: null, c: [1, 2] }, a: 1 }));
		expect(versionOf({ a: 1, b: { c: [1, 2] } })).not.toBe(versionOf({ a: 1, b: { c: [2, 1] } }));
		expect(versionOf({ label: 'x' })).not.toBe(versionOf({ label: 'x ' }));
		expect(versionOf({ label: 'x' })).toMatch(/^[0-9a-f]{16}$/);
	});

	it('baselines on the first run, then emits new and changed entries once', () => {
		const state: IDataObject = {};
		expect(changeTracker(state).take([entry(1, 'a'), entry(2, 'b')], { emitOnFirstRun: false })).toEqual([]);
		expect(changeTracker(state).take([entry(1, 'a'), entry(2, 'b')], { emitOnFirstRun: false })).toEqual([]);
		const fresh = changeTracker(state).take([entry(1, 'a2'), entry(2, 'b'), entry(3, 'c')], { emitOnFirstRun: false });
		expect(fresh.map((f) => [f.key, f.change])).toEqual([
			['1', 'changed'],
			['3', 'new'],
		]);
		expect(changeTracker(state).take([entry(1, 'a2'), entry(2, 'b'), entry(3, 'c')], { emitOnFirstRun: false })).toEqual([]);
	});

	it('emits everything on the first run when asked to, and keeps only the keys of the current window', () => {
		const state: IDataObject = {};
		expect(changeTracker(state).take([entry(1, 'a'), entry(2, 'b')], { emitOnFirstRun: true })).toHaveLength(2);
		changeTracker(state).take([entry(2, 'b')], { emitOnFirstRun: true });
		expect(Object.keys(state.versions as object)).toEqual(['2']);
	});

	it('lets the later of two overlapping runs (each with its own copy of the state) skip what the first emitted', () => {
		const saved: IDataObject = {};
		changeTracker(saved).take([entry(1, 'a')], { emitOnFirstRun: false });
		const copyA = JSON.parse(JSON.stringify(saved)) as IDataObject;
		const copyB = JSON.parse(JSON.stringify(saved)) as IDataObject;
		const a = changeTracker(copyA).take([entry(1, 'a'), entry(2, 'new')], { emitOnFirstRun: false });
		const b = changeTracker(copyB).take([entry(1, 'a'), entry(2, 'new')], { emitOnFirstRun: false });
		expect(a.map((f) => f.key)).toEqual(['2']);
		expect(b).toEqual([]);
		// A later change is still emitted once.
		expect(changeTracker(copyB).take([entry(1, 'a'), entry(2, 'newer')], { emitOnFirstRun: false }).map((f) => f.change)).toEqual(['changed']);
	});

	it('keeps separate histories for separate states (another trigger, or a reset)', () => {
		const one: IDataObject = {};
		const two: IDataObject = {};
		changeTracker(one).take([], { emitOnFirstRun: false });
		changeTracker(two).take([], { emitOnFirstRun: false });
		expect(one.scope).not.toBe(two.scope);
		expect(changeTracker(one).take([entry(5, 'x')], { emitOnFirstRun: false })).toHaveLength(1);
		expect(changeTracker(two).take([entry(5, 'x')], { emitOnFirstRun: false })).toHaveLength(1);
	});
});
