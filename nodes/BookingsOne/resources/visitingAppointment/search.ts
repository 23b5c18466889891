import { BOOKING_STATES, PATHS } from '../../contract';
import { normalizeVisitingAppointment, SIMPLIFY_CONTRACT } from '../../normalize';
import { F, filteredSearchOperation } from '../../../shared/builders/filteredSearch';
import { bookingsOneList } from '../../transport';

export const operation = filteredSearchOperation({
	noun: 'visiting appointment',
	plural: 'visiting appointments',
	path: PATHS.visitingAppointments,
	list: bookingsOneList,
	filters: [
		F.ids('id', 'Appointment IDs', 'Only these visiting appointments'),
		F.from(),
		F.to(),
		F.ids('invitingUserId', 'Inviting User IDs', 'Only appointments these users invited to'),
		F.searchText('the subject and content'),
		F.enum(
			'bookingState',
			'Booking States',
			BOOKING_STATES,
			'Only appointments in these states (none chosen: any)',
		),
		F.ids(
			'bookableResourceId',
			'Bookable Resource IDs',
			'Only appointments in these bookable resources',
		),
		F.ids('buildingId', 'Building IDs', 'Only appointments in these buildings'),
		F.ids('visitorId', 'Visitor IDs', 'Only appointments with these visitors'),
		F.ids('bookingId', 'Booking IDs', 'Only appointments of these bookings'),
	],
	normalize: normalizeVisitingAppointment,
	simplifyContract: SIMPLIFY_CONTRACT,
});
