import {
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { numericIdList, parseJsonText } from '../shared/fields';
import { verifyWrite } from '../shared/writeCheck';
import { PERSON_WRITE_FIELDS } from './contract';
import { keyLevel } from './transport';

/** A BRP resource picked from a list (all business units) or entered by ID. */
export function resourceLocator(
	name: string,
	displayName: string,
	required: boolean,
	description?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchResources', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '7',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\d{1,18}$',
							errorMessage: 'A BRP ID is a whole number of at most 18 digits',
						},
					},
				],
			},
		],
	};
}

export const businessUnitsProperty: INodeProperties = {
	displayName: 'Business Unit Names or IDs',
	name: 'businessUnitIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getBusinessUnits' },
	default: [],
	description:
		'Business units (facilities). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** The value of a resource locator found inside a collection ({mode, value} or a plain value). */
export function locatorValue(value: unknown): unknown {
	if (value && typeof value === 'object' && 'value' in (value as IDataObject))
		return (value as IDataObject).value;
	return value;
}

/** BRP IDs are whole numbers that fit in a 64-bit integer: digits only, at most 18 of them. */
const BRP_ID_DIGITS = 18;
const BRP_ID = new RegExp(`^\\d{1,${BRP_ID_DIGITS}}$`);

/** "1, 2,45" or [1, 2] → "1,2,45"; refuses anything but whole numbers. */
export function idListParam(
	ctx: { getNode(): INode },
	value: unknown,
	field: string,
	itemIndex?: number,
): string | undefined {
	const list = numericIdList(ctx.getNode(), value, {
		label: field,
		noun: 'a BRP ID',
		hint: 'Enter whole numbers of at most 18 digits separated by commas, like 6,34.',
		maxDigits: BRP_ID_DIGITS,
		itemIndex,
	});
	return list.length === 0 ? undefined : list.join(',');
}

/** A single optional ID field (number or digits). */
export function idParam(
	ctx: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (!BRP_ID.test(text)) {
		throw fieldError(
			ctx.getNode(),
			field,
			`"${text.slice(0, 40)}" is not a BRP ID`,
			'Enter a whole number of at most 18 digits, such as 23.',
			itemIndex,
		);
	}
	return text;
}

/** Refuses what the credential's key level cannot do, before BRP does with a less helpful answer. */
export async function requireLevel3(
	ctx: IExecuteFunctions,
	field: string,
	itemIndex: number,
): Promise<void> {
	const { level } = await keyLevel.call(ctx);
	if (level < 3) {
		throw fieldError(
			ctx.getNode(),
			field,
			'needs a level 3 API key',
			'Leave it empty to use the person logged in with the credential, ' +
				'or use a level 3 key (and set Key Level to 3 in the credential).',
			itemIndex,
		);
	}
}

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
	return verifyWrite(ctx, {
		vendor: 'BRP',
		record: 'person',
		action,
		answer,
		id: ['id'],
		checks: Object.entries(PERSON_WRITE_FIELDS).map(([key, names]) => ({
			label: key,
			value: sent[key],
			names,
			// The business unit is an id: it must come back as sent.
			compare: key === 'businessunitid' ? 'same' : 'present',
			line: `PERSON_WRITE_FIELDS.${key}`,
		})),
		itemIndex,
	});
}
