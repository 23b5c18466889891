import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { bookingsOneRequest } from '../transport';
import { apiContract } from './apiContract/check';
import { operation as exportExcel } from './appointment/exportExcel';
import { operation as searchAppointments } from './appointment/search';
import { operation as getBookableResource } from './bookableResource/get';
import { operation as searchBookableResources } from './bookableResource/search';
import { operation as searchAccessKeys } from './bookableResourceAccessKey/search';
import { operation as searchPlayerContents } from './bookableResourcePlayerContent/search';
import { operation as getBuilding } from './building/get';
import { operation as searchBuildings } from './building/search';
import { operation as getDailyVisitorAnalytics } from './dashboard/getDailyVisitorAnalytics';
import { operation as getController } from './ePaperController/get';
import { operation as searchControllers } from './ePaperController/search';
import { operation as updateTagStatus } from './ePaperController/updateTagStatus';
import { operation as createDevice } from './iotDevice/create';
import { operation as getDevice } from './iotDevice/get';
import { operation as searchDevices } from './iotDevice/search';
import { operation as updateDevice } from './iotDevice/update';
import { operation as postOccupancy } from './iotSensor/postOccupancy';
import { operation as getServiceItem } from './serviceItem/get';
import { operation as searchServiceItems } from './serviceItem/search';
import { operation as getInformation } from './system/getInformation';
import { operation as getUser } from './user/get';
import { operation as searchUsers } from './user/search';
import { operation as getBadge } from './visitorBadge/get';
import { operation as searchBadges } from './visitorBadge/search';
import { operation as searchVisitingAppointments } from './visitingAppointment/search';

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
