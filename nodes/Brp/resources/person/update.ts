import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { brpRequest } from '../../transport';
import {
	idParam,
	personBody,
	personFieldOptions,
	personIdProperty,
	verifiedPerson,
} from '../../fields';

export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a person',
	description: 'Change a person: the logged-in person, or anyone with a level 3 key',
	properties: [
		personIdProperty,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: personFieldOptions(true),
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const id = idParam(
			this,
			requiredString(this, 'personId', 'Person ID', i),
			'Person ID',
			i,
		) as string;
		const body = personBody(this, this.getNodeParameter('updateFields', i, {}) as IDataObject, i);
		if (Object.keys(body).length === 0)
			throw fieldError(
				this.getNode(),
				'Update Fields',
				'are empty',
				'Add at least one field to change.',
				i,
			);
		const answer = await brpRequest.call(this, {
			method: 'PUT',
			path: PATHS.person(id),
			body,
			itemIndex: i,
		});
		return verifiedPerson(this, body, answer.person ?? answer, 'updated', i);
	},
};
