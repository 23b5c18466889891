import { PATHS } from '../../transport';
import { F, filteredSearchOperation } from '../common';

export const search = filteredSearchOperation({
	noun: 'user',
	plural: 'users',
	path: PATHS.users,
	filters: [
		F.ids('id', 'User IDs', 'Only these users'),
		F.ids('userGroupId', 'User Group IDs', 'Only members of these user groups'),
		F.searchText('the user names'),
		F.isDeleted(),
	],
});
