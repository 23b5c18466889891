import { PATHS } from '../../transport';
import { getByIdOperation, bookingsOneLocator } from '../common';

export const get = getByIdOperation({
	noun: 'bookable resource',
	description: 'Get one bookable resource (room, desk or equipment) by ID',
	path: PATHS.bookableResource,
	idProperty: bookingsOneLocator(
		'bookableResourceId',
		'Bookable Resource',
		'searchBookableResources',
	),
});
