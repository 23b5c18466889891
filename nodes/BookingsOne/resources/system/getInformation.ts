import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { bookingsOneRequest } from '../../transport';

export const operation: Operation = {
	name: 'Get Information',
	value: 'getInformation',
	action: 'Get system information',
	description: 'Get the name, version, environment and client name of the Bookings ONE server',
	properties: [],
	async execute(this: IExecuteFunctions, i: number) {
		return (await bookingsOneRequest.call(this, {
			method: 'GET',
			path: PATHS.systemInformation,
			itemIndex: i,
		})) as IDataObject;
	},
};
