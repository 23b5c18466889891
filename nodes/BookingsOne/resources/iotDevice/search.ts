import { PATHS } from '../../transport';
import { F, filteredSearchOperation } from '../common';

export const search = filteredSearchOperation({
	noun: 'IoT device',
	plural: 'IoT devices',
	path: PATHS.iotDevices,
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
