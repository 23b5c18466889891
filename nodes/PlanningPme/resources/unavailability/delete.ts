import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { readKey, unavailabilityKeyProperty } from '../../fields';
import { planningPmeRequest } from '../../transport';

export const operation: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete an unavailability',
	description: 'Delete an absence by its key (DELETE api/unavailability/{key})',
	properties: [unavailabilityKeyProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'unavailabilityKey', 'Unavailability Key', i);
		await planningPmeRequest.call(this, {
			method: 'DELETE',
			path: PATHS.unavailability(key),
			itemIndex: i,
		});
		return { deleted: true, key: Number(key) };
	},
};
