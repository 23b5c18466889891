import { PATHS } from '../../transport';
import { F, filteredSearchOperation } from '../common';

/** What the players (door signs, screens) of bookable resources show. */
export const search = filteredSearchOperation({
	noun: 'player content',
	plural: 'player contents',
	description: 'Find the player content (what door signs and screens show) of bookable resources',
	path: PATHS.playerContents,
	unpaged: true,
	filters: [F.ids('id', 'Bookable Resource IDs', 'Only the content of these bookable resources')],
});
