import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { FIELDS, PATHS } from '../contract';
import { listAnswer, methodPath, pronestorRequest } from '../transport';

/** Departments for the "From List" pickers, filtered by what the user types. */
export async function searchDepartments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const list = listAnswer(
		this,
		await pronestorRequest.call(this, { method: 'GET', path: methodPath(PATHS.getDepartments) }),
		'a list of departments',
	);
	return {
		results: toResults(
			list,
			(d) => String(fieldValue(d, FIELDS.department.name) ?? fieldValue(d, FIELDS.department.id)),
			filter,
		),
	};
}

/** Billing accounts that are not deleted, shown as "Name (Code)". */
export async function searchBillingAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const a = FIELDS.account;
	const list = listAnswer(
		this,
		await pronestorRequest.call(this, {
			method: 'GET',
			path: methodPath(PATHS.getBillingAccounts),
		}),
		'a list of billing accounts',
	).filter((x) => fieldValue(x, a.deleted) !== true);
	return {
		results: toResults(
			list,
			(x) => {
				const name = fieldValue(x, a.name) ?? fieldValue(x, a.id);
				const code = fieldValue(x, a.code);
				return code ? `${String(name)} (${String(code)})` : String(name);
			},
			filter,
		),
	};
}

function toResults(list: IDataObject[], label: (r: IDataObject) => string, filter?: string) {
	const needle = filter?.toLowerCase();
	return list
		.map((r) => ({ name: label(r), value: String(fieldValue(r, FIELDS.department.id)) }))
		.filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value === filter)
		.sort((x, y) => x.name.localeCompare(y.name));
}
