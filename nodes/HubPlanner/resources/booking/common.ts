import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { fieldValue } from '../../../shared/fieldReader';
import {
	locatorProperty,
	parseJsonText,
	requiredString,
	sortProperty,
} from '../../../shared/fields';
import {
	normalizedBooking,
	num,
	pick,
	simplifyProperties,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../../../shared/normalize';
import { verifiedWrite } from '../../common';
import {
	BOOKING_ALIASES,
	hubPlannerRequest,
	PATHS,
	WRITE_FIELDS,
	WRITE_FORMATS,
} from '../../transport';
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

/** Create's State: Hub Planner applies the tenant's default state (set in its UI) when none is sent. */
export const TENANT_DEFAULT_STATE = 'tenantDefault';

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
			displayName: 'External Billing Rate Name or ID',
			name: 'externalRateId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getBillingRates' },
			default: '',
			description:
				'Billing rate charged to the client (bookingRate.external.defaultRateId); Hub Planner assigns the rate from it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Internal Billing Rate Name or ID',
			name: 'internalRateId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getBillingRates' },
			default: '',
			description:
				'Internal cost rate (bookingRate.internal.defaultRateId; needs the billing rates extension). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Custom Fields (JSON)',
			name: 'customFields',
			type: 'json',
			default: '[]',
			description:
				'The booking\'s custom field values as a JSON array, e.g. [{"templateId": "669554d27dc15b5590a1b831", "value": "Finance"}]',
		},
		{
			displayName: 'Deadline Date',
			name: 'deadlineDate',
			type: 'dateTime',
			default: '',
			description: 'Day of the deadline shown on the scheduler',
		},
		{
			displayName: 'Deadline Name',
			name: 'deadlineName',
			type: 'string',
			default: '',
			description: 'Name of the deadline shown on the scheduler (e.g. Presentation day)',
		},
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
	const rate: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value === '' || value === undefined || value === null) continue;
		if (key === 'start' || key === 'end')
			body[key] = hubPlannerDate(ctx, value, key === 'start' ? 'Start' : 'End', itemIndex, hours);
		else if (key === 'deadlineDate') body[key] = deadlineDate(ctx, value, itemIndex);
		else if (key === 'customFields') {
			const list = customFields(ctx, value, itemIndex);
			if (list.length) body[key] = list;
		} else if (key === 'externalRateId' || key === 'internalRateId') {
			const label =
				key === 'externalRateId'
					? 'External Billing Rate Name or ID'
					: 'Internal Billing Rate Name or ID';
			const id = String(value).trim();
			if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
				throw fieldError(
					ctx.getNode(),
					label,
					`"${id.slice(0, 40)}" is not a Hub Planner billing rate ID`,
					'Pick the billing rate from the list, or enter its ID (Billing Rate → Get Many lists them).',
					itemIndex,
				);
			rate[key === 'externalRateId' ? 'external' : 'internal'] = { defaultRateId: id };
		} else body[key] = value;
	}
	if (Object.keys(rate).length) body.bookingRate = rate;
	return body;
}

/** A deadline day, sent as WRITE_FORMATS.deadlineDate (assumed: the write format is not documented). */
function deadlineDate(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const parsed = parseDate(ctx.getNode(), value, 'Deadline Date', itemIndex, {
		zone: ctx.getTimezone(),
	});
	return parsed!.toFormat(WRITE_FORMATS.deadlineDate);
}

/** The Custom Fields (JSON) field: an array of objects (the booking's `customFields`), [] or empty for none. */
function customFields(ctx: IExecuteFunctions, value: unknown, itemIndex: number): IDataObject[] {
	const list =
		typeof value === 'string'
			? parseJsonText(
					ctx.getNode(),
					value,
					'Custom Fields (JSON)',
					itemIndex,
					[],
					'[{"templateId": "669554d27dc15b5590a1b831", "value": "Finance"}]',
				)
			: value;
	if (
		!Array.isArray(list) ||
		list.some((f) => f === null || typeof f !== 'object' || Array.isArray(f))
	)
		throw fieldError(
			ctx.getNode(),
			'Custom Fields (JSON)',
			'must be a JSON array of objects',
			'Enter a list such as [{"templateId": "669554d27dc15b5590a1b831", "value": "Finance"}], or [] for none.',
			itemIndex,
		);
	return list as IDataObject[];
}

/** A booking write checked against the booking Hub Planner answers (see verifiedWrite). */
export function verifiedBooking(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated' | 'patched',
	itemIndex: number,
): IDataObject {
	return verifiedWrite(ctx, {
		record: 'booking',
		fields: WRITE_FIELDS.booking,
		aliases: BOOKING_ALIASES,
		table: 'BOOKING_ALIASES',
		sent,
		answer,
		action,
		itemIndex,
	});
}

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const HUB_PLANNER_SIMPLIFY: SimplifyContract = {
	vendor: 'Hub Planner',
	names: {
		...BOOKING_ALIASES,
		resource: [...BOOKING_ALIASES.resourceId, ...BOOKING_ALIASES.resourceName],
		owner: [...BOOKING_ALIASES.ownerId, ...BOOKING_ALIASES.ownerName],
	},
	table: 'BOOKING_ALIASES',
};

/**
 * The normalized shape of a Hub Planner booking, every field read through BOOKING_ALIASES (transport.ts).
 * `unmapped` lists the keys none of whose names the booking carried; a name present with null is plain null.
 * Hub Planner bookings have no cost centre and no lock time: those two are always null and never flagged.
 */
export function normalizeHubPlannerBooking(b: IDataObject, zone: string): NormalizedBooking {
	const a = BOOKING_ALIASES;
	const read = (names: readonly string[]) => pick(b, names);
	const id = read(a.id);
	const title = read(a.title);
	const start = read(a.start);
	const end = read(a.end);
	const status = read(a.status);
	const resourceId = read(a.resourceId);
	const resourceName = read(a.resourceName);
	const ownerId = read(a.ownerId);
	const ownerName = read(a.ownerName);
	const amount = read(a.amount);
	const updated = read(a.updatedAt);
	const deleted = fieldValue(b, 'deleted') === true;
	const unmapped = Object.entries({
		title: title.found,
		start: start.found,
		end: end.found,
		status: status.found || deleted,
		resource: resourceId.found || resourceName.found,
		owner: ownerId.found || ownerName.found,
		amount: amount.found,
		updatedAt: updated.found,
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	return normalizedBooking({
		id: id.value,
		vendor: 'hubPlanner',
		kind: 'booking',
		title: str(title.value),
		start: wallTime(start.value, zone),
		end: wallTime(end.value, zone),
		status: str(status.value) ?? (deleted ? 'DELETED' : null),
		resource:
			str(resourceId.value) || str(resourceName.value)
				? { id: str(resourceId.value), name: str(resourceName.value), type: 'resource' }
				: null,
		owner:
			str(ownerId.value) || str(ownerName.value)
				? { id: str(ownerId.value), name: str(ownerName.value), email: null }
				: null,
		amount:
			amount.found && num(amount.value) !== null
				? { value: num(amount.value), currency: str(read(a.currency).value) }
				: null,
		costCenter: null,
		lockedAt: null,
		updatedAt: wallTime(updated.value, 'UTC'),
		unmapped,
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
	...simplifyProperties,
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
