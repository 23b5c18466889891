import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { hubPlannerRequest, PATHS } from '../../transport';
import { hubPlannerId, bookingIdProperty, bookingOutput } from './common';

export const get: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a booking',
	description: 'Get one booking by its ID',
	properties: [bookingIdProperty, simplifyProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
		const booking = await hubPlannerRequest.call(this, { method: 'GET', path: PATHS.booking(id), itemIndex: i });
		return bookingOutput(this, i, [booking as IDataObject]);
	},
};
