import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { PATHS, planningPmeRequest } from '../../transport';
import { keyLocator, readKey } from '../../common';
import { keyParameter, type RecordSpec } from './spec';

export function getRecordOperation(spec: RecordSpec): Operation {
	return {
		name: 'Get',
		value: 'get',
		action: `Get a ${spec.value}`,
		description: `Get one ${spec.value} by its key`,
		properties: [keyLocator(keyParameter(spec), spec.label, spec.searchMethod)],
		async execute(this: IExecuteFunctions, i: number) {
			const key = readKey(this, keyParameter(spec), spec.label, i);
			return (await planningPmeRequest.call(this, {
				method: 'GET',
				path: PATHS.record(spec.value, key),
				itemIndex: i,
			})) as IDataObject;
		},
	};
}
