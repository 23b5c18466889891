import { PATHS } from '../../transport';
import { getByIdOperation, bookingsOneLocator } from '../common';

export const get = getByIdOperation({
	noun: 'IoT device',
	path: PATHS.iotDevice,
	idProperty: bookingsOneLocator('iotDeviceId', 'IoT Device', 'searchIotDevices'),
});
