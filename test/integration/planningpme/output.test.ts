import type { IDataObject } from 'n8n-workflow';
import { PLANNING_PME } from '../../vendors';
import { expectOutputShapes, expectShownParameters, expectTriggerOptions, runEachOutput, type Json } from '../output';
import { CRED, startPlanningPme } from './setup';

/** Output (node version 2: Simplified, Raw, Both) and Simplify (version 1, saved workflows) on PlanningPME. */
describe('PlanningPME: Output option and version-1 Simplify', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.login();
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.data.do = [];
	});

	const items = (result: { items: Array<{ json: IDataObject }> | null | Array<Array<{ json: IDataObject }>> }) =>
		result.items as Array<{ json: IDataObject }>;

	it('Planned Task → Get Many gives the vendor records, both, or the normalized bookings alone', async () => {
		const [r1] = ctx.sandbox.data.resource;
		const ref = { key: r1.key, label: r1.label };
		const a = ctx.sandbox.insertPlannedTask({ label: 'A', start: '2030-03-04T09:00:00', end: '2030-03-04T11:30:00', resources: [ref] });
		const b = ctx.sandbox.insertPlannedTask({ label: 'B', start: '2030-03-05T14:00:00', end: '2030-03-05T15:00:00', resources: [ref] });
		const params = { resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-04', dateTo: '2030-03-06', returnAll: true };
		const runs = await runEachOutput(async (typeVersion, values) => {
			const result = await ctx.harness.runNode({ type: PLANNING_PME.nodeType, typeVersion, parameters: { ...params, ...values } as never, credentials: [CRED] });
			expect(result.error).toBeUndefined();
			return items(result).map((i) => i.json as Json);
		}, 'top');
		expectOutputShapes(runs, { idOf: (x) => x.key, ids: [a.key, b.key] });
		expect(runs.simple[0]).toMatchObject({ vendor: 'planningpme', kind: 'plannedTask', title: 'A', start: '2030-03-04T09:00:00+01:00' });
	});

	it('the trigger\'s sample keeps changeType and notificationType in every shape', async () => {
		const tomorrow = ctx.sandbox.insertPlannedTask({ label: 'Tomorrow', start: ctx.sandbox.todayWall(1, 9), end: ctx.sandbox.todayWall(1, 10) });
		const runs = await runEachOutput(async (typeVersion, values) => {
			const result = await ctx.harness.poll({
				type: PLANNING_PME.triggerType,
				typeVersion,
				parameters: { windowDays: 14, ...values } as never,
				credentials: [CRED],
				staticData: {},
				mode: 'manual',
			});
			expect(result.error).toBeUndefined();
			return (result.items?.[0] ?? []).map((i) => i.json as Json);
		}, 'options');
		expect(runs.simple[0]).toMatchObject({ changeType: 'new', title: 'Tomorrow' });
		expect(runs.simple[0].notificationType).toBe(runs.raw[0].notificationType);
		expectOutputShapes(runs, { idOf: (x) => x.key, ids: [tomorrow.key], eventKeys: ['changeType', 'notificationType'] });
	});

	it('shows Simplify at version 1 and Output at version 2, Missing Fields while the output is normalized', () => {
		for (const [resource, operation] of [['plannedTask', 'getAll'], ['plannedTask', 'create'], ['unavailability', 'get']])
			expectShownParameters(ctx.harness, PLANNING_PME.nodeType, { resource, operation });
		expectTriggerOptions(ctx.harness, PLANNING_PME.triggerType);
	});
});
