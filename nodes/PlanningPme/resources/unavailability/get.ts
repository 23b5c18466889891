import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { readKey, unavailabilityKeyProperty } from '../../fields';
import { normalizeBooking, simplifyContract } from '../../normalize';
import { planningPmeRequest, planningZone } from '../../transport';

export const operation: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get an unavailability',
	description: 'Get one unavailability (absence) by its key',
	properties: [unavailabilityKeyProperty, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'unavailabilityKey', 'Unavailability Key', i);
		const record = (await planningPmeRequest.call(this, {
			method: 'GET',
			path: PATHS.unavailability(key),
			itemIndex: i,
		})) as IDataObject;
		const zone = await planningZone(this);
		return simplifyOutput(
			this,
			i,
			[record],
			(r) => normalizeBooking(r, 'unavailability', zone),
			simplifyContract('unavailability'),
		);
	},
};
