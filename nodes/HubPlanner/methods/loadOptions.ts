import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fieldValue } from '../../shared/fieldReader';
import { PATHS } from '../contract';
import { hubPlannerList } from '../transport';

/** The billing rates for a booking's external / internal rate: "label (rate currency)", by label. */
export async function getBillingRates(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const rates = await hubPlannerList.call(this, {
		method: 'GET',
		path: PATHS.billingRates,
		limit: 1000,
	});
	return rates
		.map((r) => {
			const label = String(fieldValue(r, 'label') ?? fieldValue(r, '_id'));
			const rate = [fieldValue(r, 'rate'), fieldValue(r, 'currency')]
				.filter((v) => v !== undefined && v !== null)
				.join(' ');
			return { name: `${label} (${rate})`, value: String(fieldValue(r, '_id')) };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}
