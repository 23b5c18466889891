import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { deviceBody, deviceFields, verifiedDevice } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation: Operation = {
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
			default: '',
			placeholder: 'e.g. 4GHUG6',
			description:
				'The ID the device reports its data with; empty: Bookings ONE generates one (sent as ' +
				'null, as the API documents)',
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
		const given = String(this.getNodeParameter('accessId', i, '') ?? '').trim();
		const accessId = given === '' ? null : given;
		const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const chosen = { ...deviceBody(this, fields, i), accessId };
		const body: IDataObject = { isDeleted: false, ...chosen };
		const answer = await bookingsOneRequest.call(this, {
			method: 'POST',
			path: PATHS.iotDevices,
			body,
			itemIndex: i,
		});
		// The values the user chose must come back (isDeleted: false is only the default).
		return verifiedDevice(this, chosen, answer, 'created', i);
	},
};
