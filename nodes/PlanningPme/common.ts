import { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';
import { parseDate, toIso } from '../shared/dates';
import { fieldError } from '../shared/errors';
import {
	locatorProperty,
	numericIdList,
	parseJsonText,
	requiredString,
	sortProperty,
} from '../shared/fields';
import {
	normalizedBooking,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import type { RequestContext } from '../shared/types';
import { FIELDS, PLANNED_TASK_ALIASES, REF_ALIASES, UNAVAILABILITY_ALIASES } from './transport';
import { reportLine } from '../shared/messages';

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

/** The planning's time zone: the credential's, else the workflow's. */
export async function planningZone(
	ctx: RequestContext & { getTimezone(): string },
): Promise<string> {
	const credentials = await ctx.getCredentials('planningPmeApi');
	const zone = String(credentials.timeZone ?? '').trim();
	if (zone && !DateTime.now().setZone(zone).isValid) {
		throw new Error(
			`The Planning Time Zone "${zone}" in the PlanningPME credential is not a time zone. Enter an IANA name such as Europe/Paris, or leave it empty.`,
		);
	}
	return zone || ctx.getTimezone();
}

/** A vendor date (with an offset, or a wall time of the planning zone) as ISO 8601 with an offset. */
export function vendorDateToIso(value: unknown, zone: string): string | null {
	if (typeof value !== 'string' || value === '') return null;
	const parsed = DateTime.fromISO(value, { zone, setZone: true });
	return parsed.isValid ? toIso(parsed) : null;
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

/** The `{key, label}` of a reference (or the first of a list of them), read through REF_ALIASES. */
export function refOf(value: unknown): { key: unknown; label: unknown } | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	if (first === null || first === undefined) return undefined;
	if (typeof first !== 'object') return { key: first, label: undefined };
	const record = first as IDataObject;
	return { key: pick(record, REF_ALIASES.id).value, label: pick(record, REF_ALIASES.name).value };
}

/** The keys of a list of references (or of one), as text. */
export function refKeys(value: unknown): string[] {
	const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
	return list
		.map((v) => (v && typeof v === 'object' ? refOf(v)?.key : v))
		.filter((k) => k !== undefined && k !== null && k !== '')
		.map(String);
}

export type EntryKind = 'plannedTask' | 'unavailability';

export function aliasesOf(kind: EntryKind) {
	return kind === 'plannedTask' ? PLANNED_TASK_ALIASES : UNAVAILABILITY_ALIASES;
}

/** Where Simplify's names come from, per kind, for the error that says a field is missing on every record. */
export function simplifyContract(kind: EntryKind): SimplifyContract {
	const table = kind === 'plannedTask' ? 'PLANNED_TASK_ALIASES' : 'UNAVAILABILITY_ALIASES';
	return {
		vendor: 'PlanningPME',
		names: aliasesOf(kind),
		table,
	};
}

/**
 * The normalized booking of a planned task or an unavailability, every field read through its alias list
 * (transport.ts). `unmapped` lists the keys none of whose names the record carries: title, start, end,
 * resource, and for planned tasks costCenter (the project). PlanningPME reports no owner, amount, lock or
 * modification time, and status only for some entries: those are null without being flagged.
 */
export function normalizeBooking(
	record: IDataObject,
	kind: EntryKind,
	zone: string,
): NormalizedBooking {
	const a = aliasesOf(kind);
	const id = pick(record, a.id);
	const title = pick(record, a.title);
	const start = pick(record, a.start);
	const end = pick(record, a.end);
	const resource = pick(record, a.resource);
	const project =
		kind === 'plannedTask' ? pick(record, PLANNED_TASK_ALIASES.costCenter) : undefined;
	const status = pick(record, a.status).value;
	const resourceRef = refOf(resource.value);
	const projectValue =
		project?.value && typeof project.value === 'object'
			? refOf(project.value)?.label
			: project?.value;
	const unmapped = Object.entries({
		title: title.found,
		start: start.found,
		end: end.found,
		resource: resource.found,
		...(project ? { costCenter: project.found } : {}),
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	return normalizedBooking({
		id: id.value,
		vendor: 'planningpme',
		kind,
		title: str(title.value),
		start: vendorDateToIso(start.value, zone),
		end: vendorDateToIso(end.value, zone),
		status: typeof status === 'string' ? status : null,
		resource: resourceRef
			? { id: str(resourceRef.key), name: str(resourceRef.label), type: 'resource' }
			: null,
		costCenter: str(projectValue),
		unmapped,
	});
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

/** How a field sent in a write is read back: its alias list (transport.ts) and how values compare. */
interface ReadBack {
	label: string;
	aliases: readonly string[];
	compare: 'text' | 'date' | 'ref' | 'refs';
}

const READ_BACK: Record<EntryKind, Record<string, ReadBack>> = {
	plannedTask: {
		[FIELDS.plannedTask.label]: {
			label: 'label',
			aliases: PLANNED_TASK_ALIASES.title,
			compare: 'text',
		},
		[FIELDS.plannedTask.start]: {
			label: 'start',
			aliases: PLANNED_TASK_ALIASES.start,
			compare: 'date',
		},
		[FIELDS.plannedTask.end]: { label: 'end', aliases: PLANNED_TASK_ALIASES.end, compare: 'date' },
		[FIELDS.plannedTask.resources]: {
			label: 'resources',
			aliases: PLANNED_TASK_ALIASES.resource,
			compare: 'refs',
		},
		[FIELDS.plannedTask.customers]: {
			label: 'customers',
			aliases: PLANNED_TASK_ALIASES.customers,
			compare: 'refs',
		},
		[FIELDS.plannedTask.task]: {
			label: 'task',
			aliases: PLANNED_TASK_ALIASES.task,
			compare: 'ref',
		},
		[FIELDS.plannedTask.project]: {
			label: 'project',
			aliases: PLANNED_TASK_ALIASES.project,
			compare: 'ref',
		},
		[FIELDS.plannedTask.category]: {
			label: 'category',
			aliases: PLANNED_TASK_ALIASES.category,
			compare: 'ref',
		},
		[FIELDS.plannedTask.remark]: {
			label: 'remark',
			aliases: PLANNED_TASK_ALIASES.remark,
			compare: 'text',
		},
	},
	unavailability: {
		[FIELDS.unavailability.label]: {
			label: 'label',
			aliases: UNAVAILABILITY_ALIASES.title,
			compare: 'text',
		},
		[FIELDS.unavailability.start]: {
			label: 'start',
			aliases: UNAVAILABILITY_ALIASES.start,
			compare: 'date',
		},
		[FIELDS.unavailability.end]: {
			label: 'end',
			aliases: UNAVAILABILITY_ALIASES.end,
			compare: 'date',
		},
		[FIELDS.unavailability.resource]: {
			label: 'resource',
			aliases: UNAVAILABILITY_ALIASES.resource,
			compare: 'ref',
		},
		[FIELDS.unavailability.remark]: {
			label: 'remark',
			aliases: UNAVAILABILITY_ALIASES.remark,
			compare: 'text',
		},
	},
};

const NOUN: Record<EntryKind, string> = {
	plannedTask: 'planned task',
	unavailability: 'unavailability',
};

function isEmpty(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		value === '' ||
		(Array.isArray(value) && value.length === 0)
	);
}

/**
 * A write checked against the record PlanningPME answers: every non-empty value the node sent under a FIELDS name
 * must come back (read through the field's alias list) — text equal, a reference with the same key, a list of
 * references with every key sent, a date at the same instant. A value that comes back missing or empty is an
 * error naming the field and the contract line; a date at another instant is one naming the date format and the
 * planning time zone. The record was written all the same: the error says which one. An answer that is not a
 * record cannot be checked and is returned as it is.
 */
export function verifyWrite(
	ctx: IExecuteFunctions,
	kind: EntryKind,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	zone: string,
	itemIndex: number,
): IDataObject {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const stored = answer as IDataObject;
	const key = String(pick(stored, aliasesOf(kind).id).value ?? sent[FIELDS.key] ?? '');
	const what = `the ${action} ${NOUN[kind]}${key ? ` ${key}` : ''}`;
	for (const [name, value] of Object.entries(sent)) {
		const check = READ_BACK[kind][name];
		if (!check || isEmpty(value)) continue;
		const back = pick(stored, check.aliases);
		const line = `FIELDS.${kind}.${name}`;
		if (!back.found || isEmpty(back.value)) {
			const got = back.found
				? `has ${JSON.stringify(back.value)} for it`
				: `has none of ${check.aliases.join(', ')}`;
			throw new NodeOperationError(
				ctx.getNode(),
				`PlanningPME did not keep the ${check.label}: ${name} = ${short(value)} was sent, ${what} ${got}`,
				{
					itemIndex,
					description: `The ${NOUN[kind]} was ${action} without it. Your tenant may name the field differently (its answer carries ${Object.keys(stored).join(', ')}; read back as ${check.aliases.join(', ')}). Set the ${check.label} in PlanningPME, or send it with Custom API Call under your tenant's field name; ${reportLine(line)} (it compares the names with your tenant's records).`,
				},
			);
		}
		const mismatch = differs(check.compare, value, back.value, zone);
		if (mismatch) {
			throw new NodeOperationError(
				ctx.getNode(),
				`PlanningPME stored another ${check.label}: ${name} = ${short(value)} was sent, ${what} has ${short(back.value)}${mismatch === true ? '' : ` (${mismatch})`}`,
				{
					itemIndex,
					description:
						check.compare === 'date'
							? `The ${NOUN[kind]} was ${action} at another time than asked. Either the Planning Time Zone of the PlanningPME credential (${zone}) is not your planning's, or your tenant reads dates in another form than the node sends (API Contract → Check, line dates.requests, shows which forms your tenant takes). Correct or delete the ${NOUN[kind]} in PlanningPME, correct the Planning Time Zone, or ${reportLine('dates.requests')}.`
							: `The ${NOUN[kind]} was ${action} with another value than sent. Check the value in PlanningPME; if the node sent it as you set it, ${reportLine(line)}.`,
				},
			);
		}
	}
	return stored;
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
