import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { locatorProperty, requiredString, sortProperty } from '../../../shared/fields';
import { normalizedBooking, num, simplifyProperty, str } from '../../../shared/normalize';
import { hubPlannerRequest, PATHS } from '../../transport';
import { DateTime } from 'luxon';

export const BOOKING_STATES = [
	{
		name: 'Minutes per Day',
		value: 'STATE_DAY_MINUTE',
		description: 'State Value is the minutes per day (480 = 8 hours)',
	},
	{
		name: 'Percentage',
		value: 'STATE_PERCENTAGE',
		description: 'State Value is the percentage of the daily commitment',
	},
	{
		name: 'Total Minutes',
		value: 'STATE_TOTAL_MINUTE',
		description: 'State Value is the total minutes from start to end',
	},
];

export const SORTABLE_BOOKING_FIELDS = [
	'createdDate',
	'end',
	'metadata',
	'start',
	'state',
	'stateValue',
	'title',
	'updatedDate',
];

export const bookingIdProperty: INodeProperties = {
	displayName: 'Booking ID',
	name: 'bookingId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5b1977ade02d407011112222',
	description: 'The _id of the booking',
};

/**
 * A Hub Planner id read from a parameter: required, and made of letters, digits, "-" or "_" (Hub Planner ids are
 * 24-character hex strings), so a pasted URL, a name or a runaway expression is named before any request.
 */
export function hubPlannerId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const id = requiredString(ctx, name, label, itemIndex);
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
		throw fieldError(
			ctx.getNode(),
			label,
			`"${id.slice(0, 40)}${id.length > 40 ? '…' : ''}" is not a Hub Planner ID`,
			'Enter the ID itself (like 5b1977ade02d407011112222), or pick the record from the list.',
			itemIndex,
		);
	}
	return id;
}

/** A resource or project picked from a searchable list, or entered by ID. */
export function hubPlannerLocator(
	name: string,
	displayName: string,
	searchMethod: string,
): INodeProperties {
	return locatorProperty({
		name,
		displayName,
		searchMethod,
		idPattern: '^[A-Za-z0-9_-]+$',
		idError: 'Not a valid Hub Planner ID',
		placeholder: '5992a4a6e333b50c3c721c51',
	});
}

/** Sort rules Hub Planner applies in order (`sort=field` / `sort=-field`). */
export function hubPlannerSort(fields: string[]): INodeProperties {
	const firstField = fields[0];
	return sortProperty(
		{
			displayName: 'Field',
			name: 'field',
			type: 'options',
			options: fields.map((f) => ({ name: f, value: f })),
			default: firstField,
		},
		{ ascending: 'asc', descending: 'desc' },
	);
}

export function readSort(ctx: IExecuteFunctions, itemIndex: number, path = 'sort'): string[] {
	const sort = ctx.getNodeParameter(path, itemIndex, {}) as {
		rules?: Array<{ field: string; direction: string }>;
	};
	return (sort.rules ?? []).map((r) => (r.direction === 'desc' ? `-${r.field}` : r.field));
}

/** Fields shared by Create, Update and Patch ("Additional Fields" / "Update Fields"). */
export function bookingFieldOptions(opts: { includeCore: boolean }): INodeProperties[] {
	const core: INodeProperties[] = opts.includeCore
		? [
				{
					displayName: 'End',
					name: 'end',
					type: 'string',
					default: '',
					description:
						'New end: a date (2026-03-01) or, in hours view, a date and time (2026-03-01 15:00)',
				},
				{ displayName: 'Project ID', name: 'project', type: 'string', default: '' },
				{ displayName: 'Resource ID', name: 'resource', type: 'string', default: '' },
				{
					displayName: 'Start',
					name: 'start',
					type: 'string',
					default: '',
					description:
						'New start: a date (2026-03-01) or, in hours view, a date and time (2026-03-01 10:00)',
				},
			]
		: [];
	const fields: INodeProperties[] = [
		{
			displayName: 'Allow Overschedule',
			name: 'allowOverschedule',
			type: 'boolean',
			default: false,
			description:
				'Whether to book even when Hub Planner warns that the resource is over-scheduled',
		},
		{ displayName: 'Background Color', name: 'backgroundColor', type: 'color', default: '' },
		{
			displayName: 'Category Template ID',
			name: 'categoryTemplateId',
			type: 'string',
			default: '',
			description: 'ID of the booking category',
		},
		...core,
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'string',
			default: '',
			description: 'Custom field for your own reference (for example an ID in another system)',
		},
		{ displayName: 'Note', name: 'note', type: 'string', default: '' },
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: BOOKING_STATES,
			default: 'STATE_DAY_MINUTE',
		},
		{
			displayName: 'State Value',
			name: 'stateValue',
			type: 'number',
			default: 480,
			description: 'Meaning depends on State: minutes per day, percentage, or total minutes',
		},
		{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * Formats a user date for Hub Planner: a plain date in day view, "yyyy-MM-dd HH:mm" in hours view.
 * Hub Planner dates carry no zone; the wall time entered is kept.
 */
export function hubPlannerDate(
	ctx: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
	hours: boolean,
): string | undefined {
	const parsed = parseDate(ctx.getNode(), value, field, itemIndex, { zone: ctx.getTimezone() });
	if (!parsed) return undefined;
	return parsed.toFormat(hours ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd');
}

/** Cleans a fields collection into a booking body, formatting dates; `hours` follows allDay. */
export function bookingBody(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
	hours: boolean,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === '' || value === undefined || value === null) continue;
		if (key === 'start' || key === 'end')
			body[key] = hubPlannerDate(ctx, value, key === 'start' ? 'Start' : 'End', itemIndex, hours);
		else body[key] = value;
	}
	return body;
}

export function normalizeHubPlannerBooking(b: IDataObject, zone: string) {
	return normalizedBooking({
		id: String(b._id ?? ''),
		vendor: 'hubPlanner',
		kind: 'booking',
		title: str(b.title),
		start: wallTime(b.start, zone),
		end: wallTime(b.end, zone),
		status: str(b.type) ?? (b.deleted ? 'DELETED' : null),
		resource: b.resource ? { id: str(b.resource), name: null, type: 'resource' } : null,
		owner: b.bookingCreatorId ? { id: str(b.bookingCreatorId), name: null, email: null } : null,
		amount:
			(b.details as IDataObject | undefined)?.budgetBookedAmount !== undefined
				? { value: num((b.details as IDataObject).budgetBookedAmount), currency: null }
				: null,
		costCenter: null,
		lockedAt: null,
		updatedAt: wallTime(b.updatedDate, 'UTC'),
	});
}

function wallTime(value: unknown, zone: string): string | null {
	if (typeof value !== 'string' || !value) return null;
	let dt = DateTime.fromISO(value.replace(' ', 'T'), { zone, setZone: true });
	if (!dt.isValid) return value;
	if (!/[zZ]|[+-]\d\d:?\d\d$/.test(value)) dt = DateTime.fromISO(value.replace(' ', 'T'), { zone });
	return dt.toISO({ suppressMilliseconds: true });
}

/** The fields Update and Patch share: what to change. */
export const updateFieldsProperty: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: bookingFieldOptions({ includeCore: true }),
};

/** The changes to make, refusing none. */
export function readUpdateFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	if (Object.keys(fields).length === 0) {
		throw fieldError(
			ctx.getNode(),
			'Update Fields',
			'none given',
			'Add at least one field to change.',
			itemIndex,
		);
	}
	return fields;
}

/** What Approve and Reject ask: who decides, and optional notes. */
export const decisionProperties: INodeProperties[] = [
	bookingIdProperty,
	{
		...hubPlannerLocator('approver', 'Approver', 'searchResources'),
		description: 'The resource (person) who approves or rejects',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Overschedule',
				name: 'allowOverschedule',
				type: 'boolean',
				default: false,
				description:
					'Whether to approve even when Hub Planner warns that the resource is over-scheduled',
			},
			{ displayName: 'Approver Note', name: 'approverNote', type: 'string', default: '' },
			{ displayName: 'Requester Note', name: 'requesterNote', type: 'string', default: '' },
		],
	},
	simplifyProperty,
];

/** Approve or reject a booking request: a PATCH of its type with who decided and why. */
export async function sendDecision(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: 'APPROVED' | 'REJECTED',
): Promise<IDataObject> {
	const id = hubPlannerId(ctx, 'bookingId', 'Booking ID', itemIndex);
	const approver = hubPlannerId(ctx, 'approver', 'Approver', itemIndex);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const approvalInfo: IDataObject = { approvedOrRejectedById: approver };
	if (options.approverNote) approvalInfo.approverNote = options.approverNote;
	if (options.requesterNote) approvalInfo.requesterNote = options.requesterNote;
	const body: IDataObject = { type, approvalInfo };
	if (options.allowOverschedule) body.allowOverschedule = true;
	return (await hubPlannerRequest.call(ctx, {
		method: 'PATCH',
		path: PATHS.booking(id),
		body,
		itemIndex,
	})) as IDataObject;
}
