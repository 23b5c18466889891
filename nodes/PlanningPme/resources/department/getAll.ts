import { getManyRecordsOperation } from '../../../shared/builders/record';
import { PATHS } from '../../contract';
import { recordListSpec } from '../../fields';

export const operation = getManyRecordsOperation({
	...recordListSpec(PATHS.departments),
	action: 'Get many departments',
	description: 'List departments, all of them or up to a limit',
});
