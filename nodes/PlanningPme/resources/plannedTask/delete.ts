import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { plannedTaskKeyProperty, readKey } from '../../fields';
import { planningPmeRequest } from '../../transport';

export const operation: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a planned task',
	description: 'Delete a planning entry by its key (DELETE api/do/{key})',
	properties: [plannedTaskKeyProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'plannedTaskKey', 'Planned Task Key', i);
		await planningPmeRequest.call(this, {
			method: 'DELETE',
			path: PATHS.plannedTask(key),
			itemIndex: i,
		});
		return { deleted: true, key: Number(key) };
	},
};
