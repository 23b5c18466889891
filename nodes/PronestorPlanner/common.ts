import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { locatorProperty } from '../shared/fields';
import { fieldValue, readField, type RequiredField } from '../shared/fieldReader';
import {
	normalizedBooking,
	num,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { BOOKING_ALIASES, FIELDS, pronestorClient, vendorIso } from './transport';

/**
 * The fields features depend on (trigger keys and cursors, Hide Deleted, finding an account by ID), read by the
 * shared field reader (any case or word style): when no record of an answer carries one, the feature fails naming
 * it (requireField).
 */
export const REQUIRED: Record<
	'bookingId' | 'lockedTime' | 'accountId' | 'accountDeleted',
	(feature: string) => RequiredField
> = {
	bookingId: (feature) => ({
		vendor: pronestorClient.vendor,
		feature,
		field: 'the booking ID',
		names: FIELDS.booking.id,
		line: 'FIELDS.booking.id',
		needValue: true,
	}),
	lockedTime: (feature) => ({
		vendor: pronestorClient.vendor,
		feature,
		field: 'the lock time',
		names: FIELDS.booking.lockedTime,
		line: 'FIELDS.booking.lockedTime',
		needValue: true,
	}),
	accountId: (feature) => ({
		vendor: pronestorClient.vendor,
		feature,
		field: 'the billing account ID',
		names: FIELDS.account.id,
		line: 'FIELDS.account.id',
		needValue: true,
	}),
	accountDeleted: (feature) => ({
		vendor: pronestorClient.vendor,
		feature,
		field: 'the deleted flag of a billing account',
		names: FIELDS.account.deleted,
		line: 'FIELDS.account.deleted',
		advice: 'Turn Hide Deleted off to list every account.',
	}),
};

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const SIMPLIFY_CONTRACT: SimplifyContract = {
	vendor: pronestorClient.vendor,
	names: {
		...BOOKING_ALIASES,
		id: [FIELDS.booking.id],
		resource: [...BOOKING_ALIASES.resourceId, ...BOOKING_ALIASES.resourceName],
		owner: [...BOOKING_ALIASES.owner, ...BOOKING_ALIASES.ownerId],
	},
	table: 'BOOKING_ALIASES (and FIELDS.booking.id)',
};

/** A department or billing account picked from a searchable list, or entered by its numeric ID. */
export function pronestorLocator(
	name: string,
	displayName: string,
	searchMethod: string,
	required = true,
): INodeProperties {
	return locatorProperty({
		name,
		displayName,
		searchMethod,
		required,
		placeholder: '12',
		idPattern: '^\\d+$',
		idError: 'A Pronestor Planner ID is a whole number',
	});
}

/** A numeric Pronestor ID from a locator or plain parameter; names the field when it is not one. */
export function readId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	value?: unknown,
): number {
	const raw =
		value !== undefined ? value : ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const extracted =
		raw && typeof raw === 'object' && 'value' in (raw as IDataObject)
			? (raw as IDataObject).value
			: raw;
	const text = extracted === undefined || extracted === null ? '' : String(extracted).trim();
	if (!/^\d+$/.test(text)) {
		throw fieldError(
			ctx.getNode(),
			label,
			text ? `"${text.slice(0, 40)}" is not an ID` : 'is empty',
			`Pick the ${label.toLowerCase()} from the list, or enter its numeric ID (for example 12).`,
			itemIndex,
		);
	}
	return Number(text);
}

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

/** Client-side "Limit" for methods that answer everything at once. */
export function applyLimit<T>(records: T[], limit: number | undefined): T[] {
	return limit === undefined ? records : records.slice(0, limit);
}
