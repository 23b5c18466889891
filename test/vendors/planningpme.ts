import { createPlanningPmeSandbox, PlanningPmeSandbox, type PlanningPmeSandboxOptions } from '../sandbox/planningpme';
import type { TestVendor } from './types';

export const PLANNING_PME: TestVendor<PlanningPmeSandbox, PlanningPmeSandboxOptions> = {
	key: 'planningPme',
	name: 'PlanningPME',
	id: 'planningpme',
	dir: 'PlanningPme',
	stem: 'PlanningPme',
	nodeType: 'planningPme',
	triggerType: 'planningPmeTrigger',
	credentialType: 'planningPmeApi',
	client: 'planningPmeClient',
	async startEmulator(opts) {
		// The app key's hourly quota is out of the way unless a test sets one.
		const sandbox = createPlanningPmeSandbox({ appKeys: { [PlanningPmeSandbox.APP_KEY]: 1_000_000 }, ...opts });
		await sandbox.start();
		return sandbox;
	},
	// A custom server with a brand, logging in with user and password.
	credential: (sandbox, extra = {}) => ({
		brand: 'ACME',
		environment: 'custom',
		baseUrl: sandbox.baseUrl,
		appApiKey: PlanningPmeSandbox.APP_KEY,
		authMode: 'password',
		username: PlanningPmeSandbox.USER,
		password: PlanningPmeSandbox.PASSWORD,
		timeZone: 'Europe/Paris',
		...extra,
	}),
};
