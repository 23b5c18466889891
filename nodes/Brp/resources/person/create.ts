import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { brpRequest } from '../../transport';
import { personBody, personFieldOptions, verifiedPerson } from '../../fields';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a person',
	description: 'Create a person (customer) in BRP',
	properties: [
		{ displayName: 'First Name', name: 'firstname', type: 'string', required: true, default: '' },
		{ displayName: 'Last Name', name: 'lastname', type: 'string', required: true, default: '' },
		{
			displayName: 'E-Mail',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			required: true,
			default: '',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: personFieldOptions(false),
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const fields = {
			...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
			firstname: requiredString(this, 'firstname', 'First Name', i),
			lastname: requiredString(this, 'lastname', 'Last Name', i),
			email: requiredString(this, 'email', 'E-Mail', i),
		};
		const body = personBody(this, fields, i);
		const answer = await brpRequest.call(this, {
			method: 'POST',
			path: PATHS.persons,
			body,
			itemIndex: i,
		});
		return verifiedPerson(this, body, answer.person ?? answer, 'created', i);
	},
};
