import { type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { locatorProperty } from '../shared/fields';
import { fieldValue, requireField } from '../shared/fieldReader';
import { verifyWrite } from '../shared/writeCheck';
import { FIELDS, REQUIRED, SENT_LABELS } from './contract';

/** A department or billing account picked from a searchable list, or entered by its numeric ID. */
export function pronestorLocator(
	name: string,
	displayName: string,
	searchMethod: string,
	required = true,
): INodeProperties {
	return locatorProperty({
		name,
		displayName,
		searchMethod,
		required,
		placeholder: '12',
		idPattern: '^\\d+$',
		idError: 'A Pronestor Planner ID is a whole number',
	});
}

/** A numeric Pronestor ID from a locator or plain parameter; names the field when it is not one. */
export function readId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	value?: unknown,
): number {
	const raw =
		value !== undefined ? value : ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const extracted =
		raw && typeof raw === 'object' && 'value' in (raw as IDataObject)
			? (raw as IDataObject).value
			: raw;
	const text = extracted === undefined || extracted === null ? '' : String(extracted).trim();
	if (!/^\d+$/.test(text)) {
		throw fieldError(
			ctx.getNode(),
			label,
			text ? `"${text.slice(0, 40)}" is not an ID` : 'is empty',
			`Pick the ${label.toLowerCase()} from the list, or enter its numeric ID (for example 12).`,
			itemIndex,
		);
	}
	return Number(text);
}

/** Client-side "Limit" for methods that answer everything at once. */
export function applyLimit<T>(records: T[], limit: number | undefined): T[] {
	return limit === undefined ? records : records.slice(0, limit);
}

export const hideDeletedProperty: INodeProperties = {
	displayName: 'Hide Deleted',
	name: 'hideDeleted',
	type: 'boolean',
	default: true,
	description: 'Whether to leave out deleted billing accounts',
};

export const billingAccountLocator = pronestorLocator(
	'billingAccountId',
	'Billing Account',
	'searchBillingAccounts',
);

/** Name, Code, Description and Department as an account body; empty values are left out. */
export function accountFields(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const a = FIELDS.account;
	const body: IDataObject = {};
	if (typeof fields.name === 'string' && fields.name.trim() !== '')
		body[a.name] = fields.name.trim();
	if (typeof fields.code === 'string' && fields.code.trim() !== '')
		body[a.code] = fields.code.trim();
	if (typeof fields.description === 'string') body[a.description] = fields.description;
	const department = fields.department as IDataObject | string | number | undefined;
	const departmentValue =
		department && typeof department === 'object' ? department.value : department;
	if (departmentValue !== undefined && departmentValue !== '')
		body[a.departmentId] = readId(ctx, 'department', 'Department', itemIndex, departmentValue);
	return body;
}

/**
 * A write checked against the account Pronestor answers: every non-empty value sent must come back under the
 * name it was sent with. One that comes back missing or empty is an error naming the field and the contract line
 * to fix (a tenant that calls the cost centre `CostCenter` stores an account sent with `Code` without one, and
 * says nothing). An answer that is not a record cannot be checked and is returned as it is.
 */
export function verifiedAccount(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
): unknown {
	return verifyWrite(ctx, {
		vendor: 'Pronestor Planner',
		record: 'billing account',
		action,
		answer,
		id: [FIELDS.account.id],
		checks: Object.entries(SENT_LABELS)
			.filter(([key]) => key in sent)
			.map(([key, [label, line]]) => ({
				label,
				sentAs: key,
				value: sent[key],
				names: [key],
				compare: 'same',
				line,
			})),
		itemIndex,
	});
}

export function isDeleted(account: IDataObject): boolean {
	return fieldValue(account, FIELDS.account.deleted) === true;
}

/**
 * Hide Deleted, applied to an answer that includes deleted accounts: a tenant whose accounts carry no deleted
 * flag under any name is an error naming the field, never a list that keeps the deleted accounts.
 */
export function withoutDeleted(
	ctx: IExecuteFunctions,
	accounts: IDataObject[],
	itemIndex: number,
): IDataObject[] {
	requireField(ctx.getNode(), accounts, REQUIRED.accountDeleted('Hide Deleted'), itemIndex);
	return accounts.filter((a) => !isDeleted(a));
}

/** The Department field inside Additional Fields / Update Fields. */
export const departmentFieldProperty: INodeProperties = {
	...pronestorLocator('department', 'Department', 'searchDepartments', false),
	description: 'The department the billing account belongs to',
};

/** The help page read into method names (with verbs) and type → property names. */
export function parseHelpPage(html: string): {
	methods: Map<string, Set<string>>;
	types: Map<string, string[]>;
} {
	const text = html.replace(/&amp;/g, '&');
	const methods = new Map<string, Set<string>>();
	for (const m of text.matchAll(/\b(GET|POST|PUT|DELETE)\s+(?:[\w.]+\/)*v1\/([A-Za-z]\w*)/g)) {
		const verbs = methods.get(m[2]) ?? new Set<string>();
		verbs.add(m[1]);
		methods.set(m[2], verbs);
	}
	const types = new Map<string, string[]>();
	for (const section of text.split(/<h[1-3][^>]*>/i).slice(1)) {
		const name = /^\s*([A-Za-z]\w*)\s*<\/h[1-3]>/i.exec(section)?.[1];
		if (!name) continue;
		const props = [
			...section.matchAll(/<td[^>]*class="parameter-name"[^>]*>\s*([A-Za-z_]\w*)\s*<\/td>/g),
		].map((m) => m[1]);
		if (props.length > 0) types.set(name, props);
	}
	return { methods, types };
}
