import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneLocator, readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'IoT device',
	path: PATHS.iotDevice,
	request: bookingsOneRequest,
	readId,
	idProperty: bookingsOneLocator('iotDeviceId', 'IoT Device', 'searchIotDevices'),
});
