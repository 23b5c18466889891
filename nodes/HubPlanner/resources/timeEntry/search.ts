import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered, parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { idList, jsonParameter, readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import {
	PATHS,
	SORTABLE_TIME_ENTRY_FIELDS,
	TIME_ENTRY_STATUSES,
	WRITE_FORMATS,
} from '../../contract';
import { hubPlannerSort, readSort } from '../../fields';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Search',
	value: 'search',
	action: 'Search time entries',
	description: 'Find time entries by resource, project, day range, status, update time or metadata',
	properties: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Date From',
					name: 'dateFrom',
					type: 'dateTime',
					default: '',
					description: 'Only entries on or after this day',
				},
				{
					displayName: 'Date To',
					name: 'dateTo',
					type: 'dateTime',
					default: '',
					description: 'Only entries on or before this day',
				},
				{
					displayName: 'Metadata',
					name: 'metadata',
					type: 'string',
					default: '',
					description: 'Comma-separated metadata values to match exactly',
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
					displayName: 'Statuses',
					name: 'statuses',
					type: 'multiOptions',
					options: TIME_ENTRY_STATUSES,
					default: [],
				},
				{
					displayName: 'Time Entry IDs',
					name: 'timeEntryIds',
					type: 'string',
					default: '',
					description: 'Comma-separated time entry IDs',
				},
				{
					displayName: 'Updated Since',
					name: 'updatedSince',
					type: 'dateTime',
					default: '',
					description: 'Only entries changed at or after this time',
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
				'e.g. {"project": {"$in": ["456"]}}; merged over the filters above',
		},
		...returnAllProperties(),
		hubPlannerSort(SORTABLE_TIME_ENTRY_FIELDS),
	],
	async execute(this: IExecuteFunctions, i: number) {
		const sort = readSort(this, i);
		return await hubPlannerList.call(this, {
			method: 'POST',
			path: PATHS.timeEntrySearch,
			qs: sort.length ? { sort } : {},
			body: buildTimeEntryQuery(this, i),
			limit: readLimit(this, i),
			itemIndex: i,
		});
	},
};

/** The filters as Hub Planner's Mongo-style time entry query, with the raw JSON query merged over them. */
function buildTimeEntryQuery(ctx: IExecuteFunctions, i: number): IDataObject {
	const f = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const node = ctx.getNode();
	const zone = { zone: ctx.getTimezone() };
	const query: IDataObject = {};
	const inList = (value: unknown) => ({ $in: idList(value) });
	if (idList(f.timeEntryIds).length) query._id = inList(f.timeEntryIds);
	if (idList(f.resourceIds).length)
		query[WRITE_FORMATS.timeEntryResourceKey] = inList(f.resourceIds);
	if (idList(f.projectIds).length) query.project = inList(f.projectIds);
	if (idList(f.metadata).length) query.metadata = inList(f.metadata);
	if (Array.isArray(f.statuses) && f.statuses.length) query.status = { $in: f.statuses };
	const from = parseDate(node, f.dateFrom, 'Date From', i, zone);
	const to = parseDate(node, f.dateTo, 'Date To', i, zone);
	if (from && to && to.startOf('day') < from.startOf('day'))
		assertOrdered(node, from, to, ['Date From', 'Date To'], i);
	if (from || to)
		query.date = {
			...(from ? { $gte: from.toFormat('yyyy-MM-dd') } : {}),
			...(to ? { $lte: to.toFormat('yyyy-MM-dd') } : {}),
		};
	const updated = parseDate(node, f.updatedSince, 'Updated Since', i, zone);
	if (updated) query.updatedDate = { $gte: updated.toUTC().toISO() };
	const raw = jsonParameter(ctx, 'rawQuery', 'Raw Query (JSON)', i, {});
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw fieldError(
			node,
			'Raw Query (JSON)',
			'must be a JSON object',
			'Enter an object such as {"date": {"$gte": "2026-03-01", "$lte": "2026-03-31"}}, or {} for none.',
			i,
		);
	}
	return { ...query, ...(raw as IDataObject) };
}
