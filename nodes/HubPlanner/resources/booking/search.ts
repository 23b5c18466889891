import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { idList, jsonParameter, readLimit, returnAllProperties } from '../../../shared/fields';
import { assertOrdered, parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS, SORTABLE_BOOKING_FIELDS } from '../../contract';
import { hubPlannerSort, readSort } from '../../fields';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from '../../normalize';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Search',
	value: 'search',
	action: 'Search bookings',
	description: 'Find bookings by resource, project, period, update time or metadata',
	properties: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Booking IDs',
					name: 'bookingIds',
					type: 'string',
					default: '',
					description: 'Comma-separated booking IDs',
				},
				{
					displayName: 'Deleted Since',
					name: 'deletedSince',
					type: 'dateTime',
					default: '',
					description: 'Only bookings deleted at or after this time',
				},
				{
					displayName: 'Metadata',
					name: 'metadata',
					type: 'string',
					default: '',
					description: 'Comma-separated metadata values to match exactly',
				},
				{
					displayName: 'Period End',
					name: 'periodEnd',
					type: 'dateTime',
					default: '',
					description: 'Only bookings that start on or before this day',
				},
				{
					displayName: 'Period Start',
					name: 'periodStart',
					type: 'dateTime',
					default: '',
					description: 'Only bookings that end on or after this day',
				},
				{
					displayName: 'Project IDs',
					name: 'projectIds',
					type: 'string',
					default: '',
					description: 'Comma-separated project IDs',
				},
				{
					displayName: 'Resource IDs',
					name: 'resourceIds',
					type: 'string',
					default: '',
					description: 'Comma-separated resource IDs',
				},
				{
					displayName: 'Updated Since',
					name: 'updatedSince',
					type: 'dateTime',
					default: '',
					description: 'Only bookings changed at or after this time',
				},
			],
		},
		{
			displayName: 'Raw Query (JSON)',
			name: 'rawQuery',
			type: 'json',
			default: '{}',
			description:
				'Hub Planner search query with $in, $nin, $lt, $lte, $gte, $gt, ' +
				'e.g. {"resource": {"$in": ["123"]}}; merged over the filters above',
		},
		...returnAllProperties(),
		{
			displayName: 'Include Dependencies',
			name: 'dependencies',
			type: 'boolean',
			default: false,
			description: 'Whether to add parentIds and childIds to each booking',
		},
		hubPlannerSort(SORTABLE_BOOKING_FIELDS),
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const query = buildQuery(this, i);
		const qs: IDataObject = {};
		if (this.getNodeParameter('dependencies', i, false)) qs.dependencies = true;
		const sort = readSort(this, i);
		if (sort.length) qs.sort = sort;
		const bookings = await hubPlannerList.call(this, {
			method: 'POST',
			path: PATHS.bookingSearch,
			qs,
			body: query,
			limit: readLimit(this, i),
			itemIndex: i,
		});
		return simplifyOutput(
			this,
			i,
			bookings,
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};

/** Turns the filter fields into Hub Planner's Mongo-style query, then merges the raw JSON query over it. */
function buildQuery(ctx: IExecuteFunctions, i: number): IDataObject {
	const f = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const node = ctx.getNode();
	const zone = { zone: ctx.getTimezone() };
	const query: IDataObject = {};
	const inList = (value: unknown) => ({ $in: idList(value) });
	if (idList(f.bookingIds).length) query._id = inList(f.bookingIds);
	if (idList(f.resourceIds).length) query.resource = inList(f.resourceIds);
	if (idList(f.projectIds).length) query.project = inList(f.projectIds);
	if (idList(f.metadata).length) query.metadata = inList(f.metadata);
	const from = parseDate(node, f.periodStart, 'Period Start', i, zone);
	const to = parseDate(node, f.periodEnd, 'Period End', i, zone);
	if (from && to && to.startOf('day') < from.startOf('day'))
		assertOrdered(node, from, to, ['Period Start', 'Period End'], i);
	// Hub Planner compares its zone-less date strings; "before the next day" keeps the whole last day.
	if (to) query.start = { $lt: to.plus({ days: 1 }).toFormat('yyyy-MM-dd') };
	if (from) query.end = { $gte: from.toFormat('yyyy-MM-dd') };
	const updated = parseDate(node, f.updatedSince, 'Updated Since', i, zone);
	if (updated) query.updatedDate = { $gte: updated.toUTC().toISO() };
	const deleted = parseDate(node, f.deletedSince, 'Deleted Since', i, zone);
	if (deleted) {
		query.deleted = true;
		query.deletedDate = { $gte: deleted.toUTC().toISO() };
	}
	const raw = jsonParameter(ctx, 'rawQuery', 'Raw Query (JSON)', i, {});
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw fieldError(
			node,
			'Raw Query (JSON)',
			'must be a JSON object',
			'Enter an object such as {"project": "5992a4a6e583b5333c721c6d"}, or {} for none.',
			i,
		);
	}
	return { ...query, ...(raw as IDataObject) };
}
