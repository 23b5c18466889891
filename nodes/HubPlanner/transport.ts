import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { collectPages, expectList } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { hubPlannerBaseUrl } from './baseUrl';

/**
 * Hub Planner's contract: every path and paging rule this package relies on (docs: hubplanner/API on GitHub).
 * A path that differs for a tenant is one line here.
 */
export const PATHS = {
	bookings: '/booking',
	booking: (id: string) => `/booking/${encodeURIComponent(id)}`,
	bookingSearch: '/booking/search',
	resources: '/resource',
	resource: (id: string) => `/resource/${encodeURIComponent(id)}`,
	resourceSearch: '/resource/search',
	projects: '/project',
	project: (id: string) => `/project/${encodeURIComponent(id)}`,
	projectSearch: '/project/search',
	subscriptions: '/subscription',
	subscription: (id: string) => `/subscription/${encodeURIComponent(id)}`,
} as const;

/** `limit` is 1–1000; pages count from 0; bodies are plain arrays without a total (stop at a short page). */
export const PAGE_SIZE_MAX = 1000;

export const hubPlannerClient: VendorClient = {
	vendor: 'Hub Planner',
	credentialType: 'hubPlannerApi',
	baseUrl: hubPlannerBaseUrl,
	secretFields: ['apiKey'],
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	errorDetails(failure) {
		const body = failure.body as { error?: unknown; message?: unknown } | undefined;
		if (!body || typeof body !== 'object') return undefined;
		const error = body.error as { message?: unknown; code?: unknown } | string | undefined;
		const message =
			typeof error === 'string'
				? error
				: typeof error?.message === 'string'
					? error.message
					: typeof body.message === 'string'
						? body.message
						: undefined;
		const code =
			typeof error === 'object' &&
			error &&
			(typeof error.code === 'string' || typeof error.code === 'number')
				? error.code
				: undefined;
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

/**
 * Lists a collection (GET or POST …/search) page by page with the largest page Hub Planner allows,
 * until a short page; `limit` stops as soon as enough records are in.
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
	return await collectPages<IDataObject>({
		pageSize: PAGE_SIZE_MAX,
		limit: opts.limit,
		firstPage: 0,
		fetchPage: async (page, size) => {
			const items = await hubPlannerRequest.call(this, {
				method: opts.method,
				path: opts.path,
				qs: { ...(opts.qs ?? {}), page, limit: size },
				body: opts.body,
				// A search is a read, so repeating it is safe.
				idempotent: true,
				itemIndex: opts.itemIndex,
			});
			// A page is always an array (maybe empty); anything else must not end the listing as if complete.
			return {
				items: expectList(
					this,
					hubPlannerClient.vendor,
					items,
					'a list of records',
					opts.itemIndex,
				),
			};
		},
	});
}
