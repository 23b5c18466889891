import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requireDate } from '../../../shared/dates';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { bookingsOneRequest } from '../../transport';

/**
 * Bookings ONE counts visitors per day of the caller's time zone, which it learns only from the offset of
 * `date`: the day starts at 00:00 in the workflow time zone (or in the offset the date itself carries).
 */
export const operation: Operation = {
	name: 'Get Daily Visitor Analytics',
	value: 'getDailyVisitorAnalytics',
	action: 'Get daily visitor analytics',
	description: 'Count the visitors of one day by state: initial, visiting, visited and no-show',
	properties: [
		{
			displayName: 'Date',
			name: 'date',
			type: 'string',
			required: true,
			default: '={{ $today }}',
			placeholder: 'e.g. 2026-01-05',
			description:
				'The day to count; it is sent as midnight with the workflow time zone offset (e.g. ' +
				'2026-01-05T00:00:00+08:00) unless the value carries its own offset',
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const day = requireDate(this.getNode(), this.getNodeParameter('date', i), 'Date', i, {
			zone: this.getTimezone(),
		}).startOf('day');
		const date = day.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
		const counts = (await bookingsOneRequest.call(this, {
			method: 'GET',
			path: PATHS.dailyVisitorAnalytics,
			qs: { date },
			itemIndex: i,
		})) as IDataObject;
		return { date, ...counts };
	},
};
