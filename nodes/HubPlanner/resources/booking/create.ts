import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered, requireDate } from '../../../shared/dates';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import {
	BOOKING_STATES,
	bookingBody,
	bookingFieldOptions,
	hubPlannerId,
	hubPlannerLocator,
	verifiedBooking,
} from '../../fields';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from '../../normalize';
import { hubPlannerRequest } from '../../transport';

/** Create's State: Hub Planner applies the tenant's default state (set in its UI) when none is sent. */
const TENANT_DEFAULT_STATE = 'tenantDefault';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a booking',
	description: 'Book a resource on a project, in day or hours view, or as a booking request',
	properties: [
		hubPlannerLocator('bookedResource', 'Booked Resource', 'searchResources'),
		hubPlannerLocator('bookedProject', 'Project', 'searchProjects'),
		{
			displayName: 'View',
			name: 'view',
			type: 'options',
			options: [
				{
					name: 'Day',
					value: 'day',
					description: 'Whole days; the time is set by State and State Value',
				},
				{
					name: 'Hours',
					value: 'hours',
					description: 'From a start time to an end time on the scheduler',
				},
			],
			default: 'day',
		},
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'First day (day view) or start time (hours view)',
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Last day (day view) or end time (hours view)',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: [
				{
					name: 'Tenant Default',
					value: TENANT_DEFAULT_STATE,
					description:
						'Send no state: Hub Planner applies the default set in its UI (usually Percentage) and State Value 0',
				},
				...BOOKING_STATES,
			],
			default: TENANT_DEFAULT_STATE,
			displayOptions: { show: { view: ['day'] } },
		},
		{
			displayName: 'State Value',
			name: 'stateValue',
			type: 'number',
			default: 480,
			displayOptions: { show: { view: ['day'] }, hide: { state: [TENANT_DEFAULT_STATE] } },
			description:
				'Minutes per day, percentage or total minutes, as State says (Hub Planner sets 0 when left out)',
		},
		{
			displayName: 'Request Approval',
			name: 'asRequest',
			type: 'boolean',
			default: false,
			description:
				'Whether to create a booking request that waits for approval (needs the request & approval extension)',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: bookingFieldOptions({ includeCore: false }).filter(
				(o) => o.name !== 'state' && o.name !== 'stateValue',
			),
		},
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const hours = this.getNodeParameter('view', i) === 'hours';
		const zone = { zone: this.getTimezone() };
		const start = requireDate(this.getNode(), this.getNodeParameter('start', i), 'Start', i, zone);
		const end = requireDate(this.getNode(), this.getNodeParameter('end', i), 'End', i, zone);
		if (hours) assertOrdered(this.getNode(), start, end, ['Start', 'End'], i);
		else if (end.startOf('day') < start.startOf('day'))
			assertOrdered(this.getNode(), start, end, ['Start', 'End'], i);
		const body: IDataObject = {
			resource: hubPlannerId(this, 'bookedResource', 'Booked Resource', i),
			project: hubPlannerId(this, 'bookedProject', 'Project', i),
			...bookingBody(this, { start: start.toISO(), end: end.toISO() }, i, hours),
			...bookingBody(
				this,
				this.getNodeParameter('additionalFields', i, {}) as IDataObject,
				i,
				hours,
			),
		};
		if (hours) {
			body.allDay = false;
			body.state = 'STATE_DAY_MINUTE';
		} else {
			const state = this.getNodeParameter('state', i, TENANT_DEFAULT_STATE) as string;
			if (state !== TENANT_DEFAULT_STATE) {
				body.state = state;
				body.stateValue = this.getNodeParameter('stateValue', i);
			}
		}
		if (this.getNodeParameter('asRequest', i, false)) body.type = 'WAITING_FOR_APPROVAL';
		const created = await hubPlannerRequest.call(this, {
			method: 'POST',
			path: PATHS.bookings,
			body,
			itemIndex: i,
		});
		const verified = verifiedBooking(this, body, created, 'created', i);
		return simplifyOutput(
			this,
			i,
			[verified],
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};
