import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { PATHS } from '../contract';
import { displayText } from '../normalize';
import { bookingsOneList } from '../transport';

/** Every current bookable resource, for the trigger's multi-select (every page, by the listing's one rule). */
export async function getBookableResources(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const resources = await bookingsOneList.call(this, {
		path: PATHS.bookableResources,
		qs: { isDeleted: false },
	});
	const options: INodePropertyOptions[] = resources.map((r) => {
		const kind = fieldValue(r, 'type');
		const type = typeof kind === 'number' ? ['Room', 'Desk', 'Equipment'][kind] : undefined;
		const id = String(fieldValue(r, 'id'));
		const label = displayText(fieldValue(r, 'name')) ?? String(fieldValue(r, 'accessId') ?? id);
		return { name: `${label} (${id})`, value: id, description: type };
	});
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
