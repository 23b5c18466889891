import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import { idList } from '../../../shared/fields';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import { hubPlannerId } from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Delete Many',
	value: 'deleteMany',
	action: 'Delete many bookings',
	description: 'Delete several bookings by ID, or all bookings of a resource or project',
	properties: [
		{
			displayName: 'Delete By',
			name: 'by',
			type: 'options',
			options: [
				{ name: 'Booking IDs', value: 'ids' },
				{ name: 'Project', value: 'projectId', description: 'Every booking of one project' },
				{ name: 'Resource', value: 'resourceId', description: 'Every booking of one resource' },
			],
			default: 'ids',
		},
		{
			displayName: 'Booking IDs',
			name: 'ids',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { by: ['ids'] } },
			description: 'Comma-separated booking IDs (or an array from an expression)',
		},
		{
			displayName: 'Resource ID',
			name: 'resourceId',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { by: ['resourceId'] } },
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { by: ['projectId'] } },
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const by = this.getNodeParameter('by', i) as 'ids' | 'resourceId' | 'projectId';
		const qs: IDataObject = {};
		if (by === 'ids') {
			const ids = idList(this.getNodeParameter('ids', i, ''));
			if (ids.length === 0)
				throw fieldError(
					this.getNode(),
					'Booking IDs',
					'is empty',
					'Enter one or more booking IDs separated by commas.',
					i,
				);
			const bad = ids.find((id) => !/^[A-Za-z0-9_-]{1,64}$/.test(id));
			if (bad !== undefined) {
				throw fieldError(
					this.getNode(),
					'Booking IDs',
					`"${bad.slice(0, 40)}" is not a Hub Planner ID`,
					'Enter booking IDs (like 5b1977ade02d407011112222) separated by commas.',
					i,
				);
			}
			qs.ids = ids.join(',');
		} else {
			qs[by] = hubPlannerId(this, by, by === 'resourceId' ? 'Resource ID' : 'Project ID', i);
		}
		const answer = await hubPlannerRequest.call(this, {
			method: 'DELETE',
			path: PATHS.bookings,
			qs,
			itemIndex: i,
		});
		return {
			deleted: true,
			...qs,
			...(typeof answer === 'object' && answer
				? (answer as IDataObject)
				: { message: answer ?? null }),
		};
	},
};
