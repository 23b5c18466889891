import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParameter } from '../../shared/customApiCall';
import { fieldError } from '../../shared/errors';
import { readLimit, returnAllProperties } from '../../shared/fields';
import type { Operation, Resource } from '../../shared/types';
import { hubPlannerList, hubPlannerRequest } from '../transport';
import { hubPlannerId, hubPlannerLocator, readSort, sortProperty } from './booking/common';

interface EntitySpec {
	/** Parameter value and noun, e.g. "resource". */
	value: 'resource' | 'project';
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

/**
 * Resources and projects behave alike in Hub Planner's API (list, search, get), so both are built from
 * one description.
 */
export function entityResource(spec: EntitySpec): Resource {
	const get: Operation = {
		name: 'Get',
		value: 'get',
		action: `Get a ${spec.value}`,
		description: `Get one ${spec.value} by ID`,
		properties: [hubPlannerLocator(spec.value + 'Id', spec.label, spec.searchMethod)],
		async execute(this: IExecuteFunctions, i: number) {
			const id = hubPlannerId(this, spec.value + 'Id', spec.label, i);
			return (await hubPlannerRequest.call(this, { method: 'GET', path: spec.itemPath(id), itemIndex: i })) as IDataObject;
		},
	};
	const getAll: Operation = {
		name: 'Get Many',
		value: 'getAll',
		action: `Get many ${spec.plural}`,
		description: `List ${spec.plural}, all of them or up to a limit`,
		properties: [...returnAllProperties(spec.plural), sortProperty(spec.sortable)],
		async execute(this: IExecuteFunctions, i: number) {
			const sort = readSort(this, i);
			return await hubPlannerList.call(this, {
				method: 'GET',
				path: spec.listPath,
				qs: sort.length ? { sort } : {},
				limit: readLimit(this, i),
				itemIndex: i,
			});
		},
	};
	const search: Operation = {
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
				description: `Hub Planner search query, e.g. ${spec.queryExample}; merged over Statuses`,
			},
			...returnAllProperties(spec.plural),
			sortProperty(spec.sortable),
		],
		async execute(this: IExecuteFunctions, i: number) {
			const statuses = this.getNodeParameter('statuses', i, []) as string[];
			const raw = jsonParameter(this, 'rawQuery', 'Raw Query (JSON)', i, {});
			if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
				throw fieldError(this.getNode(), 'Raw Query (JSON)', 'must be a JSON object', `Enter an object such as ${spec.queryExample}, or {} for none.`, i);
			}
			const body: IDataObject = { ...(statuses.length ? { status: { $in: statuses } } : {}), ...(raw as IDataObject) };
			const sort = readSort(this, i);
			return await hubPlannerList.call(this, {
				method: 'POST',
				path: spec.searchPath,
				qs: sort.length ? { sort } : {},
				body,
				limit: readLimit(this, i),
				itemIndex: i,
			});
		},
	};
	return { name: spec.label, value: spec.value, operations: [get, getAll, search] };
}
