import { Harness, nodeIdOfThisTest } from '../../harness';
import { HubPlannerSandbox, type HubPlannerSandboxOptions } from '../../sandbox/hubplanner';
import { HUB_PLANNER } from '../../vendors';

/** The polling trigger's node type (a second trigger beside the webhook one). */
export const HUB_PLANNER_POLL_TRIGGER = HUB_PLANNER.pollTriggerType as string;

/** One emulator + harness per test file; the credential points at the emulator. */
export async function startHubPlanner(opts: HubPlannerSandboxOptions = {}) {
	const sandbox = await HUB_PLANNER.startEmulator(opts);
	const harness = await Harness.load();
	const useKey = (apiKey: string) => harness.setCredential(HUB_PLANNER.credentialType, HUB_PLANNER.credential(sandbox, { apiKey }));
	useKey(HubPlannerSandbox.WRITE_KEY);
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: HUB_PLANNER.nodeType, parameters: parameters as never, credentials: [HUB_PLANNER.credentialType], ...extra } as never);
	/** A poll of the polling trigger through n8n's engine (`global`: the workflow's global static data). */
	const poll = (parameters: Record<string, unknown>, staticData: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger', global?: Record<string, unknown>) =>
		harness.poll({ type: HUB_PLANNER_POLL_TRIGGER, nodeId: nodeIdOfThisTest(), parameters: parameters as never, credentials: [HUB_PLANNER.credentialType], staticData: staticData as never, mode, globalStaticData: global as never });
	return { sandbox, harness, useKey, run, poll };
}
