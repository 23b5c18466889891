import { BrpSandbox, createBrpSandbox, type BrpSandboxOptions } from '../sandbox/brp';
import type { TestVendor } from './types';

export const BRP: TestVendor<BrpSandbox, BrpSandboxOptions> = {
	key: 'brp',
	name: 'BRP',
	id: 'brp',
	dir: 'Brp',
	stem: 'Brp',
	nodeType: 'brp',
	triggerType: 'brpTrigger',
	credentialType: 'brpApi',
	client: 'brpClient',
	async startEmulator(opts) {
		const sandbox = createBrpSandbox(opts);
		await sandbox.start();
		return sandbox;
	},
	// A level 2 key with the login of the emulator's person (Anna).
	credential: (sandbox, extra = {}) => ({
		baseUrl: sandbox.apiUrl,
		apiKey: BrpSandbox.KEYS.level2,
		keyLevel: 2,
		username: BrpSandbox.PERSON.email,
		password: BrpSandbox.PERSON.password,
		...extra,
	}),
};
