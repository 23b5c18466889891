import type { IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { listAnswer, methodPath, pronestorRequest } from '../../transport';
import { applyLimit } from '../../fields';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many departments',
	description: 'List the departments',
	properties: [...returnAllProperties()],
	async execute(this: IExecuteFunctions, i: number) {
		const departments = listAnswer(
			this,
			await pronestorRequest.call(this, {
				method: 'GET',
				path: methodPath(PATHS.getDepartments),
				itemIndex: i,
			}),
			'a list of departments',
			i,
		);
		return applyLimit(departments, readLimit(this, i));
	},
};
