import { getRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = getRecordOperation({
	...recordKeySpec('task'),
	action: 'Get a task',
	description: 'Get one task by its key',
});
