import type { IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { listAnswer, methodPath, pronestorRequest } from '../../transport';
import { provenAccounts } from '../../accountsCap';
import { applyLimit, hideDeletedProperty, withoutDeleted } from '../../fields';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many billing accounts',
	description: 'List the billing accounts (cost centres)',
	properties: [...returnAllProperties(), hideDeletedProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const hide = this.getNodeParameter('hideDeleted', i, true) as boolean;
		// GetBillingAccounts always includes deleted accounts; they are filtered here.
		const answer = listAnswer(
			this,
			await pronestorRequest.call(this, {
				method: 'GET',
				path: methodPath(PATHS.getBillingAccounts),
				itemIndex: i,
			}),
			'a list of billing accounts',
			i,
		);
		// One unpaged answer: proven complete against the department lists, or an error (accountsCap.ts).
		const accounts = await provenAccounts(this, answer, i);
		return applyLimit(hide ? withoutDeleted(this, accounts, i) : accounts, readLimit(this, i));
	},
};
