import { PATHS } from '../../transport';
import { getOperation, locatorProperty } from '../common';

export const get = getOperation({
	noun: 'user',
	path: PATHS.user,
	idProperty: locatorProperty('userId', 'User', 'searchUsers'),
});
