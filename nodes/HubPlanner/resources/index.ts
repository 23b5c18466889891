import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { hubPlannerRequest, PATHS } from '../transport';
import { create } from './booking/create';
import { approve, reject } from './booking/decide';
import { deleteBooking, deleteMany } from './booking/delete';
import { get } from './booking/get';
import { getAll } from './booking/getAll';
import { search } from './booking/search';
import { patch, update } from './booking/update';
import { entityResource } from './entity';

const DEFAULT_BOOKING_OPERATION = 'getAll';

export const resources: Resource[] = [
	{
		name: 'Booking',
		value: 'booking',
		operations: [create, get, getAll, search, update, patch, approve, reject, deleteBooking, deleteMany],
		defaultOperation: DEFAULT_BOOKING_OPERATION,
	},
	entityResource({
		value: 'resource',
		label: 'Resource',
		plural: 'resources',
		listPath: PATHS.resources,
		searchPath: PATHS.resourceSearch,
		itemPath: PATHS.resource,
		searchMethod: 'searchResources',
		sortable: ['createdDate', 'email', 'firstName', 'lastName', 'metadata', 'role', 'status', 'updatedDate'],
		statuses: [
			{ name: 'Active', value: 'STATUS_ACTIVE' },
			{ name: 'Archived', value: 'STATUS_ARCHIVED' },
			{ name: 'Non-Bookable', value: 'STATUS_NON_BOOKABLE' },
			{ name: 'Parked', value: 'STATUS_PARKED' },
		],
		queryExample: '{"email": {"$in": ["ann@example.com"]}}',
	}),
	entityResource({
		value: 'project',
		label: 'Project',
		plural: 'projects',
		listPath: PATHS.projects,
		searchPath: PATHS.projectSearch,
		itemPath: PATHS.project,
		searchMethod: 'searchProjects',
		sortable: ['budgetCashAmount', 'budgetCurrency', 'budgetHours', 'createdDate', 'metadata', 'name', 'status', 'updatedDate'],
		statuses: [
			{ name: 'Active', value: 'STATUS_ACTIVE' },
			{ name: 'Archived', value: 'STATUS_ARCHIVED' },
			{ name: 'Floating', value: 'STATUS_FLOATING' },
			{ name: 'Pending', value: 'STATUS_PENDING' },
			{ name: 'Planned', value: 'STATUS_PLANNED' },
		],
		queryExample: '{"projectCode": {"$in": ["P-100"]}}',
	}),
	customApiCallResource({
		vendor: 'Hub Planner',
		request: hubPlannerRequest,
		pathPlaceholder: '/holiday',
		pathHint: 'Path after the base URL, e.g. /holiday or /timeentry/search',
	}),
];
