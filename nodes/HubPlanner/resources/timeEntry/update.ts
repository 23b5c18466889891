import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../../../shared/errors';
import type { Operation } from '../../../shared/types';
import { PATHS } from '../../contract';
import {
	checkMetadata,
	hubPlannerId,
	timeEntryDate,
	timeEntryIdProperty,
	timeEntryMinutes,
	timeEntryOptionalFields,
	verifiedTimeEntry,
} from '../../fields';
import { hubPlannerRequest } from '../../transport';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const operation: Operation = {
	name: 'Update',
	value: 'update',
	action: 'Update a time entry',
	description: 'Replace a time entry: read it, apply the given fields, and save the whole entry',
	properties: [
		timeEntryIdProperty,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: (
				[
					...timeEntryOptionalFields,
					{ displayName: 'Date', name: 'date', type: 'dateTime', default: '' },
					{
						displayName: 'Minutes',
						name: 'minutes',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1440 },
						default: 480,
					},
					{ displayName: 'Project ID', name: 'project', type: 'string', default: '' },
					{ displayName: 'Resource ID', name: 'resource', type: 'string', default: '' },
				] as INodeProperties[]
			).sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	],
	async execute(this: IExecuteFunctions, i: number) {
		const id = hubPlannerId(this, 'timeEntryId', 'Time Entry ID', i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		if (Object.keys(fields).length === 0)
			throw fieldError(
				this.getNode(),
				'Update Fields',
				'none given',
				'Add at least one field to change.',
				i,
			);
		const changes: IDataObject = {};
		for (const [key, value] of Object.entries(fields)) {
			if (value === '' || value === undefined || value === null) continue;
			if (key === 'date') changes.date = timeEntryDate(this, value, 'Date', i);
			else if (key === 'minutes') changes.minutes = timeEntryMinutes(this, value, i);
			else if (key === 'resource' || key === 'project') {
				const text = String(value).trim();
				const label = key === 'resource' ? 'Resource ID' : 'Project ID';
				if (!ID.test(text))
					throw fieldError(
						this.getNode(),
						label,
						`"${text.slice(0, 40)}" is not a Hub Planner ID`,
						'Enter the ID itself, like 5992a4a6e333b50c3c721c51.',
						i,
					);
				changes[key] = text;
			} else changes[key] = value;
		}
		checkMetadata(this, changes, i);
		// PUT takes the whole entry (documented): read it, apply the changes, send it back.
		const current = (await hubPlannerRequest.call(this, {
			method: 'GET',
			path: PATHS.timeEntry(id),
			itemIndex: i,
		})) as IDataObject;
		const saved = await hubPlannerRequest.call(this, {
			method: 'PUT',
			path: PATHS.timeEntry(id),
			body: { ...current, ...changes },
			itemIndex: i,
		});
		return verifiedTimeEntry(this, changes, saved, 'updated', i);
	},
};
