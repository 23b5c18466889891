import { getManyRecordsOperation } from '../../../shared/builders/record';
import { PATHS } from '../../contract';
import { recordListSpec } from '../../fields';

export const operation = getManyRecordsOperation({
	...recordListSpec(PATHS.records('project')),
	action: 'Get many projects',
	description: 'List projects, all of them or up to a limit',
});
