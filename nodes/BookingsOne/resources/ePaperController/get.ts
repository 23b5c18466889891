import { PATHS } from '../../transport';
import { getByIdOperation } from '../common';

export const get = getByIdOperation({
	noun: 'e-paper controller',
	description: 'Get one e-paper controller with its tags',
	path: PATHS.ePaperController,
	idProperty: {
		displayName: 'Controller ID',
		name: 'controllerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1',
	},
});
