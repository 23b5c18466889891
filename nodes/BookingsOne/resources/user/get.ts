import { PATHS } from '../../transport';
import { getByIdOperation, bookingsOneLocator } from '../common';

export const get = getByIdOperation({
	noun: 'user',
	path: PATHS.user,
	idProperty: bookingsOneLocator('userId', 'User', 'searchUsers'),
});
