import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { brpRequest, listAllBusinessUnits, listOf, PARAMS, PATHS } from '../transport';

/** Resources of every business unit (employees included) for the "From List" picker, filtered by what the user types. */
export async function searchResources(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const units = await listAllBusinessUnits.call(this);
	if (units.length === 0) return { results: [] };
	const unitName = new Map(units.map((u) => [String(u.id), String(u.name ?? u.id)]));
	const resources = listOf(
		await brpRequest.call(this, {
			method: 'GET',
			path: PATHS.resources,
			qs: {
				[PARAMS.businessUnitIds]: units.map((u) => u.id).join(','),
				[PARAMS.includeEmployees]: true,
			},
			list: 'resources',
		}),
		'resources',
	);
	const results = resources
		.map((r) => {
			const unit =
				r.businessunit && typeof r.businessunit === 'object'
					? unitName.get(String((r.businessunit as { id?: unknown }).id))
					: undefined;
			const details = [r.type, unit].filter(Boolean).join(', ');
			return {
				name: `${String(r.name ?? r.id)}${details ? ` (${details})` : ''}`,
				value: String(r.id),
			};
		})
		.filter((r) => !filter || r.name.toLowerCase().includes(filter.toLowerCase()))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
