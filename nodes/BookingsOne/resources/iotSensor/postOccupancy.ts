import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { parseDate, toIso } from '../../../shared/dates';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { OCCUPANCY_FIELDS, PATHS } from '../../contract';
import { verifyWrite } from '../../../shared/writeCheck';
import { bookingsOneRequest } from '../../transport';

export const operation: Operation = {
	name: 'Post Occupancy',
	value: 'postOccupancy',
	action: 'Post occupancy sensor data',
	description: 'Send whether an occupancy sensor is connected and whether its space is occupied',
	properties: [
		{
			displayName: 'Access ID',
			name: 'accessId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 4GHUG6',
			description: 'Access ID of the IoT device the reading comes from',
		},
		{
			displayName: 'Connected',
			name: 'isConnected',
			type: 'boolean',
			default: true,
			description: 'Whether the sensor is connected',
		},
		{
			displayName: 'Occupied',
			name: 'isOccupied',
			type: 'boolean',
			default: false,
			description: 'Whether the sensor sees the space as occupied',
		},
		{
			displayName: 'Timestamp',
			name: 'timestamp',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2026-01-12T12:23:02+08:00',
			description:
				'When the sensor took the reading; empty: Bookings ONE uses the time it receives the data',
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const accessId = requiredString(this, 'accessId', 'Access ID', i);
		const timestamp = parseDate(
			this.getNode(),
			this.getNodeParameter('timestamp', i, ''),
			'Timestamp',
			i,
			{ zone: this.getTimezone() },
		);
		const body: IDataObject = {
			accessId,
			...(timestamp ? { timestamp: toIso(timestamp) } : {}),
			data: {
				isConnected: this.getNodeParameter('isConnected', i, true) as boolean,
				isOccupied: this.getNodeParameter('isOccupied', i, false) as boolean,
			},
		};
		const answer = await bookingsOneRequest.call(this, {
			method: 'POST',
			path: PATHS.occupancy,
			body,
			itemIndex: i,
		});
		const data = body.data as IDataObject;
		const O = OCCUPANCY_FIELDS;
		// The reading must come back as sent: a server that reads the values under another name stores none.
		return verifyWrite(this, {
			vendor: 'Bookings ONE',
			record: 'occupancy reading of device',
			action: 'recorded',
			answer,
			id: ['id', 'deviceId'],
			itemIndex: i,
			checks: [
				{
					label: 'connected state',
					sentAs: O.isConnected,
					names: [O.isConnected],
					compare: 'same',
					line: 'OCCUPANCY_FIELDS.isConnected',
					value: data.isConnected,
				},
				{
					label: 'occupied state',
					sentAs: O.isOccupied,
					names: [O.isOccupied],
					compare: 'same',
					line: 'OCCUPANCY_FIELDS.isOccupied',
					value: data.isOccupied,
				},
				{
					label: 'timestamp',
					sentAs: O.timestamp,
					names: [O.timestamp],
					line: 'OCCUPANCY_FIELDS.timestamp',
					value: body.timestamp,
					// The same instant, in whatever offset the server writes it.
					compare: (a, b) => Date.parse(String(a)) !== Date.parse(String(b)),
				},
			],
		});
	},
};
