import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import {
	normalizedBooking,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { fieldValue } from '../shared/fieldReader';
import { APPOINTMENT_ALIASES, RESOURCE_TYPE_NAMES } from './contract';

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const SIMPLIFY_CONTRACT: SimplifyContract = {
	vendor: 'Bookings ONE',
	names: {
		...APPOINTMENT_ALIASES,
		resource: APPOINTMENT_ALIASES.resourceId,
		owner: APPOINTMENT_ALIASES.ownerId,
	},
	table: 'APPOINTMENT_ALIASES',
};

/**
 * The normalized booking of a resource (or visiting) appointment. Every field is read through its alias list in
 * the contract table (APPOINTMENT_ALIASES); `unmapped` lists the normalized keys none of whose names the record
 * carried (a field sent as null is found, and stays null). Bookings ONE has no amount, cost centre or lock time:
 * those keys are always null and never listed.
 */
export function normalizeAppointment(a: IDataObject, kind = 'appointment'): NormalizedBooking {
	const read = (names: readonly string[]) => pick(a, names);
	const A = APPOINTMENT_ALIASES;
	const id = read(A.id);
	const title = read(A.title);
	const start = read(A.start);
	const end = read(A.end);
	const status = read(A.status);
	const resourceId = read(A.resourceId);
	const ownerId = read(A.ownerId);
	const updatedAt = read(A.updatedAt);
	const rawType = read(A.resourceType).value;
	const type =
		typeof rawType === 'number' ? (RESOURCE_TYPE_NAMES[rawType] ?? String(rawType)) : str(rawType);
	const unmapped = Object.entries({
		title: title.found,
		start: start.found,
		end: end.found,
		status: status.found,
		resource: resourceId.found,
		owner: ownerId.found,
		// A visiting appointment carries no change time (the assumed view of one has none): null, not unmapped.
		updatedAt: updatedAt.found || kind === 'visitingAppointment',
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	return normalizedBooking({
		id: id.value,
		vendor: 'bookingsOne',
		kind,
		title: str(title.value),
		start: iso(start.value),
		end: iso(end.value),
		status: str(status.value),
		resource:
			resourceId.value !== undefined && resourceId.value !== null
				? {
						id: str(resourceId.value),
						name: displayText(read(A.resourceName).value),
						type,
					}
				: null,
		owner:
			ownerId.value !== undefined && ownerId.value !== null
				? {
						id: str(ownerId.value),
						name: str(read(A.ownerName).value),
						email: str(read(A.ownerEmail).value),
					}
				: null,
		updatedAt: iso(updatedAt.value),
		unmapped,
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

/** The display text of a multilingual name (`[{languageCode, value}]`, read in any case) or a plain string. */
export function displayText(value: unknown): string | null {
	if (typeof value === 'string') return value || null;
	if (Array.isArray(value)) {
		const entries = value.map((e) => ({
			language: fieldValue(e, 'languageCode'),
			text: fieldValue(e, 'value'),
		}));
		const english = entries.find(
			(e) => typeof e.language === 'string' && e.language.toLowerCase().startsWith('en'),
		);
		const chosen = english ?? entries.find((e) => typeof e.text === 'string' && e.text !== '');
		return typeof chosen?.text === 'string' && chosen.text !== '' ? chosen.text : null;
	}
	return null;
}
