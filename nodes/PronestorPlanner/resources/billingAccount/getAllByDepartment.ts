import type { IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PARAMS, PATHS } from '../../contract';
import { listAnswer, methodPath, pronestorRequest } from '../../transport';
import { applyLimit, hideDeletedProperty, pronestorLocator, readId } from '../../fields';

export const operation: Operation = {
	name: 'Get Many by Department',
	value: 'getAllByDepartment',
	action: 'Get many billing accounts of a department',
	description: 'List the billing accounts of one department',
	properties: [
		pronestorLocator('departmentId', 'Department', 'searchDepartments'),
		...returnAllProperties(),
		hideDeletedProperty,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const departmentId = readId(this, 'departmentId', 'Department', i);
		const hide = this.getNodeParameter('hideDeleted', i, true) as boolean;
		const answer = await pronestorRequest.call(this, {
			method: 'GET',
			path: methodPath(PATHS.getBillingAccountsByDepartment),
			// The documented spelling is "hideDeleted=False" (.NET booleans).
			qs: { [PARAMS.departmentId]: departmentId, [PARAMS.hideDeleted]: hide ? 'True' : 'False' },
			itemIndex: i,
		});
		return applyLimit(
			listAnswer(this, answer, 'a list of billing accounts', i),
			readLimit(this, i),
		);
	},
};
