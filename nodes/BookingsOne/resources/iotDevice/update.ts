import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import type { Operation } from '../../../shared/types';
import { fieldValue } from '../../../shared/fieldReader';
import { DEVICE_FIELDS, PATHS } from '../../contract';
import { bookingsOneLocator, deviceBody, deviceFields, readId, verifiedDevice } from '../../fields';
import { bookingsOneRequest } from '../../transport';

/**
 * The update call takes the whole device, so the node reads it first and sends it back with the chosen
 * fields changed: fields left out keep their values.
 */
export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update an IoT device',
	description:
		'Change the name, access ID, bookable resource or deleted flag of an IoT device; other fields stay as they are',
	properties: [
		bookingsOneLocator('iotDeviceId', 'IoT Device', 'searchIotDevices'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: deviceFields({ withAccessId: true }),
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const id = readId(this, 'iotDeviceId', 'IoT Device', i);
		const changes = deviceBody(
			this,
			this.getNodeParameter('updateFields', i, {}) as IDataObject,
			i,
		);
		if (Object.keys(changes).length === 0) {
			throw fieldError(
				this.getNode(),
				'Update Fields',
				'is empty',
				'Add at least one field to change.',
				i,
			);
		}
		const current = (await bookingsOneRequest.call(this, {
			method: 'GET',
			path: PATHS.iotDevice(id),
			itemIndex: i,
		})) as IDataObject;
		// The device as the server answered it, read in any case or word style (the shared field reader).
		const D = DEVICE_FIELDS;
		const resourceId = fieldValue(current, D.bookableResource);
		const body: IDataObject = {
			id: (fieldValue(current, 'id') as IDataObject[string]) ?? Number(id),
			accessId: (fieldValue(current, D.accessId) as IDataObject[string]) ?? null,
			name: (fieldValue(current, D.name) as IDataObject[string]) ?? null,
			bookableResource: resourceId !== undefined ? { id: resourceId as IDataObject[string] } : null,
			isDeleted: fieldValue(current, D.isDeleted) === true,
			...changes,
		};
		const answer = await bookingsOneRequest.call(this, {
			method: 'PUT',
			path: PATHS.iotDevice(id),
			body,
			itemIndex: i,
		});
		return verifiedDevice(this, changes, answer, 'updated', i);
	},
};
