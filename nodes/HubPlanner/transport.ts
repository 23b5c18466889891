import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { readEnvelope } from '../shared/envelope';
import { listingError } from '../shared/errors';
import { collectPages, expectPage, pageMemory, type Page } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { hubPlannerBaseUrl } from './baseUrl';
import { fieldValue } from '../shared/fieldReader';
import { listWithPageBase } from '../shared/pageBase';
import { FIRST_PAGE, PAGE_SIZE_MAX, RATE_LIMITS } from './contract';

/**
 * Pages in flight after a full first page. Hub Planner reports no total, so a page asked for ahead may lie past
 * the end: 2 halves the round trips of a long listing and costs at most one request more per listing of over
 * 1,000 records (none for shorter ones) against the documented 6,000 calls a day; every request is paced under
 * the 50-calls-in-5-s burst limit (RATE_LIMITS, nodes/shared/scheduler.ts), and a 429 + Retry-After that still
 * arrives is waited out once by every request in flight.
 */
export const READ_AHEAD = 2;

export const hubPlannerClient: VendorClient = {
	vendor: 'Hub Planner',
	credentialType: 'hubPlannerApi',
	baseUrl: hubPlannerBaseUrl,
	secretFields: ['apiKey'],
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	rateLimits: RATE_LIMITS,
	errorDetails(failure) {
		// Read through the field reader: a tenant may answer `Error`/`Message` (any key case).
		const body = failure.body;
		if (!body || typeof body !== 'object') return undefined;
		const error = fieldValue(body, 'error');
		const nested = (name: string) =>
			error && typeof error === 'object' ? fieldValue(error, name) : undefined;
		const errorMessage = nested('message');
		const bodyMessage = fieldValue(body, 'message');
		const message =
			typeof error === 'string'
				? error
				: typeof errorMessage === 'string'
					? errorMessage
					: typeof bodyMessage === 'string'
						? bodyMessage
						: undefined;
		const rawCode = nested('code');
		const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? rawCode : undefined;
		const hint =
			failure.status === 400 && /overschedul/i.test(message ?? '')
				? 'The booking would over-schedule the resource. Turn on "Allow Overschedule" to book anyway.'
				: undefined;
		return { message, code, hint };
	},
};

export async function hubPlannerRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, hubPlannerClient, { arrayFormat: 'repeat', ...request });
}

/** One page: the documented plain array, or any envelope (shared/envelope.ts); anything else is an error. */
export function hubPlannerPage(
	ctx: RequestContext,
	answer: unknown,
	itemIndex?: number,
): Page<IDataObject> {
	return expectPage(
		ctx,
		hubPlannerClient.vendor,
		answer,
		(body) => {
			const envelope = readEnvelope(body);
			return envelope && { items: envelope.items, total: envelope.total, size: envelope.size };
		},
		'a list of records',
		itemIndex,
		'a plain array, or the records under any name',
	);
}

/**
 * Lists a collection (GET or POST …/search) page by page with the largest page Hub Planner allows; `limit` stops
 * as soon as enough records are in. Hub Planner reports no total, so the listing ends on the shared completeness
 * rule (collectPages): an empty page, or a short page below a page size this endpoint has served before for the
 * credential; a short page with no such proof costs one more request, and records there show the tenant's page
 * cap, remembered per credential and endpoint (pageMemory) and asked for from then on. Pages count from
 * FIRST_PAGE; a tenant that refuses it with a 400 is asked from 1, learned per credential (shared/pageBase.ts).
 */
export async function hubPlannerList(
	this: RequestContext,
	opts: {
		method: IHttpRequestMethods;
		path: string;
		qs?: IDataObject;
		body?: IDataObject;
		limit?: number;
		itemIndex?: number;
	},
): Promise<IDataObject[]> {
	const vendor = hubPlannerClient.vendor;
	const credentialType = hubPlannerClient.credentialType;
	return await listWithPageBase(
		this,
		credentialType,
		FIRST_PAGE,
		async (firstPage, watch) =>
			await collectPages<IDataObject>({
				pageSize: PAGE_SIZE_MAX,
				limit: opts.limit,
				firstPage,
				readAhead: READ_AHEAD,
				memory: pageMemory(this, credentialType, `${opts.method} ${opts.path}`),
				idOf: (record) => fieldValue(record, ['_id', 'id']) ?? JSON.stringify(record),
				mismatch: (detail) =>
					listingError(this.getNode(), {
						vendor,
						what: `${opts.method} ${opts.path}`,
						...detail,
						reason: `${detail.reason}; pages from ${firstPage}`,
						itemIndex: opts.itemIndex,
					}),
				fetchPage: async (page, size) =>
					hubPlannerPage(
						this,
						await watch(page, () =>
							hubPlannerRequest.call(this, {
								method: opts.method,
								path: opts.path,
								qs: { ...(opts.qs ?? {}), page, limit: size },
								body: opts.body,
								// A search is a read, so repeating it is safe.
								idempotent: true,
								itemIndex: opts.itemIndex,
							}),
						),
						opts.itemIndex,
					),
			}),
	);
}
