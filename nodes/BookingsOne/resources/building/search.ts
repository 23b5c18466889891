import { PATHS } from '../../transport';
import { F, filteredSearchOperation } from '../common';

export const search = filteredSearchOperation({
	noun: 'building',
	plural: 'buildings',
	path: PATHS.buildings,
	filters: [
		F.ids('id', 'Building IDs', 'Only these buildings'),
		F.isDeleted(),
		F.searchText('the building names'),
	],
});
