import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { resourceProperties, routeExecute } from '../shared/router';
import { searchBillingAccounts, searchDepartments } from './methods/listSearch';
import { resources } from './resources';

export class PronestorPlanner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pronestor Planner',
		name: 'pronestorPlanner',
		icon: { light: 'file:../../icons/pronestor.svg', dark: 'file:../../icons/pronestor.dark.svg' },
		group: ['transform'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Export locked bookings for invoicing, read room bookings, and manage billing accounts in Pronestor Planner',
		defaults: { name: 'Pronestor Planner' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pronestorPlannerApi', required: true }],
		properties: resourceProperties(resources, 'lockedBooking'),
	};

	methods = { listSearch: { searchDepartments, searchBillingAccounts } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeExecute.call(this, resources);
	}
}
