import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { DEVICE_FIELDS } from '../../transport';
import { bookingsOneLocator, verifiedAnswer } from '../common';

/** Optional device fields shared by Create ("Additional Fields") and Update ("Update Fields"). */
export function deviceFields(opts: { withAccessId: boolean }): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			...bookingsOneLocator('bookableResource', 'Bookable Resource', 'searchBookableResources', {
				required: false,
			}),
			description: 'The room, desk or equipment the device belongs to',
		},
		{
			displayName: 'Is Deleted',
			name: 'isDeleted',
			type: 'boolean',
			default: false,
			description: 'Whether the device is marked as deleted',
		},
		{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	];
	if (opts.withAccessId)
		fields.push({
			displayName: 'Access ID',
			name: 'accessId',
			type: 'string',
			default: '',
			description: 'The ID the device reports its data with',
		});
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Turns the chosen fields into the body Bookings ONE expects (`bookableResource: {id}`). */
export function deviceBody(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, raw] of Object.entries(fields)) {
		if (key === 'bookableResource') {
			const value = typeof raw === 'object' && raw !== null ? (raw as IDataObject).value : raw;
			const id = String(value ?? '').trim();
			if (id === '') continue;
			if (!/^\d+$/.test(id))
				throw fieldError(
					ctx.getNode(),
					'Bookable Resource',
					`"${id.slice(0, 40)}" is not an ID`,
					'Pick the resource from the list or enter its whole-number ID.',
					itemIndex,
				);
			body.bookableResource = { id: Number(id) };
		} else if (key === 'name' || key === 'accessId') {
			const text = String(raw ?? '').trim();
			if (text !== '') body[key] = text;
		} else if (key === 'isDeleted') {
			body.isDeleted = raw === true;
		}
	}
	return body;
}

/** Words for the device fields, by body key. */
const DEVICE_LABELS: Record<keyof typeof DEVICE_FIELDS, string> = {
	accessId: 'access ID',
	name: 'name',
	bookableResource: 'bookable resource',
	isDeleted: 'deleted flag',
};

/**
 * A device write checked against the device Bookings ONE answers: every value the user set must come back under
 * the name of its contract line (DEVICE_FIELDS). A server that keeps the name under another field stores a device
 * without one, and says nothing; this makes it an error naming the field and the line.
 */
export function verifiedDevice(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): IDataObject {
	return verifiedAnswer(ctx, {
		record: `${action} IoT device`,
		action,
		answer,
		itemIndex,
		checks: (Object.keys(DEVICE_FIELDS) as Array<keyof typeof DEVICE_FIELDS>).map((key) => ({
			label: DEVICE_LABELS[key],
			name: DEVICE_FIELDS[key],
			line: `DEVICE_FIELDS.${key}`,
			sent: key === 'bookableResource' ? (sent[key] as IDataObject | undefined)?.id : sent[key],
		})),
	});
}
