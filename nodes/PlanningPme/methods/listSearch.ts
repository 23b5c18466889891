import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { PATHS, type RecordEntity } from '../contract';
import { planningPmeList } from '../transport';

/** Records for the "From List" pickers, sorted by label and filtered by what the user types. */
async function search(
	ctx: ILoadOptionsFunctions,
	entity: RecordEntity,
	filter?: string,
): Promise<INodeListSearchResult> {
	const list = await planningPmeList.call(ctx, {
		path: PATHS.records(entity),
		qs: { sortInfo: 'label+' },
		limit: 1000,
	});
	return {
		results: toOptions(list).filter(
			(r) => !filter || r.name.toLowerCase().includes(filter.toLowerCase()),
		),
	};
}

export function toOptions(list: IDataObject[]): Array<{ name: string; value: string }> {
	return list.map((r) => ({
		name: String(fieldValue(r, 'label') ?? fieldValue(r, 'key')),
		value: String(fieldValue(r, 'key')),
	}));
}

export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'task', filter);
}

export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'customer', filter);
}

export async function searchResources(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'resource', filter);
}

export async function searchProjects(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search(this, 'project', filter);
}

export async function searchCategories(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const list = await planningPmeList.call(this, {
		path: PATHS.categories,
		qs: { sortInfo: 'label+' },
		limit: 1000,
	});
	return {
		results: toOptions(list).filter(
			(r) => !filter || r.name.toLowerCase().includes(filter.toLowerCase()),
		),
	};
}
