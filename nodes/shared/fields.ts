import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { fieldError } from './errors';

/** "Return All" + "Limit" (shown when Return All is off); `max` is the largest sensible limit. */
export function returnAllProperties(max?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(max ? { maxValue: max } : {}) },
			default: 50,
			displayOptions: { show: { returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** undefined for Return All, else the validated limit. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw fieldError(
			ctx.getNode(),
			'Limit',
			`${limit} is not a whole number of at least 1`,
			'Enter 1 or more, or turn on Return All.',
			itemIndex,
		);
	}
	return limit;
}

/** A required text parameter, trimmed; names the field when it is empty. */
export function requiredString(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!value)
		throw fieldError(
			ctx.getNode(),
			label,
			'is empty',
			`Enter the ${label.toLowerCase()}.`,
			itemIndex,
		);
	return value;
}

/** Splits "a, b,c" or an array into clean ids. */
export function idList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((v) => String(v).trim()).filter((v) => v.length > 0);
}

/**
 * Whole-number IDs from "1, 2,45" or an array (trimmed, empty entries dropped). The first entry that is not
 * digits (or has more than `maxDigits`), unless `allow` accepts it, is refused as
 * `<label>: "<entry>" is not <noun>` with `hint` as the fix.
 */
export function numericIdList(
	node: INode,
	value: unknown,
	opts: {
		label: string;
		noun: string;
		hint: string;
		maxDigits?: number;
		allow?: (entry: string) => boolean;
		itemIndex?: number;
	},
): string[] {
	const ids = idList(value);
	const digits = new RegExp(`^\\d{1,${opts.maxDigits ?? 64}}$`);
	const bad = ids.find((id) => !digits.test(id) && !(opts.allow?.(id) ?? false));
	if (bad !== undefined)
		throw fieldError(
			node,
			opts.label,
			`"${bad.slice(0, 40)}" is not ${opts.noun}`,
			opts.hint,
			opts.itemIndex,
		);
	return ids;
}

/**
 * Parses JSON text a user typed into a field; an empty text gives `fallback`. A syntax error names the field and
 * shows the shape expected (`example`).
 */
export function parseJsonText(
	node: INode,
	text: string,
	label: string,
	itemIndex: number,
	fallback: unknown = {},
	example = '{"key": "value"}',
): unknown {
	if (text.trim() === '') return fallback;
	try {
		return JSON.parse(text);
	} catch (error) {
		throw fieldError(
			node,
			label,
			`is not valid JSON (${(error as Error).message})`,
			`Enter a JSON object such as ${example}: double quotes around names and text, no trailing commas.`,
			itemIndex,
		);
	}
}

/** Reads a JSON parameter (string or object) and names the field and the fix when it is not valid JSON. */
export function jsonParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback: unknown = {},
): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof raw !== 'string') return raw ?? fallback;
	return parseJsonText(ctx.getNode(), raw, label, itemIndex, fallback);
}

/**
 * Sort rules applied in order: a list of (rule field, direction) pairs. `ruleField` is what a rule sorts by (a
 * list of fields, or a property name typed in); `directions` are the vendor's values for ascending and
 * descending.
 */
export function sortProperty(
	ruleField: INodeProperties,
	directions: { ascending: string; descending: string },
	description?: string,
): INodeProperties {
	const ascending = directions.ascending;
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Sort Rule',
		default: {},
		...(description ? { description } : {}),
		options: [
			{
				displayName: 'Rule',
				name: 'rules',
				values: [
					ruleField,
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: directions.ascending },
							{ name: 'Descending', value: directions.descending },
						],
						default: ascending,
					},
				],
			},
		],
	};
}

/**
 * An ID users pick: a resource locator with a searchable "From List" (the node's listSearch method) and
 * "By ID" with the vendor's ID format.
 */
export function locatorProperty(opts: {
	name: string;
	displayName: string;
	searchMethod: string;
	/** Regex (as a string) a valid ID matches, and the message when it does not. */
	idPattern: string;
	idError: string;
	placeholder?: string;
	required?: boolean;
	description?: string;
	/** The label of the typed-in mode (default "By ID"). */
	idLabel?: string;
}): INodeProperties {
	return {
		displayName: opts.displayName,
		name: opts.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: opts.required ?? true,
		...(opts.description ? { description: opts.description } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: opts.searchMethod, searchable: true },
			},
			{
				displayName: opts.idLabel ?? 'By ID',
				name: 'id',
				type: 'string',
				...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
				validation: [
					{ type: 'regex', properties: { regex: opts.idPattern, errorMessage: opts.idError } },
				],
			},
		],
	};
}
