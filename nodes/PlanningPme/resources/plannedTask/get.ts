import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { plannedTaskKeyProperty, readKey } from '../../fields';
import { normalizeBooking, simplifyContract } from '../../normalize';
import { planningPmeRequest, planningZone } from '../../transport';

export const operation: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a planned task',
	description: 'Get one planning entry by its key',
	properties: [plannedTaskKeyProperty, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'plannedTaskKey', 'Planned Task Key', i);
		const entry = (await planningPmeRequest.call(this, {
			method: 'GET',
			path: PATHS.plannedTask(key),
			itemIndex: i,
		})) as IDataObject;
		const zone = await planningZone(this);
		return simplifyOutput(
			this,
			i,
			[entry],
			(r) => normalizeBooking(r, 'plannedTask', zone),
			simplifyContract('plannedTask'),
		);
	},
};
