import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { normalizedBooking, str, type NormalizedBooking } from '../../../shared/normalize';
import { displayText, RESOURCE_TYPE_NAMES } from '../../transport';

/** Booking states named in the Bookings ONE External API (v1) reference (booked, using, waitingCheckIn, …) plus the usual ends of a booking (assumed). */
export const BOOKING_STATES = [
	'booked',
	'using',
	'waitingCheckIn',
	'completed',
	'cancelled',
	'noShow',
];

/** The normalized booking of a resource (or visiting) appointment. */
export function normalizeAppointment(a: IDataObject, kind = 'appointment'): NormalizedBooking {
	const resource = (a.bookableResource ?? {}) as IDataObject;
	const organizer = (a.organizer ?? a.invitingUser ?? {}) as IDataObject;
	const type =
		typeof resource.type === 'number'
			? (RESOURCE_TYPE_NAMES[resource.type] ?? String(resource.type))
			: str(resource.type);
	return normalizedBooking({
		id: String(a.id ?? ''),
		vendor: 'bookingsOne',
		kind,
		title: str(a.subject),
		start: iso(a.start),
		end: iso(a.end),
		status: str(a.bookingState),
		resource:
			resource.id !== undefined
				? { id: str(resource.id), name: displayText(resource.name), type }
				: null,
		owner:
			organizer.id !== undefined
				? {
						id: str(organizer.id),
						name: str(organizer.displayName),
						email: str(organizer.emailAddress),
					}
				: null,
		updatedAt: iso(a.updatedAt),
	});
}

function iso(value: unknown): string | null {
	if (typeof value !== 'string' || value === '') return null;
	const parsed = DateTime.fromISO(value, { setZone: true, zone: 'UTC' });
	return parsed.isValid ? (parsed.toISO({ suppressMilliseconds: true }) as string) : value;
}

/** The normalized booking of a visiting appointment (the inviting user is the owner). */
export function normalizeVisitingAppointment(a: IDataObject): NormalizedBooking {
	return normalizeAppointment(a, 'visitingAppointment');
}
