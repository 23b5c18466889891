import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { hubPlannerId, timeEntryIdProperty } from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a time entry',
	description: 'Get one time entry by its ID',
	properties: [timeEntryIdProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'timeEntryId', 'Time Entry ID', i);
		return (await hubPlannerRequest.call(this, {
			method: 'GET',
			path: PATHS.timeEntry(id),
			itemIndex: i,
		})) as IDataObject;
	},
};
