import { getRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = getRecordOperation({
	...recordKeySpec('resource'),
	action: 'Get a resource',
	description: 'Get one resource by its key',
});
