/** Test harness: execute the compiled package through n8n-core's real engine. See README.md. */
export {
	Harness,
	DEFAULT_PACKAGE_DIR,
	FIXTURE_PACKAGE_DIR,
	type HarnessOptions,
	type NodeOptions,
	type RunNodeOptions,
	type RunNodeResult,
	type TriggerNodeOptions,
	type PollResult,
	type WebhookOptions,
	type WebhookLifecycle,
	type WebhookReceiveResult,
	type TriggerRun,
	type CronRegistration,
	type LoadOptionsOptions,
} from './harness';
export { HarnessCredentialsHelper, type CredentialStats } from './credentials-helper';
export { HarnessNodeTypes, HarnessCredentialTypes, MANUAL_TRIGGER_TYPE, NO_OP_TYPE } from './node-types';
export type { WebhookRequestInput } from './webhook-http';

/**
 * The id of "the" trigger node of the running jest test: every poll of one test is a poll of one node (n8n
 * keeps a node's id stable across polls), and each test has its own node, so process-memory trigger state
 * never leaks from one test into the next.
 */
export function nodeIdOfThisTest(): string {
	const jestExpect = (globalThis as { expect?: { getState(): { currentTestName?: string } } }).expect;
	return `node of ${jestExpect?.getState().currentTestName ?? 'no test'}`;
}
