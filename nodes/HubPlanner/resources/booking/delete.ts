import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { bookingIdProperty, hubPlannerId } from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a booking',
	description: 'Delete one booking or booking request',
	properties: [bookingIdProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
		await hubPlannerRequest.call(this, { method: 'DELETE', path: PATHS.booking(id), itemIndex: i });
		return { deleted: true, id };
	},
};
