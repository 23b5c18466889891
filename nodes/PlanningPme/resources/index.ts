import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { planningPmeRequest } from '../transport';
import { apiContract } from './apiContract/check';
import { operation as createPlannedTask } from './plannedTask/create';
import { operation as deletePlannedTask } from './plannedTask/delete';
import { operation as getPlannedTask } from './plannedTask/get';
import { operation as getPlannedTasks } from './plannedTask/getAll';
import { operation as updatePlannedTask } from './plannedTask/update';
import { operation as createTask } from './task/create';
import { operation as deleteTask } from './task/delete';
import { operation as getTask } from './task/get';
import { operation as getTasks } from './task/getAll';
import { operation as updateTask } from './task/update';
import { operation as createCustomer } from './customer/create';
import { operation as deleteCustomer } from './customer/delete';
import { operation as getCustomer } from './customer/get';
import { operation as getCustomers } from './customer/getAll';
import { operation as updateCustomer } from './customer/update';
import { operation as createResource } from './resource/create';
import { operation as deleteResource } from './resource/delete';
import { operation as getResource } from './resource/get';
import { operation as getResources } from './resource/getAll';
import { operation as updateResource } from './resource/update';
import { operation as createProject } from './project/create';
import { operation as deleteProject } from './project/delete';
import { operation as getProject } from './project/get';
import { operation as getProjects } from './project/getAll';
import { operation as updateProject } from './project/update';
import { operation as createUnavailability } from './unavailability/create';
import { operation as deleteUnavailability } from './unavailability/delete';
import { operation as getUnavailability } from './unavailability/get';
import { operation as getUnavailabilities } from './unavailability/getAll';
import { operation as updateUnavailability } from './unavailability/update';
import { operation as getDepartments } from './department/getAll';
import { operation as getCategories } from './category/getAll';
import { operation as getEnums } from './config/getEnums';

export const resources: Resource[] = [
	{
		name: 'Planned Task',
		value: 'plannedTask',
		description: 'Planning entries (api/do)',
		operations: [
			createPlannedTask,
			deletePlannedTask,
			getPlannedTask,
			getPlannedTasks,
			updatePlannedTask,
		],
		defaultOperation: getPlannedTasks.value,
	},
	{
		name: 'Task',
		value: 'task',
		operations: [createTask, deleteTask, getTask, getTasks, updateTask],
		defaultOperation: getTasks.value,
	},
	{
		name: 'Customer',
		value: 'customer',
		operations: [createCustomer, deleteCustomer, getCustomer, getCustomers, updateCustomer],
		defaultOperation: getCustomers.value,
	},
	{
		name: 'Resource',
		value: 'resource',
		operations: [createResource, deleteResource, getResource, getResources, updateResource],
		defaultOperation: getResources.value,
	},
	{
		name: 'Project',
		value: 'project',
		operations: [createProject, deleteProject, getProject, getProjects, updateProject],
		defaultOperation: getProjects.value,
	},
	{
		name: 'Unavailability',
		value: 'unavailability',
		description: 'Absences of resources (api/unavailability)',
		operations: [
			createUnavailability,
			deleteUnavailability,
			getUnavailability,
			getUnavailabilities,
			updateUnavailability,
		],
		defaultOperation: getUnavailabilities.value,
	},
	{ name: 'Department', value: 'department', operations: [getDepartments] },
	{ name: 'Category', value: 'category', operations: [getCategories] },
	{ name: 'Config', value: 'config', operations: [getEnums] },
	apiContract,
	customApiCallResource({
		vendor: 'PlanningPME',
		request: planningPmeRequest,
		pathPlaceholder: '/api/task',
		pathHint: 'Path after <server>/<brand>, e.g. /api/task or /api/customer/12',
	}),
];
