import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { simplifyProperty } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { hubPlannerRequest, PATHS } from '../../transport';
import { hubPlannerId, bookingIdProperty, bookingOutput, hubPlannerLocator } from './common';

/** Approve and Reject: a PATCH of the booking request's type with who decided and why. */
function decision(kind: 'approve' | 'reject'): Operation {
	const verb = kind === 'approve' ? 'Approve' : 'Reject';
	return {
		name: verb,
		value: kind,
		action: `${verb} a booking request`,
		description: `${verb} a booking request that waits for approval`,
		properties: [
			bookingIdProperty,
			{ ...hubPlannerLocator('approver', 'Approver', 'searchResources'), description: 'The resource (person) who approves or rejects' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{ displayName: 'Allow Overschedule', name: 'allowOverschedule', type: 'boolean', default: false, description: 'Whether to approve even when Hub Planner warns that the resource is over-scheduled' },
					{ displayName: 'Approver Note', name: 'approverNote', type: 'string', default: '' },
					{ displayName: 'Requester Note', name: 'requesterNote', type: 'string', default: '' },
				],
			},
			simplifyProperty,
		],
		async execute(this: IExecuteFunctions, i: number) {
			const id = hubPlannerId(this, 'bookingId', 'Booking ID', i);
			const approver = hubPlannerId(this, 'approver', 'Approver', i);
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const approvalInfo: IDataObject = { approvedOrRejectedById: approver };
			if (options.approverNote) approvalInfo.approverNote = options.approverNote;
			if (options.requesterNote) approvalInfo.requesterNote = options.requesterNote;
			const body: IDataObject = { type: kind === 'approve' ? 'APPROVED' : 'REJECTED', approvalInfo };
			if (options.allowOverschedule) body.allowOverschedule = true;
			const booking = await hubPlannerRequest.call(this, { method: 'PATCH', path: PATHS.booking(id), body, itemIndex: i });
			return bookingOutput(this, i, [booking as IDataObject]);
		},
	};
}

export const approve = decision('approve');
export const reject = decision('reject');
