import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { PATHS } from '../contract';
import { displayText } from '../normalize';
import { bookingsOneRequest, checkedPage } from '../transport';

const LIST_ROW = 100;

/**
 * One page of a search endpoint for a "From List" picker: Bookings ONE filters by `searchText`, and the
 * next page number travels as the pagination token.
 */
async function pickList(
	ctx: ILoadOptionsFunctions,
	path: string,
	label: (r: IDataObject) => string,
	filter?: string,
	token?: string,
	qs: IDataObject = {},
): Promise<INodeListSearchResult> {
	const page = token && /^\d+$/.test(token) ? Number(token) : 1;
	const body = await bookingsOneRequest.call(ctx, {
		method: 'GET',
		path,
		qs: { ...qs, ...(filter ? { searchText: filter } : {}), page, row: LIST_ROW },
	});
	const { items, total, hasMore } = checkedPage(ctx, body);
	// Without a total or a page count a short page proves nothing: the next page is offered while pages hold records.
	const more = hasMore ?? (total !== undefined ? page * LIST_ROW < total : items.length > 0);
	return {
		results: items.map((r) => ({
			name: `${label(r)} (${String(fieldValue(r, 'id'))})`,
			value: String(fieldValue(r, 'id')),
		})),
		paginationToken: more ? String(page + 1) : undefined,
	};
}

export async function searchBookableResources(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
): Promise<INodeListSearchResult> {
	return await pickList(
		this,
		PATHS.bookableResources,
		(r) =>
			displayText(fieldValue(r, 'name')) ??
			String(fieldValue(r, 'accessId') ?? fieldValue(r, 'id')),
		filter,
		token,
		{ isDeleted: false },
	);
}

export async function searchBuildings(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
): Promise<INodeListSearchResult> {
	return await pickList(
		this,
		PATHS.buildings,
		(r) =>
			displayText(fieldValue(r, 'name')) ??
			String(fieldValue(r, 'shortName') ?? fieldValue(r, 'id')),
		filter,
		token,
		{ isDeleted: false },
	);
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
): Promise<INodeListSearchResult> {
	return await pickList(
		this,
		PATHS.users,
		(r) =>
			String(
				fieldValue(r, 'displayName') ||
					fieldValue(r, 'userName') ||
					fieldValue(r, 'emailAddress') ||
					fieldValue(r, 'id'),
			),
		filter,
		token,
		{ isDeleted: false },
	);
}

export async function searchIotDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	token?: string,
): Promise<INodeListSearchResult> {
	return await pickList(
		this,
		PATHS.iotDevices,
		(r) => String(fieldValue(r, 'name') || fieldValue(r, 'accessId') || fieldValue(r, 'id')),
		filter,
		token,
		{ isDeleted: false },
	);
}
