import { getRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = getRecordOperation({
	...recordKeySpec('project'),
	action: 'Get a project',
	description: 'Get one project by its key',
});
