import { getManyRecordsOperation } from '../../../shared/builders/record';
import { PATHS } from '../../contract';
import { recordListSpec } from '../../fields';

export const operation = getManyRecordsOperation({
	...recordListSpec(PATHS.categories),
	action: 'Get many categories',
	description: 'List categories, all of them or up to a limit',
});
