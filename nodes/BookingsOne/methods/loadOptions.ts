import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
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
			const kind = fieldValue(r, 'type');
			const type = typeof kind === 'number' ? ['Room', 'Desk', 'Equipment'][kind] : undefined;
			const id = String(fieldValue(r, 'id'));
			const label = displayText(fieldValue(r, 'name')) ?? String(fieldValue(r, 'accessId') ?? id);
			options.push({
				name: `${label} (${id})`,
				value: id,
				description: type,
			});
		}
		if (items.length < 1000 || (total !== undefined && options.length >= total)) break;
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
