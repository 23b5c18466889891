import { DateTime } from 'luxon';
import {
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';
import { assertOrdered, parseDate } from '../shared/dates';
import { fieldError } from '../shared/errors';
import { fieldValue } from '../shared/fieldReader';
import {
	locatorProperty,
	numericIdList,
	parseJsonText,
	requiredString,
	sortProperty,
} from '../shared/fields';
import { reportLine } from '../shared/messages';
import { pick, simplifyOutput } from '../shared/normalize';
import type { VerifyWrite } from '../shared/builders/record';
import { verifyWrite, type WriteCheck } from '../shared/writeCheck';
import {
	aliasesOf,
	FIELDS,
	keyParameter,
	NOUN,
	PAGE_SIZE_MAX,
	PATHS,
	READ_BACK,
	SPECS,
	type EntryKind,
	type ReadBack,
	type RecordEntity,
	type RecordSpec,
} from './contract';
import { planningPmeList, planningPmeRequest, planningZone, requestDate } from './transport';
import { normalizeBooking, refKeys, simplifyContract, vendorDateToIso } from './normalize';

/*
 * The node's fields and their readers, shared by several operations: key locators and readers, sorting, dates,
 * "Other Fields (JSON)", the write checks, the record entities' fields, the planned task and unavailability
 * fields, and the read-merge-resend update of a dated entry.
 */

/** A record picked from a searchable list, or entered by its key. */
export function keyLocator(
	name: string,
	displayName: string,
	searchMethod: string,
): INodeProperties {
	return locatorProperty({
		name,
		displayName,
		searchMethod,
		idLabel: 'By Key',
		idPattern: '^\\d+$',
		idError: 'A PlanningPME key is a whole number',
		placeholder: '756',
	});
}

/** Reads a record key (a whole number) from a locator or text field. */
export function readKey(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const key = requiredString(ctx, name, label, itemIndex);
	if (!/^\d+$/.test(key))
		throw fieldError(
			ctx.getNode(),
			label,
			`"${key.slice(0, 40)}" is not a key`,
			'Enter the numeric key of the record, for example 756, or pick it from the list.',
			itemIndex,
		);
	return key;
}

/** Record keys (whole numbers) from "10, 11" or a list picked in the editor; undefined when none are given. */
export function readKeyList(
	node: INode,
	value: unknown,
	label: string,
	itemIndex?: number,
): number[] | undefined {
	const hint = 'Use numeric keys, e.g. 10, 11 — or pick them from the list.';
	const list = numericIdList(node, value, { label, noun: 'a key', hint, itemIndex });
	return list.length === 0 ? undefined : list.map(Number);
}

/** Sort rules turned into PlanningPME's `sortInfo` (`label+`, `notValid-label+`). */
export const planningPmeSort: INodeProperties = sortProperty(
	{
		displayName: 'Property',
		name: 'property',
		type: 'string',
		default: 'label',
		description: 'Property name as PlanningPME spells it (case-sensitive), e.g. label or notValid',
	},
	{ ascending: '+', descending: '-' },
	'Sort rules applied in order',
);

export function readSortInfo(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const sort = ctx.getNodeParameter('sort', itemIndex, {}) as {
		rules?: Array<{ property?: string; direction?: string }>;
	};
	const rules = sort.rules ?? [];
	if (rules.length === 0) return undefined;
	return rules
		.map((rule) => {
			const property = String(rule.property ?? '').trim();
			if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(property)) {
				throw fieldError(
					ctx.getNode(),
					'Sort',
					`"${property.slice(0, 40)}" is not a property name`,
					'Enter a property name such as label or notValid (letters, digits, dots).',
					itemIndex,
				);
			}
			return `${property}${rule.direction === '-' ? '-' : '+'}`;
		})
		.join('');
}

/** Parses a required date field in the planning zone. */
export function readDate(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	zone: string,
): DateTime | undefined {
	return parseDate(
		ctx.getNode(),
		ctx.getNodeParameter(name, itemIndex, '') as unknown,
		label,
		itemIndex,
		{ zone },
	);
}

/** Resource and category filters, shared with the PlanningPME Trigger. */
export const plannedTaskFilters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Category Names or IDs',
			name: 'categories',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getCategories' },
			default: [],
			description:
				'Only entries of these categories. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Resource Names or IDs',
			name: 'resources',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getResources' },
			default: [],
			description:
				'Only entries planned for these resources. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
};

/**
 * A write checked against the record PlanningPME answers: every non-empty value the node sent under a FIELDS name
 * must come back (read through the field's alias list) — text equal, a reference with the same key, a list of
 * references with every key sent, a date at the same instant. A value that comes back missing or empty is an
 * error naming the field and the contract line; a date at another instant is one naming the date format and the
 * planning time zone. The record was written all the same: the error says which one. An answer that is not a
 * record cannot be checked and is returned as it is.
 */
export function verifiedEntry(
	ctx: IExecuteFunctions,
	kind: EntryKind,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	zone: string,
	itemIndex: number,
): IDataObject {
	const checks: WriteCheck[] = [];
	for (const [name, value] of Object.entries(sent)) {
		const check = READ_BACK[kind][name];
		if (!check) continue;
		const line = `FIELDS.${kind}.${name}`;
		checks.push({
			label: check.label,
			sentAs: name,
			value,
			names: check.aliases,
			compare: (a, b) => differs(check.compare, a, b, zone),
			line,
			differsHint:
				check.compare === 'date'
					? `The ${NOUN[kind]} was ${action} at another time than asked. ` +
						'Either the Planning Time Zone of the PlanningPME credential ' +
						`(${zone}) is not your planning's, or your tenant reads dates in another form than ` +
						'the node sends (API Contract → Check, line dates.requests, shows which forms your ' +
						`tenant takes). Correct or delete the ${NOUN[kind]} in PlanningPME, correct the ` +
						`Planning Time Zone, or ${reportLine('dates.requests')}.`
					: undefined,
		});
	}
	return verifyWrite(ctx, {
		vendor: 'PlanningPME',
		record: NOUN[kind],
		action,
		answer,
		id: aliasesOf(kind).id,
		knownId: sent[FIELDS.key],
		checks,
		itemIndex,
		show: short,
	});
}

/** false when the value came back as sent; true or a note when it did not. */
function differs(
	compare: ReadBack['compare'],
	sent: unknown,
	back: unknown,
	zone: string,
): boolean | string {
	switch (compare) {
		case 'text':
			return String(sent).trim() !== String(back).trim();
		case 'date': {
			const a = vendorDateToIso(sent, zone);
			const b = vendorDateToIso(back, zone);
			if (a === null || b === null) return b === null ? 'not a date' : false;
			const ms = DateTime.fromISO(a).toMillis() - DateTime.fromISO(b).toMillis();
			return ms === 0
				? false
				: `${b} in the planning time zone ${zone}, ${ms / 60_000} minutes apart`;
		}
		case 'ref': {
			const [a] = refKeys(sent);
			const [b] = refKeys(back);
			return a !== b;
		}
		case 'refs': {
			const kept = new Set(refKeys(back));
			const lost = refKeys(sent).filter((k) => !kept.has(k));
			return lost.length ? `without ${lost.join(', ')}` : false;
		}
	}
}

function short(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** "Other Fields (JSON)": any other field as PlanningPME names it (an object; the key is never taken from it). */
export function readOtherFields(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	example: string,
): IDataObject {
	if (value === undefined || value === '') return {};
	const parsed =
		typeof value === 'string'
			? parseJsonText(ctx.getNode(), value, 'Other Fields (JSON)', itemIndex, {}, example)
			: value;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		throw fieldError(
			ctx.getNode(),
			'Other Fields (JSON)',
			'must be a JSON object',
			`Enter an object such as ${example}, or {} for none.`,
			itemIndex,
		);
	const out = { ...(parsed as IDataObject) };
	delete out[FIELDS.key];
	return out;
}

/** The key of a record picked in a locator (or typed) inside a collection; undefined when empty. */
export function optionalKey(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number | undefined {
	const raw = value && typeof value === 'object' ? (value as IDataObject).value : value;
	const text = raw === undefined || raw === null ? '' : String(raw).trim();
	if (text === '') return undefined;
	if (!/^\d{1,15}$/.test(text))
		throw fieldError(
			ctx.getNode(),
			label,
			`"${text.slice(0, 40)}" is not a key`,
			`Pick the ${label.toLowerCase()} from the list, or enter its numeric key, for example 12.`,
			itemIndex,
		);
	return Number(text);
}

// Task, customer, resource, project

/** "Label", the type from the config enums where the entity has one, and any other field as JSON. */
export function recordFields(spec: RecordSpec, forUpdate: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (!forUpdate)
		fields.push({
			displayName: 'Label',
			name: 'label',
			type: 'string',
			required: true,
			default: '',
			description: `Name of the ${spec.value}`,
		});
	const options: INodeProperties[] = [];
	if (forUpdate)
		options.push({
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			description: `New name of the ${spec.value}`,
		});
	if (spec.typeField) {
		options.push({
			displayName: spec.typeField.displayName,
			name: spec.typeField.name,
			type: 'options',
			typeOptions: { loadOptionsMethod: spec.typeField.loadOptionsMethod },
			default: '',
			description: spec.typeField.description,
		});
	}
	options.push({
		displayName: 'Other Fields (JSON)',
		name: 'json',
		type: 'json',
		default: '{}',
		description:
			`Any other ${spec.value} fields as PlanningPME names them, e.g. {"email": "a@example.com"}; ` +
			"see your API's interactive documentation (your-brand/doc/index)",
	});
	fields.push({
		displayName: forUpdate ? 'Update Fields' : 'Additional Fields',
		name: forUpdate ? 'updateFields' : 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	});
	return fields;
}

/** The body fields the user gave (JSON first, the named fields over it). */
export function readRecordFields(
	ctx: IExecuteFunctions,
	collection: string,
	itemIndex: number,
): IDataObject {
	const given = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	let extra: unknown = {};
	if (given.json !== undefined) {
		extra =
			typeof given.json === 'string'
				? parseJsonText(
						ctx.getNode(),
						given.json,
						'Other Fields (JSON)',
						itemIndex,
						{},
						'{"email": "a@example.com"}',
					)
				: given.json;
		if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
			throw fieldError(
				ctx.getNode(),
				'Other Fields (JSON)',
				'must be a JSON object',
				'Enter an object such as {"email": "a@example.com"}, or {} for none.',
				itemIndex,
			);
		}
	}
	const out: IDataObject = { ...(extra as IDataObject) };
	delete out.key;
	for (const [name, value] of Object.entries(given)) {
		if (name === 'json' || value === '' || value === undefined) continue;
		out[name] = value;
	}
	return out;
}

/**
 * A record write checked against the record PlanningPME answers: Label and the type must come back equal; any
 * other field sent (Other Fields) must come back, not missing or empty. Otherwise an error names the field and
 * the contract line; the record was written all the same. An answer that is not a record is returned as it is.
 */
export function verifyRecord(
	ctx: IExecuteFunctions,
	spec: { value: string },
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): IDataObject {
	const named: string[] = Object.values(FIELDS.record);
	const checks: WriteCheck[] = Object.entries(sent)
		.filter(([name, value]) => name !== FIELDS.key && (typeof value !== 'object' || value === null))
		.map(([name, value]) => ({
			label: name,
			sentAs: name,
			value,
			names: [name],
			// Label and the type must come back equal; any other field sent (Other Fields) only present.
			compare: named.includes(name) ? ('same' as const) : ('present' as const),
			line: `FIELDS.record.${name}`,
			fix: named.includes(name)
				? undefined
				: `"${name}" was sent as you named it in Other Fields (JSON): ` +
					"check the name in your API's interactive documentation (your-brand/doc/index)",
		}));
	return verifyWrite(ctx, {
		vendor: 'PlanningPME',
		record: spec.value,
		action,
		answer,
		id: [FIELDS.key],
		knownId: sent[FIELDS.key],
		checks,
		itemIndex,
	});
}

// Planned tasks

/** How a date field is read and sent. */
const dateDescription =
	'ISO 8601 date and time, a plain date or time (read in the planning time zone), or an expression. ' +
	'Sent as ISO 8601 in UTC, e.g. 2018-01-25T18:05:00Z.';

/** Start and End of a dated entry (planned task or absence), with their examples. */
function startEnd(
	required: boolean,
	texts: { noun: string; start: string; end: string },
): INodeProperties[] {
	return [
		{
			displayName: 'Start',
			name: 'start',
			type: 'string',
			required,
			default: '',
			placeholder: texts.start,
			description: `When the ${texts.noun} starts: ${dateDescription}`,
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'string',
			required,
			default: '',
			placeholder: texts.end,
			description: `When the ${texts.noun} ends (after Start): ${dateDescription}`,
		},
	];
}

const PT = FIELDS.plannedTask;
const PLANNED_TASK_EXAMPLE = '{"fields": {"Room": "B12"}}';

export const plannedTaskKeyProperty: INodeProperties = {
	displayName: 'Planned Task Key',
	name: 'plannedTaskKey',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5012',
	description: 'Key of the planning entry',
};

function plannedTaskStartEnd(required: boolean): INodeProperties[] {
	return startEnd(required, {
		noun: 'entry',
		start: '2026-03-02 09:00 or {{ $now }}',
		end: '2026-03-02 11:30',
	});
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
function plannedTaskOptionalFields(extra: INodeProperties[] = []): INodeProperties[] {
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
			description:
				`Any other planned-task fields as PlanningPME names them, e.g. ${PLANNED_TASK_EXAMPLE}; ` +
				"see your API's interactive documentation (your-brand/doc/index)",
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

export const plannedTaskCreateProperties: INodeProperties[] = [
	...plannedTaskStartEnd(true),
	resourcesProperty(true),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: plannedTaskOptionalFields(),
	},
];

export const plannedTaskUpdateProperties: INodeProperties[] = [
	plannedTaskKeyProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: plannedTaskOptionalFields([...plannedTaskStartEnd(false), resourcesProperty(false)]),
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
	const body = readOtherFields(ctx, given.json, itemIndex, PLANNED_TASK_EXAMPLE);
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
	if (start) body[PT.start] = requestDate(start, zone);
	if (end) body[PT.end] = requestDate(end, zone);
	if (given.resources !== undefined) {
		const resources = readKeyList(ctx.getNode(), given.resources, 'Resources', itemIndex);
		if (resources) body[PT.resources] = resources.map(refBody);
	}
	if (required && !body[PT.resources])
		throw fieldError(
			ctx.getNode(),
			'Resources',
			'is empty',
			'Choose at least one resource the entry is planned for.',
			itemIndex,
		);
	if (given.customers !== undefined && given.customers !== '') {
		const customers = readKeyList(ctx.getNode(), given.customers, 'Customer Keys', itemIndex);
		if (customers) body[PT.customers] = customers.map(refBody);
	}
	for (const [name, label] of [
		['task', 'Task'],
		['project', 'Project'],
		['category', 'Category'],
	] as const) {
		const key = optionalKey(ctx, given[name], label, itemIndex);
		if (key !== undefined) body[PT[name]] = refBody(key);
	}
	if (typeof given.label === 'string' && given.label.trim() !== '')
		body[PT.label] = given.label.trim();
	if (typeof given.remark === 'string' && given.remark !== '') body[PT.remark] = given.remark;
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

export const rangeProperties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'dateFrom',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2026-03-02 or {{ $now }}',
		description:
			'Start of the range: an ISO 8601 date or date and time, or an expression. ' +
			'Plain dates and times are read in the planning time zone.',
	},
	{
		displayName: 'To',
		name: 'dateTo',
		type: 'string',
		required: true,
		default: '',
		placeholder: '2026-03-09 or {{ $now.plus({ days: 7 }) }}',
		description:
			'End of the range (exclusive): entries that start before it and end after From are returned',
	},
];

// Unavailabilities

const UA = FIELDS.unavailability;
const UNAVAILABILITY_EXAMPLE = '{"status": {"key": 3}}';

export const unavailabilityKeyProperty: INodeProperties = {
	displayName: 'Unavailability Key',
	name: 'unavailabilityKey',
	type: 'string',
	required: true,
	default: '',
	placeholder: '900',
	description: 'Key of the unavailability (absence)',
};

function unavailabilityStartEnd(required: boolean): INodeProperties[] {
	return startEnd(required, {
		noun: 'absence',
		start: '2026-03-02 or {{ $now }}',
		end: '2026-03-04',
	});
}

/** Named resourceKey at the top level ("resource" is the node's resource selector). */
const resourceProperty = (required: boolean, name = 'resource'): INodeProperties => ({
	...keyLocator(name, 'Resource', 'searchResources'),
	required,
	description: 'The resource (person or equipment) that is unavailable',
});

function unavailabilityOptionalFields(extra: INodeProperties[] = []): INodeProperties[] {
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
			description:
				`Any other unavailability fields as PlanningPME names them, e.g. ${UNAVAILABILITY_EXAMPLE}; ` +
				"see your API's interactive documentation (your-brand/doc/index)",
		},
		{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'A note' },
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const unavailabilityCreateProperties: INodeProperties[] = [
	resourceProperty(true, 'resourceKey'),
	...unavailabilityStartEnd(true),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: unavailabilityOptionalFields(),
	},
];

export const unavailabilityUpdateProperties: INodeProperties[] = [
	unavailabilityKeyProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: unavailabilityOptionalFields([
			...unavailabilityStartEnd(false),
			resourceProperty(false),
		]),
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
	const body = readOtherFields(ctx, given.json, itemIndex, UNAVAILABILITY_EXAMPLE);
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
	if (resource !== undefined) body[UA.resource] = { [FIELDS.key]: resource };
	if (start) body[UA.start] = requestDate(start, zone);
	if (end) body[UA.end] = requestDate(end, zone);
	if (typeof given.label === 'string' && given.label.trim() !== '')
		body[UA.label] = given.label.trim();
	if (typeof given.remark === 'string' && given.remark !== '') body[UA.remark] = given.remark;
	return { body, start, end };
}

// Update of a dated entry

type ReadFields = (
	ctx: IExecuteFunctions,
	given: IDataObject,
	itemIndex: number,
	zone: string,
	creating: boolean,
) => { body: IDataObject; start?: DateTime; end?: DateTime };

/**
 * Update of a dated record (a planned task, an unavailability). PUT is taken as a full replacement (assumed, like
 * the other entities): the record is read, the given fields are merged over it, its kept dates are re-sent in the
 * node's one request format (a body never mixes two), the merged range must still be a range (checked before the
 * write), the whole record is sent back, and the answer is verified against the fields given.
 */
export async function updateDatedRecord(
	ctx: IExecuteFunctions,
	i: number,
	opts: {
		kind: 'plannedTask' | 'unavailability';
		/** What the user calls it, for the empty-update message. */
		label: string;
		key: string;
		path: string;
		aliases: { start: readonly string[]; end: readonly string[] };
		readFields: ReadFields;
	},
): Promise<IDataObject[]> {
	const zone = await planningZone(ctx);
	const given = ctx.getNodeParameter('updateFields', i, {}) as IDataObject;
	const { body: changes, start, end } = opts.readFields(ctx, given, i, zone, false);
	if (Object.keys(changes).length === 0)
		throw fieldError(
			ctx.getNode(),
			'Update Fields',
			'are empty',
			`Add at least one field to change on the ${opts.label}.`,
			i,
		);
	const current = (await planningPmeRequest.call(ctx, {
		method: 'GET',
		path: opts.path,
		itemIndex: i,
	})) as IDataObject;
	const F = FIELDS[opts.kind];
	const body: IDataObject = {
		...current,
		...changes,
		[FIELDS.key]:
			(fieldValue(current, aliasesOf(opts.kind).id) as IDataObject[string]) ?? Number(opts.key),
	};
	for (const [name, names] of [
		[F.start, opts.aliases.start],
		[F.end, opts.aliases.end],
	] as const) {
		if (changes[name] !== undefined) continue;
		const again = resent(pick(current, names).value, zone);
		if (again !== undefined) body[name] = again;
	}
	const from = start ?? DateTime.fromISO(String(body[F.start] ?? ''), { setZone: true });
	const to = end ?? DateTime.fromISO(String(body[F.end] ?? ''), { setZone: true });
	if (from.isValid && to.isValid)
		assertOrdered(ctx.getNode(), from, to, start ? ['Start', 'End'] : ['Start (kept)', 'End'], i);
	const answer = await planningPmeRequest.call(ctx, {
		method: 'PUT',
		path: opts.path,
		body,
		itemIndex: i,
	});
	const record = verifiedEntry(ctx, opts.kind, changes, answer, 'updated', zone, i);
	return simplifyOutput(
		ctx,
		i,
		[record],
		(r) => normalizeBooking(r, opts.kind, zone),
		simplifyContract(opts.kind),
	);
}

// The record builders' specs (nodes/shared/builders/record.ts)

/** A record entity's key field, key reader and path, with the request function. */
export function recordKeySpec(entity: RecordEntity) {
	const spec = SPECS[entity];
	return {
		request: planningPmeRequest,
		keyProperty: keyLocator(keyParameter(spec), spec.label, spec.searchMethod),
		readKey: (ctx: IExecuteFunctions, i: number) => readKey(ctx, keyParameter(spec), spec.label, i),
		recordPath: (key: string) => PATHS.record(entity, key),
	};
}

/** A record entity's write check (verifyRecord). */
function recordCheck(entity: RecordEntity): VerifyWrite {
	return (ctx, sent, answer, action, i) =>
		verifyRecord(ctx, SPECS[entity], sent, answer, action, i);
}

/** Create of a record entity: Label required, the additional fields over Other Fields (JSON). */
export function recordCreateSpec(entity: RecordEntity) {
	const spec = SPECS[entity];
	return {
		request: planningPmeRequest,
		path: PATHS.records(entity),
		properties: recordFields(spec, false),
		readBody(ctx: IExecuteFunctions, i: number): IDataObject {
			const label = String(ctx.getNodeParameter('label', i, '')).trim();
			if (!label)
				throw fieldError(
					ctx.getNode(),
					'Label',
					'is empty',
					`Enter the name of the ${spec.value}.`,
					i,
				);
			return { ...readRecordFields(ctx, 'additionalFields', i), label };
		},
		verify: recordCheck(entity),
	};
}

/**
 * Update of a record entity. PlanningPME's PUT is treated as a full replacement (assumed): the record is read, the
 * given fields are merged over it and the whole record is sent back, so fields the user did not touch are kept.
 */
export function recordUpdateSpec(entity: RecordEntity) {
	const spec = SPECS[entity];
	return {
		...recordKeySpec(entity),
		properties: recordFields(spec, true),
		readChanges: (ctx: IExecuteFunctions, i: number) => readRecordFields(ctx, 'updateFields', i),
		emptyHint: `Add at least one field to change on the ${spec.value}.`,
		merge: (current: IDataObject, changes: IDataObject, key: string): IDataObject => ({
			...current,
			...changes,
			key: current.key ?? Number(key),
		}),
		verify: recordCheck(entity),
	};
}

/** Get Many over `pageIndex`/`pageSize` with `sortInfo`, for any paged PlanningPME list. */
export function recordListSpec(path: string) {
	return {
		list: planningPmeList,
		path,
		maxLimit: PAGE_SIZE_MAX * 100,
		properties: [planningPmeSort],
		query(ctx: IExecuteFunctions, i: number): IDataObject {
			const sortInfo = readSortInfo(ctx, i);
			return sortInfo ? { sortInfo } : {};
		},
	};
}
