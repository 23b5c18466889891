import { PATHS } from '../../transport';
import { F, filteredSearchOperation } from '../common';

export const search = filteredSearchOperation({
	noun: 'e-paper controller',
	plural: 'e-paper controllers',
	path: PATHS.ePaperControllers,
	filters: [
		F.ids('id', 'Controller IDs', 'Only these e-paper controllers'),
		F.isDeleted(),
		{
			name: 'type',
			displayName: 'Types',
			kind: 'enum',
			open: true,
			description:
				'Only controllers of these types (none chosen: any). Other types your server uses can be given with an expression.',
			options: [
				{ name: 'Minew Server', value: 'MinewServer' },
				{ name: 'Qbic Gateway', value: 'qbicGateway' },
			],
		},
		F.searchText('the controller names'),
	],
});
