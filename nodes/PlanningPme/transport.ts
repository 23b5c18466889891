import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { readEnvelope } from '../shared/envelope';
import { listingError } from '../shared/errors';
import { listWithPageBase } from '../shared/pageBase';
import { collectPages, expectPage, pageMemory, type Page } from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { planningPmeBaseUrl } from './baseUrl';
import { fieldValue } from '../shared/fieldReader';
import { readCapped, spanFrom } from '../shared/windowCap';
import {
	cutTaskWindow,
	splitTaskWindow,
	taskTime,
	taskWindowRange,
	widenTaskWindow,
	type TaskWindow,
} from './taskWindows';
import {
	FIELDS,
	PAGE_CONCURRENCY,
	PAGE_SIZE_MAX,
	PATHS,
	RATE_LIMITS,
	REQUEST_DATES,
} from './contract';

/** A date as the node sends it (see REQUEST_DATES): `2018-01-25T18:05:00Z`. */
export function requestDate(value: DateTime, zone: string, form = REQUEST_DATES): string {
	return form === 'wall'
		? value.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss")
		: value.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

/** The planning's time zone: the credential's, else the workflow's. */
export async function planningZone(
	ctx: RequestContext & { getTimezone(): string },
): Promise<string> {
	const credentials = await ctx.getCredentials('planningPmeApi');
	const zone = String(credentials.timeZone ?? '').trim();
	if (zone && !DateTime.now().setZone(zone).isValid) {
		throw new Error(
			`The Planning Time Zone "${zone}" in the PlanningPME credential is not a time zone. ` +
				'Enter an IANA name such as Europe/Paris, or leave it empty.',
		);
	}
	return zone || ctx.getTimezone();
}

export const planningPmeClient: VendorClient = {
	vendor: 'PlanningPME',
	credentialType: 'planningPmeApi',
	baseUrl: (credentials) => planningPmeBaseUrl(credentials),
	secretFields: ['appApiKey', 'password', 'accountToken', 'accessToken'],
	sessionFields: ['accessToken'],
	headers: { Accept: 'application/json' },
	rateLimits: RATE_LIMITS,
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
				'Check the user name and password, or the account token, in the PlanningPME credential ' +
				'(and that the chosen authentication mode is enabled for your API).';
		else if (oauth === 'unsupported_grant_type')
			hint =
				'This authentication mode is not enabled for your PlanningPME API. ' +
				'Switch the credential to the other mode (user name and password, or account token).';
		else if (failure.status === 403)
			hint =
				'PlanningPME did not accept the app key. ' +
				'Check the App Key in the credential (it is sent as X-APPKEY on every call).';
		else if (failure.status === 400 && message && /date|fecha|offset|\bstart|\bend/i.test(message))
			hint =
				'PlanningPME refused a date. The node sends dates as ' +
				(REQUEST_DATES === 'utc'
					? "the document's ISO 8601 in UTC (2018-01-25T18:05:00Z)"
					: 'wall times of the Planning Time Zone') +
				' ; run API Contract → Check, line dates.requests, to see which form your tenant takes, ' +
				'and send the request with Custom API Call in that form meanwhile.';
		else if (failure.status === 429)
			hint =
				"The app key's hourly PlanningPME quota (2,000 requests by default) is used up. " +
				'Run the workflow later or less often, or ask PlanningPME for a higher tier.';
		return { message, code: oauth, hint };
	},
};

export async function planningPmeRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, planningPmeClient, request);
}

/**
 * A page `{totalItems, items}` (or a plain array, or any other envelope: shared/envelope.ts reads the records and
 * the total wherever the answer carries them); undefined for anything else. A plain array has no total.
 */
export function pageOf(answer: unknown): Page<IDataObject> | undefined {
	const envelope = readEnvelope(answer);
	if (!envelope) return undefined;
	const { items, total, size } = envelope;
	return {
		items,
		...(total !== undefined ? { total } : {}),
		...(size !== undefined ? { size } : {}),
	};
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
		'a page: the records under any name',
	);
}

/**
 * A paged listing with the largest page: the first page tells the total, the rest are fetched with small
 * bounded concurrency and no request past the last page; `limit` asks only for what is needed. The pages must add
 * up to `totalItems` in distinct records, or the listing fails naming the contract lines.
 *
 * pageIndex counts from 0 (stated). A tenant that refuses pageIndex 0 with a 400 is asked again from 1, and that
 * is remembered per credential (nodes/shared/pageBase.ts), so it costs one refused request once.
 */
export async function planningPmeList(
	this: RequestContext,
	opts: { path: string; qs?: IDataObject; limit?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	return await listWithPageBase(
		this,
		planningPmeClient.credentialType,
		0,
		async (firstPage, watch) =>
			await collectPages<IDataObject>({
				pageSize: PAGE_SIZE_MAX,
				limit: opts.limit,
				firstPage,
				concurrency: PAGE_CONCURRENCY,
				idOf: (record) => fieldValue(record, 'key') ?? JSON.stringify(record),
				memory: pageMemory(this, planningPmeClient.credentialType, opts.path),
				mismatch: (detail) =>
					listingError(this.getNode(), {
						vendor: planningPmeClient.vendor,
						what: opts.path,
						...detail,
						reason: `${detail.reason}; pageIndex from ${firstPage}`,
						itemIndex: opts.itemIndex,
					}),
				fetchPage: async (pageIndex, pageSize) =>
					expectPlanningPmePage(
						this,
						await watch(pageIndex, () =>
							planningPmeRequest.call(this, {
								method: 'GET',
								path: opts.path,
								qs: { ...(opts.qs ?? {}), pageIndex, pageSize },
								itemIndex: opts.itemIndex,
							}),
						),
						opts.itemIndex,
					),
			}),
	);
}

/**
 * Planned tasks (`api/do/list`) overlapping [dateFrom, dateTo). The answer is not paged: a reported total must
 * match it, and the window-cap rule (shared/windowCap.ts) reads a window whose answer may be cut silently again
 * as two halves, which must hold all of its tasks (a task overlapping both halves is listed once).
 */
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
	const fetchOnce = async (window: TaskWindow): Promise<IDataObject[]> => {
		const body: IDataObject = {
			dateFrom: window.dateFrom,
			dateTo: window.dateTo,
			results: 'Task',
		};
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
		const { items, total } = expectPlanningPmePage(this, answer, opts.itemIndex);
		// Not paged: one answer must hold every record it reports.
		if (total !== undefined && total > items.length)
			throw listingError(this.getNode(), {
				vendor: planningPmeClient.vendor,
				what: PATHS.plannedTaskList,
				expected: total,
				received: items.length,
				reason: 'the list is read in one request',
				line: 'total',
				itemIndex: opts.itemIndex,
			});
		return items;
	};
	return await readCapped<TaskWindow, IDataObject>({
		window: { dateFrom: opts.dateFrom, dateTo: opts.dateTo },
		ctx: this,
		credentialType: planningPmeClient.credentialType,
		endpoint: PATHS.plannedTaskList,
		fetch: fetchOnce,
		split: splitTaskWindow,
		between: {
			rangeOf: taskWindowRange,
			spanOf: (task) =>
				spanFrom(task, [FIELDS.plannedTask.start, FIELDS.plannedTask.end], taskTime),
			cutAt: cutTaskWindow,
		},
		wide: widenTaskWindow({ dateFrom: opts.dateFrom, dateTo: opts.dateTo }),
		idOf: (task) => {
			const key = fieldValue(task, FIELDS.key);
			return key === undefined || key === null ? JSON.stringify(task) : String(key);
		},
		describe: (w) => `${PATHS.plannedTaskList} ${w.dateFrom} … ${w.dateTo}`,
		fail: (shortfall) =>
			listingError(this.getNode(), {
				vendor: planningPmeClient.vendor,
				what: 'planned tasks',
				...shortfall,
				line: 'windowCap',
				itemIndex: opts.itemIndex,
			}),
	});
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
