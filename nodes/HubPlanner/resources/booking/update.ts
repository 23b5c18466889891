import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { hubPlannerRequest, PATHS } from '../../transport';
import { hubPlannerId, bookingBody, bookingFieldOptions, bookingIdProperty, bookingOutput } from './common';

/** Update (replace) and Patch share their fields; they differ in how the change is sent. */
function changeOperation(kind: 'update' | 'patch'): Operation {
	return {
		name: kind === 'update' ? 'Update' : 'Patch',
		value: kind,
		action: kind === 'update' ? 'Update a booking' : 'Patch a booking',
		description:
			kind === 'update'
				? 'Replace a booking: read it, apply the given fields, and save the whole booking'
				: 'Change only the given fields of a booking',
		properties: [
			bookingIdProperty,
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: bookingFieldOptions({ includeCore: true }),
			},
			simplifyProperty,
		],
		async execute(this: IExecuteFunctions, i: number) {
			const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
			const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
			if (Object.keys(fields).length === 0) {
				throw fieldError(this.getNode(), 'Update Fields', 'none given', 'Add at least one field to change.', i);
			}
			if (kind === 'patch') {
				// Dates follow the booking's view: hours when a time of day is given.
				const hours = hasTime(fields.start) || hasTime(fields.end);
				const body = bookingBody(this, fields, i, hours);
				const patched = await hubPlannerRequest.call(this, { method: 'PATCH', path: PATHS.booking(id), body, itemIndex: i });
				return bookingOutput(this, i, [patched as IDataObject]);
			}
			const current = (await hubPlannerRequest.call(this, { method: 'GET', path: PATHS.booking(id), itemIndex: i })) as IDataObject;
			const hours = current.allDay === false;
			const merged: IDataObject = { ...current, ...bookingBody(this, fields, i, hours) };
			const saved = await hubPlannerRequest.call(this, { method: 'PUT', path: PATHS.booking(id), body: merged, itemIndex: i });
			return bookingOutput(this, i, [saved as IDataObject]);
		},
	};
}

function hasTime(value: unknown): boolean {
	return typeof value === 'string' && /\d[T ]\d{1,2}:\d{2}/.test(value);
}

export const update = changeOperation('update');
export const patch = changeOperation('patch');
