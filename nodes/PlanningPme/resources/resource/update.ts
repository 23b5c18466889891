import { updateRecordOperation } from '../../../shared/builders/record';
import { recordUpdateSpec } from '../../fields';

/** Read, merge the given fields over it, PUT the whole resource back (see recordUpdateSpec). */
export const operation = updateRecordOperation({
	...recordUpdateSpec('resource'),
	action: 'Update a resource',
	description: 'Change fields of a resource; the others are kept',
});
