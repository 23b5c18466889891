import { getManyRecordsOperation } from '../../../shared/builders/record';
import { PATHS } from '../../contract';
import { recordListSpec } from '../../fields';

export const operation = getManyRecordsOperation({
	...recordListSpec(PATHS.records('task')),
	action: 'Get many tasks',
	description: 'List tasks, all of them or up to a limit',
});
