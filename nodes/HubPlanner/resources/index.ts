import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { hubPlannerRequest } from '../transport';
import { create } from './booking/create';
import { approve } from './booking/approve';
import { deleteBooking } from './booking/delete';
import { deleteMany } from './booking/deleteMany';
import { get } from './booking/get';
import { getAll } from './booking/getAll';
import { search } from './booking/search';
import { patch } from './booking/patch';
import { reject } from './booking/reject';
import { update } from './booking/update';
import { PROJECT, RESOURCE } from './entity';
import { get as getProject } from './project/get';
import { getAll as getProjects } from './project/getAll';
import { search as searchProjects } from './project/search';
import { get as getResource } from './resource/get';
import { getAll as getResources } from './resource/getAll';
import { search as searchResources } from './resource/search';

const DEFAULT_BOOKING_OPERATION = 'getAll';

export const resources: Resource[] = [
	{
		name: 'Booking',
		value: 'booking',
		operations: [
			create,
			get,
			getAll,
			search,
			update,
			patch,
			approve,
			reject,
			deleteBooking,
			deleteMany,
		],
		defaultOperation: DEFAULT_BOOKING_OPERATION,
	},
	{
		name: RESOURCE.label,
		value: RESOURCE.value,
		operations: [getResource, getResources, searchResources],
	},
	{
		name: PROJECT.label,
		value: PROJECT.value,
		operations: [getProject, getProjects, searchProjects],
	},
	customApiCallResource({
		vendor: 'Hub Planner',
		request: hubPlannerRequest,
		pathPlaceholder: '/holiday',
		pathHint: 'Path after the base URL, e.g. /holiday or /timeentry/search',
	}),
];
