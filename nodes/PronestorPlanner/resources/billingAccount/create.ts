import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { FIELDS, PATHS } from '../../contract';
import { methodPath, pronestorRequest } from '../../transport';
import { accountFields, departmentFieldProperty, verifiedAccount } from '../../fields';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a billing account',
	description: 'Create a billing account (cost centre)',
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			description: 'Name of the billing account',
		},
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'CC-1001',
			description: 'The cost centre code the finance system knows the account by',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				departmentFieldProperty,
				{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const name = requiredString(this, 'name', 'Name', i);
		const code = requiredString(this, 'code', 'Code', i);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body = {
			...accountFields(this, extra, i),
			[FIELDS.account.name]: name,
			[FIELDS.account.code]: code,
		};
		const answer = await pronestorRequest.call(this, {
			method: 'POST',
			path: methodPath(PATHS.createBillingAccount),
			body,
			headers: { 'Content-Type': 'application/json' },
			itemIndex: i,
		});
		return verifiedAccount(this, body, answer, 'created', i) as IDataObject;
	},
};
