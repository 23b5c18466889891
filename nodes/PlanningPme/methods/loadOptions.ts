import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { PATHS } from '../contract';
import { planningPmeList, readEnums } from '../transport';
import { toOptions } from './listSearch';

/** The values of one `api/config` enumeration as dropdown options. */
async function enumOptions(
	ctx: ILoadOptionsFunctions,
	name: string,
): Promise<INodePropertyOptions[]> {
	const enums = await readEnums.call(ctx);
	return (enums[name] ?? []).map((value) => ({ name: value, value }));
}

export async function getResourceTypes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await enumOptions(this, 'ResourceType');
}

export async function getCustomerTypes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await enumOptions(this, 'CustomerType');
}

export async function getEnumNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const enums = await readEnums.call(this);
	return Object.keys(enums)
		.sort((a, b) => a.localeCompare(b))
		.map((name) => ({ name, value: name }));
}

export async function getResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return toOptions(
		await planningPmeList.call(this, {
			path: PATHS.records('resource'),
			qs: { sortInfo: 'label+' },
		}),
	);
}

export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return toOptions(
		await planningPmeList.call(this, { path: PATHS.categories, qs: { sortInfo: 'label+' } }),
	);
}
