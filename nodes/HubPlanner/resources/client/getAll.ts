import type { IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS, SORTABLE_CLIENT_FIELDS } from '../../contract';
import { hubPlannerSort, readSort } from '../../fields';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many clients',
	description: 'List clients, all of them or up to a limit',
	properties: [...returnAllProperties(), hubPlannerSort(SORTABLE_CLIENT_FIELDS)],
	async execute(this: IExecuteFunctions, i: number) {
		const sort = readSort(this, i);
		return await hubPlannerList.call(this, {
			method: 'GET',
			path: PATHS.clients,
			qs: sort.length ? { sort } : {},
			limit: readLimit(this, i),
			itemIndex: i,
		});
	},
};
