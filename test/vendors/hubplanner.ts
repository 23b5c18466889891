import { createHubPlannerSandbox, HubPlannerSandbox, type HubPlannerSandboxOptions } from '../sandbox/hubplanner';
import type { TestVendor } from './types';

export const HUB_PLANNER: TestVendor<HubPlannerSandbox, HubPlannerSandboxOptions> = {
	key: 'hubPlanner',
	name: 'Hub Planner',
	id: 'hubplanner',
	dir: 'HubPlanner',
	stem: 'HubPlanner',
	nodeType: 'hubPlanner',
	triggerType: 'hubPlannerTrigger',
	pollTriggerType: 'hubPlannerPollTrigger',
	credentialType: 'hubPlannerApi',
	client: 'hubPlannerClient',
	async startEmulator(opts) {
		const sandbox = createHubPlannerSandbox(opts);
		await sandbox.start();
		return sandbox;
	},
	credential: (sandbox, extra = {}) => ({ apiKey: HubPlannerSandbox.WRITE_KEY, baseUrl: `${sandbox.baseUrl}/v1`, ...extra }),
};
