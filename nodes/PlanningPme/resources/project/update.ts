import { updateRecordOperation } from '../../../shared/builders/record';
import { recordUpdateSpec } from '../../fields';

/** Read, merge the given fields over it, PUT the whole project back (see recordUpdateSpec). */
export const operation = updateRecordOperation({
	...recordUpdateSpec('project'),
	action: 'Update a project',
	description: 'Change fields of a project; the others are kept',
});
