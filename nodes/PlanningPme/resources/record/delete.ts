import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS, planningPmeRequest } from '../../transport';
import { keyLocator, readKey } from '../../common';
import { keyParameter, type RecordSpec } from './spec';

export function deleteRecordOperation(spec: RecordSpec): Operation {
	return {
		name: 'Delete',
		value: 'delete',
		action: `Delete a ${spec.value}`,
		description: `Delete a ${spec.value} by its key`,
		properties: [keyLocator(keyParameter(spec), spec.label, spec.searchMethod)],
		async execute(this: IExecuteFunctions, i: number) {
			const key = readKey(this, keyParameter(spec), spec.label, i);
			await planningPmeRequest.call(this, {
				method: 'DELETE',
				path: PATHS.record(spec.value, key),
				itemIndex: i,
			});
			return { deleted: true, key: Number(key) };
		},
	};
}
