import type { IExecuteFunctions } from 'n8n-workflow';
import { simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS, UNAVAILABILITY_ALIASES } from '../../contract';
import {
	readKey,
	readUnavailabilityFields,
	unavailabilityUpdateProperties,
	updateDatedRecord,
} from '../../fields';

/** Read, merge the given fields over it (dates re-sent in the node's one format), PUT the whole record (assumed). */
export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update an unavailability',
	description: 'Change an absence; the fields you leave out are kept',
	properties: [...unavailabilityUpdateProperties, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'unavailabilityKey', 'Unavailability Key', i);
		return await updateDatedRecord(this, i, {
			kind: 'unavailability',
			label: 'unavailability',
			key,
			path: PATHS.unavailability(key),
			aliases: UNAVAILABILITY_ALIASES,
			readFields: readUnavailabilityFields,
		});
	},
};
