import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { PATHS } from '../contract';
import { hubPlannerList } from '../transport';

/** Active resources and projects for the "From List" pickers, filtered by what the user types. */
export async function searchResources(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const body: IDataObject = { status: { $in: ['STATUS_ACTIVE'] } };
	const list = await hubPlannerList.call(this, {
		method: 'POST',
		path: PATHS.resourceSearch,
		body,
		limit: 1000,
	});
	const results = list
		.map((r) => ({
			name:
				[fieldValue(r, 'firstName'), fieldValue(r, 'lastName')].filter(Boolean).join(' ') ||
				String(fieldValue(r, 'email') ?? fieldValue(r, '_id')),
			value: String(fieldValue(r, '_id')),
		}))
		.filter((r) => matches(r.name, filter))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

export async function searchProjects(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const body: IDataObject = { status: { $in: ['STATUS_ACTIVE'] } };
	const list = await hubPlannerList.call(this, {
		method: 'POST',
		path: PATHS.projectSearch,
		body,
		limit: 1000,
	});
	const results = list
		.map((p) => ({
			name: String(fieldValue(p, 'name') ?? fieldValue(p, '_id')),
			value: String(fieldValue(p, '_id')),
		}))
		.filter((r) => matches(r.name, filter))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

/** Clients for the "From List" picker, filtered by what the user types. */
export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const list = await hubPlannerList.call(this, { method: 'GET', path: PATHS.clients, limit: 1000 });
	const results = list
		.map((c) => ({
			name: String(fieldValue(c, 'name') ?? fieldValue(c, '_id')),
			value: String(fieldValue(c, '_id')),
		}))
		.filter((r) => matches(r.name, filter))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

function matches(name: string, filter?: string): boolean {
	return !filter || name.toLowerCase().includes(filter.toLowerCase());
}
