import { Harness } from '../../harness';
import { createHubPlannerSandbox, HubPlannerSandbox, type HubPlannerSandboxOptions } from '../../sandbox/hubplanner';

/** One emulator + harness per test file; the credential points at the emulator. */
export async function startHubPlanner(opts: HubPlannerSandboxOptions = {}) {
	const sandbox = createHubPlannerSandbox(opts);
	await sandbox.start();
	const harness = await Harness.load();
	const useKey = (apiKey: string) => harness.setCredential('hubPlannerApi', { apiKey, baseUrl: `${sandbox.baseUrl}/v1` });
	useKey(HubPlannerSandbox.WRITE_KEY);
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: 'hubPlanner', parameters: parameters as never, credentials: ['hubPlannerApi'], ...extra } as never);
	return { sandbox, harness, useKey, run };
}
