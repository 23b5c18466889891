import { PATHS } from '../../transport';
import { getByIdOperation, bookingsOneLocator } from '../common';

export const get = getByIdOperation({
	noun: 'building',
	description: 'Get one building with its floors',
	path: PATHS.building,
	idProperty: bookingsOneLocator('buildingId', 'Building', 'searchBuildings'),
});
