import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { FIELDS } from '../../transport';
import { parseJsonText } from '../../../shared/fields';
import { fieldError } from '../../../shared/errors';
import { fieldValue, readField } from '../../../shared/fieldReader';
import type { RecordSpec } from './spec';
import { reportLine } from '../../../shared/messages';

/** "Label", the type from the config enums where the entity has one, and any other field as JSON. */
export function recordFields(spec: RecordSpec, forUpdate: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (!forUpdate)
		fields.push({
			displayName: 'Label',
			name: 'label',
			type: 'string',
			required: true,
			default: '',
			description: `Name of the ${spec.value}`,
		});
	const options: INodeProperties[] = [];
	if (forUpdate)
		options.push({
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			description: `New name of the ${spec.value}`,
		});
	if (spec.typeField) {
		options.push({
			displayName: spec.typeField.displayName,
			name: spec.typeField.name,
			type: 'options',
			typeOptions: { loadOptionsMethod: spec.typeField.loadOptionsMethod },
			default: '',
			description: spec.typeField.description,
		});
	}
	options.push({
		displayName: 'Other Fields (JSON)',
		name: 'json',
		type: 'json',
		default: '{}',
		description: `Any other ${spec.value} fields as PlanningPME names them, e.g. {"email": "a@example.com"}; see your API's interactive documentation (your-brand/doc/index)`,
	});
	fields.push({
		displayName: forUpdate ? 'Update Fields' : 'Additional Fields',
		name: forUpdate ? 'updateFields' : 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options,
	});
	return fields;
}

/** The body fields the user gave (JSON first, the named fields over it). */
export function readRecordFields(
	ctx: IExecuteFunctions,
	collection: string,
	itemIndex: number,
): IDataObject {
	const given = ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	let extra: unknown = {};
	if (given.json !== undefined) {
		extra =
			typeof given.json === 'string'
				? parseJsonText(
						ctx.getNode(),
						given.json,
						'Other Fields (JSON)',
						itemIndex,
						{},
						'{"email": "a@example.com"}',
					)
				: given.json;
		if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
			throw fieldError(
				ctx.getNode(),
				'Other Fields (JSON)',
				'must be a JSON object',
				'Enter an object such as {"email": "a@example.com"}, or {} for none.',
				itemIndex,
			);
		}
	}
	const out: IDataObject = { ...(extra as IDataObject) };
	delete out.key;
	for (const [name, value] of Object.entries(given)) {
		if (name === 'json' || value === '' || value === undefined) continue;
		out[name] = value;
	}
	return out;
}

/**
 * A record write checked against the record PlanningPME answers: Label and the type must come back equal; any
 * other field sent (Other Fields) must come back, not missing or empty. Otherwise an error names the field and
 * the contract line; the record was written all the same. An answer that is not a record is returned as it is.
 */
export function verifyRecord(
	ctx: IExecuteFunctions,
	spec: { value: string },
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): IDataObject {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const stored = answer as IDataObject;
	const named: string[] = Object.values(FIELDS.record);
	for (const [name, value] of Object.entries(sent)) {
		if (name === FIELDS.key || value === undefined || value === null || value === '') continue;
		if (typeof value === 'object') continue;
		const back = readField(stored, name).value;
		const missing = back === undefined || back === null || back === '';
		const differs = !missing && named.includes(name) && String(back) !== String(value);
		if (!missing && !differs) continue;
		const line = named.includes(name)
			? reportLine(`FIELDS.record.${name}`, true)
			: `"${name}" was sent as you named it in Other Fields (JSON): check the name in your API's interactive documentation (your-brand/doc/index)`;
		throw new NodeOperationError(
			ctx.getNode(),
			`PlanningPME did not keep the ${name}: ${name} = ${JSON.stringify(value)} was sent, the ${action} ${spec.value} ${String(fieldValue(stored, FIELDS.key) ?? '')} ${missing ? (back === undefined ? `has no ${name}` : `has ${JSON.stringify(back)} for it`) : `has ${JSON.stringify(back)}`}`,
			{
				itemIndex,
				description: `The ${spec.value} was ${action} without it. Your tenant may name the field differently (its answer carries ${Object.keys(stored).join(', ')}). Set it in PlanningPME, or send it with Custom API Call under your tenant's field name. ${line}.`,
			},
		);
	}
	return stored;
}
