import { ACCESS_KEY_TYPES, PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneWholeList } from '../../transport';

/** Access control: the keys (one-time, static, daily) that open a bookable resource. */
export const operation = filteredSearchOperation({
	noun: 'access key',
	plural: 'access keys',
	description:
		'Find the access keys (one-time, static, daily) of bookable resources, for access control integrations',
	path: PATHS.accessList,
	list: bookingsOneWholeList,
	filters: [
		F.ids(
			'bookableResourceId',
			'Bookable Resource IDs',
			'Only the keys of these bookable resources',
		),
		F.openEnum('type', 'Types', ACCESS_KEY_TYPES, 'Only keys of these types (none chosen: any)'),
	],
});
