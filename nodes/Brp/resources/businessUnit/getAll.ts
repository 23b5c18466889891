import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PARAMS, PATHS } from '../../contract';
import { brpRequest, listOf } from '../../transport';
import { idParam } from '../../fields';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many business units',
	description: 'List the business units (facilities)',
	properties: [
		...returnAllProperties(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Company ID',
					name: 'companyId',
					type: 'string',
					default: '',
					description: 'Only business units of this company',
				},
				{
					displayName: 'Show All',
					name: 'showAll',
					type: 'boolean',
					default: false,
					description: 'Whether to include business units that are normally hidden',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs: IDataObject = {};
		if (options.showAll === true) qs[PARAMS.showAll] = true;
		const companyId = idParam(this, options.companyId, 'Company ID', i);
		if (companyId) qs[PARAMS.companyId] = companyId;
		const limit = readLimit(this, i);
		const units = listOf(
			await brpRequest.call(this, {
				method: 'GET',
				path: PATHS.businessUnits,
				qs,
				list: 'businessunits',
				itemIndex: i,
			}),
			'businessunits',
		);
		return limit === undefined ? units : units.slice(0, limit);
	},
};
