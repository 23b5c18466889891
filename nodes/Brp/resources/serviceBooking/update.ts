import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { requiredString } from '../../../shared/fields';
import { fieldValue } from '../../../shared/fieldReader';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PARAMS, PATHS, SERVICE_BOOKING_ALIASES } from '../../contract';
import { brpRequest, keyLevel, listOf } from '../../transport';
import { idParam, requireLevel3 } from '../../fields';
import { BRP_SIMPLIFY, normalizeServiceBooking } from '../../normalize';

export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a service booking',
	description: 'Change the participant or the messages of a service booking',
	properties: [
		{
			displayName: 'Service Booking ID',
			name: 'serviceBookingId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '12',
		},
		{
			displayName: 'Person ID (Level 3 Key)',
			name: 'personId',
			type: 'string',
			default: '',
			description:
				'The person the booking belongs to, when the credential has a level 3 key instead of that person’s login',
		},
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Anonymous',
					name: 'anonymous',
					type: 'boolean',
					default: true,
					description:
						'Whether the booking belongs to an anonymous order (BRP requires this for such bookings)',
				},
				{
					displayName: 'External Message',
					name: 'externalmessage',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
					description: 'Message the customer sees',
				},
				{
					displayName: 'Internal Message',
					name: 'internalmessage',
					type: 'string',
					typeOptions: { rows: 2 },
					default: '',
					description: 'Message only staff see',
				},
				{
					displayName: 'Participant First Name',
					name: 'participantfirstname',
					type: 'string',
					default: '',
					description: 'First name of a participant other than the customer who booked',
				},
				{
					displayName: 'Participant ID',
					name: 'participantid',
					type: 'string',
					default: '',
					description: 'ID of the person who takes part (instead of a first and last name)',
				},
				{
					displayName: 'Participant Last Name',
					name: 'participantlastname',
					type: 'string',
					default: '',
				},
			],
		},
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const id = idParam(
			this,
			requiredString(this, 'serviceBookingId', 'Service Booking ID', i),
			'Service Booking ID',
			i,
		) as string;
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const body: IDataObject = { id: Number(id) };
		const participantId = idParam(this, fields.participantid, 'Participant ID', i);
		const named = ['participantfirstname', 'participantlastname'].filter(
			(k) => typeof fields[k] === 'string' && fields[k] !== '',
		);
		if (participantId && named.length) {
			throw fieldError(
				node,
				'Participant ID',
				'is set together with a participant name',
				'Enter either the participant’s ID or their first and last name, not both (BRP would ignore the name).',
				i,
			);
		}
		if (participantId) body.participantid = Number(participantId);
		for (const key of named) body[key] = fields[key];
		for (const key of ['internalmessage', 'externalmessage'])
			if (typeof fields[key] === 'string') body[key] = fields[key];
		if (typeof fields.anonymous === 'boolean') body.anonymous = fields.anonymous;
		if (Object.keys(body).length === 1) {
			throw fieldError(
				node,
				'Update Fields',
				'are empty',
				'Add at least one field to change: a participant, a message or Anonymous.',
				i,
			);
		}
		const qs: IDataObject = {};
		const personId = idParam(this, this.getNodeParameter('personId', i, ''), 'Person ID', i);
		if (personId) {
			await requireLevel3(this, 'Person ID', i);
			qs[PARAMS.personId] = personId;
		} else if (!(await keyLevel.call(this)).login) {
			throw fieldError(
				node,
				'Person ID',
				'is empty and the credential has no person login',
				'Add the booking owner’s login to the BRP credential, or enter their Person ID (level 3 key).',
				i,
			);
		}
		const answer = await brpRequest.call(this, {
			method: 'PUT',
			path: PATHS.serviceBookings,
			qs,
			body,
			itemIndex: i,
		});
		const list = listOf(answer, 'servicebookings');
		const updated =
			list.find((b) => String(fieldValue(b, SERVICE_BOOKING_ALIASES.id)) === id) ??
			list[0] ??
			(answer.servicebooking as IDataObject | undefined) ??
			answer;
		return simplifyOutput(this, i, [updated], normalizeServiceBooking, BRP_SIMPLIFY);
	},
};
