import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { hubPlannerId, timeEntryIdProperty } from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a time entry',
	description: 'Delete one time entry',
	properties: [timeEntryIdProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'timeEntryId', 'Time Entry ID', i);
		await hubPlannerRequest.call(this, {
			method: 'DELETE',
			path: PATHS.timeEntry(id),
			itemIndex: i,
		});
		return { deleted: true, id };
	},
};
