import { deleteRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = deleteRecordOperation({
	...recordKeySpec('resource'),
	action: 'Delete a resource',
	description: 'Delete a resource by its key',
	outputKey: Number,
});
