import { apiContract } from './apiContract/check';
import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { methodPath, pronestorRequest } from '../transport';
import { operation as create } from './billingAccount/create';
import { operation as deleteAccounts } from './billingAccount/delete';
import { operation as getAllAccounts } from './billingAccount/getAll';
import { operation as getAllByDepartment } from './billingAccount/getAllByDepartment';
import { operation as update } from './billingAccount/update';
import { operation as getAllBookings } from './booking/getAll';
import { operation as getAllDepartments } from './department/getAll';
import { operation as exportLocked } from './lockedBooking/export';

export const resources: Resource[] = [
	{
		name: 'Locked Booking',
		value: 'lockedBooking',
		description: 'Immutable, priced bookings for the finance export',
		operations: [exportLocked],
	},
	{ name: 'Booking', value: 'booking', operations: [getAllBookings] },
	{
		name: 'Billing Account',
		value: 'billingAccount',
		description: 'Cost centres that bookings are invoiced to',
		operations: [getAllAccounts, getAllByDepartment, create, update, deleteAccounts],
	},
	{ name: 'Department', value: 'department', operations: [getAllDepartments] },
	apiContract,
	customApiCallResource({
		vendor: 'Pronestor Planner',
		request: pronestorRequest,
		pathPlaceholder: 'GetDepartments',
		pathHint:
			'The API method name, e.g. GetDepartments or FindLockedBookings (your site lists them at ' +
			'/api.mvc); a path starting with / is used as it is',
		prepare(request) {
			// A bare method name is a method of the API; a path starting with "/" is taken as it is.
			if (request.path.startsWith('/')) return request;
			if (/^api\.mvc\//i.test(request.path)) return { ...request, path: `/${request.path}` };
			return { ...request, path: methodPath(request.path) };
		},
	}),
];
