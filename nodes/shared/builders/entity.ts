import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';
import { fieldError } from '../errors';
import { jsonParameter, readLimit, returnAllProperties } from '../fields';
import type { VendorRequest } from '../request';
import type { Operation } from '../types';
import { getRecordOperation } from './record';

/**
 * Entity operations: a vendor whose record kinds behave alike (get by ID, list, search by status or a raw query)
 * builds each operation from the kind's data (EntityData, in the vendor's contract.ts) and the vendor's own
 * functions (EntityFunctions): `resources/resource/get.ts` is `entityGetOperation({ ...RESOURCE, ...functions })`.
 */

/** One record kind, as data: its noun, paths, picker, sortable fields, statuses. */
export interface EntityData {
	/** Parameter value and noun, e.g. "resource". */
	value: string;
	label: string;
	plural: string;
	listPath: string;
	searchPath: string;
	itemPath: (id: string) => string;
	searchMethod: string;
	sortable: string[];
	statuses: Array<{ name: string; value: string }>;
	queryExample: string;
}

/** The vendor's functions the operations call: locator, ID reader, requests, sorting, status query. */
export interface EntityFunctions {
	/** The vendor's name, as the Raw Query field's description says it. */
	vendor: string;
	/** The record picker (From List / By ID) for Get. */
	locator: (name: string, displayName: string, searchMethod: string) => INodeProperties;
	/** The ID read from a parameter, checked. */
	readId: (ctx: IExecuteFunctions, name: string, label: string, itemIndex: number) => string;
	request: (this: IExecuteFunctions, request: VendorRequest) => Promise<unknown>;
	list: (
		this: IExecuteFunctions,
		opts: {
			method: IHttpRequestMethods;
			path: string;
			qs?: IDataObject;
			body?: IDataObject;
			limit?: number;
			itemIndex?: number;
		},
	) => Promise<IDataObject[]>;
	/** The Sort property over the sortable fields. */
	sortProperty: (fields: string[]) => INodeProperties;
	/** The query string the Sort property asks for ({} for none). */
	readSort: (ctx: IExecuteFunctions, itemIndex: number) => IDataObject;
	/** The search body for the chosen statuses ({} for none). */
	statusQuery: (statuses: string[]) => IDataObject;
}

export type EntitySpec = EntityData & EntityFunctions;

/** Get: one record by ID. */
export function entityGetOperation(spec: EntitySpec): Operation {
	return getRecordOperation({
		action: `Get a ${spec.value}`,
		description: `Get one ${spec.value} by ID`,
		keyProperty: spec.locator(spec.value + 'Id', spec.label, spec.searchMethod),
		readKey: (ctx, i) => spec.readId(ctx, spec.value + 'Id', spec.label, i),
		recordPath: spec.itemPath,
		request: spec.request,
	});
}

/** Get Many: every record, or up to a limit, sorted. */
export function entityGetManyOperation(spec: EntitySpec): Operation {
	return {
		name: 'Get Many',
		value: 'getAll',
		action: `Get many ${spec.plural}`,
		description: `List ${spec.plural}, all of them or up to a limit`,
		properties: [...returnAllProperties(), spec.sortProperty(spec.sortable)],
		async execute(this: IExecuteFunctions, i: number) {
			return await spec.list.call(this, {
				method: 'GET',
				path: spec.listPath,
				qs: spec.readSort(this, i),
				limit: readLimit(this, i),
				itemIndex: i,
			});
		},
	};
}

/** Search: records by status or a raw query (merged over the statuses). */
export function entitySearchOperation(spec: EntitySpec): Operation {
	return {
		name: 'Search',
		value: 'search',
		action: `Search ${spec.plural}`,
		description: `Find ${spec.plural} by status or a query`,
		properties: [
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: spec.statuses,
				default: [],
				description: 'Only these statuses (none chosen: any)',
			},
			{
				displayName: 'Raw Query (JSON)',
				name: 'rawQuery',
				type: 'json',
				default: '{}',
				description: `${spec.vendor} search query, e.g. ${spec.queryExample}; merged over Statuses`,
			},
			...returnAllProperties(),
			spec.sortProperty(spec.sortable),
		],
		async execute(this: IExecuteFunctions, i: number) {
			const statuses = this.getNodeParameter('statuses', i, []) as string[];
			const raw = jsonParameter(this, 'rawQuery', 'Raw Query (JSON)', i, {});
			if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
				throw fieldError(
					this.getNode(),
					'Raw Query (JSON)',
					'must be a JSON object',
					`Enter an object such as ${spec.queryExample}, or {} for none.`,
					i,
				);
			}
			const body: IDataObject = {
				...(statuses.length ? spec.statusQuery(statuses) : {}),
				...(raw as IDataObject),
			};
			return await spec.list.call(this, {
				method: 'POST',
				path: spec.searchPath,
				qs: spec.readSort(this, i),
				body,
				limit: readLimit(this, i),
				itemIndex: i,
			});
		},
	};
}
