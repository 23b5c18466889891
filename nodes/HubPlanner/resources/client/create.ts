import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { verifiedClient } from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a client',
	description: 'Create a client that projects can be billed to',
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Acme Ltd',
			description: 'Name of the client',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Metadata',
					name: 'metadata',
					type: 'string',
					default: '',
					description:
						'Custom field for your own reference (for example the client number in your ERP)',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = { name: requiredString(this, 'name', 'Name', i) };
		if (typeof extra.metadata === 'string' && extra.metadata !== '') body.metadata = extra.metadata;
		const created = await hubPlannerRequest.call(this, {
			method: 'POST',
			path: PATHS.clients,
			body,
			itemIndex: i,
		});
		return verifiedClient(this, body, created, i);
	},
};
