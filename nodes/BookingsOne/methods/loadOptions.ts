import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { bookingsOneRequest, checkedPage, displayText, PATHS } from '../transport';

/** Every current bookable resource, for the trigger's multi-select (all pages). */
export async function getBookableResources(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	for (let page = 1; page <= 50; page++) {
		const body = await bookingsOneRequest.call(this, {
			method: 'GET',
			path: PATHS.bookableResources,
			qs: { isDeleted: false, page, row: 1000 },
		});
		const { items, total } = checkedPage(this, body);
		for (const r of items) {
			const type = typeof r.type === 'number' ? ['Room', 'Desk', 'Equipment'][r.type] : undefined;
			options.push({
				name: `${displayText(r.name) ?? String(r.accessId ?? r.id)} (${String(r.id)})`,
				value: String(r.id),
				description: type,
			});
		}
		if (items.length < 1000 || (total !== undefined && options.length >= total)) break;
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
