import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { fieldValue } from '../../../shared/fieldReader';
import { parseJsonText } from '../../../shared/fields';
import { fieldError } from '../../../shared/errors';
import { pick } from '../../../shared/normalize';
import { PERSON_WRITE_FIELDS } from '../../contract';
import { reportLine } from '../../../shared/messages';

export const personIdProperty: INodeProperties = {
	displayName: 'Person ID',
	name: 'personId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '23',
};

/** Person fields for Create ("Additional Fields") and Update ("Update Fields"); names are BRP's own. */
export function personFieldOptions(includeNames: boolean): INodeProperties[] {
	const names: INodeProperties[] = includeNames
		? [
				{
					displayName: 'E-Mail',
					name: 'email',
					type: 'string',
					placeholder: 'name@email.com',
					default: '',
				},
				{ displayName: 'First Name', name: 'firstname', type: 'string', default: '' },
				{ displayName: 'Last Name', name: 'lastname', type: 'string', default: '' },
			]
		: [];
	const fields: INodeProperties[] = [
		...names,
		{
			displayName: 'Business Unit Name or ID',
			name: 'businessunitid',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getBusinessUnits' },
			default: '',
			description:
				'The person’s home business unit. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{ displayName: 'Mobile Phone', name: 'mobilephone', type: 'string', default: '' },
		{
			displayName: 'Other Fields (JSON)',
			name: 'otherFields',
			type: 'json',
			default: '{}',
			description:
				'More BRP person fields as a JSON object, with BRP’s own names (for example {"street": "Storgatan 1"})',
		},
		{
			displayName: 'Person Number',
			name: 'personnumber',
			type: 'string',
			default: '',
			description: 'Swedish personal identity number',
		},
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The body BRP gets: the fields entered (empty ones left out) plus Other Fields. */
export function personBody(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'otherFields' || value === '' || value === undefined || value === null) continue;
		body[key] = value;
	}
	if (fields.otherFields !== undefined && fields.otherFields !== '') {
		const other =
			typeof fields.otherFields === 'string'
				? parseJsonText(
						ctx.getNode(),
						fields.otherFields,
						'Other Fields (JSON)',
						itemIndex,
						{},
						'{"street": "Storgatan 1"}',
					)
				: (fields.otherFields as unknown);
		if (typeof other !== 'object' || other === null || Array.isArray(other)) {
			throw fieldError(
				ctx.getNode(),
				'Other Fields (JSON)',
				'must be a JSON object',
				'Enter an object such as {"street": "Storgatan 1"}.',
				itemIndex,
			);
		}
		Object.assign(body, other);
	}
	if (typeof body.email === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email)) {
		throw fieldError(
			ctx.getNode(),
			'E-Mail',
			`"${body.email.slice(0, 60)}" is not an e-mail address`,
			'Enter an address such as name@example.com.',
			itemIndex,
		);
	}
	return body;
}

const emptyValue = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * The person BRP answered, checked against what was sent (PERSON_WRITE_FIELDS in nodes/Brp/contract.ts): a value
 * sent that comes back missing or empty — or a business unit that comes back another — is an error naming the
 * field and the contract line, instead of a success that silently lost it. An answer that is not a person cannot
 * be checked and is returned as it is.
 */
export function verifiedPerson(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): IDataObject {
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const person = answer as IDataObject;
	for (const [key, names] of Object.entries(PERSON_WRITE_FIELDS)) {
		if (emptyValue(sent[key])) continue;
		const back = pick(person, names);
		const kept =
			back.found &&
			!emptyValue(back.value) &&
			(key !== 'businessunitid' || String(back.value) === String(sent[key]));
		if (kept) continue;
		const personId = fieldValue(person, 'id');
		const got = !back.found
			? `has no ${names.join(' / ')}`
			: `has ${names.join(' / ')} = ${JSON.stringify(back.value) ?? 'nothing'}`;
		throw new NodeOperationError(
			ctx.getNode(),
			`BRP did not keep the ${key}: ${JSON.stringify(sent[key])} was sent, the ${action} person${personId !== undefined ? ` ${String(personId)}` : ''} ${got}`,
			{
				itemIndex,
				description: `The person was ${action} without it (the write itself went through). This BRP may name or accept the field differently (its answer carries ${Object.keys(person).join(', ')}). Set the value in BRP, or send it with Custom API Call under the tenant's field name; ${reportLine(`PERSON_WRITE_FIELDS.${key}`)}.`,
			},
		);
	}
	return person;
}
