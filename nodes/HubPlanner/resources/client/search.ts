import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { idList, jsonParameter, readLimit, returnAllProperties } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS, SORTABLE_CLIENT_FIELDS } from '../../contract';
import { hubPlannerSort, readSort } from '../../fields';
import { hubPlannerList } from '../../transport';

export const operation: Operation = {
	name: 'Search',
	value: 'search',
	action: 'Search clients',
	description: 'Find clients by name or metadata, exactly or by part of the text',
	properties: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Metadata',
					name: 'metadata',
					type: 'string',
					default: '',
					description: 'Comma-separated metadata values to match exactly',
				},
				{
					displayName: 'Metadata Contains',
					name: 'metadataLike',
					type: 'string',
					default: '',
					description: 'Only clients whose metadata contains this text',
				},
				{
					displayName: 'Name Contains',
					name: 'nameLike',
					type: 'string',
					default: '',
					description: 'Only clients whose name contains this text',
				},
				{
					displayName: 'Names',
					name: 'names',
					type: 'string',
					default: '',
					description: 'Comma-separated client names to match exactly',
				},
			],
		},
		{
			displayName: 'Raw Query (JSON)',
			name: 'rawQuery',
			type: 'json',
			default: '{}',
			description:
				'Hub Planner client query with $in, $nin, $like on name and metadata, ' +
				'e.g. {"name": {"$nin": ["customer2"]}}; merged over the filters above',
		},
		...returnAllProperties(),
		hubPlannerSort(SORTABLE_CLIENT_FIELDS),
	],
	async execute(this: IExecuteFunctions, i: number) {
		const f = this.getNodeParameter('filters', i, {}) as IDataObject;
		const query: IDataObject = {};
		const condition = (list: unknown, like: unknown): IDataObject | undefined => {
			const c: IDataObject = {};
			if (idList(list).length) c.$in = idList(list);
			if (typeof like === 'string' && like.trim() !== '') c.$like = like.trim();
			return Object.keys(c).length ? c : undefined;
		};
		const name = condition(f.names, f.nameLike);
		const metadata = condition(f.metadata, f.metadataLike);
		if (name) query.name = name;
		if (metadata) query.metadata = metadata;
		const raw = jsonParameter(this, 'rawQuery', 'Raw Query (JSON)', i, {});
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
			throw fieldError(
				this.getNode(),
				'Raw Query (JSON)',
				'must be a JSON object',
				'Enter an object such as {"name": {"$like": "acme"}}, or {} for none.',
				i,
			);
		const sort = readSort(this, i);
		return await hubPlannerList.call(this, {
			method: 'POST',
			path: PATHS.clientSearch,
			qs: sort.length ? { sort } : {},
			body: { ...query, ...(raw as IDataObject) },
			limit: readLimit(this, i),
			itemIndex: i,
		});
	},
};
