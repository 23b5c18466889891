import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { PARAMS, PATHS } from '../contract';
import { brpRequest, listAllBusinessUnits, listOf } from '../transport';

/**
 * Resources of every business unit (employees included) for the "From List" picker, filtered by what the user
 * types.
 */
export async function searchResources(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const units = await listAllBusinessUnits.call(this);
	if (units.length === 0) return { results: [] };
	const v = fieldValue;
	const unitName = new Map(
		units.map((u) => [String(v(u, 'id')), String(v(u, 'name') ?? v(u, 'id'))]),
	);
	const resources = listOf(
		await brpRequest.call(this, {
			method: 'GET',
			path: PATHS.resources,
			qs: {
				[PARAMS.businessUnitIds]: units.map((u) => v(u, 'id')).join(','),
				[PARAMS.includeEmployees]: true,
			},
			list: 'resources',
		}),
		'resources',
	);
	const results = resources
		.map((r) => {
			const unitId = v(r, 'businessunit.id');
			const unit = unitId !== undefined ? unitName.get(String(unitId)) : undefined;
			const details = [v(r, 'type'), unit].filter(Boolean).join(', ');
			return {
				name: `${String(v(r, 'name') ?? v(r, 'id'))}${details ? ` (${details})` : ''}`,
				value: String(v(r, 'id')),
			};
		})
		.filter((r) => !filter || r.name.toLowerCase().includes(filter.toLowerCase()))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
