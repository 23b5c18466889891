import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'service item',
	path: PATHS.serviceItem,
	request: bookingsOneRequest,
	readId,
	idProperty: {
		displayName: 'Service Item ID',
		name: 'serviceItemId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3',
	},
});
