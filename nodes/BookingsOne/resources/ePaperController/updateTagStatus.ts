import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { fieldValue } from '../../../shared/fieldReader';
import { fieldError } from '../../../shared/errors';
import { requiredString } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { bookingsOneRequest } from '../../transport';

export const operation: Operation = {
	name: 'Update Tag Status',
	value: 'updateTagStatus',
	action: 'Update the status of an e-paper tag',
	description: 'Report the battery level, screen size and online state of an e-paper tag',
	properties: [
		{
			displayName: 'E-Paper Tag ID',
			name: 'ePaperTagId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. TAG-001',
		},
		{
			displayName: 'Online',
			name: 'isOnline',
			type: 'boolean',
			default: true,
			description: 'Whether the tag is online',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Battery Level',
					name: 'batteryLevel',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
					default: 100,
					description: 'Battery level in percent',
				},
				{
					displayName: 'Screen Size',
					name: 'screenSize',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 4,
					description: 'Screen size in inches',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const ePaperTagId = requiredString(this, 'ePaperTagId', 'E-Paper Tag ID', i);
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = {
			ePaperTagId,
			isOnline: this.getNodeParameter('isOnline', i, true) as boolean,
		};
		for (const key of ['batteryLevel', 'screenSize']) {
			if (extra[key] === undefined || extra[key] === '') continue;
			const n = Number(extra[key]);
			if (!Number.isFinite(n))
				throw fieldError(
					this.getNode(),
					key === 'batteryLevel' ? 'Battery Level' : 'Screen Size',
					`${String(extra[key])} is not a number`,
					'Enter a number.',
					i,
				);
			body[key] = n;
		}
		const answer = (await bookingsOneRequest.call(this, {
			method: 'POST',
			path: PATHS.ePaperTagStatus,
			body,
			itemIndex: i,
		})) as IDataObject;
		if (fieldValue(answer, 'isSuccess') === false) {
			throw new NodeOperationError(
				this.getNode(),
				`Bookings ONE did not update e-paper tag ${ePaperTagId}`,
				{
					itemIndex: i,
					description:
						'Bookings ONE answered isSuccess: false. Check the e-paper tag ID (E-Paper Controller ' +
						'→ Get lists the tags of a controller).',
				},
			);
		}
		return { ...answer, ePaperTagId };
	},
};
