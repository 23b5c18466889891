import { Harness, nodeIdOfThisTest } from '../../harness';
import type { PronestorSandboxOptions } from '../../sandbox/pronestor';
import { PRONESTOR } from '../../vendors';

export const CRED = PRONESTOR.credentialType;

/** One emulator + harness per test file; the credential points at the emulator as a custom (on-premise) URL. */
export async function startPronestor(opts: PronestorSandboxOptions = {}) {
	const sandbox = await PRONESTOR.startEmulator(opts);
	const harness = await Harness.load();
	const useCredential = (extra: Record<string, unknown> = {}) => harness.setCredential(CRED, PRONESTOR.credential(sandbox, extra as never));
	useCredential();
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: PRONESTOR.nodeType, parameters: parameters as never, credentials: [CRED], ...extra } as never);
	const poll = (parameters: Record<string, unknown>, staticData: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger', global?: Record<string, unknown>) =>
		harness.poll({ type: PRONESTOR.triggerType, nodeId: nodeIdOfThisTest(), parameters: parameters as never, credentials: [CRED], staticData: staticData as never, mode, globalStaticData: global as never });
	const logins = () => harness.stats.preAuthentication[CRED] ?? 0;
	return { sandbox, harness, useCredential, run, poll, logins };
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
