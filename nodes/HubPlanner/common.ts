import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { pick } from '../shared/normalize';
import { reportLine } from '../shared/messages';

/** Hub Planner ids, resource and project references: these must come back exactly as sent. */
const SAME_VALUE = new Set([
	'resource',
	'project',
	'categoryTemplateId',
	'bookingRate.external.defaultRateId',
	'bookingRate.internal.defaultRateId',
]);

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	return typeof value === 'object' && Object.keys(value as object).length === 0;
}

/**
 * A write checked against the record Hub Planner answers: every non-empty value sent (by the keys of `fields`, a
 * WRITE_FIELDS table) must come back, read through its alias list, non-empty — and ids exactly as sent. One
 * that comes back missing or empty is an error naming the field and the contract line to fix: the tenant
 * stored the record without it and said nothing. An answer that is not a record cannot be checked and is
 * returned as it is.
 */
export function verifiedWrite(
	ctx: IExecuteFunctions,
	opts: {
		record: 'booking' | 'time entry' | 'client';
		/** Body key (dotted for nested) → alias key, e.g. WRITE_FIELDS.booking. */
		fields: Readonly<Record<string, string>>;
		aliases: Readonly<Record<string, readonly string[]>>;
		/** The alias table's name in transport.ts, for the message. */
		table: string;
		sent: IDataObject;
		answer: unknown;
		action: 'created' | 'updated' | 'patched';
		itemIndex: number;
	},
): IDataObject {
	const { answer } = opts;
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const stored = answer as IDataObject;
	for (const [key, aliasKey] of Object.entries(opts.fields)) {
		const sent = pick(opts.sent, [key]);
		if (!sent.found || isEmpty(sent.value)) continue;
		const names = opts.aliases[aliasKey] ?? [key];
		const back = pick(stored, names);
		const kept =
			back.found &&
			!isEmpty(back.value) &&
			(!SAME_VALUE.has(key) || String(back.value) === String(sent.value));
		if (kept) continue;
		const id = pick(stored, ['_id', 'id']).value;
		const got = !back.found
			? `has no ${names.join(' / ')}`
			: `has ${names.join(' / ')} = ${JSON.stringify(back.value) ?? 'nothing'}`;
		throw new NodeOperationError(
			ctx.getNode(),
			`Hub Planner did not keep the ${key}: ${JSON.stringify(sent.value)} was sent, the ${opts.action} ${opts.record}${id !== undefined ? ` ${String(id)}` : ''} ${got}`,
			{
				itemIndex: opts.itemIndex,
				description: `The ${opts.record} was ${opts.action} without it (the write itself went through). This tenant may name or accept the field differently (its answer carries ${Object.keys(stored).join(', ')}). Set the value in Hub Planner, or send it with Custom API Call under the tenant's field name; ${reportLine(`${opts.table}.${aliasKey}`)}.`,
			},
		);
	}
	return stored;
}
