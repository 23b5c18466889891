import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { bookingIdProperty, hubPlannerId } from '../../fields';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from '../../normalize';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a booking',
	description: 'Get one booking by its ID',
	properties: [bookingIdProperty, ...simplifyProperties],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
		const booking = await hubPlannerRequest.call(this, {
			method: 'GET',
			path: PATHS.booking(id),
			itemIndex: i,
		});
		return simplifyOutput(
			this,
			i,
			[booking as IDataObject],
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};
