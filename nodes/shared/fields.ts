import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from './errors';

/** "Return All" + "Limit" (shown when Return All is off); `max` is the largest sensible limit. */
export function returnAllProperties(_noun: string, max?: number): INodeProperties[] {
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
		throw fieldError(ctx.getNode(), 'Limit', `${limit} is not a whole number of at least 1`, 'Enter 1 or more, or turn on Return All.', itemIndex);
	}
	return limit;
}

/** A required text parameter, trimmed; names the field when it is empty. */
export function requiredString(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!value) throw fieldError(ctx.getNode(), label, 'is empty', `Enter the ${label.toLowerCase()}.`, itemIndex);
	return value;
}

/** Splits "a, b,c" or an array into clean ids. */
export function idList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((v) => String(v).trim()).filter((v) => v.length > 0);
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
}): INodeProperties {
	return {
		displayName: opts.displayName,
		name: opts.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: opts.required ?? true,
		...(opts.description ? { description: opts.description } : {}),
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: opts.searchMethod, searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
				validation: [{ type: 'regex', properties: { regex: opts.idPattern, errorMessage: opts.idError } }],
			},
		],
	};
}
