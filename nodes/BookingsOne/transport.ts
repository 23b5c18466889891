import type { IDataObject } from 'n8n-workflow';
import { readEnvelope } from '../shared/envelope';
import { listingError, type HttpFailure } from '../shared/errors';
import { fieldValue } from '../shared/fieldReader';
import { recall, remember } from '../shared/learned';
import {
	collectPages,
	expectPage,
	pageMemory,
	type ListingMismatch,
	type Page,
} from '../shared/paging';
import { vendorRequest, type VendorClient, type VendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { API_ROOT, bookingsOneBaseUrl, serverUrl } from './baseUrl';
import { FIRST_PAGE, LEARNED_FIRST_PAGE, MAX_ROW, PAGE_CONCURRENCY } from './contract';

export { API_ROOT, serverUrl };

export const bookingsOneClient: VendorClient = {
	vendor: 'Bookings ONE',
	credentialType: 'bookingsOneApi',
	baseUrl: bookingsOneBaseUrl,
	secretFields: ['accessToken'],
	headers: { Accept: 'application/json' },
	errorDetails: problemDetails,
};

/** ASP.NET problem details (`{title, detail, errors: {field: [messages]}}`) or a plain `{message}` body. */
function problemDetails(failure: HttpFailure) {
	const hint =
		failure.status === 401
			? 'Bookings ONE did not accept the access token. Check it in the credential (Management ' +
				'console → Settings → API authentication); tokens can expire or be limited to certain IP ' +
				'addresses, and the token is sent either as the Authorization header or as the Basic user ' +
				'name, as chosen in the credential.'
			: undefined;
	let body = failure.body as unknown;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return hint ? { hint } : undefined;
		}
	}
	if (!body || typeof body !== 'object') return hint ? { hint } : undefined;
	const b = body as IDataObject;
	const fields =
		b.errors && typeof b.errors === 'object' ? Object.entries(b.errors as IDataObject) : [];
	const fieldText = fields
		.map(
			([field, messages]) =>
				`${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`,
		)
		.join('; ');
	const main = [b.detail, b.message, b.title].find((v) => typeof v === 'string' && v !== '') as
		| string
		| undefined;
	const message = [main, fieldText].filter(Boolean).join(' — ') || undefined;
	const code = typeof b.code === 'string' || typeof b.code === 'number' ? b.code : undefined;
	return { message, code, hint };
}

export async function bookingsOneRequest(
	this: RequestContext,
	request: VendorRequest,
): Promise<unknown> {
	return await vendorRequest.call(this, bookingsOneClient, request);
}

/**
 * One page of a search answer, checked: an empty body or a document that is not a page (status 200) is an
 * error, never read as an empty last page (see expectPage in shared/paging.ts).
 */
export function checkedPage(
	ctx: RequestContext,
	body: unknown,
	itemIndex?: number,
): Page<IDataObject> {
	return expectPage(
		ctx,
		bookingsOneClient.vendor,
		body,
		pageOf,
		'a page of records ({data: [...]})',
		itemIndex,
		'a page: the records under any name',
	);
}

/**
 * A page `{data, metaData}` (or a bare list, or any other envelope: shared/envelope.ts reads the records, the total,
 * the echoed row and page wherever the answer carries them); undefined for anything else. A bare list has no total.
 */
export function pageOf(body: unknown): Page<IDataObject> | undefined {
	const envelope = readEnvelope(body);
	if (!envelope) return undefined;
	const { items, total, size, page, pages } = envelope;
	return {
		items,
		...(total !== undefined ? { total } : {}),
		...(size !== undefined ? { size } : {}),
		...(page !== undefined ? { page } : {}),
		// Pages numbered from 1 (FIRST_PAGE) with their count: whether more follow.
		...(total === undefined && page !== undefined && pages !== undefined
			? { hasMore: page - FIRST_PAGE + 1 < pages }
			: {}),
	};
}

/**
 * A search endpoint page by page with the largest row; with the total known the remaining pages are read
 * a few at a time. `limit` stops as soon as enough records are in (and asks for no more rows than needed).
 */
export async function bookingsOneList(
	this: RequestContext,
	opts: {
		path: string;
		qs?: IDataObject;
		limit?: number;
		itemIndex?: number;
		concurrency?: number;
		/** Shown every page as read (a trigger checks that the listing reported its total). */
		observe?: (page: Page<IDataObject>) => void;
	},
): Promise<IDataObject[]> {
	const learned = recall<number>(this, bookingsOneClient.credentialType, LEARNED_FIRST_PAGE);
	return await collectPages<IDataObject>({
		pageSize: MAX_ROW,
		limit: opts.limit,
		// Documented: without `page` the answer is the first page. How the pages after it are numbered is not:
		// taken from the page number the answer echoes, or what earlier answers on this credential showed.
		unnumberedFirstPage: true,
		knownFirstPage: learned === 0 || learned === 1 ? learned : undefined,
		onFirstPage: (page) => {
			if (page !== learned)
				remember(this, bookingsOneClient.credentialType, LEARNED_FIRST_PAGE, page);
		},
		idOf: (record) => fieldValue(record, ['id', 'uid']) ?? JSON.stringify(record),
		memory: pageMemory(this, bookingsOneClient.credentialType, opts.path),
		mismatch: (detail) => listingMismatch(this, opts.path, detail, opts.itemIndex),
		concurrency: opts.concurrency ?? PAGE_CONCURRENCY,
		fetchPage: async (page, row) => {
			const answer = checkedPage(
				this,
				await bookingsOneRequest.call(this, {
					method: 'GET',
					path: opts.path,
					qs: { ...(opts.qs ?? {}), ...(page === undefined ? {} : { page }), row },
					itemIndex: opts.itemIndex,
				}),
				opts.itemIndex,
			);
			opts.observe?.(answer);
			return answer;
		},
	});
}

/**
 * A search endpoint that answers its whole list at once (access keys, player content: the document shows a bare
 * array and no page/row parameters). The answer must be a list (a page `{data}` is read too); Limit keeps the
 * first records.
 */
export async function bookingsOneWholeList(
	this: RequestContext,
	opts: { path: string; qs?: IDataObject; limit?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	const body = await bookingsOneRequest.call(this, {
		method: 'GET',
		path: opts.path,
		qs: opts.qs ?? {},
		itemIndex: opts.itemIndex,
	});
	const { items, total } = checkedPage(this, body, opts.itemIndex);
	if (total !== undefined && total > items.length && (opts.limit ?? Infinity) > items.length)
		throw listingMismatch(
			this,
			opts.path,
			{
				expected: total,
				received: items.length,
				duplicates: 0,
				reason: 'this list is read in one request',
				line: 'total',
			},
			opts.itemIndex,
		);
	return opts.limit === undefined ? items : items.slice(0, opts.limit);
}

/** A listing that cannot prove it is complete: expected vs received, naming the contract line in doubt. */
function listingMismatch(
	ctx: RequestContext,
	path: string,
	detail: ListingMismatch,
	itemIndex?: number,
): Error {
	return listingError(ctx.getNode(), {
		vendor: bookingsOneClient.vendor,
		what: path,
		...detail,
		itemIndex,
	});
}

/** The file name of a Content-Disposition header (filename* first), without any path. */
export function fileNameFrom(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	let name: string | undefined;
	if (star) {
		try {
			name = decodeURIComponent(star[1].trim());
		} catch {
			name = undefined;
		}
	}
	name ??= /filename\s*=\s*"?([^";]+)"?/.exec(header)?.[1]?.trim();
	if (!name) return undefined;
	const base = name.split(/[\\/]/).pop() ?? '';
	return [...base].filter((c) => c.charCodeAt(0) >= 32).join('') || undefined;
}
