import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { PlanningPmeSandbox, PpmeRecord } from '../../sandbox/planningpme';
import { PLANNING_PME } from '../../vendors';
import { Harness, nodeIdOfThisTest } from '../../harness';
import { CRED } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

describe('PlanningPME Trigger (polling a rolling window)', () => {
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

	let entries: PpmeRecord[];
	beforeEach(() => {
		sandbox.resetLog();
		sandbox.clearFaults();
		sandbox.data.do = [];
		entries = [
			sandbox.insertPlannedTask({ label: 'Yesterday', start: sandbox.todayWall(-1, 9), end: sandbox.todayWall(-1, 10) }),
			sandbox.insertPlannedTask({ label: 'Tomorrow', start: sandbox.todayWall(1, 9), end: sandbox.todayWall(1, 10) }),
			sandbox.insertPlannedTask({ label: 'In five days', start: sandbox.todayWall(5, 14), end: sandbox.todayWall(5, 16) }),
			sandbox.insertPlannedTask({ label: 'In a month', start: sandbox.todayWall(30, 9), end: sandbox.todayWall(30, 10) }),
		];
	});

	const poll = (staticData: IDataObject, parameters: Record<string, unknown> = {}, mode: 'trigger' | 'manual' = 'trigger') =>
		harness.poll({ type: PLANNING_PME.triggerType, nodeId: nodeIdOfThisTest(), parameters: { windowDays: 14, lookBackDays: 0, ...parameters } as never, credentials: [CRED], staticData, mode });
	const labels = (items: INodeExecutionData[][] | null) => (items ? items[0].map((i) => i.json.label) : []);

	it('remembers the window on activation, then emits a new entry once', async () => {
		const state: IDataObject = {};
		const first = await poll(state);
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect(Object.keys(state.versions as object).sort()).toEqual([entries[1].key, entries[2].key].map(String).sort());
		const [call] = sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(call.body).toEqual({ dateFrom: sandbox.todayUtc(0), dateTo: sandbox.todayUtc(14), results: 'Task' });

		expect((await poll(state)).items).toBeNull();
		const added = sandbox.insertPlannedTask({ label: 'Added', start: sandbox.todayWall(2, 8), end: sandbox.todayWall(2, 9) });
		const second = await poll(state);
		expect(labels(second.items)).toEqual(['Added']);
		expect(second.items![0][0].json).toMatchObject({ key: added.key, changeType: 'new' });
		expect((await poll(state)).items).toBeNull();
	});

	it('n8n drops the node state of an activation poll that emitted nothing and restarts: the next poll emits what came in between', async () => {
		const pollAs = (staticData: IDataObject, global: IDataObject) =>
			harness.poll({ type: PLANNING_PME.triggerType, nodeId: 'activation-gap-node', parameters: { windowDays: 14 } as never, credentials: [CRED], staticData, globalStaticData: global });
		const global: IDataObject = {};
		expect((await pollAs({}, global)).items).toBeNull();
		const added = sandbox.insertPlannedTask({ label: 'Between', start: sandbox.todayWall(3, 8), end: sandbox.todayWall(3, 9) });
		forgetPollMemory();
		const saved = stored(global);
		const firstScheduled = await pollAs({}, saved);
		expect(labels(firstScheduled.items)).toEqual(['Between']);
		expect(firstScheduled.items![0][0].json).toMatchObject({ key: added.key, changeType: 'new' });
		expect((await pollAs(firstScheduled.staticData, saved)).items).toBeNull();
	});

	it('emits a changed entry once per change', async () => {
		const state: IDataObject = {};
		await poll(state);
		sandbox.updatePlannedTask(entries[1].key, { label: 'Tomorrow (moved)', start: sandbox.todayWall(1, 11), end: sandbox.todayWall(1, 12) });
		const changed = await poll(state);
		expect(labels(changed.items)).toEqual(['Tomorrow (moved)']);
		expect(changed.items![0][0].json.changeType).toBe('changed');
		expect((await poll(state)).items).toBeNull();
		sandbox.updatePlannedTask(entries[1].key, { remark: 'Bring the projector' });
		expect(labels((await poll(state)).items)).toEqual(['Tomorrow (moved)']);
		expect((await poll(state)).items).toBeNull();
	});

	it('emits an entry moved into the window from beyond it as new, and forgets entries that left it', async () => {
		const state: IDataObject = {};
		await poll(state);
		sandbox.updatePlannedTask(entries[3].key, { start: sandbox.todayWall(3, 9), end: sandbox.todayWall(3, 10) });
		sandbox.removePlannedTask(entries[2].key);
		const result = await poll(state);
		expect(labels(result.items)).toEqual(['In a month']);
		expect(result.items![0][0].json.changeType).toBe('new');
		// State stays bounded by the window: the removed entry is forgotten.
		expect(Object.keys(state.versions as object).sort()).toEqual([entries[1].key, entries[3].key].map(String).sort());
	});

	it('survives a restart: saved state (as JSON) neither repeats nor misses', async () => {
		const state: IDataObject = {};
		await poll(state);
		const added = sandbox.insertPlannedTask({ label: 'Before restart', start: sandbox.todayWall(4, 9), end: sandbox.todayWall(4, 10) });
		expect(labels((await poll(state)).items)).toEqual(['Before restart']);
		const restored = JSON.parse(JSON.stringify(state)) as IDataObject;
		sandbox.updatePlannedTask(added.key, { label: 'Changed while down' });
		sandbox.insertPlannedTask({ label: 'Added while down', start: sandbox.todayWall(6, 9), end: sandbox.todayWall(6, 10) });
		const after = await poll(restored);
		expect(labels(after.items).sort()).toEqual(['Added while down', 'Changed while down']);
		expect((await poll(restored)).items).toBeNull();
	});

	it('never emits an entry twice when polls overlap', async () => {
		const state: IDataObject = {};
		await poll(state);
		for (let n = 0; n < 5; n++) sandbox.insertPlannedTask({ label: `Burst ${n}`, start: sandbox.todayWall(2, 8 + n), end: sandbox.todayWall(2, 9 + n) });
		const [a, b] = await Promise.all([poll(state), poll(state)]);
		const emitted = [...labels(a.items), ...labels(b.items)];
		expect(emitted.sort()).toEqual(['Burst 0', 'Burst 1', 'Burst 2', 'Burst 3', 'Burst 4']);
		expect((await poll(state)).items).toBeNull();
	});

	it('emits the existing entries on activation when asked to', async () => {
		const state: IDataObject = {};
		const first = await poll(state, { options: { emitExisting: true } });
		expect(labels(first.items)).toEqual(['Tomorrow', 'In five days']);
		expect((await poll(state, { options: { emitExisting: true } })).items).toBeNull();
	});

	it('"Fetch test event" returns a sample and leaves the state alone', async () => {
		const state: IDataObject = {};
		const manual = await poll(state, {}, 'manual');
		expect(labels(manual.items)).toEqual(['Tomorrow', 'In five days']);
		expect(state).toEqual({});
		// The first real poll still only remembers.
		expect((await poll(state)).items).toBeNull();
	});

	it('filters by resources and categories, and adds the normalized booking with Simplify', async () => {
		const resource = sandbox.data.resource[0];
		const state: IDataObject = {};
		await poll(state, { filters: { resources: [String(resource.key)] }, options: { output: 'both' } });
		const [call] = sandbox.requests(/\/api\/do\/list$/, 'POST');
		expect(call.body).toMatchObject({ resources: [resource.key] });
		const added = sandbox.insertPlannedTask({ label: 'Simplified', start: sandbox.todayWall(2, 9), end: sandbox.todayWall(2, 10) });
		const result = await poll(state, { filters: { resources: [String(resource.key)] }, options: { output: 'both' } });
		expect(result.items![0][0].json.normalized).toMatchObject({ id: String(added.key), vendor: 'planningpme', kind: 'plannedTask', title: 'Simplified' });
		expect(String((result.items![0][0].json.normalized as IDataObject).start)).toMatch(/[+-]\d{2}:\d{2}$/);
	});

	it('logs in once for many polls', async () => {
		const issued = sandbox.tokenStats.issued;
		const state: IDataObject = {};
		for (let n = 0; n < 4; n++) await poll(state);
		expect(sandbox.tokenStats.issued - issued).toBeLessThanOrEqual(1);
	});

	it('reports an error without touching the state, and catches up afterwards', async () => {
		const state: IDataObject = {};
		await poll(state);
		const saved = JSON.stringify(state);
		sandbox.insertPlannedTask({ label: 'During outage', start: sandbox.todayWall(2, 9), end: sandbox.todayWall(2, 10) });
		sandbox.fault({ status: 500, body: { Message: 'boom' }, match: (r) => r.path.endsWith('/api/do/list') });
		const failed = await poll(state);
		expect(failed.error?.message).toContain('500');
		expect(JSON.stringify(state)).toBe(saved);
		expect(labels((await poll(state)).items)).toEqual(['During outage']);
	});

	describe('unavailabilities (event "Unavailability Added or Changed")', () => {
		const absence = (label: string, fromDay: number, toDay: number, resourceIndex = 0) => {
			const r = sandbox.data.resource[resourceIndex];
			return sandbox.insert('unavailability', { label, start: sandbox.todayUtc(fromDay), end: sandbox.todayUtc(toDay), resource: { key: r.key, label: r.label }, remark: '' });
		};
		beforeEach(() => {
			sandbox.data.unavailability = [];
			absence('Holiday next week', 7, 10);
			absence('Last month', -40, -30);
		});

		it('remembers the absences of the window, then emits a new one once and a changed one once per change', async () => {
			const state: IDataObject = {};
			expect((await poll(state, { events: ['unavailability'] })).items).toBeNull();
			const [call] = sandbox.requests(/\/api\/unavailability$/);
			expect(call.query).toMatchObject({ dateFrom: sandbox.todayUtc(0), dateTo: sandbox.todayUtc(14), pageIndex: '0' });
			expect(sandbox.requests(/\/api\/do\/list$/)).toHaveLength(0);
			const added = absence('Sick leave', 1, 2, 1);
			const second = await poll(state, { events: ['unavailability'], options: { output: 'both' } });
			expect(labels(second.items)).toEqual(['Sick leave']);
			expect(second.items![0][0].json).toMatchObject({ key: added.key, changeType: 'new', notificationType: 'UnavailabilityInsert' });
			expect(second.items![0][0].json.normalized).toMatchObject({ kind: 'unavailability', id: String(added.key), title: 'Sick leave', unmapped: [] });
			expect((await poll(state, { events: ['unavailability'] })).items).toBeNull();
			added.end = sandbox.todayUtc(4);
			const changed = await poll(state, { events: ['unavailability'] });
			expect(changed.items![0].map((i) => [i.json.key, i.json.changeType, i.json.notificationType])).toEqual([[added.key, 'changed', 'UnavailabilityUpdate']]);
			expect((await poll(state, { events: ['unavailability'] })).items).toBeNull();
		});

		it('watches both: planned tasks (TaskInsert) and absences (UnavailabilityInsert) in one poll, keys never mixed', async () => {
			const state: IDataObject = {};
			await poll(state, { events: ['plannedTask', 'unavailability'] });
			// An absence with the same key number as a planned task is still its own entry.
			const task = sandbox.insertPlannedTask({ label: 'New task', start: sandbox.todayWall(2, 9), end: sandbox.todayWall(2, 10) });
			const off = sandbox.insert('unavailability', { key: task.key, label: 'Same key', start: sandbox.todayUtc(3), end: sandbox.todayUtc(4), resource: null });
			off.key = task.key;
			const result = await poll(state, { events: ['plannedTask', 'unavailability'] });
			expect(result.items![0].map((i) => [i.json.label, i.json.notificationType])).toEqual([
				['New task', 'TaskInsert'],
				['Same key', 'UnavailabilityInsert'],
			]);
		});

		it('an event added to a running trigger starts from a baseline: no flood of existing absences', async () => {
			const state: IDataObject = {};
			await poll(state);
			const added = sandbox.insertPlannedTask({ label: 'Meanwhile', start: sandbox.todayWall(2, 9), end: sandbox.todayWall(2, 10) });
			const widened = await poll(state, { events: ['plannedTask', 'unavailability'] });
			expect(labels(widened.items)).toEqual(['Meanwhile']);
			expect(widened.items![0][0].json.key).toBe(added.key);
			absence('After widening', 5, 6);
			expect(labels((await poll(state, { events: ['plannedTask', 'unavailability'] })).items)).toEqual(['After widening']);
		});

		it('applies the Resources filter to absences', async () => {
			const state: IDataObject = {};
			const only = { events: ['unavailability'], filters: { resources: [String(sandbox.data.resource[1].key)] } };
			await poll(state, only);
			absence('Not this resource', 2, 3, 0);
			absence('This resource', 2, 3, 1);
			expect(labels((await poll(state, only)).items)).toEqual(['This resource']);
		});

		it('refuses no event and an unknown event', async () => {
			expect((await poll({}, { events: [] })).error?.message).toContain('Events: choose at least one');
			expect((await poll({}, { events: ['booking'] })).error?.message).toContain('Events: "booking" is not an event');
		});
	});

	it('refuses a window outside 1–366 days', async () => {
		const result = await poll({}, { windowDays: 0 });
		expect(result.error?.message).toContain('Window');
	});
});
