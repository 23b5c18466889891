import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
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
