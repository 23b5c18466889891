import type { IExecuteFunctions } from 'n8n-workflow';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { brpRequest } from '../../transport';
import { idParam, personIdProperty } from '../../fields';

export const operation: Operation = {
	name: 'Get',
	value: 'get',
	action: 'Get a person',
	description: 'Get one person by ID: the logged-in person, or anyone with a level 3 key',
	properties: [personIdProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const id = idParam(
			this,
			requiredString(this, 'personId', 'Person ID', i),
			'Person ID',
			i,
		) as string;
		const answer = await brpRequest.call(this, {
			method: 'GET',
			path: PATHS.person(id),
			itemIndex: i,
		});
		return (answer.person as typeof answer | undefined) ?? answer;
	},
};
