import { deleteRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = deleteRecordOperation({
	...recordKeySpec('task'),
	action: 'Delete a task',
	description: 'Delete a task by its key',
	outputKey: Number,
});
