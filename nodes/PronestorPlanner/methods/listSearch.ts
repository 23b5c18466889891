import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listAnswer, FIELDS, methodPath, PATHS, pronestorRequest } from '../transport';

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
			(d) => String(d[FIELDS.department.name] ?? d[FIELDS.department.id]),
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
	).filter((x) => x[a.deleted] !== true);
	return {
		results: toResults(
			list,
			(x) =>
				x[a.code] ? `${String(x[a.name])} (${String(x[a.code])})` : String(x[a.name] ?? x[a.id]),
			filter,
		),
	};
}

function toResults(list: IDataObject[], label: (r: IDataObject) => string, filter?: string) {
	const needle = filter?.toLowerCase();
	return list
		.map((r) => ({ name: label(r), value: String(r.Id) }))
		.filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value === filter)
		.sort((x, y) => x.name.localeCompare(y.name));
}
