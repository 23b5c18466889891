import { Harness } from '../../harness';
import { PlanningPmeSandbox, type PlanningPmeSandboxOptions } from '../../sandbox/planningpme';
import { PLANNING_PME } from '../../vendors';

export const CRED = PLANNING_PME.credentialType;
export const SECRETS = [PlanningPmeSandbox.APP_KEY, PlanningPmeSandbox.PASSWORD, PlanningPmeSandbox.ACCOUNT_TOKEN];

/** One emulator + harness per test file; the credential points at the emulator (custom server + brand). */
export async function startPlanningPme(opts: PlanningPmeSandboxOptions = {}) {
	const sandbox = await PLANNING_PME.startEmulator(opts);
	const harness = await Harness.load();
	const login = (extra: Record<string, unknown> = {}) => harness.setCredential(CRED, PLANNING_PME.credential(sandbox, extra as never));
	login();
	const run = (parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: PLANNING_PME.nodeType, parameters: parameters as never, credentials: [CRED], ...extra } as never);
	const logins = () => harness.stats.preAuthentication[CRED] ?? 0;
	/** Every request the emulator logged, as text: no secret may appear in what the node outputs or throws. */
	return { sandbox, harness, login, run, logins };
}

/** The text of everything a run produced (items, error message, description, body). */
export function outputText(result: { items: Array<{ json: unknown }>; error?: unknown }): string {
	const error = result.error as { message?: string; description?: string; context?: unknown; cause?: unknown } | undefined;
	return JSON.stringify({
		items: result.items.map((i) => i.json),
		error: error ? { message: error.message, description: error.description, context: error.context } : null,
	});
}
