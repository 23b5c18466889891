import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { pick } from '../../../shared/normalize';
import { DEVICE_FIELDS } from '../../transport';
import { bookingsOneLocator } from '../common';

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
 * A write checked against the device Bookings ONE answers: every value the user set must come back under the name
 * of its contract line (DEVICE_FIELDS). One that comes back missing, empty or different is an error naming the
 * field and that line (a server that keeps the name under another field stores a device without one, and says
 * nothing). An answer that is not a record cannot be checked and is returned as it is.
 */
export function verifiedDevice(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): IDataObject {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const stored = answer as IDataObject;
	for (const key of Object.keys(DEVICE_FIELDS) as Array<keyof typeof DEVICE_FIELDS>) {
		const value = key === 'bookableResource' ? (sent[key] as IDataObject)?.id : sent[key];
		if (value === undefined || value === null || value === '') continue;
		const name = DEVICE_FIELDS[key];
		const back = pick(stored, [name]);
		if (
			back.found &&
			back.value !== null &&
			back.value !== '' &&
			String(back.value) === String(value)
		)
			continue;
		const got = !back.found ? `has no ${name}` : `has ${name} = ${JSON.stringify(back.value)}`;
		throw new NodeOperationError(
			ctx.getNode(),
			`Bookings ONE did not keep the ${DEVICE_LABELS[key]}: ${name} = ${JSON.stringify(value)} was sent, the ${action} IoT device ${String(stored.id ?? '')} ${got}`,
			{
				itemIndex,
				description: `The device was ${action} without it. This server may name the field differently (its answer carries ${Object.keys(stored).join(', ')}): DEVICE_FIELDS.${key} in nodes/BookingsOne/transport.ts is the contract line to fix. Until then set the ${DEVICE_LABELS[key]} in Bookings ONE, or send it with Custom API Call under the server's field name.`,
			},
		);
	}
	return stored;
}
