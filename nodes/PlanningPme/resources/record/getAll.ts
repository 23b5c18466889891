import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PAGE_SIZE_MAX, planningPmeList } from '../../transport';
import { readSortInfo, planningPmeSort } from '../../common';

/** Get Many over `pageIndex`/`pageSize` with `sortInfo`, for any paged PlanningPME list. */
export function getManyRecordsOperation(opts: { plural: string; path: string }): Operation {
	return {
		name: 'Get Many',
		value: 'getAll',
		action: `Get many ${opts.plural}`,
		description: `List ${opts.plural}, all of them or up to a limit`,
		properties: [...returnAllProperties(PAGE_SIZE_MAX * 100), planningPmeSort],
		async execute(this: IExecuteFunctions, i: number) {
			const sortInfo = readSortInfo(this, i);
			const qs: IDataObject = sortInfo ? { sortInfo } : {};
			return await planningPmeList.call(this, {
				path: opts.path,
				qs,
				limit: readLimit(this, i),
				itemIndex: i,
			});
		},
	};
}
