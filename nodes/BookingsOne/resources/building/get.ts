import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneLocator, readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'building',
	description: 'Get one building with its floors',
	path: PATHS.building,
	request: bookingsOneRequest,
	readId,
	idProperty: bookingsOneLocator('buildingId', 'Building', 'searchBuildings'),
});
