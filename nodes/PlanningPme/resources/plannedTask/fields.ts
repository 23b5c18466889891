import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertOrdered, parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { FIELDS, requestDate } from '../../transport';
import {
	keyLocator,
	optionalKey,
	readKeyList,
	readOtherFields,
	vendorDateToIso,
} from '../../common';

const F = FIELDS.plannedTask;
const EXAMPLE = '{"fields": {"Room": "B12"}}';

export const plannedTaskKeyProperty: INodeProperties = {
	displayName: 'Planned Task Key',
	name: 'plannedTaskKey',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5012',
	description: 'Key of the planning entry',
};

const dateDescription =
	'ISO 8601 date and time, a plain date or time (read in the planning time zone), or an expression. Sent as ISO 8601 in UTC, e.g. 2018-01-25T18:05:00Z.';

function startEnd(required: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Start',
			name: 'start',
			type: 'string',
			required,
			default: '',
			placeholder: '2026-03-02 09:00 or {{ $now }}',
			description: `When the entry starts: ${dateDescription}`,
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'string',
			required,
			default: '',
			placeholder: '2026-03-02 11:30',
			description: `When the entry ends (after Start): ${dateDescription}`,
		},
	];
}

const resourcesProperty = (required: boolean): INodeProperties => ({
	displayName: 'Resource Names or IDs',
	name: 'resources',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getResources' },
	required,
	default: [],
	description:
		'The resources the entry is planned for. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
});

/** What a planned task may carry besides start, end and resources (plus `extra`), sorted by name. */
function optionalFields(extra: INodeProperties[] = []): INodeProperties[] {
	const fields: INodeProperties[] = [
		...extra,
		{
			...keyLocator('category', 'Category', 'searchCategories'),
			required: false,
			description: 'The category of the entry',
		},
		{
			displayName: 'Customer Keys',
			name: 'customers',
			type: 'string',
			default: '',
			placeholder: '101, 102',
			description: 'Keys of the customers the entry is for, separated by commas',
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			description: 'Text of the entry',
		},
		{
			displayName: 'Other Fields (JSON)',
			name: 'json',
			type: 'json',
			default: '{}',
			description: `Any other planned-task fields as PlanningPME names them, e.g. ${EXAMPLE}; see your API's interactive documentation (your-brand/doc/index)`,
		},
		{
			...keyLocator('project', 'Project', 'searchProjects'),
			required: false,
			description: 'The project of the entry',
		},
		{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'A note' },
		{
			...keyLocator('task', 'Task', 'searchTasks'),
			required: false,
			description: 'The task (activity) planned',
		},
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const createProperties: INodeProperties[] = [
	...startEnd(true),
	resourcesProperty(true),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalFields(),
	},
];

export const updateProperties: INodeProperties[] = [
	plannedTaskKeyProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalFields([...startEnd(false), resourcesProperty(false)]),
	},
];

/** A date field in the planning zone; undefined when empty. */
export function readWhen(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
	zone: string,
): DateTime | undefined {
	return parseDate(ctx.getNode(), value, label, itemIndex, { zone });
}

/** A `{key}` reference as the node sends it. */
const refBody = (key: number) => ({ [FIELDS.key]: key });

/**
 * The body fields the user gave: Other Fields (JSON) first, the named fields over it; dates as REQUEST_DATES,
 * references as `{key}`. `required` makes Start, End and Resources mandatory (Create).
 */
export function readPlannedTaskFields(
	ctx: IExecuteFunctions,
	given: IDataObject,
	itemIndex: number,
	zone: string,
	required: boolean,
): { body: IDataObject; start?: DateTime; end?: DateTime } {
	const body = readOtherFields(ctx, given.json, itemIndex, EXAMPLE);
	const start = readWhen(ctx, given.start, 'Start', itemIndex, zone);
	const end = readWhen(ctx, given.end, 'End', itemIndex, zone);
	if (required && !start)
		throw fieldError(
			ctx.getNode(),
			'Start',
			'is empty',
			'Enter when the entry starts, e.g. 2026-03-02 09:00.',
			itemIndex,
		);
	if (required && !end)
		throw fieldError(
			ctx.getNode(),
			'End',
			'is empty',
			'Enter when the entry ends, e.g. 2026-03-02 11:30.',
			itemIndex,
		);
	assertOrdered(ctx.getNode(), start, end, ['Start', 'End'], itemIndex);
	if (start) body[F.start] = requestDate(start, zone);
	if (end) body[F.end] = requestDate(end, zone);
	if (given.resources !== undefined) {
		const resources = readKeyList(ctx.getNode(), given.resources, 'Resources', itemIndex);
		if (resources) body[F.resources] = resources.map(refBody);
	}
	if (required && !body[F.resources])
		throw fieldError(
			ctx.getNode(),
			'Resources',
			'is empty',
			'Choose at least one resource the entry is planned for.',
			itemIndex,
		);
	if (given.customers !== undefined && given.customers !== '') {
		const customers = readKeyList(ctx.getNode(), given.customers, 'Customer Keys', itemIndex);
		if (customers) body[F.customers] = customers.map(refBody);
	}
	for (const [name, label] of [
		['task', 'Task'],
		['project', 'Project'],
		['category', 'Category'],
	] as const) {
		const key = optionalKey(ctx, given[name], label, itemIndex);
		if (key !== undefined) body[F[name]] = refBody(key);
	}
	if (typeof given.label === 'string' && given.label.trim() !== '')
		body[F.label] = given.label.trim();
	if (typeof given.remark === 'string' && given.remark !== '') body[F.remark] = given.remark;
	return { body, start, end };
}

/**
 * A date of the current record (as PlanningPME sent it: with an offset, or a wall time of the planning zone) in
 * the node's one request format, so a body never mixes two; undefined when it is not a date.
 */
export function resent(value: unknown, zone: string): string | undefined {
	const iso = vendorDateToIso(value, zone);
	return iso === null ? undefined : requestDate(DateTime.fromISO(iso, { setZone: true }), zone);
}
