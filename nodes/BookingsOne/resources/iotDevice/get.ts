import { PATHS } from '../../transport';
import { getOperation, locatorProperty } from '../common';

export const get = getOperation({
	noun: 'IoT device',
	path: PATHS.iotDevice,
	idProperty: locatorProperty('iotDeviceId', 'IoT Device', 'searchIotDevices'),
});
