import { createRecordOperation } from '../../../shared/builders/record';
import { recordCreateSpec } from '../../fields';

export const operation = createRecordOperation({
	...recordCreateSpec('project'),
	action: 'Create a project',
	description: 'Create a project',
});
