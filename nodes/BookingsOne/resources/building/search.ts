import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'building',
	plural: 'buildings',
	path: PATHS.buildings,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'Building IDs', 'Only these buildings'),
		F.isDeleted(),
		F.searchText('the building names'),
	],
});
