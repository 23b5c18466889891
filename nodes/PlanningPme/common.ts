import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { parseDate, toIso } from '../shared/dates';
import { fieldError } from '../shared/errors';
import { locatorProperty, numericIdList, requiredString, sortProperty } from '../shared/fields';
import { normalizedBooking, str, type NormalizedBooking } from '../shared/normalize';
import type { RequestContext } from '../shared/types';

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

/** A user date as a wall time of the planning zone, the form planned tasks use ("2026-03-02T09:00:00"). */
export function toWallTime(value: DateTime, zone: string): string {
	return value.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
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

function ref(value: unknown): { key?: unknown; label?: unknown } | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as { key?: unknown; label?: unknown })
		: undefined;
}

/** The normalized booking of a planned task or an unavailability. */
export function normalizeBooking(
	record: IDataObject,
	kind: 'plannedTask' | 'unavailability',
	zone: string,
): NormalizedBooking {
	const resources = Array.isArray(record.resources)
		? record.resources
		: record.resource
			? [record.resource]
			: [];
	const resource = ref(resources[0]);
	const status = ref(record.status)?.label ?? record.status;
	return normalizedBooking({
		id: String(record.key),
		vendor: 'planningpme',
		kind,
		title: str(record.label),
		start: vendorDateToIso(record.start, zone),
		end: vendorDateToIso(record.end, zone),
		status: typeof status === 'string' ? status : null,
		resource: resource
			? { id: str(resource.key), name: str(resource.label), type: 'resource' }
			: null,
		costCenter: str(ref(record.project)?.label),
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
