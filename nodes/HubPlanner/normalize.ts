import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { fieldValue } from '../shared/fieldReader';
import {
	normalizedBooking,
	num,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { BOOKING_ALIASES } from './contract';

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const HUB_PLANNER_SIMPLIFY: SimplifyContract = {
	vendor: 'Hub Planner',
	names: {
		...BOOKING_ALIASES,
		resource: [...BOOKING_ALIASES.resourceId, ...BOOKING_ALIASES.resourceName],
		owner: [...BOOKING_ALIASES.ownerId, ...BOOKING_ALIASES.ownerName],
	},
	table: 'BOOKING_ALIASES',
};

/**
 * The normalized shape of a Hub Planner booking, every field read through BOOKING_ALIASES (contract.ts).
 * `unmapped` lists the keys none of whose names the booking carried; a name present with null is plain null.
 * Hub Planner bookings have no cost centre and no lock time: those two are always null and never flagged.
 */
export function normalizeHubPlannerBooking(b: IDataObject, zone: string): NormalizedBooking {
	const a = BOOKING_ALIASES;
	const read = (names: readonly string[]) => pick(b, names);
	const id = read(a.id);
	const title = read(a.title);
	const start = read(a.start);
	const end = read(a.end);
	const status = read(a.status);
	const resourceId = read(a.resourceId);
	const resourceName = read(a.resourceName);
	const ownerId = read(a.ownerId);
	const ownerName = read(a.ownerName);
	const amount = read(a.amount);
	const updated = read(a.updatedAt);
	const deleted = fieldValue(b, 'deleted') === true;
	const unmapped = Object.entries({
		title: title.found,
		start: start.found,
		end: end.found,
		status: status.found || deleted,
		resource: resourceId.found || resourceName.found,
		owner: ownerId.found || ownerName.found,
		amount: amount.found,
		updatedAt: updated.found,
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	return normalizedBooking({
		id: id.value,
		vendor: 'hubPlanner',
		kind: 'booking',
		title: str(title.value),
		start: wallTime(start.value, zone),
		end: wallTime(end.value, zone),
		status: str(status.value) ?? (deleted ? 'DELETED' : null),
		resource:
			str(resourceId.value) || str(resourceName.value)
				? { id: str(resourceId.value), name: str(resourceName.value), type: 'resource' }
				: null,
		owner:
			str(ownerId.value) || str(ownerName.value)
				? { id: str(ownerId.value), name: str(ownerName.value), email: null }
				: null,
		amount:
			amount.found && num(amount.value) !== null
				? { value: num(amount.value), currency: str(read(a.currency).value) }
				: null,
		costCenter: null,
		lockedAt: null,
		updatedAt: wallTime(updated.value, 'UTC'),
		unmapped,
	});
}

function wallTime(value: unknown, zone: string): string | null {
	if (typeof value !== 'string' || !value) return null;
	let dt = DateTime.fromISO(value.replace(' ', 'T'), { zone, setZone: true });
	if (!dt.isValid) return value;
	if (!/[zZ]|[+-]\d\d:?\d\d$/.test(value)) dt = DateTime.fromISO(value.replace(' ', 'T'), { zone });
	return dt.toISO({ suppressMilliseconds: true });
}
