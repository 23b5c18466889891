import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { planningPmeSort, rangeProperties, readDate, readSortInfo } from '../../fields';
import { normalizeBooking, simplifyContract } from '../../normalize';
import { planningPmeList, planningZone, requestDate } from '../../transport';

export const operation: Operation = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many unavailabilities',
	description: 'List the unavailabilities (absences, holidays) in a date range',
	properties: [
		...rangeProperties,
		...returnAllProperties(),
		planningPmeSort,
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const zone = await planningZone(this);
		const from = readDate(this, 'dateFrom', 'From', i, zone);
		const to = readDate(this, 'dateTo', 'To', i, zone);
		if (!from)
			throw fieldError(
				this.getNode(),
				'From',
				'is empty',
				'Enter the start of the range, e.g. 2026-03-02.',
				i,
			);
		if (!to)
			throw fieldError(
				this.getNode(),
				'To',
				'is empty',
				'Enter the end of the range, e.g. 2026-03-09.',
				i,
			);
		assertOrdered(this.getNode(), from, to, ['From', 'To'], i);
		const qs: IDataObject = { dateFrom: requestDate(from, zone), dateTo: requestDate(to, zone) };
		const sortInfo = readSortInfo(this, i);
		if (sortInfo) qs.sortInfo = sortInfo;
		const records = await planningPmeList.call(this, {
			path: PATHS.unavailabilities,
			qs,
			limit: readLimit(this, i),
			itemIndex: i,
		});
		return simplifyOutput(
			this,
			i,
			records,
			(r) => normalizeBooking(r, 'unavailability', zone),
			simplifyContract('unavailability'),
		);
	},
};
