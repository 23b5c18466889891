import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { requireDate } from '../../../shared/dates';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import {
	checkMetadata,
	hubPlannerId,
	hubPlannerLocator,
	timeEntryMinutes,
	timeEntryOptionalFields,
	verifiedTimeEntry,
} from '../../fields';
import { hubPlannerRequest } from '../../transport';

export const operation: Operation = {
	name: 'Create',
	value: 'create',
	action: 'Create a time entry',
	description: 'Record minutes a resource worked on a project on one day',
	properties: [
		hubPlannerLocator('entryResource', 'Resource', 'searchResources'),
		hubPlannerLocator('entryProject', 'Project', 'searchProjects'),
		{
			displayName: 'Date',
			name: 'date',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'The day worked',
		},
		{
			displayName: 'Minutes',
			name: 'minutes',
			type: 'number',
			required: true,
			typeOptions: { minValue: 1, maxValue: 1440 },
			default: 480,
			description: 'Minutes worked that day (480 = 8 hours)',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: timeEntryOptionalFields,
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const date = requireDate(this.getNode(), this.getNodeParameter('date', i), 'Date', i, {
			zone: this.getTimezone(),
		});
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const body: IDataObject = {
			resource: hubPlannerId(this, 'entryResource', 'Resource', i),
			project: hubPlannerId(this, 'entryProject', 'Project', i),
			date: date.toFormat('yyyy-MM-dd'),
			minutes: timeEntryMinutes(this, this.getNodeParameter('minutes', i), i),
		};
		for (const key of ['note', 'metadata', 'categoryTemplateId'])
			if (typeof extra[key] === 'string' && extra[key] !== '') body[key] = extra[key];
		checkMetadata(this, body, i);
		const created = await hubPlannerRequest.call(this, {
			method: 'POST',
			path: PATHS.timeEntries,
			body,
			itemIndex: i,
		});
		return verifiedTimeEntry(this, body, created, 'created', i);
	},
};
