import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { verifiedWrite } from '../../common';
import { TIME_ENTRY_ALIASES, WRITE_FIELDS, WRITE_FORMATS } from '../../transport';

/** Sortable time entry fields (Sections/timesheets.md, "Sortable: YES"). */
export const SORTABLE_TIME_ENTRY_FIELDS = [
	'categoryName',
	'createdDate',
	'date',
	'metadata',
	'minutes',
	'projectName',
	'status',
	'updatedDate',
];

/** Entry statuses a search can ask for (EMPTY only fills weeks in answers; it is not searchable). */
export const TIME_ENTRY_STATUSES = [
	{ name: 'Approved', value: 'APPROVED' },
	{ name: 'Pending', value: 'PENDING' },
	{ name: 'Rejected', value: 'REJECTED' },
	{ name: 'Submitted', value: 'SUBMITTED' },
	{ name: 'Unsubmitted', value: 'UNSUBMITTED' },
];

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
