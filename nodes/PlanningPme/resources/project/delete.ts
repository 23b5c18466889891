import { deleteRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = deleteRecordOperation({
	...recordKeySpec('project'),
	action: 'Delete a project',
	description: 'Delete a project by its key',
	outputKey: Number,
});
