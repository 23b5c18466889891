import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { plannedTaskCreateProperties, readPlannedTaskFields, verifiedEntry } from '../../fields';
import { normalizeBooking, simplifyContract } from '../../normalize';
import { planningPmeRequest, planningZone } from '../../transport';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a planned task',
	description: 'Plan an entry for one or more resources (POST api/do)',
	properties: [...plannedTaskCreateProperties, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = await planningZone(this);
		const given: IDataObject = {
			...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
			start: this.getNodeParameter('start', i, '') as unknown,
			end: this.getNodeParameter('end', i, '') as unknown,
			resources: this.getNodeParameter('resources', i, []) as unknown,
		} as IDataObject;
		const { body } = readPlannedTaskFields(this, given, i, zone, true);
		const answer = await planningPmeRequest.call(this, {
			method: 'POST',
			path: PATHS.plannedTasks,
			body,
			itemIndex: i,
		});
		const entry = verifiedEntry(this, 'plannedTask', body, answer, 'created', zone, i);
		return simplifyOutput(
			this,
			i,
			[entry],
			(r) => normalizeBooking(r, 'plannedTask', zone),
			simplifyContract('plannedTask'),
		);
	},
};
