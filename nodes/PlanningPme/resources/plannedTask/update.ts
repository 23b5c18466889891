import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { pick, simplifyOutput, simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { FIELDS, PATHS, PLANNED_TASK_ALIASES, planningPmeRequest } from '../../transport';
import { normalizeBooking, planningZone, readKey, verifyWrite } from '../../common';
import { readPlannedTaskFields, resent, updateProperties } from './fields';

/**
 * PUT is taken as a full replacement (assumed, like the other entities): the entry is read, the given fields are
 * merged over it, its dates are re-sent in the node's one format, and the whole entry is sent back.
 */
export const update: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a planned task',
	description: 'Move or change a planning entry; the fields you leave out are kept',
	properties: [...updateProperties, simplifyProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'plannedTaskKey', 'Planned Task Key', i);
		const zone = await planningZone(this);
		const given = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const { body: changes, start, end } = readPlannedTaskFields(this, given, i, zone, false);
		if (Object.keys(changes).length === 0)
			throw fieldError(
				this.getNode(),
				'Update Fields',
				'are empty',
				'Add at least one field to change on the planned task.',
				i,
			);
		const current = (await planningPmeRequest.call(this, {
			method: 'GET',
			path: PATHS.plannedTask(key),
			itemIndex: i,
		})) as IDataObject;
		const F = FIELDS.plannedTask;
		const body: IDataObject = { ...current, ...changes, [FIELDS.key]: current.key ?? Number(key) };
		for (const name of [F.start, F.end]) {
			const names = name === F.start ? PLANNED_TASK_ALIASES.start : PLANNED_TASK_ALIASES.end;
			if (changes[name] === undefined) {
				const again = resent(pick(current, names).value, zone);
				if (again !== undefined) body[name] = again;
			}
		}
		// The merged range must still be a range: a new start after the kept end is refused before the write.
		const from = start ?? DateTime.fromISO(String(body[F.start] ?? ''), { setZone: true });
		const to = end ?? DateTime.fromISO(String(body[F.end] ?? ''), { setZone: true });
		if (from.isValid && to.isValid)
			assertOrdered(
				this.getNode(),
				from,
				to,
				start ? ['Start', 'End'] : ['Start (kept)', 'End'],
				i,
			);
		const answer = await planningPmeRequest.call(this, {
			method: 'PUT',
			path: PATHS.plannedTask(key),
			body,
			itemIndex: i,
		});
		const entry = verifyWrite(this, 'plannedTask', changes, answer, 'updated', zone, i);
		return simplifyOutput(this, i, [entry], (r) => normalizeBooking(r, 'plannedTask', zone));
	},
};
