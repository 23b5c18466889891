/**
 * Workflows of the queue stage. In queue mode only triggered executions of published workflows go to the
 * workers (`n8n execute` falls back to regular mode), so a Manual Trigger example gets a published copy whose
 * first node is a Webhook of the same name — the rest of the workflow is untouched.
 */
import { randomUUID } from 'crypto';
import type { WorkflowJson } from '../../../scripts/lib/n8n';

export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

type Node = WorkflowJson['nodes'][number];

function webhookNode(name: string, webhookPath: string, position: unknown = [0, 0]): Node {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

function manualNode(name: string): Node {
	return { id: randomUUID(), name, type: MANUAL_TRIGGER, typeVersion: 1, position: [0, 0], parameters: {} };
}

/** The id of the published copy of a Manual Trigger example (n8n allows at most 21 characters). */
export function workerCopyId(id: string): string {
	return `q${id}`.slice(0, 21);
}

/** The webhook path that starts the copy. */
export function workerCopyPath(id: string): string {
	return `queue-${id.toLowerCase()}`;
}

/** A copy of a Manual Trigger workflow that a POST to /webhook/<workerCopyPath(id)> starts. */
export function onWorkers(wf: WorkflowJson): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	copy.id = workerCopyId(wf.id);
	copy.name = `${wf.name} (queue stage)`;
	copy.nodes = copy.nodes.map((n) => (n.type === MANUAL_TRIGGER ? webhookNode(n.name, workerCopyPath(wf.id), n.position) : { ...n, id: randomUUID() }));
	copy.active = false;
	delete copy.pinData;
	return copy;
}

/** PlanningPME Task → Get Many with Return All. */
function allTasksNode(name: string, position: [number, number], credential: { id: string; name: string }): Node {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-bookings.planningPme',
		typeVersion: 1,
		position,
		parameters: { resource: 'task', operation: 'getAll', returnAll: true },
		credentials: { planningPmeApi: credential },
	};
}

export interface BatchCredentials {
	pronestor: { id: string; name: string };
	planningpme: { id: string; name: string };
}

export const BATCH = { id: 'queueBatch', referenceId: 'queueBatchReference', path: 'queue-batch', pronestorNode: 'Pronestor Departments', planningPmeNode: 'PlanningPME Tasks' };

/**
 * The batch: one trigger, two branches that each read a whole list with a session/token credential —
 * Pronestor Planner (session cookie) and PlanningPME (bearer token). `trigger: 'manual'` is the same workflow
 * for `n8n execute`, the single-process reference.
 */
export function batchWorkflow(credentials: BatchCredentials, trigger: 'webhook' | 'manual'): WorkflowJson {
	const start = trigger === 'webhook' ? webhookNode('Start', BATCH.path) : manualNode('Start');
	return {
		id: trigger === 'webhook' ? BATCH.id : BATCH.referenceId,
		name: `Queue stage batch (${trigger})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			start,
			{
				id: randomUUID(),
				name: BATCH.pronestorNode,
				type: 'n8n-nodes-bookings.pronestorPlanner',
				typeVersion: 1,
				position: [240, -100],
				parameters: { resource: 'department', operation: 'getAll', returnAll: true },
				credentials: { pronestorPlannerApi: credentials.pronestor },
			},
			allTasksNode(BATCH.planningPmeNode, [240, 100], credentials.planningpme),
		],
		connections: {
			Start: {
				main: [
					[
						{ node: BATCH.pronestorNode, type: 'main', index: 0 },
						{ node: BATCH.planningPmeNode, type: 'main', index: 0 },
					],
				],
			},
		},
	};
}

export const THROUGHPUT = { id: 'queueThroughput', path: 'queue-throughput', node: 'All Tasks' };

/** Webhook → PlanningPME Task → Get Many (Return All): the throughput workflow. */
export function throughputWorkflow(credential: { id: string; name: string }): WorkflowJson {
	return {
		id: THROUGHPUT.id,
		name: 'Queue stage throughput: Return All',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			webhookNode('Start', THROUGHPUT.path),
			allTasksNode(THROUGHPUT.node, [240, 0], credential),
		],
		connections: { Start: { main: [[{ node: THROUGHPUT.node, type: 'main', index: 0 }]] } },
	};
}

