import { PATHS } from '../../transport';
import { getOperation, locatorProperty } from '../common';

export const get = getOperation({
	noun: 'building',
	description: 'Get one building with its floors',
	path: PATHS.building,
	idProperty: locatorProperty('buildingId', 'Building', 'searchBuildings'),
});
