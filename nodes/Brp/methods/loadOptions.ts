import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { listAllBusinessUnits } from '../transport';

/** Business units for the multi-select (hidden ones included: a workflow may need them). */
export async function getBusinessUnits(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const units = await listAllBusinessUnits.call(this);
	return units
		.map((u) => ({
			name: String(fieldValue(u, 'name') ?? fieldValue(u, 'id')),
			value: String(fieldValue(u, 'id')),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
