import { type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import type { EntityFunctions } from '../shared/builders/entity';
import { verifyWrite, type WriteCheck } from '../shared/writeCheck';
import { parseDate } from '../shared/dates';
import { fieldError } from '../shared/errors';
import { locatorProperty, parseJsonText, requiredString, sortProperty } from '../shared/fields';
import { pick, simplifyProperties } from '../shared/normalize';
import {
	BOOKING_ALIASES,
	CLIENT_ALIASES,
	PATHS,
	SAME_VALUE,
	TIME_ENTRY_ALIASES,
	WRITE_FIELDS,
	WRITE_FORMATS,
} from './contract';
import { hubPlannerList, hubPlannerRequest } from './transport';

/*
 * What several operations share: ID and locator readers, sorting, the booking and time entry properties and
 * body builders, write verification (every write checked against the record Hub Planner answers).
 */

// ---- IDs, locators, sorting

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

/** What nodes/shared/builders/entity.ts needs from Hub Planner to build the resource and project operations. */
export const entityFunctions: EntityFunctions = {
	vendor: 'Hub Planner',
	locator: hubPlannerLocator,
	readId: hubPlannerId,
	request: hubPlannerRequest,
	list: hubPlannerList,
	sortProperty: hubPlannerSort,
	readSort(ctx, itemIndex) {
		const sort = readSort(ctx, itemIndex);
		return sort.length ? { sort } : {};
	},
	statusQuery: (statuses) => ({ status: { $in: statuses } }),
};

// ---- Bookings

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
				"The booking's custom field values as a JSON array, " +
				'e.g. [{"templateId": "669554d27dc15b5590a1b831", "value": "Finance"}]',
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

// ---- Clients

export const clientLocator = hubPlannerLocator('clientId', 'Client', 'searchClients');

// ---- Time entries

export const timeEntryIdProperty: INodeProperties = {
	displayName: 'Time Entry ID',
	name: 'timeEntryId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5ae1d7a2d61e560c4916aaaa',
	description: 'The _id of the time entry',
};

/** Note, metadata and category: what Create's Additional Fields and Update's Update Fields share. */
export const timeEntryOptionalFields: INodeProperties[] = [
	{
		displayName: 'Category Template ID',
		name: 'categoryTemplateId',
		type: 'string',
		default: '',
		description: 'ID of the time entry category',
	},
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'string',
		default: '',
		description: 'Custom field for your own reference, up to 255 characters',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		description: "Note on the entry (required when the project's settings ask for one)",
	},
];

/** A time entry day: Hub Planner's 'YYYY-MM-DD', read in the workflow's time zone. */
export function timeEntryDate(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	const parsed = parseDate(ctx.getNode(), value, label, itemIndex, { zone: ctx.getTimezone() });
	return parsed?.toFormat('yyyy-MM-dd');
}

/** Minutes of an entry: a whole number within WRITE_FORMATS.timeEntryMinutes (one day). */
export function timeEntryMinutes(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
): number {
	const minutes = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const { min, max } = WRITE_FORMATS.timeEntryMinutes;
	if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < min || minutes > max)
		throw fieldError(
			ctx.getNode(),
			'Minutes',
			`${JSON.stringify(value)} is not a whole number of minutes from ${min} to ${max}`,
			'Enter the minutes worked that day, e.g. 480 for 8 hours.',
			itemIndex,
		);
	return minutes;
}

/** Metadata is a custom field of at most 255 characters (stated). */
export function checkMetadata(ctx: IExecuteFunctions, body: IDataObject, itemIndex: number): void {
	if (typeof body.metadata === 'string' && body.metadata.length > 255)
		throw fieldError(
			ctx.getNode(),
			'Metadata',
			`is ${body.metadata.length} characters long`,
			'Shorten it to 255 characters or fewer (Hub Planner limit).',
			itemIndex,
		);
}

// ---- Write verification

/**
 * A write checked against the record Hub Planner answers (nodes/shared/writeCheck.ts): every non-empty value sent
 * (by the keys of `fields`, a WRITE_FIELDS table) must come back, read through its alias list, non-empty — and
 * ids exactly as sent (SAME_VALUE).
 */
export function verifiedWrite(
	ctx: IExecuteFunctions,
	opts: {
		record: 'booking' | 'time entry' | 'client';
		/** Body key (dotted for nested) → alias key, e.g. WRITE_FIELDS.booking. */
		fields: Readonly<Record<string, string>>;
		aliases: Readonly<Record<string, readonly string[]>>;
		/** The alias table's name in contract.ts, for the message. */
		table: string;
		sent: IDataObject;
		answer: unknown;
		action: 'created' | 'updated' | 'patched';
		itemIndex: number;
	},
): IDataObject {
	const checks: WriteCheck[] = Object.entries(opts.fields).map(([key, aliasKey]) => ({
		label: key,
		value: pick(opts.sent, [key]).value,
		names: opts.aliases[aliasKey] ?? [key],
		compare: SAME_VALUE.has(key) ? 'same' : 'present',
		line: `${opts.table}.${aliasKey}`,
	}));
	return verifyWrite(ctx, {
		vendor: 'Hub Planner',
		record: opts.record,
		action: opts.action,
		answer: opts.answer,
		id: ['_id', 'id'],
		checks,
		itemIndex: opts.itemIndex,
	});
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

/** A client write checked against the client Hub Planner answers (see verifiedWrite). */
export function verifiedClient(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	itemIndex: number,
): IDataObject {
	return verifiedWrite(ctx, {
		record: 'client',
		fields: WRITE_FIELDS.client,
		aliases: CLIENT_ALIASES,
		table: 'CLIENT_ALIASES',
		sent,
		answer,
		action: 'created',
		itemIndex,
	});
}

/** A time entry write checked against the entry Hub Planner answers (see verifiedWrite). */
export function verifiedTimeEntry(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): IDataObject {
	return verifiedWrite(ctx, {
		record: 'time entry',
		fields: WRITE_FIELDS.timeEntry,
		aliases: TIME_ENTRY_ALIASES,
		table: 'TIME_ENTRY_ALIASES',
		sent,
		answer,
		action,
		itemIndex,
	});
}
