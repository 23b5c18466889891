import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'service item',
	plural: 'service items',
	path: PATHS.serviceItems,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'Service Item IDs', 'Only these service items'),
		F.enum(
			'type',
			'Types',
			['betweenBooking', 'afterBooking'],
			'Only service items of these types (none chosen: any)',
		),
		F.ids('servicePlanId', 'Service Plan IDs', 'Only items of these service plans'),
		F.searchText('the service item names'),
	],
});
