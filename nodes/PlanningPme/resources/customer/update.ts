import { updateRecordOperation } from '../../../shared/builders/record';
import { recordUpdateSpec } from '../../fields';

/** Read, merge the given fields over it, PUT the whole customer back (see recordUpdateSpec). */
export const operation = updateRecordOperation({
	...recordUpdateSpec('customer'),
	action: 'Update a customer',
	description: 'Change fields of a customer; the others are kept',
});
