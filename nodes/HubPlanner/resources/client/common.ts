import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { verifiedWrite } from '../../common';
import { CLIENT_ALIASES, WRITE_FIELDS } from '../../transport';
import { hubPlannerLocator } from '../booking/common';

/** Sortable client fields (Sections/clients.md, "Sortable: YES"). */
export const SORTABLE_CLIENT_FIELDS = ['createdDate', 'name', 'updatedDate'];

export const clientLocator = hubPlannerLocator('clientId', 'Client', 'searchClients');

/** A client write checked against the client Hub Planner answers (see verifiedWrite). */
export function verifiedClient(
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	itemIndex: number,
): IDataObject {
	return verifiedWrite(ctx, {
		record: 'client',
		fields: WRITE_FIELDS.client,
		aliases: CLIENT_ALIASES,
		table: 'CLIENT_ALIASES',
		sent,
		answer,
		action: 'created',
		itemIndex,
	});
}
