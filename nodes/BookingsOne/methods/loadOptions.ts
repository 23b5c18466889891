import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { bookingsOneList, displayText, PATHS } from '../transport';

/** Every current bookable resource, for the trigger's multi-select (every page, by the listing's one rule). */
export async function getBookableResources(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const resources = await bookingsOneList.call(this, {
		path: PATHS.bookableResources,
		qs: { isDeleted: false },
	});
	const options: INodePropertyOptions[] = resources.map((r) => {
		const type = typeof r.type === 'number' ? ['Room', 'Desk', 'Equipment'][r.type] : undefined;
		return {
			name: `${displayText(r.name) ?? String(r.accessId ?? r.id)} (${String(r.id)})`,
			value: String(r.id),
			description: type,
		};
	});
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
