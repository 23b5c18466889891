import { updateRecordOperation } from '../../../shared/builders/record';
import { recordUpdateSpec } from '../../fields';

/** Read, merge the given fields over it, PUT the whole task back (see recordUpdateSpec). */
export const operation = updateRecordOperation({
	...recordUpdateSpec('task'),
	action: 'Update a task',
	description: 'Change fields of a task; the others are kept',
});
