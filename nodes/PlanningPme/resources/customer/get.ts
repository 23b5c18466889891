import { getRecordOperation } from '../../../shared/builders/record';
import { recordKeySpec } from '../../fields';

export const operation = getRecordOperation({
	...recordKeySpec('customer'),
	action: 'Get a customer',
	description: 'Get one customer by its key',
});
