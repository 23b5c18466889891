import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { pick, simplifyOutput, simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { FIELDS, PATHS, planningPmeRequest, UNAVAILABILITY_ALIASES } from '../../transport';
import { normalizeBooking, planningZone, readKey, verifyWrite } from '../../common';
import { resent } from '../plannedTask/fields';
import { readUnavailabilityFields, updateProperties } from './fields';

/** Read, merge the given fields over it (dates re-sent in the node's one format), PUT the whole record (assumed). */
export const update: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update an unavailability',
	description: 'Change an absence; the fields you leave out are kept',
	properties: [...updateProperties, simplifyProperty],
	async execute(this: IExecuteFunctions, i: number) {
		const key = readKey(this, 'unavailabilityKey', 'Unavailability Key', i);
		const zone = await planningZone(this);
		const given = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const { body: changes, start, end } = readUnavailabilityFields(this, given, i, zone, false);
		if (Object.keys(changes).length === 0)
			throw fieldError(
				this.getNode(),
				'Update Fields',
				'are empty',
				'Add at least one field to change on the unavailability.',
				i,
			);
		const current = (await planningPmeRequest.call(this, {
			method: 'GET',
			path: PATHS.unavailability(key),
			itemIndex: i,
		})) as IDataObject;
		const F = FIELDS.unavailability;
		const body: IDataObject = { ...current, ...changes, [FIELDS.key]: current.key ?? Number(key) };
		for (const [name, names] of [
			[F.start, UNAVAILABILITY_ALIASES.start],
			[F.end, UNAVAILABILITY_ALIASES.end],
		] as const) {
			if (changes[name] !== undefined) continue;
			const again = resent(pick(current, names).value, zone);
			if (again !== undefined) body[name] = again;
		}
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
			path: PATHS.unavailability(key),
			body,
			itemIndex: i,
		});
		const record = verifyWrite(this, 'unavailability', changes, answer, 'updated', zone, i);
		return simplifyOutput(this, i, [record], (r) => normalizeBooking(r, 'unavailability', zone));
	},
};
