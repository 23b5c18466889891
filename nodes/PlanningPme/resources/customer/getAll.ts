import { getManyRecordsOperation } from '../../../shared/builders/record';
import { PATHS } from '../../contract';
import { recordListSpec } from '../../fields';

export const operation = getManyRecordsOperation({
	...recordListSpec(PATHS.records('customer')),
	action: 'Get many customers',
	description: 'List customers, all of them or up to a limit',
});
