/**
 * Reusable e2e cases for what only the real app does, so each vendor file states its facts, not the steps:
 * - sessionCredentialCase: an expirable token/session from preAuthentication is stored by n8n and reused by
 *   later `n8n execute` processes; after the sandbox expires it, n8n logs in again once and stores the new one.
 * - webhookTriggerCase: activation registers the subscription in the sandbox, a sandbox event starts an
 *   execution, deactivation removes the subscription.
 * - pollingTriggerCase: an activated polling trigger emits records added after activation and never the old ones.
 * - webhookRedeliveryCase: the vendor's retry of a delivery (byte for byte) starts no second execution; with the
 *   trigger's Ignore Repeated Deliveries off it does.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
	availableNodeTypes,
	executeFailure,
	nodeItems,
	packageManifest,
	PACKAGE_NAME,
	repoRoot,
	until,
	type ExecutionSummary,
	type N8nApp,
	type RunData,
} from '../../../scripts/lib/n8n';
import type { E2eCase, E2eContext } from './types';
import type { WorkflowJson } from '../../../scripts/lib/n8n';

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

export { nodeItems, until };

/**
 * The package loaded in a running n8n: every node and credential type package.json lists is known to the editor
 * (`/types/nodes.json`, `/types/credentials.json`), and n8n logged no error naming the package. Used by the e2e
 * suite (2.41.1) and the compatibility stage (the older release). Returns how many types were found.
 */
export async function checkPackageLoads(app: N8nApp): Promise<{ nodes: number; credentials: number }> {
	const manifest = packageManifest();
	const notBuilt = [...manifest.nodes, ...manifest.credentials].filter((rel) => !fs.existsSync(path.join(repoRoot, rel)));
	assert(notBuilt.length === 0, `package.json lists files that the build did not produce (n8n then refuses the whole package): ${notBuilt.join(', ')}`);
	const nodes = await app.getJson<Array<{ name: string }>>('/types/nodes.json');
	const known = new Set(nodes.map((n) => n.name));
	const expected = [...availableNodeTypes()];
	const missing = expected.filter((t) => !known.has(t));
	assert(missing.length === 0, `n8n did not load: ${missing.join(', ')}`);
	const creds = await app.getJson<Array<{ name: string }>>('/types/credentials.json');
	const knownCreds = new Set(creds.map((c) => c.name));
	const expectedCreds = manifest.credentials.map((rel) => {
		const cls = path.basename(rel).split('.')[0];
		return cls.charAt(0).toLowerCase() + cls.slice(1);
	});
	const missingCreds = expectedCreds.filter((c) => !knownCreds.has(c));
	assert(missingCreds.length === 0, `n8n did not load credential type(s): ${missingCreds.join(', ')}`);
	const errors = app.log.filter((l) => /error/i.test(l) && l.includes(PACKAGE_NAME));
	assert(errors.length === 0, `n8n logged errors about the package:\n${errors.slice(0, 5).join('\n')}`);
	return { nodes: expected.length, credentials: expectedCreds.length };
}

/** When API Contract Check finished (ms, this machine's clock): the export's requests are the ones after it. */
export function contractCheckEnd(run: RunData): number {
	type Timed = Array<{ startTime?: number; executionTime?: number }>;
	const runs = run.data?.resultData?.runData?.['API Contract Check'] as Timed | undefined;
	const last = runs?.[runs.length - 1];
	assert(last?.startTime !== undefined, 'API Contract Check did not run before the export');
	return last.startTime + (last.executionTime ?? 0);
}

/**
 * A finance example's first step and its stop (examples/README.md): API Contract → Check ran first ("API Contract
 * Check", one item per contract line, none of its field or date lines contradicted), and the gate "Unmapped
 * Fields?" let every exported record through its false branch (none stopped: no normalized.unmapped). Returns
 * the number of contract lines, for the log.
 */
export function assertContractGate(run: RunData, exportNode: string): string {
	const lines = nodeItems(run, 'API Contract Check');
	assert(lines.length > 0, 'API Contract Check did not run before the export');
	const statuses = new Set(['confirmed', 'contradicted', 'not checkable']);
	const odd = lines.find((l) => typeof l.line !== 'string' || !statuses.has(String(l.status)));
	assert(!odd, `API Contract Check gave ${JSON.stringify(odd)}`);
	const wrong = lines.filter((l) => l.status === 'contradicted' && /^(fields|dates)\./.test(String(l.line)));
	const listed = wrong.map((l) => `${l.line}: ${l.evidence}`).join('; ');
	assert(wrong.length === 0, `contract lines contradicted by the emulator: ${listed}`);
	const exported = nodeItems(run, exportNode);
	const simplified = exported.every((r) => Array.isArray((r.normalized as { unmapped?: unknown })?.unmapped));
	assert(simplified, `${exportNode} ran without Simplify`);
	const stopped = nodeItems(run, 'Unmapped Fields?', 0);
	const passed = nodeItems(run, 'Unmapped Fields?', 1);
	assert(stopped.length === 0, `the gate stopped the export: ${JSON.stringify(stopped[0]?.normalized)}`);
	assert(passed.length === exported.length, `the gate passed ${passed.length} of ${exported.length} records`);
	assert(!run.data?.resultData?.runData?.['Stop: Not Exported'], 'Stop: Not Exported ran');
	const counts = [...statuses].map((st) => `${lines.filter((l) => l.status === st).length} ${st}`).join(', ');
	return `API Contract Check first (${lines.length} lines: ${counts}), ${passed.length} record(s) through the gate`;
}

export interface SessionCaseOptions<S> {
	/** A Manual Trigger example whose nodes use the session credential. */
	workflowId: string;
	/** Number of successful logins (token/cookie issued) the sandbox has seen. */
	logins(sandbox: S): number;
	/** Makes every issued token/session invalid (the next call with it gets 401). */
	expire(sandbox: S): void;
	name?: string;
}

export function sessionCredentialCase<S>(opts: SessionCaseOptions<S>): E2eCase<S> {
	return {
		name: opts.name ?? 'session credential: preAuthentication token stored, reused across executions, renewed after expiry',
		phase: 'cli',
		kind: 'session',
		timeoutMs: 300_000,
		async run(ctx: E2eContext<S>) {
			const sb = ctx.sandbox.handle;
			const exec = async (label: string) => {
				const res = await ctx.app.execute(opts.workflowId);
				assert(res.ok, `${label}: execution failed: ${executeFailure(res)}`);
				return res;
			};
			await exec('first execution');
			const afterFirst = opts.logins(sb);
			assert(afterFirst >= 1, 'the first execution did not log in');
			await exec('second execution');
			const afterSecond = opts.logins(sb);
			assert(afterSecond === afterFirst, `a second n8n process logged in again (${afterSecond - afterFirst} extra login(s)): the token was not stored/reused`);
			opts.expire(sb);
			await exec('execution after the sandbox expired the token');
			const afterExpiry = opts.logins(sb);
			assert(afterExpiry === afterSecond + 1, `expected exactly one new login after expiry, saw ${afterExpiry - afterSecond}`);
			await exec('execution after the renewal');
			assert(opts.logins(sb) === afterExpiry, 'the renewed token was not stored: the next execution logged in again');
			ctx.log(`logins: ${afterFirst} (first) → ${afterSecond} (reused) → ${afterExpiry} (after expiry) → ${opts.logins(sb)} (reused)`);
		},
	};
}

export interface WebhookCaseOptions<S> {
	workflowId: string;
	/** Subscriptions the sandbox holds that point at this n8n (their count after activation must be `expected`). */
	subscriptions(sandbox: S, n8nBaseUrl: string): unknown[];
	expectedSubscriptions: number;
	/** Makes the sandbox send an event (e.g. create a booking through its API). Returns what to look for. */
	fire(sandbox: S): Promise<string>;
	/** Checks the execution the event started; `marker` is what fire() returned. */
	check(execution: ExecutionSummary, marker: string, ctx: E2eContext<S>): void | Promise<void>;
	name?: string;
	/** Whether deactivation must remove the subscriptions (false for vendors without an unsubscribe call). */
	deactivationRemoves?: boolean;
}

export function webhookTriggerCase<S>(opts: WebhookCaseOptions<S>): E2eCase<S> {
	return {
		name: opts.name ?? 'webhook trigger: activation subscribes, a sandbox event starts an execution, deactivation unsubscribes',
		phase: 'server',
		kind: 'webhook',
		timeoutMs: 120_000,
		async run(ctx: E2eContext<S>) {
			const sb = ctx.sandbox.handle;
			const mine = () => opts.subscriptions(sb, ctx.app.baseUrl);
			assert(mine().length === 0, `the sandbox already has ${mine().length} subscription(s) for this n8n`);
			const known = (await ctx.app.executions(opts.workflowId)).length;
			await ctx.app.activate(opts.workflowId);
			await until(() => mine().length === opts.expectedSubscriptions, () => `${opts.expectedSubscriptions} subscription(s) registered in the sandbox (now ${mine().length})`, 30_000);
			const marker = await opts.fire(sb);
			const execution = await ctx.app.waitForExecution(opts.workflowId, known, 60_000);
			assert(execution.status === 'success', `the execution the event started ended with status ${execution.status}`);
			await opts.check(execution, marker, ctx);
			await ctx.app.deactivate(opts.workflowId);
			if (opts.deactivationRemoves !== false) {
				await until(() => mine().length === 0, () => `subscriptions removed after deactivation (still ${mine().length})`, 30_000);
			}
			ctx.log(`execution ${execution.id} (${execution.mode}); subscriptions ${opts.deactivationRemoves !== false ? 'removed' : 'left to expire'}`);
		},
	};
}

export interface PollingCaseOptions<S> {
	workflowId: string;
	/** Adds records the trigger must emit; returns their ids. */
	addRecords(sandbox: S): Promise<string[]> | string[];
	/** The id of an emitted item. */
	idOf(item: Record<string, unknown>): string;
	/** The name of the trigger node in the workflow. */
	triggerNode: string;
	name?: string;
}

/**
 * n8n polls at most once a minute and polls once at activation: the activation poll sets the cursor ("from
 * now"), the records are added, and the next scheduled poll (within ~60 s) must emit exactly them.
 */
export function pollingTriggerCase<S>(opts: PollingCaseOptions<S>): E2eCase<S> {
	return {
		name: opts.name ?? 'polling trigger: activation starts from now, the next poll emits the new records and no old ones',
		phase: 'server',
		kind: 'polling',
		timeoutMs: 200_000,
		async run(ctx: E2eContext<S>) {
			const known = (await ctx.app.executions(opts.workflowId)).length;
			// activate() returns once n8n has started the trigger, i.e. after its activation poll ("from now"):
			// the records below are new to it. An execution from the activation poll would mean old records were
			// emitted — the checks below catch that.
			await ctx.app.activate(opts.workflowId);
			const ids = await opts.addRecords(ctx.sandbox.handle);
			const execution = await ctx.app.waitForExecution(opts.workflowId, known, 150_000);
			await ctx.app.deactivate(opts.workflowId);
			const items = nodeItems({ data: execution.data } as RunData, opts.triggerNode);
			const emitted = items.map(opts.idOf);
			const missing = ids.filter((id) => !emitted.includes(id));
			const extra = emitted.filter((id) => !ids.includes(id));
			assert(missing.length === 0, `the poll did not emit the new record(s) ${missing.join(', ')}`);
			assert(extra.length === 0, `the poll emitted records that existed before activation: ${extra.join(', ')}`);
			ctx.log(`poll emitted ${emitted.length} new record(s): ${emitted.join(', ')}`);
		},
	};
}

export interface PollingRestartCaseOptions<S> {
	/** The example workflow (a polling trigger) to copy with a weekly schedule. */
	workflowId: string;
	/** The id of the weekly copy (at most 21 characters). */
	weeklyId: string;
	triggerNode: string;
	/** Adds records the trigger must emit; returns their ids. */
	addRecords(sandbox: S): Promise<string[]> | string[];
	/** The ids of what the trigger must never emit (already there at activation); called right after activation. */
	existing(sandbox: S, activatedAt: number): Set<string>;
	idOf(item: Record<string, unknown>): string;
	name?: string;
}

/**
 * A weekly schedule and a restart: the trigger is activated (its activation poll takes the baseline and emits
 * nothing), records are added, and n8n is stopped and started again before any poll emitted. A week-long
 * schedule does not poll during the test, so the first poll after activation is the one n8n runs when it starts
 * the active workflow again: it must emit exactly the records added since activation — which needs the baseline
 * in what n8n saved, not in the stopped process's memory.
 */
export function pollingRestartCase<S>(opts: PollingRestartCaseOptions<S>): E2eCase<S> {
	return {
		name:
			opts.name ??
			'polling trigger, weekly schedule: records added after activation, n8n restarted before any poll emitted: the first poll after the restart emits exactly them',
		phase: 'server',
		timeoutMs: 420_000,
		async run(ctx: E2eContext<S>) {
			const source = ctx.workflows.get(opts.workflowId);
			assert(source, `example workflow ${opts.workflowId} not found`);
			const weekday = (new Date().getDay() + 3) % 7; // never today or tomorrow: no scheduled poll during the test
			const weekly = JSON.parse(JSON.stringify(source)) as typeof source & { nodes: Array<{ parameters?: Record<string, unknown> }> };
			Object.assign(weekly, { id: opts.weeklyId, name: `${String(source.name)} (weekly)`, active: false });
			for (const node of weekly.nodes)
				if (node.parameters?.pollTimes) node.parameters.pollTimes = { item: [{ mode: 'everyWeek', hour: 3, minute: 0, weekday }] };
			const restart = async () => {
				await ctx.app.stop();
				await ctx.app.start();
				await ctx.app.setupOwner();
			};
			await ctx.app.stop();
			await ctx.app.importWorkflows([weekly]);
			await ctx.app.start();
			await ctx.app.setupOwner();

			const known = (await ctx.app.executions(opts.weeklyId)).length;
			const activatedAt = Date.now();
			await ctx.app.activate(opts.weeklyId);
			const existing = opts.existing(ctx.sandbox.handle, activatedAt);
			const ids = await opts.addRecords(ctx.sandbox.handle);
			assert((await ctx.app.executions(opts.weeklyId)).length === known, 'the activation poll started an execution: it emitted records that existed before');
			await restart();
			let emitted: string[] = [];
			try {
				const execution = await ctx.app.waitForExecution(opts.weeklyId, known, 150_000);
				assert(execution.status === 'success', `the trigger's execution ended with status ${execution.status}`);
				emitted = nodeItems({ data: execution.data } as RunData, opts.triggerNode).map(opts.idOf);
			} finally {
				await ctx.app.deactivate(opts.weeklyId);
			}
			const missing = ids.filter((id) => !emitted.includes(id));
			const twice = ids.filter((id) => emitted.filter((e) => e === id).length > 1);
			const old = emitted.filter((id) => existing.has(id));
			assert(missing.length === 0, `the first poll after the restart did not emit the record(s) added since activation: ${missing.join(', ')}`);
			assert(twice.length === 0, `emitted more than once: ${twice.join(', ')}`);
			assert(old.length === 0, `records that existed at activation were emitted: ${old.join(', ')}`);
			ctx.log(`after the restart the first poll emitted ${emitted.length} record(s): ${emitted.join(', ')}`);
		},
	};
}

/** A vendor emulator that records its webhook deliveries and sends a recorded one again, byte for byte (its retry). */
export interface Redelivering<D extends { url: string; status: number } = { url: string; status: number }> {
	readonly deliveries: D[];
	redeliver(delivery: D): Promise<D>;
}

export interface RedeliveryCaseOptions<S> {
	/** The example workflow: a webhook trigger whose Ignore Repeated Deliveries is left at its default. */
	workflowId: string;
	triggerNode: string;
	/** Whether the vendor holds the trigger's subscriptions, told by its production URL (which holds `webhookId`). */
	subscribed(sandbox: S, webhookId: string): boolean;
	/** Makes the vendor send one new delivery (a record created through its API). */
	fire(sandbox: S): Promise<void>;
}

/**
 * The vendor retries a delivery (the same body, headers and URL: the emulator's `redeliver`) after the first one was
 * answered: the example, with Ignore Repeated Deliveries at its default, starts one execution; a copy with the option
 * off (created through the public API with its own webhook id) starts two.
 */
export function webhookRedeliveryCase<S extends Redelivering>(opts: RedeliveryCaseOptions<S>): E2eCase<S> {
	return {
		name: 'webhook trigger: the vendor delivers the same event twice (a retry, byte for byte): one execution; with Ignore Repeated Deliveries off, two',
		phase: 'server',
		kind: 'webhook',
		timeoutMs: 180_000,
		async run(ctx: E2eContext<S>) {
			const source = ctx.workflows.get(opts.workflowId);
			assert(source, `example workflow ${opts.workflowId} not found`);
			const trigger = source.nodes.find((n) => n.name === opts.triggerNode);
			assert(typeof trigger?.webhookId === 'string', `the example has no webhook trigger "${opts.triggerNode}"`);
			const options = (trigger.parameters?.options ?? {}) as Record<string, unknown>;
			assert(!('ignoreRepeats' in options), 'the example sets Ignore Repeated Deliveries itself: this case proves the default');
			const copy = JSON.parse(JSON.stringify(source)) as WorkflowJson;
			const off = copy.nodes.find((n) => n.name === opts.triggerNode)!;
			off.webhookId = randomUUID();
			off.parameters = { ...off.parameters, options: { ...options, ignoreRepeats: false } };
			const created = await ctx.app.api<{ id: string }>('POST', '/workflows', {
				name: `${source.name} (repeats not ignored)`,
				nodes: copy.nodes,
				connections: copy.connections,
				settings: copy.settings ?? {},
			});
			try {
				const withDefault = await deliverTwice(ctx, opts, source.id, trigger.webhookId);
				const withOptionOff = await deliverTwice(ctx, opts, created.id, off.webhookId as string);
				assert(withDefault === 1, `the same delivery twice started ${withDefault} executions with Ignore Repeated Deliveries at its default (expected 1)`);
				assert(withOptionOff === 2, `the same delivery twice started ${withOptionOff} execution(s) with Ignore Repeated Deliveries off (expected 2)`);
				ctx.log(`delivered twice, both answered 200: ${withDefault} execution (default), ${withOptionOff} (option off)`);
			} finally {
				await ctx.app.api('DELETE', `/workflows/${created.id}`).catch(() => undefined);
			}
		},
	};
}

/** Activates the workflow, has the vendor deliver one event and then retry it; the executions it started (all finished, successful). */
async function deliverTwice<S extends Redelivering>(ctx: E2eContext<S>, opts: RedeliveryCaseOptions<S>, workflowId: string, webhookId: string): Promise<number> {
	const sb = ctx.sandbox.handle;
	const known = (await ctx.app.executions(workflowId)).length;
	await ctx.app.activate(workflowId);
	try {
		await until(() => opts.subscribed(sb, webhookId), `the vendor to hold the subscriptions of workflow ${workflowId}`, 30_000);
		const before = sb.deliveries.length;
		await opts.fire(sb);
		// Right after activation n8n may refuse a delivery (401) until the trigger's subscription is saved; the vendor
		// then retries it (its own retries, which start nothing). One of them is answered 200.
		const mine = sb.deliveries.slice(before).filter((d) => d.url.includes(webhookId));
		const answered = mine.filter((d) => d.status === 200);
		assert(answered.length === 1, `expected one delivery to workflow ${workflowId} answered 200, got ${JSON.stringify(mine.map((d) => d.status))}`);
		await ctx.app.waitForExecution(workflowId, known, 60_000);
		const again = await sb.redeliver(answered[0]);
		assert(again.status === 200, `the repeated delivery was answered ${again.status}`);
		// An execution the repeat started was stored before n8n answered it: once none is unfinished, all are listed.
		await until(async () => (await ctx.app.unfinishedExecutions(workflowId)) === 0, `the executions of workflow ${workflowId} to finish`, 60_000);
		const list = await ctx.app.executions(workflowId); // newest first
		const started = list.slice(0, list.length - known);
		const failed = started.filter((e) => e.status !== 'success');
		assert(failed.length === 0, `execution(s) of workflow ${workflowId} failed: ${failed.map((e) => `${e.id} ${e.status}`).join(', ')}`);
		return started.length;
	} finally {
		await ctx.app.deactivate(workflowId);
	}
}
