import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { bookingsOneRequest, PATHS } from '../../transport';
import { deviceBody, deviceFields } from './fields';

export const create: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create an IoT device',
	description:
		'Register an IoT device (for example an occupancy sensor) and link it to a bookable resource',
	properties: [
		{
			displayName: 'Access ID',
			name: 'accessId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 4GHUG6',
			description: 'The ID the device reports its data with',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: deviceFields({ withAccessId: false }),
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const accessId = requiredString(this, 'accessId', 'Access ID', i);
		const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = { isDeleted: false, ...deviceBody(this, fields, i), accessId };
		return (await bookingsOneRequest.call(this, {
			method: 'POST',
			path: PATHS.iotDevices,
			body,
			itemIndex: i,
		})) as IDataObject;
	},
};
