import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertOrdered } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { listPlannedTasks, requestDate } from '../../transport';
import {
	normalizeBooking,
	plannedTaskFilters,
	planningZone,
	readDate,
	readKeyList,
	simplifyContract,
} from '../../common';

export const rangeProperties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'dateFrom',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2026-03-02 or {{ $now }}',
		description:
			'Start of the range: an ISO 8601 date or date and time, or an expression. Plain dates and times are read in the planning time zone.',
	},
	{
		displayName: 'To',
		name: 'dateTo',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2026-03-09 or {{ $now.plus({ days: 7 }) }}',
		description:
			'End of the range (exclusive): entries that start before it and end after From are returned',
	},
];

export const getAll: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many planned tasks',
	description: 'List the planning entries in a date range',
	properties: [
		...rangeProperties,
		plannedTaskFilters,
		...returnAllProperties(),
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = await planningZone(this);
		const from = readDate(this, 'dateFrom', 'From', i, zone);
		const to = readDate(this, 'dateTo', 'To', i, zone);
		if (!from)
			throw fieldError(
				this.getNode(),
				'From',
				'is empty',
				'Enter the start of the range, e.g. 2026-03-02 or {{ $now }}.',
				i,
			);
		if (!to)
			throw fieldError(
				this.getNode(),
				'To',
				'is empty',
				'Enter the end of the range, e.g. 2026-03-09.',
				i,
			);
		assertOrdered(this.getNode(), from, to, ['From', 'To'], i);
		const filters = this.getNodeParameter('filters', i, {}) as {
			resources?: unknown;
			categories?: unknown;
		};
		const limit = readLimit(this, i);
		const entries = await listPlannedTasks.call(this, {
			dateFrom: requestDate(from, zone),
			dateTo: requestDate(to, zone),
			resources: readKeyList(this.getNode(), filters.resources, 'Resources', i),
			categories: readKeyList(this.getNode(), filters.categories, 'Categories', i),
			itemIndex: i,
		});
		// The API answers the whole range at once (no paging): Limit only trims the output.
		return simplifyOutput(
			this,
			i,
			limit === undefined ? entries : entries.slice(0, limit),
			(r) => normalizeBooking(r, 'plannedTask', zone),
			simplifyContract('plannedTask'),
		);
	},
};
