import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'IoT device',
	plural: 'IoT devices',
	path: PATHS.iotDevices,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'IoT Device IDs', 'Only these IoT devices'),
		F.strings('accessId', 'Access IDs', 'Only devices with these access IDs'),
		F.searchText('the device names'),
		{
			name: 'bookableResourceId',
			displayName: 'Bookable Resource IDs',
			kind: 'idsOrNull',
			description:
				'Only devices of these bookable resources, e.g. 1,2,3; "null" for devices without one',
		},
		F.isDeleted(),
	],
});
