import type { IDataObject } from 'n8n-workflow';
import { unexpectedAnswer } from './errors';
import type { RequestContext } from './types';

/** One page of a listing: its records and, where the API reports it, the total across all pages. */
export interface Page<T> {
	items: T[];
	total?: number;
	/** Where the API says so explicitly (metadata), whether more pages follow. */
	hasMore?: boolean;
}

export interface PagingOptions<T> {
	/** Page size to ask for: the largest the API allows. */
	pageSize: number;
	/** Stop after this many records; undefined returns everything. */
	limit?: number;
	/** Number of the first page (0 or 1). */
	firstPage?: number;
	/** Pages in flight at once once a total is known (bounded by the vendor's rate limit). */
	concurrency?: number;
	fetchPage(page: number, size: number): Promise<Page<T>>;
}

/**
 * Fetches pages until everything (or `limit` records) is collected, with the fewest requests the API
 * allows: a page is never smaller than needed, no extra page is requested where a total is known, and
 * without a total the listing ends at the first short page.
 */
export async function collectPages<T>(opts: PagingOptions<T>): Promise<T[]> {
	const want = opts.limit ?? Number.POSITIVE_INFINITY;
	if (want <= 0) return [];
	const size = Math.max(1, Math.min(opts.pageSize, want));
	const firstPage = opts.firstPage ?? 0;
	const first = await opts.fetchPage(firstPage, size);
	const out: T[] = [...first.items];
	if (isLastPage(first, size, out.length, want)) return out.slice(0, want);

	// Concurrent fetching needs the page size the server really used; a server that silently serves fewer
	// records than asked (a lower cap) is read page by page instead, until the reported total.
	if (first.total !== undefined && (opts.concurrency ?? 1) > 1 && first.items.length >= size) {
		const pages = Math.ceil(Math.min(first.total, want) / size);
		const numbers = Array.from({ length: pages - 1 }, (_, i) => firstPage + 1 + i);
		const results = await mapLimited(numbers, opts.concurrency ?? 1, (n) =>
			opts.fetchPage(n, size),
		);
		for (const page of results) out.push(...page.items);
		return out.slice(0, want);
	}

	for (let n = firstPage + 1; ; n++) {
		const page = await opts.fetchPage(n, size);
		out.push(...page.items);
		if (isLastPage(page, size, out.length, want)) return out.slice(0, want);
	}
}

function isLastPage<T>(page: Page<T>, size: number, collected: number, want: number): boolean {
	if (collected >= want) return true;
	if (page.items.length === 0) return true;
	if (page.hasMore !== undefined) return !page.hasMore;
	if (page.total !== undefined) return collected >= page.total;
	return page.items.length < size;
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
export async function mapLimited<A, B>(
	inputs: A[],
	limit: number,
	fn: (a: A, i: number) => Promise<B>,
): Promise<B[]> {
	const results = new Array<B>(inputs.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(Math.max(1, limit), inputs.length) }, async () => {
		while (next < inputs.length) {
			const i = next++;
			results[i] = await fn(inputs[i], i);
		}
	});
	await Promise.all(workers);
	return results;
}

/**
 * The one policy for list answers: a list is an array (maybe empty). Anything else — an empty body, an HTML
 * page, another document, all with status 200 — is an error saying what was expected, never an empty list:
 * that would present a partial listing, or an empty trigger window, as complete.
 */
export function expectList(
	ctx: RequestContext,
	vendor: string,
	answer: unknown,
	what: string,
	itemIndex?: number,
): IDataObject[] {
	if (!Array.isArray(answer))
		throw unexpectedAnswer(ctx.getNode(), vendor, answer, what, itemIndex);
	return answer as IDataObject[];
}

/**
 * The same policy for a page document: `pageOf` reads the vendor's page shape and answers undefined when the
 * answer is not a page, which is then an error saying what was expected.
 */
export function expectPage(
	ctx: RequestContext,
	vendor: string,
	answer: unknown,
	pageOf: (answer: unknown) => Page<IDataObject> | undefined,
	what: string,
	itemIndex?: number,
): Page<IDataObject> {
	const page = pageOf(answer);
	if (!page) throw unexpectedAnswer(ctx.getNode(), vendor, answer, what, itemIndex);
	return page;
}
