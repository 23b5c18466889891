import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { locatorProperty } from '../shared/fields';
import { normalizedBooking, num, str, type NormalizedBooking } from '../shared/normalize';
import { FIELDS, vendorIso } from './transport';

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
	const f = FIELDS.booking;
	const meeting = (b[f.meeting] as IDataObject | undefined) ?? undefined;
	const owner =
		(meeting?.[FIELDS.meeting.owner] as IDataObject | undefined) ??
		(b.Owner as IDataObject | undefined);
	const account = b[f.billingAccount] as IDataObject | undefined;
	const price = num(b[f.totalPrice]);
	const lockedAt = vendorIso(b[f.lockedTime]);
	return normalizedBooking({
		id: String(b[f.id] ?? ''),
		vendor: 'pronestorPlanner',
		kind,
		title: str(meeting?.[FIELDS.meeting.title]),
		start: vendorIso(b[f.start]),
		end: vendorIso(b[f.end]),
		status: lockedAt ? 'locked' : str(b[f.status]),
		resource:
			b[f.resourceId] !== undefined || b[f.resourceName] !== undefined
				? {
						id: str(b[f.resourceId]),
						name: str(b[f.resourceName]),
						type: str(b[f.resourceTypeName]),
					}
				: null,
		owner: owner
			? {
					id: str(owner[FIELDS.user.id]),
					name: str(owner[FIELDS.user.name]),
					email: str(owner[FIELDS.user.email]),
				}
			: meeting?.[FIELDS.meeting.ownerId] !== undefined
				? { id: str(meeting[FIELDS.meeting.ownerId]), name: null, email: null }
				: null,
		amount: price !== null ? { value: price, currency: str(b[f.currency]) } : null,
		costCenter: str(b[f.costCenter]) ?? str(account?.[FIELDS.account.code]),
		lockedAt,
		updatedAt: lockedAt,
	});
}

/** Client-side "Limit" for methods that answer everything at once. */
export function applyLimit<T>(records: T[], limit: number | undefined): T[] {
	return limit === undefined ? records : records.slice(0, limit);
}
