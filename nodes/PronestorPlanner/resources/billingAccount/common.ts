import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';
import { fieldValue, readField, requireField } from '../../../shared/fieldReader';
import { FIELDS } from '../../transport';
import { pronestorLocator, readId, REQUIRED } from '../../common';
import { reportLine } from '../../../shared/messages';

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

/** Words for the billing account fields the node sends, by FIELDS.account name. */
const SENT_LABELS: Record<string, [label: string, contractLine: string]> = {
	[FIELDS.account.name]: ['name', 'FIELDS.account.name'],
	[FIELDS.account.code]: ['cost centre code', 'FIELDS.account.code'],
	[FIELDS.account.description]: ['description', 'FIELDS.account.description'],
	[FIELDS.account.departmentId]: ['department', 'FIELDS.account.departmentId'],
};

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
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer;
	const stored = answer as IDataObject;
	for (const [key, value] of Object.entries(sent)) {
		const labels = SENT_LABELS[key];
		if (!labels || value === undefined || value === null || value === '') continue;
		const back = readField(stored, key).value;
		if (back !== undefined && back !== null && back !== '' && String(back) === String(value))
			continue;
		const [label, line] = labels;
		const got = back === undefined ? `has no ${key}` : `has ${key} = ${JSON.stringify(back)}`;
		throw new NodeOperationError(
			ctx.getNode(),
			`Pronestor Planner did not keep the ${label}: ${key} = ${JSON.stringify(value)} was sent, the ${action} billing account ${String(fieldValue(stored, FIELDS.account.id) ?? '')} ${got}`,
			{
				itemIndex,
				description: `The account was ${action} without it. This Pronestor site may name the field differently (its answer carries ${Object.keys(stored).join(', ')}). Set the ${label} in Pronestor, or send it with Custom API Call under the site's field name; ${reportLine(line)} (it compares the line with the site's help page).`,
			},
		);
	}
	return answer;
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
