import { BOOKING_STATES, PATHS } from '../../contract';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';
import { normalizeAppointment, SIMPLIFY_CONTRACT } from '../../normalize';

const APPOINTMENT_FILTERS = [
	F.ids('id', 'Appointment IDs', 'Only these appointments'),
	F.from(),
	F.to(),
	F.ids('organizerUserId', 'Organizer User IDs', 'Only appointments these users organize'),
	F.searchText('the subject and content'),
	F.openEnum(
		'bookingState',
		'Booking States',
		BOOKING_STATES,
		'Only appointments in these states (none chosen: any)',
	),
	F.ids(
		'bookableResourceId',
		'Bookable Resource IDs',
		'Only appointments of these bookable resources',
	),
	F.enum(
		'bookableResourceType',
		'Bookable Resource Types',
		['room', 'desk', 'equipment'],
		'Only appointments of these kinds of resource (none chosen: any)',
	),
	F.ids('bookingId', 'Booking IDs', 'Only appointments of these bookings'),
	{
		name: 'excludePreparation',
		displayName: 'Exclude Preparation',
		kind: 'boolean' as const,
		description: 'Whether to leave out preparation appointments',
	},
];

export const operation = filteredSearchOperation({
	noun: 'appointment',
	plural: 'appointments',
	description: 'Find resource appointments (bookings of rooms, desks and equipment) by filters',
	path: PATHS.resourceAppointments,
	list: bookingsOneList,
	filters: APPOINTMENT_FILTERS,
	normalize: (a) => normalizeAppointment(a),
	simplifyContract: SIMPLIFY_CONTRACT,
});
