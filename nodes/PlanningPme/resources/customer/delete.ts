import { deleteRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = deleteRecordOperation({
	...recordKeySpec('customer'),
	action: 'Delete a customer',
	description: 'Delete a customer by its key',
	outputKey: Number,
});
