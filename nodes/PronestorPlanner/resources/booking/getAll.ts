import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered, requireDate } from '../../../shared/dates';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyOutput, simplifyProperty } from '../../../shared/normalize';
import { mapLimited } from '../../../shared/paging';
import type { Operation } from '../../../shared/types';
import {
	listAnswer,
	CONCURRENCY,
	FIELDS,
	formatLockTime,
	methodPath,
	PARAMS,
	PATHS,
	pronestorRequest,
	RESOURCE_TYPES,
} from '../../transport';
import { applyLimit, normalizePronestorBooking } from '../../common';

export const getAll: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many bookings',
	description: 'List the bookings of one resource type (rooms, catering, equipment…) in a period',
	properties: [
		{
			displayName: 'Resource Type',
			name: 'resourceType',
			type: 'options',
			options: RESOURCE_TYPES,
			default: 1,
			description:
				'Which kind of resource the bookings are for. Choose an expression to enter another type number your site uses.',
		},
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
		simplifyProperty,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const zone = this.getTimezone();
		const type = Number(this.getNodeParameter('resourceType', i, 1));
		const start = requireDate(node, this.getNodeParameter('start', i, ''), 'Start', i, { zone });
		const end = requireDate(node, this.getNodeParameter('end', i, ''), 'End', i, { zone });
		assertOrdered(node, start, end, ['Start', 'End'], i);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const answer = await pronestorRequest.call(this, {
			method: 'GET',
			path: methodPath(PATHS.findBookingsByResourceType),
			qs: {
				[PARAMS.resourceType]: Number.isInteger(type) ? type : 1,
				[PARAMS.periodStart]: formatLockTime(start),
				[PARAMS.periodEnd]: formatLockTime(end),
			},
			itemIndex: i,
		});
		const bookings = applyLimit(
			listAnswer(this, answer, 'a list of bookings', i),
			readLimit(this, i),
		);
		if (options.includeMeeting || options.includeOwner)
			await addMeetings.call(this, bookings, options.includeOwner === true, i);
		return simplifyOutput(this, i, bookings, (r) => normalizePronestorBooking(r, 'booking'));
	},
};

/**
 * Adds each booking's meeting (and its owner): one request per distinct meeting and owner, a few at a time.
 */
async function addMeetings(
	this: IExecuteFunctions,
	bookings: IDataObject[],
	withOwner: boolean,
	i: number,
): Promise<void> {
	const f = FIELDS.booking;
	const meetingIds = unique(bookings.map((b) => b[f.meetingId]));
	const meetings = new Map<string, IDataObject>();
	await mapLimited(meetingIds, CONCURRENCY, async (id) => {
		const meeting = await pronestorRequest.call(this, {
			method: 'GET',
			path: methodPath(PATHS.getMeeting),
			qs: { [PARAMS.meetingId]: id },
			itemIndex: i,
		});
		meetings.set(id, meeting as IDataObject);
	});
	if (withOwner) {
		const ownerIds = unique([...meetings.values()].map((m) => m[FIELDS.meeting.ownerId]));
		const owners = new Map<string, IDataObject>();
		await mapLimited(ownerIds, CONCURRENCY, async (id) => {
			const owner = await pronestorRequest.call(this, {
				method: 'GET',
				path: methodPath(PATHS.getUser),
				qs: { [PARAMS.userId]: id },
				itemIndex: i,
			});
			owners.set(id, owner as IDataObject);
		});
		for (const [id, meeting] of meetings) {
			const owner = owners.get(String(meeting[FIELDS.meeting.ownerId]));
			if (owner) meetings.set(id, { ...meeting, [FIELDS.meeting.owner]: owner });
		}
	}
	for (const booking of bookings) {
		const meeting = meetings.get(String(booking[f.meetingId]));
		if (meeting) booking[f.meeting] = meeting;
	}
}

function unique(values: unknown[]): string[] {
	return [...new Set(values.filter((v) => v !== undefined && v !== null && v !== '').map(String))];
}
