import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { resourceProperties, routeExecute } from '../shared/router';
import {
	searchBookableResources,
	searchBuildings,
	searchIotDevices,
	searchUsers,
} from './methods/listSearch';
import { resources } from './resources';

export class BookingsOne implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bookings ONE',
		name: 'bookingsOne',
		icon: {
			light: 'file:../../icons/bookingsone.svg',
			dark: 'file:../../icons/bookingsone.dark.svg',
		},
		group: ['transform'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read appointments, rooms, desks, visitors and buildings from Bookings ONE, export bookings ' +
			'to Excel, and feed IoT and e-paper data',
		defaults: { name: 'Bookings ONE' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bookingsOneApi', required: true }],
		properties: resourceProperties(resources, 'appointment'),
	};

	methods = {
		listSearch: { searchBookableResources, searchBuildings, searchIotDevices, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeExecute.call(this, resources);
	}
}
