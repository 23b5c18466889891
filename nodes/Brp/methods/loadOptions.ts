import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { brpRequest, listOf, PARAMS, PATHS } from '../transport';

/** Business units for the multi-select (hidden ones included: a workflow may need them). */
export async function getBusinessUnits(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const units = listOf(
		await brpRequest.call(this, {
			method: 'GET',
			path: PATHS.businessUnits,
			qs: { [PARAMS.showAll]: true },
			list: 'businessunits',
		}),
		'businessunits',
	);
	return units
		.map((u) => ({ name: String(u.name ?? u.id), value: String(u.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
