import { apiContract } from './apiContract/check';
import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { PATHS, planningPmeRequest, type RecordEntity } from '../transport';
import { getEnums } from './config/getEnums';
import { create as createPlannedTask } from './plannedTask/create';
import { remove as deletePlannedTask } from './plannedTask/delete';
import { get as getPlannedTask } from './plannedTask/get';
import { getAll as getPlannedTasks } from './plannedTask/getAll';
import { update as updatePlannedTask } from './plannedTask/update';
import { createRecordOperation } from './record/create';
import { deleteRecordOperation } from './record/delete';
import { getRecordOperation } from './record/get';
import { getManyRecordsOperation } from './record/getAll';
import { SPECS } from './record/spec';
import { updateRecordOperation } from './record/update';
import { create as createUnavailability } from './unavailability/create';
import { remove as deleteUnavailability } from './unavailability/delete';
import { get as getUnavailability } from './unavailability/get';
import { getAll as getUnavailabilities } from './unavailability/getAll';
import { update as updateUnavailability } from './unavailability/update';

function recordResource(entity: RecordEntity): Resource {
	const spec = SPECS[entity];
	return {
		name: spec.label,
		value: spec.value,
		operations: [
			createRecordOperation(spec),
			deleteRecordOperation(spec),
			getRecordOperation(spec),
			getManyRecordsOperation({ plural: spec.plural, path: PATHS.records(entity) }),
			updateRecordOperation(spec),
		],
		defaultOperation: 'getAll',
	};
}

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
	recordResource('task'),
	recordResource('customer'),
	recordResource('resource'),
	recordResource('project'),
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
	{
		name: 'Department',
		value: 'department',
		operations: [getManyRecordsOperation({ plural: 'departments', path: PATHS.departments })],
	},
	{
		name: 'Category',
		value: 'category',
		operations: [getManyRecordsOperation({ plural: 'categories', path: PATHS.categories })],
	},
	{ name: 'Config', value: 'config', operations: [getEnums] },
	apiContract,
	customApiCallResource({
		vendor: 'PlanningPME',
		request: planningPmeRequest,
		pathPlaceholder: '/api/task',
		pathHint: 'Path after <server>/<brand>, e.g. /api/task or /api/customer/12',
	}),
];
