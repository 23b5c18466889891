import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { idList } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { methodPath, pronestorRequest } from '../../transport';

export const operation: Operation = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete billing accounts',
	description:
		'Delete one or more billing accounts (deleting an already deleted account is harmless)',
	properties: [
		{
			displayName: 'Billing Account IDs',
			name: 'billingAccountIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: '12, 13',
			description:
				'IDs of the billing accounts to delete, separated by commas (or an expression giving an array)',
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const raw = idList(this.getNodeParameter('billingAccountIds', i, ''));
		const bad = raw.filter((id) => !/^\d+$/.test(id));
		if (raw.length === 0 || bad.length > 0) {
			throw fieldError(
				this.getNode(),
				'Billing Account IDs',
				raw.length === 0 ? 'is empty' : `"${bad[0].slice(0, 40)}" is not an ID`,
				'Enter numeric billing account IDs separated by commas, for example 12, 13.',
				i,
			);
		}
		const ids = [...new Set(raw.map(Number))];
		const answer = await pronestorRequest.call(this, {
			method: 'POST',
			path: methodPath(PATHS.deleteBillingAccounts),
			body: ids,
			headers: { 'Content-Type': 'application/json' },
			// Documented as idempotent, so a retry after a dropped connection is safe.
			idempotent: true,
			itemIndex: i,
		});
		const details =
			answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as IDataObject) : {};
		return { deleted: true, ids, ...details };
	},
};
