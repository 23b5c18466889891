import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import type { Operation } from '../../../shared/types';
import { PATHS, planningPmeRequest } from '../../transport';
import { keyLocator, readKey } from '../../common';
import { readRecordFields, recordFields, verifyRecord } from './fields';
import { keyParameter, type RecordSpec } from './spec';

/**
 * PlanningPME's PUT is treated as a full replacement (assumed): the record is read, the given fields are
 * merged over it and the whole record is sent back, so fields the user did not touch are kept.
 */
export function updateRecordOperation(spec: RecordSpec): Operation {
	return {
		name: 'Update',
		value: 'update',
		action: `Update a ${spec.value}`,
		description: `Change fields of a ${spec.value}; the others are kept`,
		properties: [
			keyLocator(keyParameter(spec), spec.label, spec.searchMethod),
			...recordFields(spec, true),
		],
		async execute(this: IExecuteFunctions, i: number) {
			const key = readKey(this, keyParameter(spec), spec.label, i);
			const changes = readRecordFields(this, 'updateFields', i);
			if (Object.keys(changes).length === 0) {
				throw fieldError(
					this.getNode(),
					'Update Fields',
					'are empty',
					`Add at least one field to change on the ${spec.value}.`,
					i,
				);
			}
			const current = (await planningPmeRequest.call(this, {
				method: 'GET',
				path: PATHS.record(spec.value, key),
				itemIndex: i,
			})) as IDataObject;
			const body: IDataObject = { ...current, ...changes, key: current.key ?? Number(key) };
			const answer = await planningPmeRequest.call(this, {
				method: 'PUT',
				path: PATHS.record(spec.value, key),
				body,
				itemIndex: i,
			});
			return verifyRecord(this, spec, changes, answer, 'updated', i);
		},
	};
}
