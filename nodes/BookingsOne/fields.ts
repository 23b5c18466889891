import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { locatorProperty, requiredString } from '../shared/fields';
import { verifyWrite } from '../shared/writeCheck';
import { DEVICE_FIELDS, DEVICE_LABELS } from './contract';

/** A record picked from a searchable list, or entered by ID (whole numbers). */
export function bookingsOneLocator(
	name: string,
	displayName: string,
	searchMethod: string,
	opts: { required?: boolean; description?: string } = {},
): INodeProperties {
	return locatorProperty({
		name,
		displayName,
		searchMethod,
		idPattern: '^\\s*\\d+\\s*$',
		idError: 'Not a Bookings ONE ID (a whole number)',
		placeholder: 'e.g. 12',
		...opts,
	});
}

/** A whole-number ID from a locator or text field; names the field when it is not one. */
export function readId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const id = requiredString(ctx, name, label, itemIndex);
	if (!/^\d+$/.test(id))
		throw fieldError(
			ctx.getNode(),
			label,
			`"${id.slice(0, 40)}" is not an ID`,
			'Enter the whole-number ID, or pick the record from the list.',
			itemIndex,
		);
	return id;
}

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
	return verifyWrite(ctx, {
		vendor: 'Bookings ONE',
		record: 'IoT device',
		action,
		answer,
		id: ['id', 'deviceId'],
		itemIndex,
		checks: (Object.keys(DEVICE_FIELDS) as Array<keyof typeof DEVICE_FIELDS>).map((key) => ({
			label: DEVICE_LABELS[key],
			sentAs: DEVICE_FIELDS[key],
			names: [DEVICE_FIELDS[key]],
			compare: 'same',
			line: `DEVICE_FIELDS.${key}`,
			value: key === 'bookableResource' ? (sent[key] as IDataObject | undefined)?.id : sent[key],
		})),
	});
}
