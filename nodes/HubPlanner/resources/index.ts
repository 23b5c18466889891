import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { apiContract } from './apiContract/check';
import { hubPlannerRequest } from '../transport';
import { PROJECT, RESOURCE } from '../contract';
import { operation as createBooking } from './booking/create';
import { operation as getBooking } from './booking/get';
import { operation as getBookings } from './booking/getAll';
import { operation as searchBookings } from './booking/search';
import { operation as updateBooking } from './booking/update';
import { operation as patchBooking } from './booking/patch';
import { operation as approveBooking } from './booking/approve';
import { operation as rejectBooking } from './booking/reject';
import { operation as deleteBooking } from './booking/delete';
import { operation as deleteBookings } from './booking/deleteMany';
import { operation as getProject } from './project/get';
import { operation as getProjects } from './project/getAll';
import { operation as searchProjects } from './project/search';
import { operation as getResource } from './resource/get';
import { operation as getResources } from './resource/getAll';
import { operation as searchResources } from './resource/search';
import { operation as createTimeEntry } from './timeEntry/create';
import { operation as deleteTimeEntry } from './timeEntry/delete';
import { operation as getTimeEntry } from './timeEntry/get';
import { operation as getTimeEntries } from './timeEntry/getAll';
import { operation as searchTimeEntries } from './timeEntry/search';
import { operation as updateTimeEntry } from './timeEntry/update';
import { operation as createClient } from './client/create';
import { operation as getClient } from './client/get';
import { operation as getClients } from './client/getAll';
import { operation as searchClients } from './client/search';
import { operation as getBillingRates } from './billingRate/getAll';

const DEFAULT_BOOKING_OPERATION = 'getAll';
const DEFAULT_LIST_OPERATION = DEFAULT_BOOKING_OPERATION;

export const resources: Resource[] = [
	{
		name: 'Booking',
		value: 'booking',
		operations: [
			createBooking,
			getBooking,
			getBookings,
			searchBookings,
			updateBooking,
			patchBooking,
			approveBooking,
			rejectBooking,
			deleteBooking,
			deleteBookings,
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
