import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered, requireDate } from '../../../shared/dates';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import {
	addMeetings,
	findBookingsByType,
	readResourceType,
	resourceTypeProperty,
} from '../../bookingSearch';
import { applyLimit } from '../../fields';
import { normalizePronestorBooking, SIMPLIFY_CONTRACT } from '../../normalize';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many bookings',
	description: 'List the bookings of one resource type (rooms, catering, equipment…) in a period',
	properties: [
		resourceTypeProperty,
		{
			displayName: 'Start',
			name: 'start',
			type: 'string',
			required: true,
			default: '',
			placeholder: '2026-03-02',
			description:
				'Start of the period (a date, a date and time, or an expression like {{ $today }})',
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'string',
			required: true,
			default: '',
			placeholder: '2026-03-03',
			description: 'End of the period; bookings overlapping the period are returned',
		},
		...returnAllProperties(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Include Meeting',
					name: 'includeMeeting',
					type: 'boolean',
					default: false,
					description:
						'Whether to add the booking\'s meeting (title, times, participants) as "Meeting"',
				},
				{
					displayName: 'Include Owner',
					name: 'includeOwner',
					type: 'boolean',
					default: false,
					description:
						'Whether to add the meeting\'s owner (the user who booked) as "Meeting.Owner"; includes the meeting too',
				},
			],
		},
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const zone = this.getTimezone();
		const type = readResourceType(node, this.getNodeParameter('resourceType', i, 1), i);
		const start = requireDate(node, this.getNodeParameter('start', i, ''), 'Start', i, { zone });
		const end = requireDate(node, this.getNodeParameter('end', i, ''), 'End', i, { zone });
		assertOrdered(node, start, end, ['Start', 'End'], i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const bookings = applyLimit(
			await findBookingsByType.call(this, type, start, end, i),
			readLimit(this, i),
		);
		if (options.includeMeeting || options.includeOwner)
			await addMeetings.call(this, bookings, options.includeOwner === true, i);
		return simplifyOutput(
			this,
			i,
			bookings,
			(r) => normalizePronestorBooking(r, 'booking'),
			SIMPLIFY_CONTRACT,
		);
	},
};
