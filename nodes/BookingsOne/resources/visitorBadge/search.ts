import { PATHS } from '../../transport';
import { F, filteredSearchOperation } from '../common';

export const BADGE_STATES = ['initial', 'noShow', 'visited', 'visiting'];

export const search = filteredSearchOperation({
	noun: 'visitor badge',
	plural: 'visitor badges',
	path: PATHS.visitorBadges,
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
