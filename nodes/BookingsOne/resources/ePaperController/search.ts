import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'e-paper controller',
	plural: 'e-paper controllers',
	path: PATHS.ePaperControllers,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'Controller IDs', 'Only these e-paper controllers'),
		F.isDeleted(),
		{
			name: 'type',
			displayName: 'Types',
			kind: 'enum',
			open: true,
			description:
				'Only controllers of these types (none chosen: any). Other types your server uses can be ' +
				'given with an expression.',
			options: [
				{ name: 'Minew Server', value: 'MinewServer' },
				{ name: 'Qbic Gateway', value: 'qbicGateway' },
			],
		},
		F.searchText('the controller names'),
	],
});
