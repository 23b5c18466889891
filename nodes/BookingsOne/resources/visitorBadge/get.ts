import { PATHS } from '../../transport';
import { getByIdOperation } from '../common';

export const get = getByIdOperation({
	noun: 'visitor badge',
	description: 'Get one visitor badge by its ID or UID',
	numeric: false,
	path: PATHS.visitorBadge,
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
