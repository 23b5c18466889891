import { customApiCallResource } from '../../shared/customApiCall';
import type { Resource } from '../../shared/types';
import { PATHS, planningPmeRequest, type RecordEntity } from '../transport';
import { getEnums } from './config/getEnums';
import { get as getPlannedTask } from './plannedTask/get';
import { getAll as getPlannedTasks } from './plannedTask/getAll';
import { createOperation } from './record/create';
import { deleteOperation } from './record/delete';
import { getOperation } from './record/get';
import { getAllOperation } from './record/getAll';
import { SPECS } from './record/spec';
import { updateOperation } from './record/update';
import { getAll as getUnavailabilities } from './unavailability/getAll';

function recordResource(entity: RecordEntity): Resource {
	const spec = SPECS[entity];
	return {
		name: spec.label,
		value: spec.value,
		operations: [
			createOperation(spec),
			deleteOperation(spec),
			getOperation(spec),
			getAllOperation({ plural: spec.plural, path: PATHS.records(entity) }),
			updateOperation(spec),
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
	{ name: 'Department', value: 'department', operations: [getAllOperation({ plural: 'departments', path: PATHS.departments })] },
	{ name: 'Category', value: 'category', operations: [getAllOperation({ plural: 'categories', path: PATHS.categories })] },
	{ name: 'Config', value: 'config', operations: [getEnums] },
	customApiCallResource({
		vendor: 'PlanningPME',
		request: planningPmeRequest,
		pathPlaceholder: '/api/task',
		pathHint: 'Path after <server>/<brand>, e.g. /api/task or /api/customer/12',
	}),
];
