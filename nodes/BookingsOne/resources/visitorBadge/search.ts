import { BADGE_STATES, PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'visitor badge',
	plural: 'visitor badges',
	path: PATHS.visitorBadges,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'Badge IDs', 'Only these visitor badges'),
		F.strings('uid', 'Badge UIDs', 'Only badges with these UIDs'),
		F.from(),
		F.to(),
		F.strings(
			'registrationCode',
			'Registration Codes',
			'Only badges with these registration codes, e.g. ABCDEF',
		),
		F.ids('buildingId', 'Building IDs', 'Only badges for these buildings'),
		F.enum('state', 'States', BADGE_STATES, 'Only badges in these states (none chosen: any)'),
	],
});
