import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { hubPlannerRequest, PATHS } from '../../transport';
import {
	bookingBody,
	bookingIdProperty,
	hubPlannerId,
	readUpdateFields,
	updateFieldsProperty,
	normalizeHubPlannerBooking,
} from './common';

export const update: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a booking',
	description: 'Replace a booking: read it, apply the given fields, and save the whole booking',
	properties: [bookingIdProperty, updateFieldsProperty, simplifyProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
		const fields = readUpdateFields(this, i);
		const current = (await hubPlannerRequest.call(this, {
			method: 'GET',
			path: PATHS.booking(id),
			itemIndex: i,
		})) as IDataObject;
		// Dates follow the booking's view.
		const hours = current.allDay === false;
		const merged: IDataObject = { ...current, ...bookingBody(this, fields, i, hours) };
		const saved = await hubPlannerRequest.call(this, {
			method: 'PUT',
			path: PATHS.booking(id),
			body: merged,
			itemIndex: i,
		});
		return simplifyOutput(this, i, [saved as IDataObject], (b) =>
			normalizeHubPlannerBooking(b, this.getTimezone()),
		);
	},
};
