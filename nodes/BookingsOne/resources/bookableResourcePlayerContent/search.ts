import { PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneWholeList } from '../../transport';

/** What the players (door signs, screens) of bookable resources show. */
export const operation = filteredSearchOperation({
	noun: 'player content',
	plural: 'player contents',
	description: 'Find the player content (what door signs and screens show) of bookable resources',
	path: PATHS.playerContents,
	list: bookingsOneWholeList,
	filters: [F.ids('id', 'Bookable Resource IDs', 'Only the content of these bookable resources')],
});
