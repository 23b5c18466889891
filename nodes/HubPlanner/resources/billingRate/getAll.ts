import type { IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many billing rates',
	description: 'List the billing rates (label, rate, currency) bookings can charge',
	properties: [...returnAllProperties()],
	async execute(this: IExecuteFunctions, i: number) {
		return await hubPlannerList.call(this, {
			method: 'GET',
			path: PATHS.billingRates,
			limit: readLimit(this, i),
			itemIndex: i,
		});
	},
};
