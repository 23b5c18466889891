import type { DateTime } from 'luxon';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { assertOrdered, parseDate, toIso } from '../dates';
import { fieldError } from '../errors';
import { idList, numericIdList, readLimit, requiredString, returnAllProperties } from '../fields';
import {
	simplifyOutput,
	simplifyProperties,
	type NormalizedBooking,
	type SimplifyContract,
} from '../normalize';
import type { VendorRequest } from '../request';
import type { Operation, RequestContext } from '../types';
import { getRecordOperation } from './record';

/**
 * Search and get-by-ID operations built from data. A vendor whose search endpoints differ only in path and
 * filters describes each as a spec: its filter list (the query-parameter table of the vendor's API reference)
 * becomes the "Filters" collection and the query string, and the vendor's own list and request functions
 * (passed in the spec) make the requests.
 */

/** A vendor's listing: every record of `path` for these query parameters, or the first `limit`. */
export type ListRecords = (
	this: RequestContext,
	opts: { path: string; qs: IDataObject; limit?: number; itemIndex: number },
) => Promise<IDataObject[]>;

/** A vendor's request function (its client's authentication, errors and retries). */
export type VendorRequestFunction = (
	this: RequestContext,
	request: VendorRequest,
) => Promise<unknown>;

export type FilterKind =
	/** Whole-number ids: a comma-separated text or a list from an expression; sent as "1,2,3". */
	| 'ids'
	/** Like ids, and the word "null" (records without one). */
	| 'idsOrNull'
	/** Text values (access ids, uids, codes): a comma-separated text or a list. */
	| 'strings'
	/** Names chosen from a list; sent comma-separated. */
	| 'enum'
	/** A date (ISO 8601, plain date, n8n DateTime) or "now". */
	| 'date'
	| 'text'
	| 'boolean'
	| 'number';

export interface Filter {
	/** Query parameter name. */
	name: string;
	displayName: string;
	kind: FilterKind;
	description?: string;
	options?: INodePropertyOptions[];
	/**
	 * The document gives the values only as examples ("e.g. meetingRoom, phoneBooth"): the known ones are offered,
	 * and any other value (typed in an expression) is sent as it is.
	 */
	open?: boolean;
}

const ID_HINT = 'Comma-separated, e.g. 1,2,3 (or a list from an expression)';

export const F = {
	ids: (name: string, displayName: string, what: string): Filter => ({
		name,
		displayName,
		kind: 'ids',
		description: `${what}. ${ID_HINT}.`,
	}),
	strings: (name: string, displayName: string, what: string): Filter => ({
		name,
		displayName,
		kind: 'strings',
		description: `${what}. Comma-separated or a list.`,
	}),
	enum: (name: string, displayName: string, values: string[], what: string): Filter => ({
		name,
		displayName,
		kind: 'enum',
		description: what,
		options: values.map((v) => ({ name: titleCase(v), value: v })),
	}),
	/** An enum whose values the document only gives as examples: the known values, and any other accepted. */
	openEnum: (name: string, displayName: string, values: string[], what: string): Filter => ({
		...F.enum(
			name,
			displayName,
			values,
			`${what}. Other values your server uses can be given with an expression.`,
		),
		open: true,
	}),
	from: (): Filter => ({
		name: 'from',
		displayName: 'From',
		kind: 'date',
		description:
			'Only records that end after this time: a date, a date and time (ISO 8601) or "now"',
	}),
	to: (): Filter => ({
		name: 'to',
		displayName: 'To',
		kind: 'date',
		description:
			'Only records that start before this time: a date, a date and time (ISO 8601) or "now"',
	}),
	searchText: (what: string): Filter => ({
		name: 'searchText',
		displayName: 'Search Text',
		kind: 'text',
		description: `Text to look for in ${what}`,
	}),
	isDeleted: (): Filter => ({
		name: 'isDeleted',
		displayName: 'Is Deleted',
		kind: 'boolean',
		description: 'Whether to return only deleted records (on) or only current ones (off)',
	}),
};

function titleCase(value: string): string {
	const spaced = value.replace(/([a-z])([A-Z])/g, '$1 $2');
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The "Filters" collection of a search operation. */
export function filtersProperty(filters: Filter[]): INodeProperties {
	const options: INodeProperties[] = filters.map((f) => {
		const base = { displayName: f.displayName, name: f.name, description: f.description };
		switch (f.kind) {
			case 'enum':
				return {
					...base,
					type: 'multiOptions',
					options: f.options ?? [],
					default: [],
				} as INodeProperties;
			case 'boolean':
				return { ...base, type: 'boolean', default: false } as INodeProperties;
			case 'number':
				return { ...base, type: 'number', default: 0 } as INodeProperties;
			case 'date':
				return {
					...base,
					type: 'string',
					default: '',
					placeholder: 'e.g. 2026-03-01T08:00:00+08:00 or now',
				} as INodeProperties;
			case 'ids':
			case 'idsOrNull':
				return {
					...base,
					type: 'string',
					default: '',
					placeholder: 'e.g. 1,2,3',
				} as INodeProperties;
			default:
				return { ...base, type: 'string', default: '' } as INodeProperties;
		}
	});
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Reads the Filters collection into the query string (lists comma-separated, dates ISO). */
export function readFilters(
	ctx: IExecuteFunctions,
	filters: Filter[],
	itemIndex: number,
	param = 'filters',
): IDataObject {
	const given = ctx.getNodeParameter(param, itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const dates: Record<string, DateTime | undefined> = {};
	for (const f of filters) {
		const value = given[f.name];
		if (value === undefined || value === null || value === '') continue;
		switch (f.kind) {
			case 'ids':
			case 'idsOrNull': {
				const ids = numericIdList(ctx.getNode(), value, {
					label: f.displayName,
					noun: 'an ID',
					hint:
						'Enter whole-number IDs separated by commas, e.g. 1,2,3' +
						`${f.kind === 'idsOrNull' ? ' (or null)' : ''}.`,
					allow: (id) => f.kind === 'idsOrNull' && id.toLowerCase() === 'null',
					itemIndex,
				});
				if (ids.length) qs[f.name] = ids.join(',');
				break;
			}
			case 'strings': {
				const values = idList(value);
				if (values.length) qs[f.name] = values.join(',');
				break;
			}
			case 'enum': {
				const values = idList(value);
				const allowed = (f.options ?? []).map((o) => String(o.value));
				for (const v of values) {
					if (!f.open && !allowed.includes(v))
						throw fieldError(
							ctx.getNode(),
							f.displayName,
							`"${v}" is not one of ${allowed.join(', ')}`,
							'Choose values from the list.',
							itemIndex,
						);
				}
				if (values.length) qs[f.name] = values.join(',');
				break;
			}
			case 'date': {
				if (typeof value === 'string' && value.trim().toLowerCase() === 'now') {
					qs[f.name] = 'now';
					break;
				}
				const parsed = parseDate(ctx.getNode(), value, f.displayName, itemIndex, {
					zone: ctx.getTimezone(),
					allowNow: true,
				});
				if (parsed) {
					dates[f.name] = parsed;
					qs[f.name] = toIso(parsed);
				}
				break;
			}
			case 'boolean':
				qs[f.name] = value === true || value === 'true';
				break;
			case 'number': {
				const n = Number(value);
				if (!Number.isInteger(n))
					throw fieldError(
						ctx.getNode(),
						f.displayName,
						`${String(value)} is not a whole number`,
						'Enter a whole number.',
						itemIndex,
					);
				qs[f.name] = n;
				break;
			}
			default:
				qs[f.name] = String(value);
		}
	}
	assertOrdered(ctx.getNode(), dates.from, dates.to, ['From', 'To'], itemIndex);
	return qs;
}

/** A search operation: its Filters, Return All/Limit, optional Simplify, and the vendor's listing. */
export function filteredSearchOperation(spec: {
	noun: string;
	plural: string;
	path: string;
	filters: Filter[];
	/**
	 * The vendor's listing of `path`: paged, or one request for an endpoint that answers its whole list at once
	 * (Limit then keeps the first records of it).
	 */
	list: ListRecords;
	/** Offers Simplify, adding this normalized booking. */
	normalize?: (record: IDataObject) => NormalizedBooking;
	/** Where Simplify's names come from (for the error when every record lacks one). */
	simplifyContract?: SimplifyContract;
	description?: string;
}): Operation {
	return {
		name: 'Search',
		value: 'search',
		action: `Search ${spec.plural}`,
		description: spec.description ?? `Find ${spec.plural} by filters, all of them or up to a limit`,
		properties: [
			...returnAllProperties(),
			filtersProperty(spec.filters),
			...(spec.normalize ? simplifyProperties : []),
		],
		async execute(this: IExecuteFunctions, i: number) {
			const qs = readFilters(this, spec.filters, i);
			const limit = readLimit(this, i);
			const records = await spec.list.call(this, { path: spec.path, qs, limit, itemIndex: i });
			return spec.normalize
				? simplifyOutput(this, i, records, spec.normalize, spec.simplifyContract)
				: records;
		},
	};
}

/** A get-by-ID operation whose ID comes from a text field or a resource locator. */
export function getByIdOperation(spec: {
	noun: string;
	/** The ID field: a text field or the vendor's locator. */
	idProperty: INodeProperties;
	path: (id: string) => string;
	/** The vendor's request function. */
	request: VendorRequestFunction;
	/** The vendor's reader of a numeric ID (names the field when the value is not one). */
	readId: (ctx: IExecuteFunctions, name: string, label: string, itemIndex: number) => string;
	description?: string;
	/** IDs are whole numbers (default); false accepts any text (e.g. a badge UID). */
	numeric?: boolean;
}): Operation {
	const { name, displayName } = spec.idProperty;
	return getRecordOperation({
		action: `Get a ${spec.noun}`,
		description: spec.description ?? `Get one ${spec.noun} by ID`,
		keyProperty: spec.idProperty,
		readKey: (ctx, i) =>
			spec.numeric === false
				? requiredString(ctx, name, displayName, i)
				: spec.readId(ctx, name, displayName, i),
		recordPath: spec.path,
		request: spec.request,
	});
}
