import { PATHS } from '../../transport';
import { getOperation, locatorProperty } from '../common';

export const get = getOperation({
	noun: 'bookable resource',
	description: 'Get one bookable resource (room, desk or equipment) by ID',
	path: PATHS.bookableResource,
	idProperty: locatorProperty('bookableResourceId', 'Bookable Resource', 'searchBookableResources'),
});
