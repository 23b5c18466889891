import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'user',
	plural: 'users',
	path: PATHS.users,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'User IDs', 'Only these users'),
		F.ids('userGroupId', 'User Group IDs', 'Only members of these user groups'),
		F.searchText('the user names'),
		F.isDeleted(),
	],
});
