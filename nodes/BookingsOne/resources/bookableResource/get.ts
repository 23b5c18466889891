import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneLocator, readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'bookable resource',
	description: 'Get one bookable resource (room, desk or equipment) by ID',
	path: PATHS.bookableResource,
	request: bookingsOneRequest,
	readId,
	idProperty: bookingsOneLocator(
		'bookableResourceId',
		'Bookable Resource',
		'searchBookableResources',
	),
});
