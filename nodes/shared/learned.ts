import type { IDataObject } from 'n8n-workflow';
import { speedCache } from './speedCache';
import type { RequestContext } from './types';

/**
 * What a node learns about a tenant from its answers where the contract is assumed (the number of the first
 * page, a range limit), remembered per credential so that it is learned once:
 * - in the workflow's static data (global), n8n's own store: kept across executions of an active workflow and
 *   shared by every process in queue mode;
 * - and in this process's memory as a speed cache that is safe to lose (n8n does not save static data after a
 *   manual execution). Only what the answers showed is kept, never a secret.
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
	const data = staticData(ctx);
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
