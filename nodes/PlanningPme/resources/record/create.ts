import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import type { Operation } from '../../../shared/types';
import { PATHS, planningPmeRequest } from '../../transport';
import { readRecordFields, recordFields, verifyRecord } from './fields';
import type { RecordSpec } from './spec';

export function createRecordOperation(spec: RecordSpec): Operation {
	return {
		name: 'Create',
		value: 'create',
		action: `Create a ${spec.value}`,
		description: `Create a ${spec.value}`,
		properties: recordFields(spec, false),
		async execute(this: IExecuteFunctions, i: number) {
			const label = String(this.getNodeParameter('label', i, '')).trim();
			if (!label)
				throw fieldError(
					this.getNode(),
					'Label',
					'is empty',
					`Enter the name of the ${spec.value}.`,
					i,
				);
			const body: IDataObject = { ...readRecordFields(this, 'additionalFields', i), label };
			const answer = await planningPmeRequest.call(this, {
				method: 'POST',
				path: PATHS.records(spec.value),
				body,
				itemIndex: i,
			});
			return verifyRecord(this, spec, body, answer, 'created', i);
		},
	};
}
