import { PATHS } from '../../contract';
import { getByIdOperation } from '../../../shared/builders/filteredSearch';
import { readId } from '../../fields';
import { bookingsOneRequest } from '../../transport';

export const operation = getByIdOperation({
	noun: 'e-paper controller',
	description: 'Get one e-paper controller with its tags',
	path: PATHS.ePaperController,
	request: bookingsOneRequest,
	readId,
	idProperty: {
		displayName: 'Controller ID',
		name: 'controllerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1',
	},
});
