import type { IDataObject } from 'n8n-workflow';
import { speedCache } from './speedCache';
import type { RequestContext } from './types';

/**
 * What a node learns about a tenant from its answers where the contract is assumed (the number of the first
 * page, a range limit), remembered per credential so that it is learned once. Only what the answers showed is
 * kept, never a secret.
 *
 * Where it is kept, and why not always in static data: n8n (2.41.1) saves a workflow's static data as one whole
 * object — WorkflowStaticDataService.saveStaticDataById sets the workflow's `staticData` column to the copy it is
 * given, every node's state and `global` together; nothing is merged. An execution takes its copy when it starts
 * (WorkflowRunner.prepareNewExecution / runMainProcess: getStaticDataById; in queue mode JobProcessor.processJob
 * on the worker) and, if anything in it changed static data (WorkflowExecute: `__dataChanged`), writes the whole
 * copy back when it ends (the workflowExecuteAfter hooks hookFunctionsSave / hookFunctionsSaveWorker). The
 * trigger's state is written by the main (the poll's __emit: saveStaticData of the main's own Workflow object).
 * So a fact written by an action would write back the trigger's state as it was when that execution started,
 * undoing every poll saved meanwhile (a cursor moved back: records emitted twice after a restart) — and the next
 * poll's save would in turn drop the fact. Therefore:
 * - facts are read from the workflow's static data (global) and from this process's memory;
 * - they are written to the static data only by a trigger's own contexts (poll, trigger, activation hooks:
 *   those with getActivationMode), which write into the Workflow object n8n saves with the trigger's state;
 * - an action keeps what it learned in this process's memory only (a speed cache, safe to lose: a process that
 *   lost it learns the fact again from the answers). Action runs never mark static data as changed, so an
 *   execution never writes static data back and cannot overwrite a trigger's state.
 */
const STATIC_KEY = 'bookingsLearned';
const inProcess = speedCache<unknown>('learned tenant facts', {
	max: 500,
	lifetimeMs: 24 * 3_600_000,
});

function credentialKey(ctx: RequestContext, credentialType: string): string {
	const credential = ctx.getNode().credentials?.[credentialType];
	return `${credentialType}:${credential?.id ?? credential?.name ?? 'default'}`;
}

/** A trigger's own context: its static data is the Workflow object n8n saves with the trigger's state. */
function ownsStaticData(ctx: RequestContext): boolean {
	return typeof (ctx as { getActivationMode?: unknown }).getActivationMode === 'function';
}

function staticData(ctx: RequestContext): IDataObject | undefined {
	const withStatic = ctx as { getWorkflowStaticData?: (type: string) => IDataObject };
	if (typeof withStatic.getWorkflowStaticData !== 'function') return undefined;
	try {
		return withStatic.getWorkflowStaticData('global');
	} catch {
		return undefined;
	}
}

/** What was learned about `fact` for the node's credential of this type, if anything. */
export function recall<T>(
	ctx: RequestContext,
	credentialType: string,
	fact: string,
): T | undefined {
	const key = credentialKey(ctx, credentialType);
	const stored = (staticData(ctx)?.[STATIC_KEY] as IDataObject | undefined)?.[key] as
		| IDataObject
		| undefined;
	if (stored && fact in stored) return stored[fact] as T;
	return inProcess.get(`${key}|${fact}`) as T | undefined;
}

/** Remembers what the answers showed about `fact` for the node's credential of this type. */
export function remember(
	ctx: RequestContext,
	credentialType: string,
	fact: string,
	value: string | number | boolean,
): void {
	const key = credentialKey(ctx, credentialType);
	const data = ownsStaticData(ctx) ? staticData(ctx) : undefined;
	if (data) {
		const all = ((data[STATIC_KEY] as IDataObject | undefined) ?? {}) as IDataObject;
		const mine = ((all[key] as IDataObject | undefined) ?? {}) as IDataObject;
		if (mine[fact] !== value) {
			data[STATIC_KEY] = { ...all, [key]: { ...mine, [fact]: value } };
		}
	}
	inProcess.set(`${key}|${fact}`, value);
}

/** Empties the speed cache (what this process remembers beside static data), as a restarted process would. */
export function forgetLearnedInProcess(): void {
	inProcess.clear();
}
