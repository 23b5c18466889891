import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import {
	bookingBody,
	bookingIdProperty,
	hubPlannerId,
	readUpdateFields,
	updateFieldsProperty,
	verifiedBooking,
} from '../../fields';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from '../../normalize';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a booking',
	description: 'Replace a booking: read it, apply the given fields, and save the whole booking',
	properties: [bookingIdProperty, updateFieldsProperty, ...simplifyProperties],
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
		const changes = bookingBody(this, fields, i, hours);
		const merged: IDataObject = { ...current, ...changes };
		// A new external rate keeps the internal one (and the other way round): PUT replaces the whole object.
		if (changes.bookingRate && current.bookingRate && typeof current.bookingRate === 'object')
			merged.bookingRate = {
				...(current.bookingRate as IDataObject),
				...(changes.bookingRate as IDataObject),
			};
		const saved = await hubPlannerRequest.call(this, {
			method: 'PUT',
			path: PATHS.booking(id),
			body: merged,
			itemIndex: i,
		});
		// Only what the user changed is checked: the rest is the booking as read.
		const verified = verifiedBooking(this, changes, saved, 'updated', i);
		return simplifyOutput(
			this,
			i,
			[verified],
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};
