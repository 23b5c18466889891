import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseJsonText } from '../../../shared/fields';
import { fieldError } from '../../../shared/errors';
import type { RecordSpec } from './spec';

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
