import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { numericIdList } from '../shared/fields';
import { normalizedBooking, num, str } from '../shared/normalize';
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
			'Leave it empty to use the person logged in with the credential, or use a level 3 key (and set Key Level to 3 in the credential).',
			itemIndex,
		);
	}
}

export function normalizeServiceBooking(b: IDataObject) {
	const resources = Array.isArray(b.resources) ? (b.resources as IDataObject[]) : [];
	const resource = resources[0];
	const participants = Array.isArray(b.participants) ? (b.participants as IDataObject[]) : [];
	const participant = participants[0];
	const product =
		b.product && typeof b.product === 'object' ? (b.product as IDataObject) : undefined;
	const order = b.order && typeof b.order === 'object' ? (b.order as IDataObject) : undefined;
	return normalizedBooking({
		id: String(b.id ?? ''),
		vendor: 'brp',
		kind: 'serviceBooking',
		title:
			str(product?.name) ??
			(resources
				.map((r) => r.name)
				.filter(Boolean)
				.join(', ') ||
				null),
		start: str(b.start),
		end: str(b.end),
		status: order ? (order.preliminary === true ? 'preliminary' : 'confirmed') : null,
		resource: resource
			? { id: str(resource.id), name: str(resource.name), type: str(resource.type) }
			: null,
		owner: participant
			? {
					id: str(participant.personid ?? participant.id),
					name: [participant.firstname, participant.lastname].filter(Boolean).join(' ') || null,
					email: null,
				}
			: null,
		amount:
			product && num(product.price) !== null ? { value: num(product.price), currency: null } : null,
		costCenter: null,
		lockedAt: null,
		updatedAt: null,
	});
}
