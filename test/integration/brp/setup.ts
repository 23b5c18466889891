import { Harness, nodeIdOfThisTest } from '../../harness';
import { BrpSandbox, type BrpSandboxOptions } from '../../sandbox/brp';
import { BRP } from '../../vendors';

// The compiled module the nodes under test use (its process-memory speed cache of learned tenant facts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetLearnedInProcess } = require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

export const CRED = BRP.credentialType;
export const { level1: L1, level2: L2, level3: L3 } = BrpSandbox.KEYS;
export const ANNA = BrpSandbox.PERSON;

/** One emulator + harness per test file. `login(level, person?)` points the credential at the emulator. */
export async function startBrp(opts: BrpSandboxOptions = {}) {
	const sandbox = await BRP.startEmulator(opts);
	const harness = await Harness.load();
	const useCredential = (extra: Record<string, unknown> = {}) => harness.setCredential(CRED, BRP.credential(sandbox, extra as never));
	/** A level 3 integration key without a person login. */
	const useLevel3 = (extra: Record<string, unknown> = {}) => useCredential({ apiKey: L3, keyLevel: 3, username: '', password: '', ...extra });
	useCredential();
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: BRP.nodeType, parameters: parameters as never, credentials: [CRED], ...extra } as never);
	const poll = (parameters: Record<string, unknown>, staticData: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger', global?: Record<string, unknown>) =>
		harness.poll({ type: BRP.triggerType, nodeId: nodeIdOfThisTest(), parameters: parameters as never, credentials: [CRED], staticData: staticData as never, mode, globalStaticData: global as never });
	/** Forgets what this process learned about the tenant (as a restarted n8n process would). */
	const forgetLearned = () => forgetLearnedInProcess();
	const reset = () => {
		forgetLearned();
		sandbox.resetLog();
		sandbox.clearFaults();
		sandbox.errorsWithStatus200 = false;
		sandbox.enddateInclusive = false;
		sandbox.servesJson = true;
		sandbox.productFields = 'documented';
		sandbox.ignoredPersonFields = [];
		sandbox.maxRangeDays = opts.maxRangeDays ?? 31;
		useCredential();
	};
	return { sandbox, harness, useCredential, useLevel3, run, poll, reset, forgetLearned };
}

/** Everything a run's items, errors and the request log show, as one string (to look for secrets). */
export function everything(...values: unknown[]): string {
	return values
		.map((v) => {
			if (v instanceof Error) return `${v.message} ${(v as { description?: string }).description ?? ''} ${JSON.stringify(v)}`;
			return JSON.stringify(v);
		})
		.join('\n');
}
