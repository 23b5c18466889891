import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { numericIdList } from '../shared/fields';
import type { RequiredField } from '../shared/fieldReader';
import {
	normalizedBooking,
	num,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { SERVICE_BOOKING_ALIASES } from './contract';
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

/** Where Simplify's names come from, for the error that says a field is missing on every record. */
export const BRP_SIMPLIFY: SimplifyContract = {
	vendor: 'BRP',
	names: {
		...SERVICE_BOOKING_ALIASES,
		status: SERVICE_BOOKING_ALIASES.preliminary,
		resource: SERVICE_BOOKING_ALIASES.resources,
		owner: SERVICE_BOOKING_ALIASES.participants,
	},
	table: 'SERVICE_BOOKING_ALIASES',
};

/** The fields a feature depends on, for requireField (trigger keys, the exact-time filter of Get Many). */
export const BRP_REQUIRED: Record<'id' | 'start', (feature: string) => RequiredField> = {
	id: (feature) => ({
		vendor: 'BRP',
		feature,
		field: 'the service booking ID',
		names: SERVICE_BOOKING_ALIASES.id,
		line: 'SERVICE_BOOKING_ALIASES.id',
		needValue: true,
	}),
	start: (feature) => ({
		vendor: 'BRP',
		feature,
		field: 'the service booking start',
		names: SERVICE_BOOKING_ALIASES.start,
		line: 'SERVICE_BOOKING_ALIASES.start',
		needValue: true,
	}),
};

/**
 * The normalized booking of a BRP service booking, every field read through SERVICE_BOOKING_ALIASES (contract.ts).
 * `unmapped` lists the keys none of whose names the record carries (title falls back to the resource names).
 * BRP's service booking has no cost centre, lock or change time (documented): those stay null and are not flagged.
 */
export function normalizeServiceBooking(b: IDataObject): NormalizedBooking {
	const a = SERVICE_BOOKING_ALIASES;
	const read = (names: readonly string[], record: IDataObject = b) => pick(record, names);
	const objects = (value: unknown) =>
		Array.isArray(value)
			? (value.filter((v) => v && typeof v === 'object') as IDataObject[])
			: value && typeof value === 'object'
				? [value as IDataObject]
				: [];
	const product = read(['product']);
	const productName = read(a.title);
	const start = read(a.start);
	const end = read(a.end);
	const preliminary = read(a.preliminary);
	const resourcesField = read(a.resources);
	const resources = objects(resourcesField.value);
	const resource = resources[0];
	const participantsField = read(a.participants);
	const participant = objects(participantsField.value)[0];
	const amount = read(a.amount);
	// A booking without a product (<product/>) has no price: null, not unmapped.
	const noProduct = product.found && (product.value === null || product.value === '');
	const resourceNames = resources
		.map((r) => str(read(a.resourceName, r).value))
		.filter((n): n is string => n !== null);
	const price = num(amount.value);
	const unmapped = Object.entries({
		title: productName.found || noProduct || resourcesField.found,
		start: start.found,
		end: end.found,
		status: preliminary.found,
		resource: resourcesField.found,
		owner: participantsField.found,
		amount: amount.found || noProduct,
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	const preliminaryValue = preliminary.value;
	return normalizedBooking({
		id: read(a.id).value,
		vendor: 'brp',
		kind: 'serviceBooking',
		title: str(productName.value) ?? (resourceNames.join(', ') || null),
		start: str(start.value),
		end: str(end.value),
		status:
			preliminaryValue === null || preliminaryValue === undefined || preliminaryValue === ''
				? null
				: preliminaryValue === true || preliminaryValue === 'true'
					? 'preliminary'
					: 'confirmed',
		resource: resource
			? {
					id: str(read(a.resourceId, resource).value),
					name: str(read(a.resourceName, resource).value),
					type: str(read(a.resourceType, resource).value),
				}
			: null,
		owner: participant
			? {
					id: str(read(a.participantId, participant).value),
					name:
						[read(a.firstName, participant).value, read(a.lastName, participant).value]
							.filter(Boolean)
							.join(' ') || null,
					email: null,
				}
			: null,
		amount: price !== null ? { value: price, currency: str(read(a.currency).value) } : null,
		costCenter: null,
		lockedAt: null,
		updatedAt: null,
		unmapped,
	});
}
