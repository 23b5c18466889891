import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS, SORTABLE_TIME_ENTRY_FIELDS } from '../../contract';
import { hubPlannerSort, readSort } from '../../fields';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many time entries',
	description: 'List time entries, all of them or up to a limit (paged as Hub Planner documents)',
	properties: [...returnAllProperties(), hubPlannerSort(SORTABLE_TIME_ENTRY_FIELDS)],
	async execute(this: IExecuteFunctions, i: number) {
		const sort = readSort(this, i);
		const qs: IDataObject = sort.length ? { sort } : {};
		return await hubPlannerList.call(this, {
			method: 'GET',
			path: PATHS.timeEntries,
			qs,
			limit: readLimit(this, i),
			itemIndex: i,
		});
	},
};
