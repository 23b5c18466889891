import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { brpRequest, listOf } from '../../transport';
import { requireLevel3 } from '../../fields';

const FILTERS = [
	{ displayName: 'Card Number', name: 'cardnumber' },
	{ displayName: 'Customer Number', name: 'customernumber' },
	{ displayName: 'E-Mail', name: 'email' },
	{ displayName: 'First Name', name: 'firstname' },
	{ displayName: 'Last Name', name: 'lastname' },
	{ displayName: 'Mobile Phone', name: 'mobilephone' },
	{ displayName: 'Person Number', name: 'personnumber' },
];

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many persons',
	description:
		'Find persons by e-mail, name, person, customer or card number (needs a level 3 key)',
	properties: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: 'BRP needs at least one filter',
			options: FILTERS.map((f) => ({
				displayName: f.displayName,
				name: f.name,
				type: 'string' as const,
				default: '',
			})),
		},
		...returnAllProperties(),
	],
	async execute(this: IExecuteFunctions, i: number) {
		await requireLevel3(this, 'Person → Get Many', i);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const qs: IDataObject = {};
		for (const { name } of FILTERS)
			if (typeof filters[name] === 'string' && (filters[name] as string).trim() !== '')
				qs[name] = (filters[name] as string).trim();
		if (Object.keys(qs).length === 0) {
			throw fieldError(
				this.getNode(),
				'Filters',
				'are empty',
				'Add at least one filter, for example E-Mail or Last Name.',
				i,
			);
		}
		const limit = readLimit(this, i);
		const answer = await brpRequest.call(this, {
			method: 'GET',
			path: PATHS.persons,
			qs,
			list: 'persons',
			itemIndex: i,
		});
		const persons = listOf(answer, 'persons');
		return limit === undefined ? persons : persons.slice(0, limit);
	},
};
