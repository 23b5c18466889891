/**
 * What a vendor adds to the real-app layer: one file test/e2e/vendors/<vendor>.ts exporting a `VendorE2e`
 * as default, plus its example workflows in examples/<vendor>/*.json. Nothing else needs to change:
 * `npm start` and `npm run test:e2e` discover both.
 */
import type { CredentialImport, N8nApp, RunData, WorkflowJson } from '../../../scripts/lib/n8n';
import type { RestartTrigger } from './restarts';

/** A vendor emulator started for the app (the handle is the vendor's sandbox object, e.g. HubPlannerSandbox). */
export interface RunningSandbox<S = unknown> {
	vendor: string;
	baseUrl: string;
	handle: S;
	stop(): Promise<void>;
}

export interface E2eContext<S = unknown> {
	app: N8nApp;
	sandbox: RunningSandbox<S>;
	/** The vendor's example workflows as imported (by id). */
	workflows: Map<string, WorkflowJson>;
	/** Prints an indented detail line under the case. */
	log(message: string): void;
}

export interface E2eCase<S = unknown> {
	name: string;
	/**
	 * cli: runs while no server is up (`n8n execute`, imports);
	 * server: runs while `n8n start` is up (activation, webhooks, polling; owner logged in, public API ready).
	 */
	phase: 'cli' | 'server';
	/** What kind of case a shared builder made (lib/cases.ts): the compatibility stage picks a polling one. */
	kind?: 'polling' | 'webhook' | 'session';
	timeoutMs?: number;
	run(ctx: E2eContext<S>): Promise<void>;
}

export interface VendorE2e<S = any> {
	/** Folder name: examples/<vendor>/ and test/sandbox/<vendor>.ts. */
	vendor: string;
	displayName: string;
	/**
	 * Node types the examples use (`n8n-nodes-bookings.<name>`). While one of them is not built yet, the vendor is
	 * skipped with a note (so the layer can land before the nodes).
	 */
	nodeTypes: string[];
	startSandbox(): Promise<RunningSandbox<S>>;
	/** Credentials pointing at the running sandbox; ids/names must match the example workflows' references. */
	credentials(sandbox: RunningSandbox<S>): CredentialImport[];
	/**
	 * Assertions on `n8n execute` of each example workflow that starts with a Manual Trigger (by workflow id).
	 * Every such example is executed and must succeed; a check adds what its output must contain.
	 */
	checks?: Record<string, (run: RunData, ctx: E2eContext<S>) => void | Promise<void>>;
	/** Further cases: credential logic, triggers in the running app. */
	cases?: E2eCase<S>[];
	/**
	 * Polling triggers for the restarts phase (lib/restarts.ts): all vendors' triggers at once through a restart
	 * before any poll emitted and a SIGKILL in the middle of an execution. One `restartTrigger({...})` each.
	 */
	restartTriggers?: RestartTrigger<S>[];
	/** Editor screenshots: the example workflow to open (default: the first example). */
	editorWorkflowId?: string;
}

export function defineVendor<S>(vendor: VendorE2e<S>): VendorE2e<S> {
	return vendor;
}
