import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { PATHS, planningPmeRequest, type RecordEntity } from '../transport';
import { getEnums } from './config/getEnums';
import { get as getPlannedTask } from './plannedTask/get';
import { getAll as getPlannedTasks } from './plannedTask/getAll';
import { createRecordOperation } from './record/create';
import { deleteRecordOperation } from './record/delete';
import { getRecordOperation } from './record/get';
import { getManyRecordsOperation } from './record/getAll';
import { SPECS } from './record/spec';
import { updateRecordOperation } from './record/update';
import { getAll as getUnavailabilities } from './unavailability/getAll';

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
		operations: [getPlannedTask, getPlannedTasks],
		defaultOperation: getPlannedTasks.value,
	},
	recordResource('task'),
	recordResource('customer'),
	recordResource('resource'),
	recordResource('project'),
	{ name: 'Unavailability', value: 'unavailability', operations: [getUnavailabilities] },
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
	customApiCallResource({
		vendor: 'PlanningPME',
		request: planningPmeRequest,
		pathPlaceholder: '/api/task',
		pathHint: 'Path after <server>/<brand>, e.g. /api/task or /api/customer/12',
	}),
];
