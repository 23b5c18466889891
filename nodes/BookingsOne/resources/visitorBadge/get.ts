import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'visitor badge',
	description: 'Get one visitor badge by its ID or UID',
	numeric: false,
	path: PATHS.visitorBadge,
	request: bookingsOneRequest,
	readId,
	idProperty: {
		displayName: 'Badge ID or UID',
		name: 'badgeId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12 or VB-1A2B',
		description: 'The numeric ID or the UID of the visitor badge',
	},
});
