import { PATHS } from '../../transport';
import { getByIdOperation } from '../common';

export const get = getByIdOperation({
	noun: 'service item',
	path: PATHS.serviceItem,
	idProperty: {
		displayName: 'Service Item ID',
		name: 'serviceItemId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3',
	},
});
