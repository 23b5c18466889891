/**
 * The restarts phase: every polling trigger at once in one n8n, through a graceful restart and a SIGKILL.
 *
 * Each vendor lists its polling triggers with `restartTrigger({...})` (one line per trigger in its
 * test/e2e/vendors file). The phase imports a copy of each trigger's example workflow (the same trigger node and
 * schedule, then a Code node that collects the emitted items and an HTTP Request node that calls the test's gate,
 * test/e2e/lib/gate.ts) and runs two cases over all copies together:
 * (a) activate every copy, stop n8n (SIGTERM) right after — before any poll emitted —, add records to every
 *     emulator while it is down, start it: each trigger emits exactly the added records, once;
 * (b) hold the gate, add records, wait until each copy's execution carrying them is at the gate (the vendor
 *     answered, the poll returned, n8n saved the trigger's static data and stored the running execution),
 *     SIGKILL n8n and its task runner, start it, let every trigger poll again: across both processes every record
 *     is emitted exactly once, counted over all executions of any status (and, where n8n kept no items for a
 *     killed execution, over what that execution sent to the gate before the kill — reported, not hidden).
 */
import type { N8nApp, WorkflowJson } from '../../../scripts/lib/n8n';
import { until } from '../../../scripts/lib/n8n';
import type { Gate } from './gate';
import type { RunningSandbox } from './types';

export interface RestartTriggerOptions<S> {
	/** The example workflow whose polling trigger is copied (same node, parameters, credentials, schedule). */
	workflowId: string;
	triggerNode: string;
	/** The emulator requests this trigger's polls make (to see a later poll after the restart). */
	pollPath: RegExp;
	/** Adds records the trigger must emit (called once per case); returns their ids. */
	addRecords(sandbox: S): Promise<string[]> | string[];
	/** The id of an emitted item. */
	idOf(item: Record<string, unknown>): string;
	/**
	 * Options set on the copy's trigger (merged over the example's). A trigger that watches a window moving with
	 * the clock emits a record the window reaches by the passage of time — rightly, but not a record the test
	 * added: its copy gets a window whose moving edge lies beyond everything the emulator holds.
	 */
	options?: Record<string, unknown>;
}

export type RestartTrigger<S = unknown> = RestartTriggerOptions<S> & { kind: 'restarts' };

export function restartTrigger<S>(opts: RestartTriggerOptions<S>): RestartTrigger<S> {
	return { ...opts, kind: 'restarts' };
}

interface Subject {
	label: string;
	trigger: RestartTrigger;
	sandbox: RunningSandbox;
	copy: WorkflowJson;
	added: { down: string[]; kill: string[] };
	/** Execution id → items the killed executions sent to the gate before the kill. */
	killedAtGate: Map<string, string[]>;
}

interface StoredExecution {
	id: string | number;
	status?: string;
	finished?: boolean;
	data?: {
		resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> };
		executionData?: { nodeExecutionStack?: Array<{ node?: { name?: string }; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }> };
	};
}

interface Publication {
	status: string;
	triggers: Array<{ status: string }>;
}

/** Every emulator (test/sandbox/framework.ts) logs its requests. */
interface Polled {
	requests(path: RegExp): Array<{ at: number }>;
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Items the trigger node emitted in a stored execution: its run data, else the stack n8n had not worked off. */
function storedItems(e: StoredExecution, node: string): { items: Array<Record<string, unknown>>; from: string } {
	const runs = e.data?.resultData?.runData?.[node] ?? [];
	// After a crash n8n's recovery writes a placeholder item ({ isArtificialRecoveredEventItem: true }) for a node
	// the event log shows finished: it is not what the node emitted.
	const ran = runs
		.flatMap((r) => r.data?.main?.[0] ?? [])
		.map((i) => i.json)
		.filter((j) => !j?.isArtificialRecoveredEventItem);
	if (ran.length) return { items: ran, from: 'run data' };
	const stack = e.data?.executionData?.nodeExecutionStack ?? [];
	const queued = stack.filter((s) => s.node?.name === node).flatMap((s) => s.data?.main?.[0] ?? []).map((i) => i.json);
	return { items: queued, from: queued.length ? "the stored execution's start data" : 'none' };
}

export class RestartsPhase {
	private readonly subjects: Subject[] = [];

	constructor(
		private readonly app: N8nApp,
		private readonly gate: Gate,
	) {}

	get size(): number {
		return this.subjects.length;
	}

	/** Adds a vendor's triggers; returns the copies to import (before n8n starts). */
	add(vendor: string, triggers: RestartTrigger[], sandbox: RunningSandbox, examples: WorkflowJson[]): WorkflowJson[] {
		return triggers.map((trigger) => {
			const source = examples.find((w) => w.id === trigger.workflowId);
			assert(source, `restarts: example workflow ${trigger.workflowId} of ${vendor} not found`);
			const node = (source.nodes as Array<Record<string, unknown>>).find((n) => n.name === trigger.triggerNode);
			assert(node, `restarts: ${trigger.workflowId} has no node "${trigger.triggerNode}"`);
			const parameters = node.parameters as Record<string, unknown>;
			const watched = trigger.options
				? {
						...node,
						parameters: {
							...parameters,
							options: { ...((parameters.options as object) ?? {}), ...trigger.options },
						},
					}
				: node;
			const copy = this.copyOf(`rst${vendor.slice(0, 8)}${this.subjects.length}`, source, watched);
			this.subjects.push({
				label: `${vendor} ${trigger.triggerNode}`,
				trigger,
				sandbox,
				copy,
				added: { down: [], kill: [] },
				killedAtGate: new Map(),
			});
			return copy;
		});
	}

	private copyOf(id: string, source: WorkflowJson, trigger: Record<string, unknown>): WorkflowJson {
		const name = String(trigger.name);
		return {
			id,
			name: `restarts: ${String(source.name)}`,
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{ ...JSON.parse(JSON.stringify(trigger)), position: [0, 0] },
				{
					id: `${id}-collect`,
					name: 'Collect',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
					parameters: {
						mode: 'runOnceForAllItems',
						jsCode:
							'return [{ json: { workflowId: $workflow.id, executionId: $execution.id, ' +
							'items: $input.all().map((i) => i.json) } }];',
					},
				},
				{
					id: `${id}-gate`,
					name: 'Gate',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [440, 0],
					parameters: {
						method: 'POST',
						url: this.gate.url,
						sendBody: true,
						specifyBody: 'json',
						jsonBody: '={{ JSON.stringify($json) }}',
						options: { timeout: 600_000 },
					},
				},
			],
			connections: {
				[name]: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] },
				Collect: { main: [[{ node: 'Gate', type: 'main', index: 0 }]] },
			},
			pinData: {},
		} as WorkflowJson;
	}

	private async restart(kill: boolean): Promise<number> {
		const started = Date.now();
		if (kill) await this.app.kill();
		else await this.app.stop();
		await this.app.start();
		await this.app.setupOwner();
		return Date.now() - started;
	}

	private async executionsOf(s: Subject): Promise<StoredExecution[]> {
		return (await this.app.executions(String(s.copy.id))) as unknown as StoredExecution[];
	}

	/** Per record id: the executions (by id) that emitted it, from n8n's store and, for killed ones, the gate. */
	private async emissions(s: Subject): Promise<{ by: Map<string, string[]>; executions: StoredExecution[] }> {
		const executions = await this.executionsOf(s);
		const by = new Map<string, string[]>();
		const note = (id: string, execution: string) => by.set(id, [...(by.get(id) ?? []), execution]);
		const stored = new Set<string>();
		for (const e of executions) {
			const { items } = storedItems(e, s.trigger.triggerNode);
			if (items.length) stored.add(String(e.id));
			for (const item of items) note(s.trigger.idOf(item), String(e.id));
		}
		for (const [execution, ids] of s.killedAtGate) {
			if (stored.has(execution)) continue;
			for (const id of ids) note(id, `${execution} (lost by n8n, seen at the gate)`);
		}
		return { by, executions };
	}

	/** (a) activation, SIGTERM before any poll emitted, records added while down, start: each emitted once. */
	async restartBeforeFirstEmit(log: (m: string) => void): Promise<void> {
		const started = Date.now();
		this.gate.open();
		for (const s of this.subjects) await this.app.activate(String(s.copy.id));
		for (const s of this.subjects) {
			const n = (await this.executionsOf(s)).length;
			assert(n === 0, `${s.label}: the activation poll started ${n} execution(s): it emitted records that existed before`);
		}
		await this.app.stop();
		for (const s of this.subjects) s.added.down = await s.trigger.addRecords(s.sandbox.handle);
		const restartMs = await this.restart(false);
		const missing = () =>
			this.subjects.map((s) => `${s.label}: waiting for ${s.added.down.join(', ')}`).join('; ');
		await until(
			async () => {
				for (const s of this.subjects) {
					const { by } = await this.emissions(s);
					if (!s.added.down.every((id) => by.has(id))) return false;
				}
				return true;
			},
			missing,
			150_000,
		);
		const failures: string[] = [];
		for (const s of this.subjects) {
			const { by } = await this.emissions(s);
			const added = new Set(s.added.down);
			const twice = [...by].filter(([, e]) => e.length > 1).map(([id, e]) => `${id} in ${e.join(', ')}`);
			const other = [...by.keys()].filter((id) => !added.has(id));
			if (twice.length) failures.push(`${s.label}: emitted more than once: ${twice.join('; ')}`);
			if (other.length) failures.push(`${s.label}: emitted records not added while n8n was down: ${other.join(', ')}`);
			log(`${s.label}: added while down ${s.added.down.join(', ')} → emitted once (${[...by.values()].flat().join(', ')})`);
		}
		log(`restart (SIGTERM → ready) ${seconds(restartMs)}; case ${seconds(Date.now() - started)}`);
		assert(failures.length === 0, failures.join('\n'));
	}

	/** (b) SIGKILL while every trigger's execution with new records waits at the gate; then every record once. */
	async killMidExecution(log: (m: string) => void): Promise<void> {
		const started = Date.now();
		this.gate.hold();
		const gateFrom = this.gate.calls.length;
		for (const s of this.subjects) s.added.kill = await s.trigger.addRecords(s.sandbox.handle);
		const atGate = (s: Subject) =>
			this.gate.calls.slice(gateFrom).filter((c) => c.workflowId === String(s.copy.id));
		const arrived = (s: Subject) => {
			const ids = atGate(s).flatMap((c) => c.items.map((i) => s.trigger.idOf(i)));
			return s.added.kill.every((id) => ids.includes(id));
		};
		await until(
			() => this.subjects.every(arrived),
			() => `every trigger's execution with its new records at the gate (missing: ${this.subjects.filter((x) => !arrived(x)).map((x) => x.label).join(', ')})`,
			150_000,
		);
		for (const s of this.subjects) {
			for (const c of atGate(s)) s.killedAtGate.set(c.executionId, c.items.map((i) => s.trigger.idOf(i)));
		}
		const restartMs = await this.restart(true);
		this.gate.open();
		// The start's activation poll reads the state n8n saved before the kill. Wait until each copy's trigger is
		// active again (its activation poll done) and polled once more after that: an execution the activation
		// poll started exists by then.
		const again = async (s: Subject) => {
			const id = String(s.copy.id);
			await until(
				async () => {
					const st = await this.app.rest<Publication>('GET', `/workflows/${id}/publication-status`);
					return st.status !== 'in_progress' && st.triggers.length > 0 && st.triggers.every((t) => t.status === 'activated');
				},
				`${s.label}: its trigger active again after the restart`,
				120_000,
			);
			const seenAt = Date.now();
			await until(
				() => (s.sandbox.handle as Polled).requests(s.trigger.pollPath).some((r) => r.at > seenAt),
				`${s.label}: a scheduled poll after the restart`,
				90_000,
			);
		};
		await Promise.all(this.subjects.map(again));
		const failures: string[] = [];
		for (const s of this.subjects) {
			const { by, executions } = await this.emissions(s);
			const added = new Set([...s.added.down, ...s.added.kill]);
			for (const id of added) {
				const n = by.get(id)?.length ?? 0;
				if (n !== 1) failures.push(`${s.label}: ${id} emitted ${n} times (${(by.get(id) ?? []).join(', ') || 'never'})`);
			}
			const other = [...by.keys()].filter((id) => !added.has(id));
			if (other.length) failures.push(`${s.label}: emitted records the test never added: ${other.join(', ')}`);
			const killed = [...s.killedAtGate.keys()].map((eid) => {
				const e = executions.find((x) => String(x.id) === eid);
				if (!e) return `${eid}: not stored`;
				const { items, from } = storedItems(e, s.trigger.triggerNode);
				return `${eid}: status ${e.status ?? '?'}, ${items.length} item(s) kept (${from})`;
			});
			const after = executions.filter((e) => !s.killedAtGate.has(String(e.id)) && storedItems(e, s.trigger.triggerNode).items.some((i) => s.added.kill.includes(s.trigger.idOf(i))));
			log(`${s.label}: added ${s.added.kill.join(', ')}; killed execution(s) ${killed.join('; ')}; re-emitted after the restart: ${after.length ? after.map((e) => e.id).join(', ') : 'none'}`);
		}
		log(`SIGKILL → ready ${seconds(restartMs)}; case ${seconds(Date.now() - started)}`);
		for (const s of this.subjects) await this.app.deactivate(String(s.copy.id)).catch(() => undefined);
		assert(failures.length === 0, failures.join('\n'));
	}
}
