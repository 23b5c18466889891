import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { resourceProperties, routeExecute } from '../shared/router';
import { getBillingRates } from './methods/loadOptions';
import { searchClients, searchProjects, searchResources } from './methods/listSearch';
import { resources } from './resources';

export class HubPlanner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hub Planner',
		name: 'hubPlanner',
		icon: {
			light: 'file:../../icons/hubplanner.svg',
			dark: 'file:../../icons/hubplanner.dark.svg',
		},
		group: ['transform'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create, find, approve and delete Hub Planner bookings and time entries, ' +
			'and read resources, projects, clients and billing rates',
		defaults: { name: 'Hub Planner' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hubPlannerApi', required: true }],
		properties: resourceProperties(resources, 'booking'),
	};

	methods = {
		listSearch: { searchResources, searchProjects, searchClients },
		loadOptions: { getBillingRates },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeExecute.call(this, resources);
	}
}
