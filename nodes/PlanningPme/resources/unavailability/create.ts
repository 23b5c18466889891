import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import {
	readUnavailabilityFields,
	unavailabilityCreateProperties,
	verifiedEntry,
} from '../../fields';
import { normalizeBooking, simplifyContract } from '../../normalize';
import { planningPmeRequest, planningZone } from '../../transport';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create an unavailability',
	description: 'Record an absence of a resource (POST api/unavailability)',
	properties: [...unavailabilityCreateProperties, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = await planningZone(this);
		const given: IDataObject = {
			...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
			resource: this.getNodeParameter('resourceKey', i, '') as unknown,
			start: this.getNodeParameter('start', i, '') as unknown,
			end: this.getNodeParameter('end', i, '') as unknown,
		} as IDataObject;
		const { body } = readUnavailabilityFields(this, given, i, zone, true);
		const answer = await planningPmeRequest.call(this, {
			method: 'POST',
			path: PATHS.unavailabilities,
			body,
			itemIndex: i,
		});
		const record = verifiedEntry(this, 'unavailability', body, answer, 'created', zone, i);
		return simplifyOutput(
			this,
			i,
			[record],
			(r) => normalizeBooking(r, 'unavailability', zone),
			simplifyContract('unavailability'),
		);
	},
};
