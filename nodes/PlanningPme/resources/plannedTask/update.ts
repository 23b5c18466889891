import type { IExecuteFunctions } from 'n8n-workflow';
import { simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS, PLANNED_TASK_ALIASES } from '../../contract';
import {
	plannedTaskUpdateProperties,
	readKey,
	readPlannedTaskFields,
	updateDatedRecord,
} from '../../fields';

/**
 * PUT is taken as a full replacement (assumed, like the other entities): the entry is read, the given fields are
 * merged over it, its dates are re-sent in the node's one format, and the whole entry is sent back.
 */
export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a planned task',
	description: 'Move or change a planning entry; the fields you leave out are kept',
	properties: [...plannedTaskUpdateProperties, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'plannedTaskKey', 'Planned Task Key', i);
		return await updateDatedRecord(this, i, {
			kind: 'plannedTask',
			label: 'planned task',
			key,
			path: PATHS.plannedTask(key),
			aliases: PLANNED_TASK_ALIASES,
			readFields: readPlannedTaskFields,
		});
	},
};
