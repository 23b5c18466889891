import { Harness } from '../../harness';
import { HubPlannerSandbox, type HubPlannerSandboxOptions } from '../../sandbox/hubplanner';
import { HUB_PLANNER } from '../../vendors';

/** One emulator + harness per test file; the credential points at the emulator. */
export async function startHubPlanner(opts: HubPlannerSandboxOptions = {}) {
	const sandbox = await HUB_PLANNER.startEmulator(opts);
	const harness = await Harness.load();
	const useKey = (apiKey: string) => harness.setCredential(HUB_PLANNER.credentialType, HUB_PLANNER.credential(sandbox, { apiKey }));
	useKey(HubPlannerSandbox.WRITE_KEY);
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: HUB_PLANNER.nodeType, parameters: parameters as never, credentials: [HUB_PLANNER.credentialType], ...extra } as never);
	return { sandbox, harness, useKey, run };
}
