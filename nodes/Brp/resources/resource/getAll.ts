import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PARAMS, PATHS } from '../../contract';
import { brpRequest, listOf } from '../../transport';
import { businessUnitsProperty, idListParam, idParam } from '../../fields';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many resources',
	description: 'List the bookable resources (rooms, courts, instructors …) of business units',
	properties: [
		{ ...businessUnitsProperty, required: true },
		...returnAllProperties(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Include Employees',
					name: 'includeEmployees',
					type: 'boolean',
					default: false,
					description: 'Whether to include staff members who are resources (instructors …)',
				},
				{
					displayName: 'Label',
					name: 'label',
					type: 'string',
					default: '',
					description: 'Only resources with this label',
				},
				{
					displayName: 'Product ID',
					name: 'productId',
					type: 'string',
					default: '',
					description: 'Only resources that can be booked with this product',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'string',
					default: '',
					placeholder: 'Lokal',
					description: 'Only resources of this type, as BRP names it',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const units = idListParam(
			this,
			this.getNodeParameter('businessUnitIds', i, []),
			'Business Units',
			i,
		);
		if (!units)
			throw fieldError(
				this.getNode(),
				'Business Units',
				'are empty',
				'Choose at least one business unit: BRP lists resources per business unit.',
				i,
			);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const qs: IDataObject = { [PARAMS.businessUnitIds]: units };
		if (options.includeEmployees === true) qs[PARAMS.includeEmployees] = true;
		const productId = idParam(this, options.productId, 'Product ID', i);
		if (productId) qs[PARAMS.productId] = productId;
		if (typeof options.type === 'string' && options.type.trim())
			qs[PARAMS.type] = options.type.trim();
		if (typeof options.label === 'string' && options.label.trim())
			qs[PARAMS.label] = options.label.trim();
		const limit = readLimit(this, i);
		const list = listOf(
			await brpRequest.call(this, {
				method: 'GET',
				path: PATHS.resources,
				qs,
				list: 'resources',
				itemIndex: i,
			}),
			'resources',
		);
		return limit === undefined ? list : list.slice(0, limit);
	},
};
