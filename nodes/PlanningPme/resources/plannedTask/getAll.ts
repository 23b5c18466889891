import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertOrdered } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { idList, readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { listPlannedTasks } from '../../transport';
import { bookingOutput, planningZone, readDate, toWallTime } from '../common';

export const rangeProperties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'dateFrom',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2026-03-02 or {{ $now }}',
		description: 'Start of the range: an ISO 8601 date or date and time, or an expression. Plain dates and times are read in the planning time zone.',
	},
	{
		displayName: 'To',
		name: 'dateTo',
		type: 'string',
		required: true,
		default: '',
		placeholder: "2026-03-09 or {{ $now.plus({ days: 7 }) }}",
		description: 'End of the range (exclusive): entries that start before it and end after From are returned',
	},
];

/** Resource and category filters, shared with the PlanningPME Trigger. */
export const plannedTaskFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Category Names or IDs',
			name: 'categories',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getCategories' },
			default: [],
			description: 'Only entries of these categories. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Resource Names or IDs',
			name: 'resources',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getResources' },
			default: [],
			description: 'Only entries planned for these resources. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
};

export const getAll: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many planned tasks',
	description: 'List the planning entries in a date range',
	properties: [
		...rangeProperties,
		plannedTaskFilters,
		...returnAllProperties('planned tasks'),
		simplifyProperty,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = await planningZone(this);
		const from = readDate(this, 'dateFrom', 'From', i, zone);
		const to = readDate(this, 'dateTo', 'To', i, zone);
		if (!from) throw fieldError(this.getNode(), 'From', 'is empty', 'Enter the start of the range, e.g. 2026-03-02 or {{ $now }}.', i);
		if (!to) throw fieldError(this.getNode(), 'To', 'is empty', 'Enter the end of the range, e.g. 2026-03-09.', i);
		assertOrdered(this.getNode(), from, to, ['From', 'To'], i);
		const filters = this.getNodeParameter('filters', i, {}) as { resources?: unknown; categories?: unknown };
		const limit = readLimit(this, i);
		const entries = await listPlannedTasks.call(this, {
			dateFrom: toWallTime(from, zone),
			dateTo: toWallTime(to, zone),
			resources: keys(this, filters.resources, 'Resources', i),
			categories: keys(this, filters.categories, 'Categories', i),
			itemIndex: i,
		});
		// The API answers the whole range at once (no paging): Limit only trims the output.
		return bookingOutput(this, i, limit === undefined ? entries : entries.slice(0, limit), 'plannedTask', zone);
	},
};

function keys(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number[] | undefined {
	const list = idList(value);
	if (list.length === 0) return undefined;
	const bad = list.find((k) => !/^\d+$/.test(k));
	if (bad !== undefined) throw fieldError(ctx.getNode(), label, `"${bad.slice(0, 40)}" is not a key`, 'Use numeric keys, e.g. 10, 11 — or pick them from the list.', itemIndex);
	return list.map(Number);
}
