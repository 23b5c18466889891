import type { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertOrdered, parseDate } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { FIELDS, requestDate } from '../../transport';
import { keyLocator, optionalKey, readOtherFields } from '../../common';

const F = FIELDS.unavailability;
const EXAMPLE = '{"status": {"key": 3}}';

export const unavailabilityKeyProperty: INodeProperties = {
	displayName: 'Unavailability Key',
	name: 'unavailabilityKey',
	type: 'string',
	required: true,
	default: '',
	placeholder: '900',
	description: 'Key of the unavailability (absence)',
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
			placeholder: '2026-03-02 or {{ $now }}',
			description: `When the absence starts: ${dateDescription}`,
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'string',
			required,
			default: '',
			placeholder: '2026-03-04',
			description: `When the absence ends (after Start): ${dateDescription}`,
		},
	];
}

/** Named resourceKey at the top level ("resource" is the node's resource selector). */
const resourceProperty = (required: boolean, name = 'resource'): INodeProperties => ({
	...keyLocator(name, 'Resource', 'searchResources'),
	required,
	description: 'The resource (person or equipment) that is unavailable',
});

function optionalFields(extra: INodeProperties[] = []): INodeProperties[] {
	const fields: INodeProperties[] = [
		...extra,
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'Holiday',
			description: 'The reason, e.g. Holiday or Sick leave',
		},
		{
			displayName: 'Other Fields (JSON)',
			name: 'json',
			type: 'json',
			default: '{}',
			description: `Any other unavailability fields as PlanningPME names them, e.g. ${EXAMPLE}; see your API's interactive documentation (your-brand/doc/index)`,
		},
		{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'A note' },
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const createProperties: INodeProperties[] = [
	resourceProperty(true, 'resourceKey'),
	...startEnd(true),
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
	unavailabilityKeyProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: optionalFields([...startEnd(false), resourceProperty(false)]),
	},
];

/**
 * The body fields the user gave: Other Fields (JSON) first, the named fields over it; dates as REQUEST_DATES, the
 * resource as `{key}`. `required` makes Resource, Start and End mandatory (Create).
 */
export function readUnavailabilityFields(
	ctx: IExecuteFunctions,
	given: IDataObject,
	itemIndex: number,
	zone: string,
	required: boolean,
): { body: IDataObject; start?: DateTime; end?: DateTime } {
	const body = readOtherFields(ctx, given.json, itemIndex, EXAMPLE);
	const resource = optionalKey(ctx, given.resource, 'Resource', itemIndex);
	if (required && resource === undefined)
		throw fieldError(
			ctx.getNode(),
			'Resource',
			'is empty',
			'Pick the resource that is unavailable, or enter its key.',
			itemIndex,
		);
	const start = parseDate(ctx.getNode(), given.start, 'Start', itemIndex, { zone });
	const end = parseDate(ctx.getNode(), given.end, 'End', itemIndex, { zone });
	if (required && !start)
		throw fieldError(
			ctx.getNode(),
			'Start',
			'is empty',
			'Enter when the absence starts, e.g. 2026-03-02.',
			itemIndex,
		);
	if (required && !end)
		throw fieldError(
			ctx.getNode(),
			'End',
			'is empty',
			'Enter when the absence ends, e.g. 2026-03-04.',
			itemIndex,
		);
	assertOrdered(ctx.getNode(), start, end, ['Start', 'End'], itemIndex);
	if (resource !== undefined) body[F.resource] = { [FIELDS.key]: resource };
	if (start) body[F.start] = requestDate(start, zone);
	if (end) body[F.end] = requestDate(end, zone);
	if (typeof given.label === 'string' && given.label.trim() !== '')
		body[F.label] = given.label.trim();
	if (typeof given.remark === 'string' && given.remark !== '') body[F.remark] = given.remark;
	return { body, start, end };
}
