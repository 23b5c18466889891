import type { IExecuteFunctions } from 'n8n-workflow';
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
	name: 'Patch',
	value: 'patch',
	action: 'Patch a booking',
	description: 'Change only the given fields of a booking',
	properties: [bookingIdProperty, updateFieldsProperty, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
		const fields = readUpdateFields(this, i);
		// Dates follow the booking's view: hours when a time of day is given.
		const hours = hasTime(fields.start) || hasTime(fields.end);
		const body = bookingBody(this, fields, i, hours);
		const patched = await hubPlannerRequest.call(this, {
			method: 'PATCH',
			path: PATHS.booking(id),
			body,
			itemIndex: i,
		});
		const verified = verifiedBooking(this, body, patched, 'patched', i);
		return simplifyOutput(
			this,
			i,
			[verified],
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};

function hasTime(value: unknown): boolean {
	return typeof value === 'string' && /\d[T ]\d{1,2}:\d{2}/.test(value);
}
