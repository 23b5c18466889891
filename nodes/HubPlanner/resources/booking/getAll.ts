import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS, SORTABLE_BOOKING_FIELDS } from '../../contract';
import { hubPlannerSort, readSort } from '../../fields';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from '../../normalize';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many bookings',
	description: 'List bookings, all of them or up to a limit',
	properties: [
		...returnAllProperties(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Deleted Bookings Only',
					name: 'deleted',
					type: 'boolean',
					default: false,
					description: 'Whether to list deleted bookings instead of current ones',
				},
				{
					displayName: 'Include Dependencies',
					name: 'dependencies',
					type: 'boolean',
					default: false,
					description: 'Whether to add parentIds and childIds to each booking',
				},
			],
		},
		hubPlannerSort(SORTABLE_BOOKING_FIELDS),
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (options.deleted) qs.deleted = true;
		if (options.dependencies) qs.dependencies = true;
		const sort = readSort(this, i);
		if (sort.length) qs.sort = sort;
		const bookings = await hubPlannerList.call(this, {
			method: 'GET',
			path: PATHS.bookings,
			qs,
			limit: readLimit(this, i),
			itemIndex: i,
		});
		return simplifyOutput(
			this,
			i,
			bookings,
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};
