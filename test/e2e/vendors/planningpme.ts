/** PlanningPME in the real app: examples/planningpme/*.json against test/sandbox/planningpme.ts. */
import { DateTime } from 'luxon';
import { createPlanningPmeSandbox, PlanningPmeSandbox } from '../../sandbox/planningpme';
import { startSandbox } from '../../../scripts/lib/vendors';
import { assert, assertContractGate, nodeItems, pollingTriggerCase, sessionCredentialCase } from '../lib/cases';
import { restartTrigger } from '../lib/restarts';
import { defineVendor } from '../lib/types';
import { PLANNING_PME, packageNodeTypes } from '../../vendors';

const CREDENTIAL = { id: 'ppSandboxCred', name: 'PlanningPME account' };
const TRIGGER_WINDOW_DAYS = 30;

/** Waits (bounded) until the sandbox has answered the trigger's window request: the activation poll's baseline. */
async function activationPollDone(sb: PlanningPmeSandbox, path: RegExp = /\/api\/do\/list$/): Promise<void> {
	const windowEnd = sb.todayUtc(TRIGGER_WINDOW_DAYS);
	const deadline = Date.now() + 60_000;
	const dateTo = (r: { body?: unknown; query?: unknown }) => ((r.body ?? {}) as { dateTo?: string }).dateTo ?? ((r.query ?? {}) as { dateTo?: string }).dateTo;
	while (!sb.requests(path).some((r) => r.status === 200 && dateTo(r) === windowEnd)) {
		assert(Date.now() < deadline, 'the activation poll of the PlanningPME Trigger never reached the sandbox');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export default defineVendor<PlanningPmeSandbox>({
	vendor: 'planningpme',
	displayName: 'PlanningPME',
	nodeTypes: packageNodeTypes(PLANNING_PME),
	editorWorkflowId: 'ppWeeklyPlanningCsv',

	startSandbox: () => startSandbox('planningpme', createPlanningPmeSandbox({ appKeys: { [PlanningPmeSandbox.APP_KEY]: 100_000 } })),

	credentials: (sb) => [
		{
			...CREDENTIAL,
			type: PLANNING_PME.credentialType,
			data: {
				brand: 'acme',
				environment: 'custom',
				baseUrl: sb.baseUrl,
				appApiKey: PlanningPmeSandbox.APP_KEY,
				authMode: 'password',
				username: PlanningPmeSandbox.USER,
				password: PlanningPmeSandbox.PASSWORD,
				timeZone: sb.handle.timeZone,
			},
		},
	],

	checks: {
		ppWeeklyPlanningCsv(run, ctx) {
			const sb = ctx.sandbox.handle;
			const gate = assertContractGate(run, "Next Week's Planning");
			// The check runs first: the export's request is the last one.
			const calls = sb.requests(/\/api\/do\/list$/, 'POST').filter((c) => c.status === 200);
			const call = calls[calls.length - 1];
			assert(call, 'the export made no successful api/do/list request');
			const { dateFrom, dateTo } = call.body as { dateFrom: string; dateTo: string };
			// Entries are wall times of the planning zone; the node sends the range in UTC (2018-01-25T18:05:00Z).
			const at = (value: unknown) => DateTime.fromISO(String(value), { zone: sb.timeZone }).toMillis();
			const expected = sb.data.do.filter((d) => at(d.start) < at(dateTo) && at(d.end) > at(dateFrom)).map((d) => String(d.key)).sort();
			const exported = nodeItems(run, "Next Week's Planning").map((d) => String(d.key)).sort();
			assert(expected.length > 0, `the sandbox has no planned task between ${dateFrom} and ${dateTo}`);
			assert(JSON.stringify(exported) === JSON.stringify(expected), `exported ${exported.length} planned tasks, the sandbox has ${expected.length} in ${dateFrom} – ${dateTo}`);
			const rows = nodeItems(run, 'Finance Columns');
			assert(
				rows.every((r) => r.vendor === 'planningpme' && r.id && /[+-]\d{2}:\d{2}$/.test(String(r.start))),
				`a row is incomplete: ${JSON.stringify(rows.find((r) => r.vendor !== 'planningpme' || !r.id || !/[+-]\d{2}:\d{2}$/.test(String(r.start))))}`,
			);
			const csvRuns = run.data?.resultData?.runData?.['Planning CSV'];
			const binary = csvRuns?.[csvRuns.length - 1]?.data?.main?.[0]?.[0]?.binary as Record<string, { fileName?: string }> | undefined;
			const file = binary && Object.values(binary)[0];
			assert(file?.fileName === 'planningpme-planning.csv', `no CSV file in the output (${JSON.stringify(binary)})`);
			ctx.log(`${gate}; ${rows.length} planned task(s) for ${dateFrom} – ${dateTo} in ${file.fileName}`);
		},
	},

	restartTriggers: [
		restartTrigger<PlanningPmeSandbox>({
			workflowId: 'ppAbsenceChanges',
			triggerNode: 'Absence Recorded',
			pollPath: /\/api\/unavailability$/,
			addRecords: (sb) => {
				const resource = { key: sb.data.resource[0].key, label: sb.data.resource[0].label };
				return [String(sb.insert('unavailability', { label: 'e2e: restarts', start: sb.todayUtc(3), end: sb.todayUtc(5), resource, remark: '' }).key)];
			},
			idOf: (item) => String(item.key),
		}),
		restartTrigger<PlanningPmeSandbox>({
			workflowId: 'ppPlanningChanges',
			triggerNode: 'Planning Changed',
			pollPath: /\/api\/do\/list$/,
			addRecords: (sb) => [String(sb.insertPlannedTask({ label: 'e2e: restarts', start: sb.todayWall(2, 9), end: sb.todayWall(2, 11) }).key)],
			idOf: (item) => String(item.key),
		}),
	],

	cases: [
		sessionCredentialCase<PlanningPmeSandbox>({
			workflowId: 'ppWeeklyPlanningCsv',
			logins: (sb) => sb.tokenStats.issued,
			expire: (sb) => sb.expireTokens(),
			name: 'bearer token: one login, reused across executions, one renewal after the token expired',
		}),
		pollingTriggerCase<PlanningPmeSandbox>({
			workflowId: 'ppAbsenceChanges',
			triggerNode: 'Absence Recorded',
			name: 'polling trigger, event Unavailability Added or Changed: activation starts from now, the next poll emits the new absence and no old one',
			async addRecords(sb) {
				await activationPollDone(sb, /\/api\/unavailability$/);
				const resource = sb.data.resource[0];
				const added = sb.insert('unavailability', { label: 'e2e: absence after activation', start: sb.todayUtc(2), end: sb.todayUtc(4), resource: { key: resource.key, label: resource.label }, remark: '' });
				return [String(added.key)];
			},
			idOf: (item) => String(item.key),
		}),
		pollingTriggerCase<PlanningPmeSandbox>({
			workflowId: 'ppPlanningChanges',
			triggerNode: 'Planning Changed',
			async addRecords(sb) {
				await activationPollDone(sb);
				const added = sb.insertPlannedTask({ label: 'e2e: added after activation', start: sb.todayWall(1, 9), end: sb.todayWall(1, 11) });
				return [String(added.key)];
			},
			idOf: (item) => String(item.key),
		}),
	],
});
