import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { resourceProperties, routeExecute } from '../shared/router';
import { searchResources } from './methods/listSearch';
import { getBusinessUnits } from './methods/loadOptions';
import { resources } from './resources';

export class Brp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BRP',
		name: 'brp',
		icon: { light: 'file:../../icons/brp.svg', dark: 'file:../../icons/brp.dark.svg' },
		group: ['transform'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and update BRP service bookings, persons, business units and resources',
		defaults: { name: 'BRP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brpApi', required: true }],
		properties: resourceProperties(resources, 'serviceBooking'),
	};

	methods = { loadOptions: { getBusinessUnits }, listSearch: { searchResources } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeExecute.call(this, resources);
	}
}
