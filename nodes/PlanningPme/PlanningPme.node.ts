import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { resourceProperties, routeExecute } from '../shared/router';
import {
	searchCategories,
	searchCustomers,
	searchProjects,
	searchResources,
	searchTasks,
} from './methods/listSearch';
import {
	getCategories,
	getCustomerTypes,
	getEnumNames,
	getResources,
	getResourceTypes,
} from './methods/loadOptions';
import { resources } from './resources';

export class PlanningPme implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PlanningPME',
		name: 'planningPme',
		icon: {
			light: 'file:../../icons/planningpme.svg',
			dark: 'file:../../icons/planningpme.dark.svg',
		},
		group: ['transform'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and change the PlanningPME planning and absences, and manage its tasks, customers, resources and projects',
		defaults: { name: 'PlanningPME' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'planningPmeApi', required: true }],
		properties: resourceProperties(resources, 'plannedTask'),
	};

	methods = {
		listSearch: { searchTasks, searchCustomers, searchResources, searchProjects, searchCategories },
		loadOptions: { getResourceTypes, getCustomerTypes, getEnumNames, getResources, getCategories },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeExecute.call(this, resources);
	}
}
