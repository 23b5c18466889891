import { getManyRecordsOperation } from '../../../shared/builders/record';
import { PATHS } from '../../contract';
import { recordListSpec } from '../../fields';

export const operation = getManyRecordsOperation({
	...recordListSpec(PATHS.records('resource')),
	action: 'Get many resources',
	description: 'List resources, all of them or up to a limit',
});
