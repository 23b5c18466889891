import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'bookable resource',
	plural: 'bookable resources',
	path: PATHS.bookableResources,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'Bookable Resource IDs', 'Only these bookable resources'),
		F.enum(
			'type',
			'Types',
			['room', 'desk', 'equipment'],
			'Only these kinds of resource (none chosen: any)',
		),
		F.openEnum(
			'category',
			'Categories',
			['meetingRoom', 'phoneBooth'],
			'Only these categories (none chosen: any)',
		),
		F.strings(
			'accessId',
			'Access IDs',
			'Only resources with these access IDs, e.g. Room101,Desk101',
		),
		F.isDeleted(),
		F.searchText('the resource names'),
		{
			name: 'floorId',
			displayName: 'Floor IDs',
			kind: 'idsOrNull',
			description:
				'Only resources on these floors, e.g. 1,2,3; "null" for resources without a floor',
		},
		{
			name: 'minCapacity',
			displayName: 'Min Capacity',
			kind: 'number',
			description:
				'Only resources with a capacity of at least this (Bookings ONE: larger than the value)',
		},
		{
			name: 'maxCapacity',
			displayName: 'Max Capacity',
			kind: 'number',
			description:
				'Only resources with a capacity of at most this (Bookings ONE: less than the value)',
		},
	],
});
