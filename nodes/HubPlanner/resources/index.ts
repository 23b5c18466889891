import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { apiContract } from './apiContract/check';
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
import { create as createTimeEntry } from './timeEntry/create';
import { deleteTimeEntry } from './timeEntry/delete';
import { get as getTimeEntry } from './timeEntry/get';
import { getAll as getTimeEntries } from './timeEntry/getAll';
import { search as searchTimeEntries } from './timeEntry/search';
import { update as updateTimeEntry } from './timeEntry/update';
import { create as createClient } from './client/create';
import { get as getClient } from './client/get';
import { getAll as getClients } from './client/getAll';
import { search as searchClients } from './client/search';
import { getAll as getBillingRates } from './billingRate/getAll';

const DEFAULT_BOOKING_OPERATION = 'getAll';
const DEFAULT_LIST_OPERATION = DEFAULT_BOOKING_OPERATION;

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
	{
		name: 'Time Entry',
		value: 'timeEntry',
		operations: [
			createTimeEntry,
			getTimeEntry,
			getTimeEntries,
			searchTimeEntries,
			updateTimeEntry,
			deleteTimeEntry,
		],
		defaultOperation: DEFAULT_LIST_OPERATION,
	},
	{
		name: 'Client',
		value: 'client',
		operations: [createClient, getClient, getClients, searchClients],
		defaultOperation: DEFAULT_LIST_OPERATION,
	},
	{
		name: 'Billing Rate',
		value: 'billingRate',
		operations: [getBillingRates],
	},
	apiContract,
	customApiCallResource({
		vendor: 'Hub Planner',
		request: hubPlannerRequest,
		pathPlaceholder: '/holiday',
		pathHint: 'Path after the base URL, e.g. /holiday or /milestone/search',
	}),
];
