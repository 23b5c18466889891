import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered } from '../../shared/dates';
import { fieldError } from '../../shared/errors';
import { fieldValue } from '../../shared/fieldReader';
import { pick, simplifyOutput } from '../../shared/normalize';
import { FIELDS, planningPmeRequest } from '../transport';
import {
	aliasesOf,
	normalizeBooking,
	planningZone,
	simplifyContract,
	verifyWrite,
} from '../common';
import { resent } from './plannedTask/fields';

type ReadFields = (
	ctx: IExecuteFunctions,
	given: IDataObject,
	itemIndex: number,
	zone: string,
	creating: boolean,
) => { body: IDataObject; start?: DateTime; end?: DateTime };

/**
 * Update of a dated record (a planned task, an unavailability). PUT is taken as a full replacement (assumed, like
 * the other entities): the record is read, the given fields are merged over it, its kept dates are re-sent in the
 * node's one request format (a body never mixes two), the merged range must still be a range (checked before the
 * write), the whole record is sent back, and the answer is verified against the fields given.
 */
export async function updateDatedRecord(
	ctx: IExecuteFunctions,
	i: number,
	opts: {
		kind: 'plannedTask' | 'unavailability';
		/** What the user calls it, for the empty-update message. */
		label: string;
		key: string;
		path: string;
		aliases: { start: readonly string[]; end: readonly string[] };
		readFields: ReadFields;
	},
): Promise<IDataObject[]> {
	const zone = await planningZone(ctx);
	const given = ctx.getNodeParameter('updateFields', i, {}) as IDataObject;
	const { body: changes, start, end } = opts.readFields(ctx, given, i, zone, false);
	if (Object.keys(changes).length === 0)
		throw fieldError(
			ctx.getNode(),
			'Update Fields',
			'are empty',
			`Add at least one field to change on the ${opts.label}.`,
			i,
		);
	const current = (await planningPmeRequest.call(ctx, {
		method: 'GET',
		path: opts.path,
		itemIndex: i,
	})) as IDataObject;
	const F = FIELDS[opts.kind];
	const body: IDataObject = {
		...current,
		...changes,
		[FIELDS.key]:
			(fieldValue(current, aliasesOf(opts.kind).id) as IDataObject[string]) ?? Number(opts.key),
	};
	for (const [name, names] of [
		[F.start, opts.aliases.start],
		[F.end, opts.aliases.end],
	] as const) {
		if (changes[name] !== undefined) continue;
		const again = resent(pick(current, names).value, zone);
		if (again !== undefined) body[name] = again;
	}
	const from = start ?? DateTime.fromISO(String(body[F.start] ?? ''), { setZone: true });
	const to = end ?? DateTime.fromISO(String(body[F.end] ?? ''), { setZone: true });
	if (from.isValid && to.isValid)
		assertOrdered(ctx.getNode(), from, to, start ? ['Start', 'End'] : ['Start (kept)', 'End'], i);
	const answer = await planningPmeRequest.call(ctx, {
		method: 'PUT',
		path: opts.path,
		body,
		itemIndex: i,
	});
	const record = verifyWrite(ctx, opts.kind, changes, answer, 'updated', zone, i);
	return simplifyOutput(
		ctx,
		i,
		[record],
		(r) => normalizeBooking(r, opts.kind, zone),
		simplifyContract(opts.kind),
	);
}
