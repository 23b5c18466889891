import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { clientLocator, hubPlannerId } from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a client',
	description: 'Get one client by ID',
	properties: [clientLocator],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'clientId', 'Client', i);
		return (await hubPlannerRequest.call(this, {
			method: 'GET',
			path: PATHS.client(id),
			itemIndex: i,
		})) as IDataObject;
	},
};
