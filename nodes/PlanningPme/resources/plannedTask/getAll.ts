import type { IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { plannedTaskFilters, rangeProperties, readDate, readKeyList } from '../../fields';
import { normalizeBooking, simplifyContract } from '../../normalize';
import { listPlannedTasks, planningZone, requestDate } from '../../transport';

export const operation: Operation = {
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
