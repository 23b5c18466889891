import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { fieldValue, fold, readField, requireField } from '../../../shared/fieldReader';
import type { Operation } from '../../../shared/types';
import { listAnswer, methodPath, pronestorRequest } from '../../transport';
import { FIELDS, PATHS, REQUIRED } from '../../contract';
import {
	accountFields,
	billingAccountLocator,
	departmentFieldProperty,
	readId,
	verifiedAccount,
} from '../../fields';

export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a billing account',
	description: "Change a billing account's name, code, description or department",
	properties: [
		billingAccountLocator,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Code', name: 'code', type: 'string', default: '' },
				departmentFieldProperty,
				{ displayName: 'Description', name: 'description', type: 'string', default: '' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const id = readId(this, 'billingAccountId', 'Billing Account', i);
		const changes = accountFields(
			this,
			this.getNodeParameter('updateFields', i, {}) as IDataObject,
			i,
		);
		if (Object.keys(changes).length === 0) {
			throw fieldError(
				this.getNode(),
				'Update Fields',
				'are empty',
				'Add at least one field to change (Name, Code, Description or Department).',
				i,
			);
		}
		// UpdateBillingAccount takes the whole account: read it, change the given fields, send it back.
		const accounts = listAnswer(
			this,
			await pronestorRequest.call(this, {
				method: 'GET',
				path: methodPath(PATHS.getBillingAccounts),
				itemIndex: i,
			}),
			'a list of billing accounts',
			i,
		);
		requireField(this.getNode(), accounts, REQUIRED.accountId('Finding the account to update'), i);
		const current = accounts.find((a) => Number(fieldValue(a, FIELDS.account.id)) === id);
		if (!current) {
			throw fieldError(
				this.getNode(),
				'Billing Account',
				`no billing account has ID ${id}`,
				'Pick the billing account from the list, or check the ID.',
				i,
			);
		}
		const answer = await pronestorRequest.call(this, {
			method: 'POST',
			path: methodPath(PATHS.updateBillingAccount),
			body: merged(current, changes),
			headers: { 'Content-Type': 'application/json' },
			// Sending the same whole account twice leaves the same result.
			idempotent: true,
			itemIndex: i,
		});
		// The changed fields must come back as sent.
		return verifiedAccount(this, changes, answer, 'updated', i) as IDataObject;
	},
};

/**
 * The whole account with the changes applied: a field the tenant answers under another case or word style
 * (`name` for Name) is replaced, not sent twice; the ID keeps the tenant's own name.
 */
function merged(current: IDataObject, changes: IDataObject): IDataObject {
	const changed = new Set(Object.keys(changes).map(fold));
	const kept: IDataObject = Object.fromEntries(
		Object.entries(current).filter(([k]) => !changed.has(fold(k))),
	);
	const id = readField(current, FIELDS.account.id);
	return { ...kept, ...changes, [id.key ?? FIELDS.account.id]: id.value as IDataObject[string] };
}
