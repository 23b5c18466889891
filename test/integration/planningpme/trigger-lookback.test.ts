import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { PlanningPmeSandbox, PpmeRecord } from '../../sandbox/planningpme';
import { PLANNING_PME } from '../../vendors';
import { Harness, nodeIdOfThisTest } from '../../harness';
import { CRED } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

/**
 * The PlanningPME Trigger's look-back (past entries, the work that gets billed) and deletion events: a past entry
 * edited is emitted once per version, a deleted one once, nothing twice across overlapping polls and restarts,
 * no deletion from a failed listing, and another look-back starts afresh.
 */
describe('PlanningPME Trigger: look-back and deletions', () => {
	let sandbox: PlanningPmeSandbox;
	let harness: Harness;

	beforeAll(async () => {
		sandbox = await PLANNING_PME.startEmulator();
		harness = await Harness.load();
		harness.setCredential(CRED, PLANNING_PME.credential(sandbox, { brand: 'acme' }));
	});
	afterAll(async () => {
		await sandbox.stop();
	});

	let past: PpmeRecord;
	let lastMonth: PpmeRecord;
	let tomorrow: PpmeRecord;
	let longAgo: PpmeRecord;
	beforeEach(() => {
		sandbox.resetLog();
		sandbox.clearFaults();
		sandbox.data.do = [];
		sandbox.data.unavailability = [];
		past = sandbox.insertPlannedTask({ label: 'Three days ago', start: sandbox.todayWall(-3, 9), end: sandbox.todayWall(-3, 12) });
		lastMonth = sandbox.insertPlannedTask({ label: 'Forty days ago', start: sandbox.todayWall(-40, 9), end: sandbox.todayWall(-40, 17) });
		tomorrow = sandbox.insertPlannedTask({ label: 'Tomorrow', start: sandbox.todayWall(1, 9), end: sandbox.todayWall(1, 10) });
		longAgo = sandbox.insertPlannedTask({ label: 'Sixty days ago', start: sandbox.todayWall(-60, 9), end: sandbox.todayWall(-60, 10) });
	});

	const WITH_DELETIONS = { events: ['plannedTask', 'plannedTaskDeleted'] };
	const poll = (staticData: IDataObject, parameters: Record<string, unknown> = {}, global?: IDataObject, nodeId = nodeIdOfThisTest()) =>
		harness.poll({ type: PLANNING_PME.triggerType, nodeId, parameters: { windowDays: 14, ...WITH_DELETIONS, ...parameters } as never, credentials: [CRED], staticData, globalStaticData: global });
	const summary = (items: INodeExecutionData[][] | null) => (items ? items[0].map((i) => `${String(i.json.changeType)}:${String(i.json.key)}`) : []);

	it('watches 45 days back by default and emits an edited past entry once per version', async () => {
		const state: IDataObject = {};
		expect((await poll(state)).items).toBeNull();
		const [call] = sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(call.body).toMatchObject({ dateFrom: sandbox.todayUtc(-45), dateTo: sandbox.todayUtc(14) });
		expect(Object.keys(state.versions as object).sort()).toEqual([past.key, lastMonth.key, tomorrow.key].map(String).sort());

		sandbox.updatePlannedTask(past.key as number, { end: sandbox.todayWall(-3, 13) });
		const edited = await poll(state);
		expect(summary(edited.items)).toEqual([`changed:${past.key}`]);
		expect(edited.items![0][0].json).toMatchObject({ label: 'Three days ago', notificationType: 'TaskUpdate' });
		expect((await poll(state)).items).toBeNull();
		sandbox.updatePlannedTask(lastMonth.key as number, { remark: 'Billed 7.5 h' });
		expect(summary((await poll(state)).items)).toEqual([`changed:${lastMonth.key}`]);
		expect((await poll(state)).items).toBeNull();
		// Beyond the look-back: not watched.
		sandbox.updatePlannedTask(longAgo.key as number, { remark: 'old' });
		expect((await poll(state)).items).toBeNull();
	});

	it('emits a deleted entry once (its key, kind and changeType "deleted"), and an entry moved out of the window not at all', async () => {
		const state: IDataObject = {};
		await poll(state);
		sandbox.removePlannedTask(past.key as number);
		sandbox.updatePlannedTask(lastMonth.key as number, { start: sandbox.todayWall(30, 9), end: sandbox.todayWall(30, 17) });
		const result = await poll(state);
		expect(result.items![0].map((i) => i.json)).toEqual([{ key: String(past.key), kind: 'plannedTask', changeType: 'deleted', notificationType: null }]);
		// Each candidate was asked about once: 404 for the deleted one, the entry for the moved one.
		expect(sandbox.requests(/\/api\/do\/\d+$/, 'GET').map((r) => r.path.split('/').pop()).sort()).toEqual([past.key, lastMonth.key].map(String).sort());
		expect((await poll(state)).items).toBeNull();
		expect(Object.keys(state.versions as object)).toEqual([String(tomorrow.key)]);
	});

	it('emits no deletion without the Deleted event (as before), and deletions only where asked', async () => {
		const state: IDataObject = {};
		await poll(state, { events: ['plannedTask'] });
		sandbox.removePlannedTask(past.key as number);
		expect((await poll(state, { events: ['plannedTask'] })).items).toBeNull();
		expect(sandbox.requests(/\/api\/do\/\d+$/, 'GET')).toHaveLength(0);

		const only: IDataObject = {};
		await poll(only, { events: ['plannedTaskDeleted'] });
		sandbox.updatePlannedTask(tomorrow.key as number, { remark: 'changed' });
		sandbox.removePlannedTask(lastMonth.key as number);
		expect(summary((await poll(only, { events: ['plannedTaskDeleted'] })).items)).toEqual([`deleted:${lastMonth.key}`]);
	});

	it('a failed or cut-off listing emits no deletion and leaves the state; the next full listing emits it once', async () => {
		const state: IDataObject = {};
		await poll(state);
		const saved = JSON.stringify(state);
		sandbox.removePlannedTask(past.key as number);
		sandbox.fault({ status: 500, body: { Message: 'boom' }, match: (r) => r.path.endsWith('/api/do/list') });
		expect((await poll(state)).error?.message).toContain('500');
		sandbox.clearFaults();
		sandbox.fault({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"items": [{"key": 1', match: (r) => r.path.endsWith('/api/do/list') });
		const cut = await poll(state);
		expect(cut.error).toBeDefined();
		expect(cut.items ?? null).toBeNull();
		sandbox.clearFaults();
		expect(JSON.stringify(state)).toBe(saved);
		expect(sandbox.requests(/\/api\/do\/\d+$/, 'GET')).toHaveLength(0);
		expect(summary((await poll(state)).items)).toEqual([`deleted:${past.key}`]);
		expect((await poll(state)).items).toBeNull();
	});

	it('a failed deletion check fails the poll, state untouched; the next poll emits the deletion once', async () => {
		const state: IDataObject = {};
		await poll(state);
		const saved = JSON.stringify(state);
		sandbox.removePlannedTask(past.key as number);
		sandbox.fault({ status: 500, body: { Message: 'boom' }, match: (r) => r.method === 'GET' && /\/api\/do\/\d+$/.test(r.path) });
		const failed = await poll(state);
		expect(failed.error?.message).toContain('500');
		expect(JSON.stringify(state)).toBe(saved);
		sandbox.clearFaults();
		expect(summary((await poll(state)).items)).toEqual([`deleted:${past.key}`]);
		expect((await poll(state)).items).toBeNull();
	});

	it('never emits an edit or a deletion twice when polls overlap', async () => {
		const state: IDataObject = {};
		await poll(state);
		sandbox.updatePlannedTask(lastMonth.key as number, { remark: 'overlap' });
		sandbox.removePlannedTask(past.key as number);
		const [a, b] = await Promise.all([poll(state), poll(state)]);
		expect([...summary(a.items), ...summary(b.items)].sort()).toEqual([`changed:${lastMonth.key}`, `deleted:${past.key}`].sort());
		expect((await poll(state)).items).toBeNull();
	});

	it('n8n drops the activation state and restarts: the first scheduled poll emits the edits and deletions of the gap once', async () => {
		const global: IDataObject = {};
		const node = 'lookback-gap-node';
		expect((await poll({}, {}, global, node)).items).toBeNull();
		sandbox.updatePlannedTask(past.key as number, { remark: 'while down' });
		sandbox.removePlannedTask(lastMonth.key as number);
		forgetPollMemory();
		const saved = stored(global);
		const first = await poll({}, {}, saved, node);
		expect(summary(first.items).sort()).toEqual([`changed:${past.key}`, `deleted:${lastMonth.key}`].sort());
		const after = stored(first.staticData);
		forgetPollMemory();
		expect((await poll(after, {}, stored(saved), node)).items).toBeNull();
	});

	it('another look-back starts afresh: no flood, not even with Emit Existing Entries, then changes as usual', async () => {
		const state: IDataObject = {};
		await poll(state, { lookBackDays: 45 });
		sandbox.updatePlannedTask(past.key as number, { remark: 'edited before the change' });
		sandbox.removePlannedTask(lastMonth.key as number);
		const changed = await poll(state, { lookBackDays: 90, options: { emitExisting: true } });
		expect(changed.error).toBeUndefined();
		expect(changed.items).toBeNull();
		expect(sandbox.requests(/\/api\/do\/list$/, 'POST').pop()!.body).toMatchObject({ dateFrom: sandbox.todayUtc(-90) });
		expect(Object.keys(state.versions as object).sort()).toEqual([past.key, tomorrow.key, longAgo.key].map(String).sort());
		sandbox.updatePlannedTask(longAgo.key as number, { remark: 'now watched' });
		expect(summary((await poll(state, { lookBackDays: 90, options: { emitExisting: true } })).items)).toEqual([`changed:${longAgo.key}`]);
	});

	it('a mass deletion is checked at most 50 entries a poll; the rest follow on the next polls, each once', async () => {
		const many = Array.from({ length: 55 }, (_, n) => sandbox.insertPlannedTask({ label: `Batch ${n}`, start: sandbox.todayWall(-2, 8), end: sandbox.todayWall(-2, 9) }));
		const state: IDataObject = {};
		await poll(state);
		for (const task of many) sandbox.removePlannedTask(task.key as number);
		sandbox.resetLog();
		const first = summary((await poll(state)).items);
		expect(first).toHaveLength(50);
		expect(sandbox.requests(/\/api\/do\/\d+$/, 'GET')).toHaveLength(50);
		const second = summary((await poll(state)).items);
		expect([...first, ...second].sort()).toEqual(many.map((t) => `deleted:${t.key}`).sort());
		expect((await poll(state)).items).toBeNull();
	});

	it('refuses a look-back outside 0–366 days', async () => {
		expect((await poll({}, { lookBackDays: -1 })).error?.message).toContain('Look-Back (Days) must be a whole number from 0 to 366');
		expect((await poll({}, { lookBackDays: 1.5 })).error?.message).toContain('Look-Back');
	});

	it('emits a deleted unavailability once (GET api/unavailability/{key} answers 404), keyed apart from planned tasks', async () => {
		const r = sandbox.data.resource[0];
		const absence = sandbox.insert('unavailability', { label: 'Sick last week', start: sandbox.todayUtc(-7), end: sandbox.todayUtc(-5), resource: { key: r.key, label: r.label }, remark: '' });
		const params = { events: ['unavailability', 'unavailabilityDeleted'] };
		const state: IDataObject = {};
		await poll(state, params);
		sandbox.data.unavailability = sandbox.data.unavailability.filter((u) => u.key !== absence.key);
		const result = await poll(state, params);
		expect(result.items![0].map((i) => i.json)).toEqual([{ key: String(absence.key), kind: 'unavailability', changeType: 'deleted', notificationType: null }]);
		expect(sandbox.requests(/\/api\/unavailability\/\d+$/, 'GET')).toHaveLength(1);
		expect((await poll(state, params)).items).toBeNull();
	});
});
