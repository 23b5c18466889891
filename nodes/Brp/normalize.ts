import type { IDataObject } from 'n8n-workflow';
import {
	normalizedBooking,
	num,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { SERVICE_BOOKING_ALIASES } from './contract';

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const BRP_SIMPLIFY: SimplifyContract = {
	vendor: 'BRP',
	names: {
		...SERVICE_BOOKING_ALIASES,
		status: SERVICE_BOOKING_ALIASES.preliminary,
		resource: SERVICE_BOOKING_ALIASES.resources,
		owner: SERVICE_BOOKING_ALIASES.participants,
	},
	table: 'SERVICE_BOOKING_ALIASES',
};

/**
 * The normalized booking of a BRP service booking, every field read through SERVICE_BOOKING_ALIASES (contract.ts).
 * `unmapped` lists the keys none of whose names the record carries (title falls back to the resource names).
 * BRP's service booking has no cost centre, lock or change time (documented): those stay null and are not flagged.
 */
export function normalizeServiceBooking(b: IDataObject): NormalizedBooking {
	const a = SERVICE_BOOKING_ALIASES;
	const read = (names: readonly string[], record: IDataObject = b) => pick(record, names);
	const objects = (value: unknown) =>
		Array.isArray(value)
			? (value.filter((v) => v && typeof v === 'object') as IDataObject[])
			: value && typeof value === 'object'
				? [value as IDataObject]
				: [];
	const product = read(['product']);
	const productName = read(a.title);
	const start = read(a.start);
	const end = read(a.end);
	const preliminary = read(a.preliminary);
	const resourcesField = read(a.resources);
	const resources = objects(resourcesField.value);
	const resource = resources[0];
	const participantsField = read(a.participants);
	const participant = objects(participantsField.value)[0];
	const amount = read(a.amount);
	// A booking without a product (<product/>) has no price: null, not unmapped.
	const noProduct = product.found && (product.value === null || product.value === '');
	const resourceNames = resources
		.map((r) => str(read(a.resourceName, r).value))
		.filter((n): n is string => n !== null);
	const price = num(amount.value);
	const unmapped = Object.entries({
		title: productName.found || noProduct || resourcesField.found,
		start: start.found,
		end: end.found,
		status: preliminary.found,
		resource: resourcesField.found,
		owner: participantsField.found,
		amount: amount.found || noProduct,
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	const preliminaryValue = preliminary.value;
	return normalizedBooking({
		id: read(a.id).value,
		vendor: 'brp',
		kind: 'serviceBooking',
		title: str(productName.value) ?? (resourceNames.join(', ') || null),
		start: str(start.value),
		end: str(end.value),
		status:
			preliminaryValue === null || preliminaryValue === undefined || preliminaryValue === ''
				? null
				: preliminaryValue === true || preliminaryValue === 'true'
					? 'preliminary'
					: 'confirmed',
		resource: resource
			? {
					id: str(read(a.resourceId, resource).value),
					name: str(read(a.resourceName, resource).value),
					type: str(read(a.resourceType, resource).value),
				}
			: null,
		owner: participant
			? {
					id: str(read(a.participantId, participant).value),
					name:
						[read(a.firstName, participant).value, read(a.lastName, participant).value]
							.filter(Boolean)
							.join(' ') || null,
					email: null,
				}
			: null,
		amount: price !== null ? { value: price, currency: str(read(a.currency).value) } : null,
		costCenter: null,
		lockedAt: null,
		updatedAt: null,
		unmapped,
	});
}
