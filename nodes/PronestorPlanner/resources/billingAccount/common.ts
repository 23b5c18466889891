import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { FIELDS } from '../../transport';
import { pronestorLocator, readId } from '../../common';

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

export function isDeleted(account: IDataObject): boolean {
	return account[FIELDS.account.deleted] === true;
}

/** The Department field inside Additional Fields / Update Fields. */
export const departmentFieldProperty: INodeProperties = {
	...pronestorLocator('department', 'Department', 'searchDepartments', false),
	description: 'The department the billing account belongs to',
};
