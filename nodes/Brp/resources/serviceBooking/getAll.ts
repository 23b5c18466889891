import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered, parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { requireField } from '../../../shared/fieldReader';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { listServiceBookings, startOf } from '../../rangeSearch';
import { BRP_REQUIRED, DEFAULT_RANGE_DAYS, PARAMS, TIME_ZONE } from '../../contract';
import {
	businessUnitsProperty,
	idListParam,
	idParam,
	locatorValue,
	requireLevel3,
	resourceLocator,
} from '../../fields';
import { BRP_SIMPLIFY, normalizeServiceBooking } from '../../normalize';
import { keyLevel } from '../../transport';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many service bookings',
	description:
		'List service bookings that start in a date range: your own, ' +
		'or with a level 3 key any person’s, a resource’s or business units’',
	properties: [
		{
			displayName: 'Start',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description:
				'Bookings that start at or after this time (Stockholm time for plain dates). Empty: today.',
		},
		{
			displayName: 'End',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description:
				`Bookings that start before this time (a plain date means its midnight, so that day is not included). ` +
				`Empty: ${DEFAULT_RANGE_DAYS} days after Start. ` +
				`Wide ranges are split into several requests automatically.`,
		},
		...returnAllProperties(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ ...businessUnitsProperty },
				{
					displayName: 'Order ID',
					name: 'orderId',
					type: 'string',
					default: '',
					description: 'Only bookings of this order',
				},
				{
					displayName: 'Person ID (Level 3 Key)',
					name: 'personId',
					type: 'string',
					default: '',
					description:
						'List this person’s bookings instead of the logged-in person’s (needs a level 3 API key)',
				},
				resourceLocator(
					'resourceId',
					'Resource',
					false,
					'Only bookings of this resource (room, court, instructor …); ' +
						'with a level 3 key, all bookings of the resource',
				),
				{
					displayName: 'Show Allocated',
					name: 'showAllocated',
					type: 'boolean',
					default: false,
					description:
						'Whether to list, for a logged-in staff member, the bookings where they are the resource ' +
						'(their work shifts) instead of their own bookings as a customer',
				},
			],
		},
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const startInput = parseDate(node, this.getNodeParameter('startDate', i, ''), 'Start', i, {
			zone: TIME_ZONE,
		});
		const endInput = parseDate(node, this.getNodeParameter('endDate', i, ''), 'End', i, {
			zone: TIME_ZONE,
		});
		const start = (startInput ?? DateTime.now()).setZone(TIME_ZONE);
		const end = endInput
			? endInput.setZone(TIME_ZONE)
			: (startInput ? start : start.startOf('day')).plus({ days: DEFAULT_RANGE_DAYS });
		assertOrdered(node, start, end, ['Start', 'End'], i);
		const from = startInput ? start : start.startOf('day');

		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		const units = idListParam(this, filters.businessUnitIds, 'Business Units', i);
		if (units) qs[PARAMS.businessUnitIds] = units;
		const resourceId = idParam(this, locatorValue(filters.resourceId), 'Resource', i);
		if (resourceId) qs[PARAMS.resourceId] = resourceId;
		const orderId = idParam(this, filters.orderId, 'Order ID', i);
		if (orderId) qs[PARAMS.orderId] = orderId;
		if (filters.showAllocated === true) qs[PARAMS.showAllocated] = true;
		const personId = idParam(this, filters.personId, 'Person ID', i);
		if (personId) {
			await requireLevel3(this, 'Person ID', i);
			qs[PARAMS.personId] = personId;
		}
		const { level, login } = await keyLevel.call(this);
		if (!login && !personId && (level < 3 || (!resourceId && !units))) {
			throw fieldError(
				node,
				'Credential',
				'has no person login, so BRP does not know whose bookings to list',
				level < 3
					? 'Add a Person Login to the BRP credential (e-mail, card or customer number and password).'
					: 'Add a Person Login to the BRP credential, or set Person ID, Resource or Business Units.',
				i,
			);
		}

		const limit = readLimit(this, i);
		// BRP takes whole Stockholm days; exact times are applied to the answer.
		const dayEnd = end.startOf('day') < end ? end.startOf('day').plus({ days: 1 }) : end;
		const { bookings } = await listServiceBookings.call(this, {
			start: from.startOf('day'),
			end: dayEnd,
			qs,
			itemIndex: i,
		});
		const lower = from.toMillis();
		const upper = end.toMillis();
		// The exact times are applied by each booking's start: a tenant whose bookings carry none, or none that reads
		// as a time, is an error (never a filter that drops every booking in silence).
		requireField(
			this.getNode(),
			bookings,
			{
				...BRP_REQUIRED.start('The exact start and end times'),
				usable: (booking) => startOf(booking as IDataObject) !== 0,
			},
			i,
		);
		const inRange = bookings.filter((b) => {
			const t = startOf(b);
			return t >= lower && t < upper;
		});
		return simplifyOutput(
			this,
			i,
			limit === undefined ? inRange : inRange.slice(0, limit),
			normalizeServiceBooking,
			BRP_SIMPLIFY,
		);
	},
};
