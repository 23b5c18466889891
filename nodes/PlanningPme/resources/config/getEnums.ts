import type { IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import type { Operation } from '../../../shared/types';
import { readEnums } from '../../transport';

export const operation: Operation = {
	name: 'Get Enums',
	value: 'getEnums',
	action: 'Get the enumeration constants',
	description:
		'Read the constants of your API version (resource types, task types, …) from api/config: ' +
		'one item per enumeration',
	properties: [
		{
			displayName: 'Enumeration Name or ID',
			name: 'enumName',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getEnumNames' },
			default: '',
			description:
				'Only this enumeration; empty for all. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const wanted = String(this.getNodeParameter('enumName', i, '') ?? '').trim();
		const enums = await readEnums.call(this, i);
		if (wanted && !enums[wanted]) {
			throw fieldError(
				this.getNode(),
				'Enumeration',
				`"${wanted.slice(0, 60)}" does not exist in this API version`,
				`Use one of: ${Object.keys(enums).slice(0, 12).join(', ')}, … (names are case-sensitive).`,
				i,
			);
		}
		return Object.entries(enums)
			.filter(([name]) => !wanted || name === wanted)
			.map(([name, values]) => ({ name, values }));
	},
};
