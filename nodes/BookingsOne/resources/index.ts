import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { apiContract } from './apiContract/check';
import { bookingsOneRequest } from '../transport';
import { exportExcel } from './appointment/exportExcel';
import { search as searchAppointments } from './appointment/search';
import { get as getBookableResource } from './bookableResource/get';
import { search as searchBookableResources } from './bookableResource/search';
import { search as searchAccessKeys } from './bookableResourceAccessKey/search';
import { search as searchPlayerContents } from './bookableResourcePlayerContent/search';
import { get as getBuilding } from './building/get';
import { search as searchBuildings } from './building/search';
import { getDailyVisitorAnalytics } from './dashboard/getDailyVisitorAnalytics';
import { get as getController } from './ePaperController/get';
import { search as searchControllers } from './ePaperController/search';
import { updateTagStatus } from './ePaperController/updateTagStatus';
import { create as createDevice } from './iotDevice/create';
import { get as getDevice } from './iotDevice/get';
import { search as searchDevices } from './iotDevice/search';
import { update as updateDevice } from './iotDevice/update';
import { postOccupancy } from './iotSensor/postOccupancy';
import { get as getServiceItem } from './serviceItem/get';
import { search as searchServiceItems } from './serviceItem/search';
import { getInformation } from './system/getInformation';
import { get as getUser } from './user/get';
import { search as searchUsers } from './user/search';
import { get as getBadge } from './visitorBadge/get';
import { search as searchBadges } from './visitorBadge/search';
import { search as searchVisitingAppointments } from './visitingAppointment/search';

export const resources: Resource[] = [
	{ name: 'Appointment', value: 'appointment', operations: [searchAppointments, exportExcel] },
	{
		name: 'Bookable Resource',
		value: 'bookableResource',
		operations: [getBookableResource, searchBookableResources],
		defaultOperation: 'search',
	},
	{
		name: 'Bookable Resource Access Key',
		value: 'bookableResourceAccessKey',
		operations: [searchAccessKeys],
	},
	{
		name: 'Bookable Resource Player Content',
		value: 'bookableResourcePlayerContent',
		operations: [searchPlayerContents],
	},
	{
		name: 'Building',
		value: 'building',
		operations: [getBuilding, searchBuildings],
		defaultOperation: 'search',
	},
	{ name: 'Dashboard', value: 'dashboard', operations: [getDailyVisitorAnalytics] },
	{
		name: 'E-Paper Controller',
		value: 'ePaperController',
		operations: [getController, searchControllers, updateTagStatus],
		defaultOperation: 'search',
	},
	{
		name: 'IoT Device',
		value: 'iotDevice',
		operations: [createDevice, getDevice, searchDevices, updateDevice],
		defaultOperation: 'search',
	},
	{ name: 'IoT Sensor', value: 'iotSensor', operations: [postOccupancy] },
	{
		name: 'Service Item',
		value: 'serviceItem',
		operations: [getServiceItem, searchServiceItems],
		defaultOperation: 'search',
	},
	{ name: 'System', value: 'system', operations: [getInformation] },
	{ name: 'User', value: 'user', operations: [getUser, searchUsers], defaultOperation: 'search' },
	{
		name: 'Visiting Appointment',
		value: 'visitingAppointment',
		operations: [searchVisitingAppointments],
	},
	{
		name: 'Visitor Badge',
		value: 'visitorBadge',
		operations: [getBadge, searchBadges],
		defaultOperation: 'search',
	},
	apiContract,
	customApiCallResource({
		vendor: 'Bookings ONE',
		request: bookingsOneRequest,
		pathPlaceholder: '/system/v1/information',
		pathHint: 'Path after <server>/API/external, e.g. /system/v1/information',
	}),
];
