import { createRecordOperation } from '../../../shared/builders/record';
import { recordCreateSpec } from '../../fields';

export const operation = createRecordOperation({
	...recordCreateSpec('task'),
	action: 'Create a task',
	description: 'Create a task',
});
