import { Harness, nodeIdOfThisTest } from '../../harness';
import { createPronestorSandbox, PronestorSandbox, type PronestorSandboxOptions } from '../../sandbox/pronestor';

export const CRED = 'pronestorPlannerApi';

/** One emulator + harness per test file; the credential points at the emulator as a custom (on-premise) URL. */
export async function startPronestor(opts: PronestorSandboxOptions = {}) {
	const sandbox = createPronestorSandbox(opts);
	await sandbox.start();
	const harness = await Harness.load();
	const useCredential = (extra: Record<string, unknown> = {}) =>
		harness.setCredential(CRED, {
			deployment: 'custom',
			baseUrl: sandbox.baseUrl,
			authentication: 'session',
			username: PronestorSandbox.USERNAME,
			password: PronestorSandbox.PASSWORD,
			sessionCookie: '',
			...extra,
		});
	useCredential();
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: 'pronestorPlanner', parameters: parameters as never, credentials: [CRED], ...extra } as never);
	const poll = (parameters: Record<string, unknown>, staticData: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger') =>
		harness.poll({ type: 'pronestorPlannerTrigger', nodeId: nodeIdOfThisTest(), parameters: parameters as never, credentials: [CRED], staticData: staticData as never, mode });
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
