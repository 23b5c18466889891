import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/types';
import { simplifyOutput } from '../../../shared/normalize';
import { decisionProperties, sendDecision } from '../../fields';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from '../../normalize';

export const operation: Operation = {
	name: 'Approve',
	value: 'approve',
	action: 'Approve a booking request',
	description: 'Approve a booking request that waits for approval',
	properties: decisionProperties,
	async execute(this: IExecuteFunctions, i: number) {
		return simplifyOutput(
			this,
			i,
			[await sendDecision(this, i, 'APPROVED')],
			(b) => normalizeHubPlannerBooking(b, this.getTimezone()),
			HUB_PLANNER_SIMPLIFY,
		);
	},
};
