import type { IDataObject } from 'n8n-workflow';
import { collectPages, expectPage, type Page } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { planningPmeBaseUrl } from './baseUrl';

/**
 * PlanningPME's contract: every path this package relies on, relative to `<server>/<brand>` (PlanningPME's
 * developer documentation, "PlanningPME API – Documentación del desarrollador"). Marked "assumed" where no public text confirms it; a path that differs
 * is one line here.
 */
export const PATHS = {
	/** Stated: POST, form-encoded, both grant types (used by the credential's preAuthentication). */
	token: '/token',
	/** Stated: the enums of the API version. */
	config: '/api/config',
	/** Stated (GET list and GET by key for task); assumed for POST/PUT/DELETE and the other entities. */
	records: (entity: RecordEntity) => `/api/${entity}`,
	record: (entity: RecordEntity, key: string) => `/api/${entity}/${encodeURIComponent(key)}`,
	/** Seen in public client code: planned tasks in a date range (POST, no paging), and one planned task. */
	plannedTaskList: '/api/do/list',
	plannedTask: (key: string) => `/api/do/${encodeURIComponent(key)}`,
	/** Seen in public client code (department, category); assumed (unavailability, with dateFrom/dateTo). */
	departments: '/api/department',
	categories: '/api/category',
	unavailabilities: '/api/unavailability',
} as const;

export type RecordEntity = 'task' | 'customer' | 'resource' | 'project';

/**
 * Lists answer `{totalItems, items}`; pageIndex counts from 0 (stated). The largest page is not documented:
 * 1000 is assumed. Once the total is known the remaining pages go four at a time — far below the
 * 2,000 requests/hour default quota per app key.
 */
export const PAGE_SIZE_MAX = 1000;
export const PAGE_CONCURRENCY = 4;

export const planningPmeClient: VendorClient = {
	vendor: 'PlanningPME',
	credentialType: 'planningPmeApi',
	baseUrl: (credentials) => planningPmeBaseUrl(credentials),
	secretFields: ['appKey', 'password', 'accountToken', 'accessToken'],
	headers: { Accept: 'application/json' },
	errorDetails(failure) {
		const body = failure.body as IDataObject | undefined;
		if (!body || typeof body !== 'object') return undefined;
		const oauth = typeof body.error === 'string' ? body.error : undefined;
		const message = [
			body.Message,
			body.message,
			body.error_description,
			body.ExceptionMessage,
		].find((m) => typeof m === 'string') as string | undefined;
		let hint: string | undefined;
		if (oauth === 'invalid_grant')
			hint =
				'Check the user name and password, or the account token, in the PlanningPME credential (and that the chosen authentication mode is enabled for your API).';
		else if (oauth === 'unsupported_grant_type')
			hint =
				'This authentication mode is not enabled for your PlanningPME API. Switch the credential to the other mode (user name and password, or account token).';
		else if (failure.status === 403)
			hint =
				'PlanningPME did not accept the app key. Check the App Key in the credential (it is sent as X-APPKEY on every call).';
		else if (failure.status === 429)
			hint =
				"The app key's hourly PlanningPME quota (2,000 requests by default) is used up. Run the workflow later or less often, or ask PlanningPME for a higher tier.";
		return { message, code: oauth, hint };
	},
};

export async function planningPmeRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, planningPmeClient, request);
}

/** A page `{totalItems, items}` (or a plain array, in case an endpoint answers one); undefined for anything else. */
export function pageOf(answer: unknown): Page<IDataObject> | undefined {
	if (Array.isArray(answer)) return { items: answer as IDataObject[], total: answer.length };
	const body = answer as IDataObject | null | undefined;
	if (!body || typeof body !== 'object' || !Array.isArray(body.items)) return undefined;
	const total = typeof body.totalItems === 'number' ? body.totalItems : undefined;
	return { items: body.items as IDataObject[], total };
}

/** A page answer, checked (see expectPage in shared/paging.ts). */
function expectPlanningPmePage(
	ctx: RequestContext,
	answer: unknown,
	itemIndex?: number,
): Page<IDataObject> {
	return expectPage(
		ctx,
		planningPmeClient.vendor,
		answer,
		pageOf,
		'a page of records ({totalItems, items})',
		itemIndex,
	);
}

/**
 * A paged listing with the largest page: the first page tells the total, the rest are fetched with small
 * bounded concurrency and no request past the last page; `limit` asks only for what is needed.
 */
export async function planningPmeList(
	this: RequestContext,
	opts: { path: string; qs?: IDataObject; limit?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	return await collectPages<IDataObject>({
		pageSize: PAGE_SIZE_MAX,
		limit: opts.limit,
		firstPage: 0,
		concurrency: PAGE_CONCURRENCY,
		fetchPage: async (pageIndex, pageSize) =>
			expectPlanningPmePage(
				this,
				await planningPmeRequest.call(this, {
					method: 'GET',
					path: opts.path,
					qs: { ...(opts.qs ?? {}), pageIndex, pageSize },
					itemIndex: opts.itemIndex,
				}),
				opts.itemIndex,
			),
	});
}

/** Planned tasks (`api/do/list`) overlapping [dateFrom, dateTo); the answer is not paged. */
export async function listPlannedTasks(
	this: RequestContext,
	opts: {
		dateFrom: string;
		dateTo: string;
		resources?: number[];
		categories?: number[];
		itemIndex?: number;
	},
): Promise<IDataObject[]> {
	const body: IDataObject = { dateFrom: opts.dateFrom, dateTo: opts.dateTo, results: 'Task' };
	if (opts.resources?.length) body.resources = opts.resources;
	if (opts.categories?.length) body.categories = opts.categories;
	const answer = await planningPmeRequest.call(this, {
		method: 'POST',
		path: PATHS.plannedTaskList,
		body,
		// A listing: safe to repeat.
		idempotent: true,
		itemIndex: opts.itemIndex,
	});
	return expectPlanningPmePage(this, answer, opts.itemIndex).items;
}

/** The enums of `api/config` as name → values. */
export async function readEnums(
	this: RequestContext,
	itemIndex?: number,
): Promise<Record<string, string[]>> {
	const config = (await planningPmeRequest.call(this, {
		method: 'GET',
		path: PATHS.config,
		itemIndex,
	})) as IDataObject;
	const enums = (config?.enums ?? {}) as Record<string, unknown>;
	const out: Record<string, string[]> = {};
	for (const [name, values] of Object.entries(enums)) {
		if (Array.isArray(values)) out[name] = values.map(String);
		else if (values && typeof values === 'object')
			out[name] = Object.values(values as IDataObject).map(String);
	}
	return out;
}
