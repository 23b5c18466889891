import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type INode,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { withNormalized } from '../shared/normalize';
import { carryState, restoreState } from '../shared/poll';
import { getCategories, getResources } from './methods/loadOptions';
import { normalizeBooking, planningZone, toWallTime } from './resources/common';
import { plannedTaskFilters } from './resources/plannedTask/getAll';
import { listPlannedTasks } from './transport';
import { changeTracker, pollTicket, versionOf } from './tracker';

export class PlanningPmeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PlanningPME Trigger',
		name: 'planningPmeTrigger',
		icon: { light: 'file:../../icons/planningpme.svg', dark: 'file:../../icons/planningpme.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"next " + $parameter["windowDays"] + " days"}}',
		description: 'Starts the workflow when planned tasks are added to or changed in the coming days',
		defaults: { name: 'PlanningPME Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'planningPmeApi', required: true }],
		properties: [
			{
				displayName:
					'Watches the planned tasks from the start of today to the end of the window. On activation it remembers what is planned now and then emits each new entry once and each changed entry once per change.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Window (Days Ahead)',
				name: 'windowDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 366 },
				default: 14,
				description: 'How many days ahead, from the start of today in the planning time zone, to watch',
			},
			plannedTaskFilters,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Existing Entries on Activation',
						name: 'emitExisting',
						type: 'boolean',
						default: false,
						description: 'Whether the first poll emits every entry already in the window instead of only remembering them',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: false,
						description: 'Whether to add a "normalized" object with the booking fields shared by every vendor next to the original fields',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getResources, getCategories } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const windowDays = this.getNodeParameter('windowDays', 14) as number;
		if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 366) {
			throw new NodeOperationError(this.getNode(), `Window (Days Ahead) must be a whole number from 1 to 366 (got ${windowDays})`, {
				description: 'Enter how many days ahead to watch, for example 14.',
			});
		}
		const filters = this.getNodeParameter('filters', {}) as { resources?: unknown; categories?: unknown };
		const options = this.getNodeParameter('options', {}) as { emitExisting?: boolean; simplify?: boolean };
		const zone = await planningZone(this);
		const from = DateTime.now().setZone(zone).startOf('day');
		const to = from.plus({ days: windowDays });
		// Taken before the request: orders this poll's answer against an overlapping poll's (see tracker.ts).
		const ticket = pollTicket();
		const entries = await listPlannedTasks.call(this, {
			dateFrom: toWallTime(from, zone),
			dateTo: toWallTime(to, zone),
			resources: keys(this.getNode(), filters.resources),
			categories: keys(this.getNode(), filters.categories),
		});
		const output = (list: Array<{ entry: IDataObject; change: string }>) =>
			list.map(({ entry, change }) => {
				const json = { ...entry, changeType: change };
				return { json: options.simplify ? withNormalized(json, (r) => normalizeBooking(r, 'plannedTask', zone)) : json };
			});

		if (this.getMode() === 'manual') {
			// "Fetch test event": a sample, the state untouched.
			const sample = entries.slice(0, 5).map((entry) => ({ entry, change: 'new' }));
			return sample.length ? [output(sample)] : null;
		}

		// Read the state only now, after the request: an overlapping poll that finished meanwhile is seen.
		const state = this.getWorkflowStaticData('node');
		restoreState(this, state);
		const fresh = changeTracker(state, ticket).take(
			entries.map((entry) => ({ key: String(entry.key), version: versionOf(entry), record: entry })),
			{ emitOnFirstRun: options.emitExisting === true },
		);
		carryState(this, state);
		if (fresh.length === 0) return null;
		return [output(fresh.map((f) => ({ entry: f.record, change: f.change })))];
	}
}

function keys(node: INode, value: unknown): number[] | undefined {
	const list = (Array.isArray(value) ? value : String(value ?? '').split(',')).map((v) => String(v).trim()).filter(Boolean);
	if (list.length === 0) return undefined;
	const bad = list.find((k) => !/^\d+$/.test(k));
	if (bad !== undefined) {
		throw new NodeOperationError(node, `Filter key "${bad.slice(0, 40)}" is not a number`, { description: 'Use numeric keys or pick them from the list.' });
	}
	return list.map(Number);
}
