import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneLocator, readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'user',
	path: PATHS.user,
	request: bookingsOneRequest,
	readId,
	idProperty: bookingsOneLocator('userId', 'User', 'searchUsers'),
});
