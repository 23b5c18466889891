import { createPronestorSandbox, PronestorSandbox, type PronestorSandboxOptions } from '../sandbox/pronestor';
import type { TestVendor } from './types';

export const PRONESTOR: TestVendor<PronestorSandbox, PronestorSandboxOptions> = {
	key: 'pronestor',
	name: 'Pronestor Planner',
	id: 'pronestor',
	dir: 'PronestorPlanner',
	stem: 'PronestorPlanner',
	nodeType: 'pronestorPlanner',
	triggerType: 'pronestorPlannerTrigger',
	credentialType: 'pronestorPlannerApi',
	client: 'pronestorClient',
	async startEmulator(opts) {
		const sandbox = createPronestorSandbox(opts);
		await sandbox.start();
		return sandbox;
	},
	// A custom (on-premise) URL: the emulator's address.
	credential: (sandbox, extra = {}) => ({
		deployment: 'custom',
		baseUrl: sandbox.baseUrl,
		authentication: 'session',
		username: sandbox.username,
		password: PronestorSandbox.PASSWORD,
		sessionToken: '',
		...extra,
	}),
};
