import type { IDataObject } from 'n8n-workflow';
import { fieldValue, readField } from '../shared/fieldReader';
import {
	normalizedBooking,
	num,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { BOOKING_ALIASES, FIELDS, VENDOR } from './contract';
import { vendorIso } from './transport';

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const SIMPLIFY_CONTRACT: SimplifyContract = {
	vendor: VENDOR,
	names: {
		...BOOKING_ALIASES,
		id: [FIELDS.booking.id],
		resource: [...BOOKING_ALIASES.resourceId, ...BOOKING_ALIASES.resourceName],
		owner: [...BOOKING_ALIASES.owner, ...BOOKING_ALIASES.ownerId],
	},
	table: 'BOOKING_ALIASES (and FIELDS.booking.id)',
};

/**
 * The normalized shape of an ApiBooking (locked or not): finance fields first — booking id, locked time,
 * resource, start/end, owner (from the embedded meeting), billing account / cost centre and amount.
 */
export function normalizePronestorBooking(b: IDataObject, kind = 'booking'): NormalizedBooking {
	const a = BOOKING_ALIASES;
	const read = (names: readonly string[]) => pick(b, names);
	const title = read(a.title);
	const start = read(a.start);
	const end = read(a.end);
	const resourceId = read(a.resourceId);
	const resourceName = read(a.resourceName);
	const owner = read(a.owner);
	const ownerId = read(a.ownerId);
	const amount = read(a.amount);
	const costCenter = read(a.costCenter);
	const locked = read(a.lockedAt);
	// Title and owner come from the booking's meeting: a booking listed without it (FindBookingsByResourceType
	// without Include Meeting) lacks them by design, not because the tenant names them otherwise.
	const meeting = read([FIELDS.booking.meeting]);
	const withMeeting = kind === 'lockedBooking' || meeting.found;
	const ownerRecord =
		owner.value && typeof owner.value === 'object' ? (owner.value as IDataObject) : undefined;
	const price = num(amount.value);
	const lockedAt = vendorIso(locked.value);
	const unmapped = Object.entries({
		title: title.found || !withMeeting,
		start: start.found,
		end: end.found,
		resource: resourceId.found || resourceName.found,
		owner: owner.found || ownerId.found || !withMeeting,
		amount: amount.found,
		costCenter: costCenter.found,
		// Only a locked booking must have a lock time.
		lockedAt: locked.found || kind !== 'lockedBooking',
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	return normalizedBooking({
		id: fieldValue(b, FIELDS.booking.id),
		vendor: 'pronestorPlanner',
		kind,
		title: str(title.value),
		start: vendorIso(start.value),
		end: vendorIso(end.value),
		status: lockedAt ? 'locked' : str(read(a.status).value),
		resource:
			resourceId.found || resourceName.found
				? {
						id: str(resourceId.value),
						name: str(resourceName.value),
						type: str(read(a.resourceType).value),
					}
				: null,
		owner: ownerRecord
			? {
					id: str(fieldValue(ownerRecord, FIELDS.user.id)),
					name: str(fieldValue(ownerRecord, FIELDS.user.name)),
					email: str(fieldValue(ownerRecord, FIELDS.user.email)),
				}
			: ownerId.found
				? { id: str(ownerId.value), name: null, email: null }
				: null,
		amount: price !== null ? { value: price, currency: str(read(a.currency).value) } : null,
		// The first cost-centre name that holds a value (a tenant may send CostCenter empty and fill the account's).
		costCenter: a.costCenter.map((n) => str(readField(b, n).value)).find((v) => v !== null) ?? null,
		lockedAt,
		updatedAt: lockedAt,
		unmapped,
	});
}
