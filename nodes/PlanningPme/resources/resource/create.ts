import { createRecordOperation } from '../../../shared/builders/record';
import { recordCreateSpec } from '../../fields';

export const operation = createRecordOperation({
	...recordCreateSpec('resource'),
	action: 'Create a resource',
	description: 'Create a resource',
});
