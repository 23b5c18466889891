import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { readField } from './fieldReader';
import { reportLine } from './messages';

/**
 * The one check that a write was really stored, for every vendor: each value sent must come back in the record
 * the vendor answers, read through the field's names (its alias list, any case, "a.b" for nested), not empty,
 * and — where the table says so — the same. A value that comes back missing, empty or different is an error
 * naming the field, what came back and the contract line to report: never a success that stored less than was
 * sent. The record was written all the same, and the error says which one. An answer that is not a record cannot
 * be checked and is returned as it is. Each vendor keeps its table (field, names, how to compare, contract line)
 * in its contract.ts and turns a write into `WriteCheck`s.
 */

/**
 * How a value that came back is compared with the one sent: `present` (any value), `same` (the same text), or a
 * function answering false when it is the value sent, true (or a note for the message) when it is not.
 */
export type Compare = 'present' | 'same' | ((sent: unknown, back: unknown) => boolean | string);

export interface WriteCheck {
	/** The field in the user's words ("name", "cost centre code"). */
	label: string;
	/** The name it was sent under, shown as "<sentAs> = <value>" (where the label is not that name). */
	sentAs?: string;
	/** What was sent (empty — undefined, null, blank text, [] or {} — is not sent and not checked). */
	value: unknown;
	/** Where the answer carries it: the names it may have (the first is the contract's). */
	names: readonly string[];
	compare?: Compare;
	/** The contract line a user reports when the tenant differs ("FIELDS.booking.metadata"). */
	line: string;
	/** What to do instead of reporting the line, where the user named the field (e.g. in a JSON of other fields). */
	fix?: string;
	/** What to do when the value came back different (default: check it, else report the line). */
	differsHint?: string;
}

export interface Write {
	/** The vendor as users know it ("Hub Planner"). */
	vendor: string;
	/** The record in the user's words ("booking", "IoT device"). */
	record: string;
	/** "created", "updated", "patched"… */
	action: string;
	answer: unknown;
	/** Where the answer carries the record's id (for the message). */
	id: readonly string[];
	/** The record's id where the answer may not carry it (an update's key). */
	knownId?: unknown;
	checks: readonly WriteCheck[];
	itemIndex: number;
	/** How a value is shown in the message (default JSON). */
	show?: (value: unknown) => string;
}

/** Nothing, blank text, an empty list or an empty object. */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	return typeof value === 'object' && Object.keys(value as object).length === 0;
}

function json(value: unknown): string {
	return JSON.stringify(value) ?? 'nothing';
}

function differs(compare: Compare, sent: unknown, back: unknown): boolean | string {
	if (compare === 'present') return false;
	if (compare === 'same') return String(sent) !== String(back);
	return compare(sent, back);
}

/** The record the vendor answered, once every value sent is found in it (see the module's comment). */
export function verifyWrite(ctx: IExecuteFunctions, write: Write): IDataObject {
	const { answer } = write;
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const stored = answer as IDataObject;
	const show = write.show ?? json;
	const read = readField(stored, write.id).value;
	const id = isEmptyValue(read) ? write.knownId : read;
	const what = `the ${write.action} ${write.record}${isEmptyValue(id) ? '' : ` ${String(id)}`}`;
	const carries = Object.keys(stored).join(', ');
	for (const check of write.checks) {
		if (isEmptyValue(check.value)) continue;
		const back = readField(stored, check.names);
		const names = check.names.join(' / ');
		const sent = `${check.sentAs === undefined ? '' : `${check.sentAs} = `}${show(check.value)}`;
		if (!back.found || isEmptyValue(back.value)) {
			const got = back.found ? `has ${names} = ${json(back.value)}` : `has no ${names}`;
			throw new NodeOperationError(
				ctx.getNode(),
				`${write.vendor} did not keep the ${check.label}: ${sent} was sent, ${what} ${got}`,
				{
					itemIndex: write.itemIndex,
					description:
						`The ${write.record} was ${write.action} without it (the write itself went through). This ` +
						`tenant may name or accept the field differently (its answer carries ${carries}). Set the ` +
						`${check.label} in ${write.vendor}, or send it with Custom API Call under the tenant's field ` +
						`name; ${check.fix ?? reportLine(check.line)}.`,
				},
			);
		}
		const mismatch = differs(check.compare ?? 'present', check.value, back.value);
		if (mismatch === false) continue;
		throw new NodeOperationError(
			ctx.getNode(),
			`${write.vendor} stored another ${check.label}: ${sent} was sent, ${what} has ` +
				`${show(back.value)}${mismatch === true ? '' : ` (${mismatch})`}`,
			{
				itemIndex: write.itemIndex,
				description:
					check.differsHint ??
					`The ${write.record} was ${write.action} with another value than sent. Check the value in ` +
						`${write.vendor}; if the node sent it as you set it, ${check.fix ?? reportLine(check.line)}.`,
			},
		);
	}
	return stored;
}
