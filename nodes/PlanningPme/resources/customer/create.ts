import { createRecordOperation } from '../../../shared/builders/record';
import { recordCreateSpec } from '../../fields';

export const operation = createRecordOperation({
	...recordCreateSpec('customer'),
	action: 'Create a customer',
	description: 'Create a customer',
});
