import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParameter, readLimit, returnAllProperties } from '../../shared/fields';
import { fieldError } from '../../shared/errors';
import type { Operation } from '../../shared/types';
import { hubPlannerList, hubPlannerRequest, PATHS } from '../transport';
import { hubPlannerId, hubPlannerLocator, readSort, hubPlannerSort } from './booking/common';

export interface EntitySpec {
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
 * Resources and projects behave alike in Hub Planner's API (list, search, get), so each operation of both is
 * built from the entity's description: `resources/resource/get.ts` is `entityGetOperation(RESOURCE)`.
 */

/** Get: one resource or project by ID. */
export function entityGetOperation(spec: EntitySpec): Operation {
	return {
		name: 'Get',
		value: 'get',
		action: `Get a ${spec.value}`,
		description: `Get one ${spec.value} by ID`,
		properties: [hubPlannerLocator(spec.value + 'Id', spec.label, spec.searchMethod)],
		async execute(this: IExecuteFunctions, i: number) {
			const id = hubPlannerId(this, spec.value + 'Id', spec.label, i);
			return (await hubPlannerRequest.call(this, {
				method: 'GET',
				path: spec.itemPath(id),
				itemIndex: i,
			})) as IDataObject;
		},
	};
}

/** Get Many: every resource or project, or up to a limit, sorted. */
export function entityGetManyOperation(spec: EntitySpec): Operation {
	return {
		name: 'Get Many',
		value: 'getAll',
		action: `Get many ${spec.plural}`,
		description: `List ${spec.plural}, all of them or up to a limit`,
		properties: [...returnAllProperties(), hubPlannerSort(spec.sortable)],
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
}

/** Search: resources or projects by status or a raw Hub Planner query. */
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
				description: `Hub Planner search query, e.g. ${spec.queryExample}; merged over Statuses`,
			},
			...returnAllProperties(),
			hubPlannerSort(spec.sortable),
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
				...(statuses.length ? { status: { $in: statuses } } : {}),
				...(raw as IDataObject),
			};
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
}

export const RESOURCE: EntitySpec = {
	value: 'resource',
	label: 'Resource',
	plural: 'resources',
	listPath: PATHS.resources,
	searchPath: PATHS.resourceSearch,
	itemPath: PATHS.resource,
	searchMethod: 'searchResources',
	sortable: [
		'createdDate',
		'email',
		'firstName',
		'lastName',
		'metadata',
		'role',
		'status',
		'updatedDate',
	],
	statuses: [
		{ name: 'Active', value: 'STATUS_ACTIVE' },
		{ name: 'Archived', value: 'STATUS_ARCHIVED' },
		{ name: 'Non-Bookable', value: 'STATUS_NON_BOOKABLE' },
		{ name: 'Parked', value: 'STATUS_PARKED' },
	],
	queryExample: '{"email": {"$in": ["ann@example.com"]}}',
};

export const PROJECT: EntitySpec = {
	value: 'project',
	label: 'Project',
	plural: 'projects',
	listPath: PATHS.projects,
	searchPath: PATHS.projectSearch,
	itemPath: PATHS.project,
	searchMethod: 'searchProjects',
	sortable: [
		'budgetCashAmount',
		'budgetCurrency',
		'budgetHours',
		'createdDate',
		'metadata',
		'name',
		'status',
		'updatedDate',
	],
	statuses: [
		{ name: 'Active', value: 'STATUS_ACTIVE' },
		{ name: 'Archived', value: 'STATUS_ARCHIVED' },
		{ name: 'Floating', value: 'STATUS_FLOATING' },
		{ name: 'Pending', value: 'STATUS_PENDING' },
		{ name: 'Planned', value: 'STATUS_PLANNED' },
	],
	queryExample: '{"projectCode": {"$in": ["P-100"]}}',
};
