import type { IDataObject } from 'n8n-workflow';
import { unexpectedAnswer } from './errors';
import type { RequestContext } from './types';

/** One page of a listing: its records and, where the API reports it, the total across all pages. */
export interface Page<T> {
	items: T[];
	total?: number;
	/** Where the API says so explicitly (metadata), whether more pages follow. */
	hasMore?: boolean;
	/** Where the API echoes it, the page size it really used (a server may cap it below what was asked). */
	size?: number;
	/** Where the API echoes it, the number of the page it served. */
	page?: number;
}

export interface PagingOptions<T> {
	/** Page size to ask for: the largest the API allows. */
	pageSize: number;
	/** Stop after this many records; undefined returns everything. */
	limit?: number;
	/** Number of the first page (0 or 1). */
	firstPage?: number;
	/**
	 * The API documents that a request without a page number answers the first page, but not how it numbers the
	 * pages after it: the first page is asked for without a number, and the numbering is taken from the page number
	 * that answer echoes, or from `knownFirstPage`, or else found out by asking for page 1 (the second page of a
	 * server counting from 0; the first page again on one counting from 1).
	 */
	unnumberedFirstPage?: boolean;
	/** With unnumberedFirstPage: the number of the first page, where earlier answers showed it. */
	knownFirstPage?: number;
	/** Told the number of the first page once a listing showed it (to remember it). */
	onFirstPage?: (page: number) => void;
	/** Pages in flight at once once a total is known (bounded by the vendor's rate limit). */
	concurrency?: number;
	/**
	 * Where no total is reported: pages in flight at once after a full first page (the next ones are asked for
	 * before the current one is in). Costs at most `readAhead − 1` requests past the end of a listing that
	 * already takes several; 1 (the default) reads page by page.
	 */
	readAhead?: number;
	/** `page` is undefined only for the unnumbered first page. */
	fetchPage(page: number | undefined, size: number): Promise<Page<T>>;
	/** A record's identity, to count distinct records against the reported total. */
	idOf?: (record: T) => unknown;
	/**
	 * The error to throw when the records do not add up to the reported total (expected vs received, and what
	 * was seen), naming the vendor's contract line that is suspect. Without it a plain Error is thrown.
	 */
	mismatch?: (detail: ListingMismatch) => Error;
}

/** Why a listing does not add up: the API's reported total against what its pages held. */
export interface ListingMismatch {
	expected: number;
	received: number;
	/** Records that came twice (by idOf). */
	duplicates: number;
	/** What was seen: "page 3 was empty", "…". */
	reason: string;
}

/**
 * Fetches pages until everything (or `limit` records) is collected, with the fewest requests the API
 * allows: a page is never smaller than needed, no extra page is requested where a total is known, and
 * without a total the listing ends at the first short page. Where a total is reported, the result holds exactly
 * that many distinct records (or `limit`) or the listing fails saying expected vs received: an empty page before
 * the total is reached is a contract mismatch, not the end.
 */
export async function collectPages<T>(opts: PagingOptions<T>): Promise<T[]> {
	const want = opts.limit ?? Number.POSITIVE_INFINITY;
	if (want <= 0) return [];
	const size = Math.max(1, Math.min(opts.pageSize, want));
	const unnumbered = opts.unnumberedFirstPage === true;
	const first = await opts.fetchPage(unnumbered ? undefined : (opts.firstPage ?? 0), size);
	let firstPage = unnumbered ? (first.page ?? opts.knownFirstPage) : (opts.firstPage ?? 0);
	const out: T[] = [...first.items];
	let total = first.total;
	if (isLastPage(first, size, out.length, want))
		return done(opts, out.slice(0, want), total, want, firstPage, 'the first page was the last');

	let next: number;
	if (firstPage === undefined) {
		// Page 1 is either the second page (numbering from 0) or the first one again (numbering from 1).
		const probe = await opts.fetchPage(1, size);
		total = probe.total ?? total;
		const id = opts.idOf ?? ((r: T) => JSON.stringify(r));
		const again =
			probe.items.length > 0 && String(id(probe.items[0])) === String(id(first.items[0]));
		firstPage = again ? 1 : 0;
		if (!again) {
			out.push(...probe.items);
			if (isLastPage(probe, size, out.length, want))
				return done(opts, out.slice(0, want), total, want, firstPage, 'page 1 was the last');
		}
		next = 2;
	} else next = firstPage + 1;

	// Concurrent fetching needs the page size the server really used; a server that silently serves fewer
	// records than asked (a lower cap) is read page by page instead, until the reported total.
	if (total !== undefined && (opts.concurrency ?? 1) > 1 && first.items.length >= size) {
		const pages = Math.ceil(Math.min(total, want) / size);
		const last = firstPage + pages - 1;
		const numbers = Array.from({ length: Math.max(0, last - next + 1) }, (_, i) => next + i);
		const results = await mapLimited(numbers, opts.concurrency ?? 1, (n) =>
			opts.fetchPage(n, size),
		);
		const empty = results.findIndex((page) => page.items.length === 0);
		for (const page of results) out.push(...page.items);
		const reason =
			empty >= 0 ? `page ${numbers[empty]} was empty` : `pages ${firstPage}–${last} were read`;
		return done(opts, out.slice(0, want), total, want, firstPage, reason);
	}
	if (total === undefined && (opts.readAhead ?? 1) > 1 && first.hasMore === undefined) {
		return await readAhead(opts, out, size, want, next, firstPage);
	}
	for (let n = next; ; n++) {
		const page = await opts.fetchPage(n, size);
		out.push(...page.items);
		total = page.total ?? total;
		if (isLastPage(page, size, out.length, want)) {
			const reason = page.items.length === 0 ? `page ${n} was empty` : `page ${n} was the last`;
			return done(opts, out.slice(0, want), total, want, firstPage, reason);
		}
	}
}

/**
 * Without a total: keeps `readAhead` pages in flight (never past `want`), takes them in order and stops at the
 * first last page; pages asked for beyond it are awaited and dropped (their errors too: they hold no records).
 */
async function readAhead<T>(
	opts: PagingOptions<T>,
	out: T[],
	size: number,
	want: number,
	next: number,
	firstPage: number | undefined,
): Promise<T[]> {
	const depth = opts.readAhead ?? 1;
	const base = firstPage ?? 0;
	const lastNeeded = Number.isFinite(want)
		? base + Math.ceil(want / size) - 1
		: Number.POSITIVE_INFINITY;
	const inFlight = new Map<number, Promise<Page<T>>>();
	let asked = next;
	let total: number | undefined;
	for (let n = next; ; n++) {
		while (asked < n + depth && asked <= lastNeeded) {
			const pending = opts.fetchPage(asked, size);
			// Handled here so that a failing page past the end is no unhandled rejection; awaited below.
			pending.catch(() => undefined);
			inFlight.set(asked++, pending);
		}
		const page = await inFlight.get(n)!;
		inFlight.delete(n);
		out.push(...page.items);
		total = page.total ?? total;
		if (isLastPage(page, size, out.length, want) || n >= lastNeeded) {
			await Promise.allSettled(inFlight.values());
			const reason = page.items.length === 0 ? `page ${n} was empty` : `page ${n} was the last`;
			return done(opts, out.slice(0, want), total, want, firstPage, reason);
		}
	}
}

/** The result, checked against the total; the first page's number is reported once it is known. */
function done<T>(
	opts: PagingOptions<T>,
	out: T[],
	total: number | undefined,
	want: number,
	firstPage: number | undefined,
	reason: string,
): T[] {
	const checked = check(opts, out, total, want, reason);
	if (firstPage !== undefined) opts.onFirstPage?.(firstPage);
	return checked;
}

function distinct<T>(opts: PagingOptions<T>, records: T[]): number {
	if (!opts.idOf) return records.length;
	return new Set(records.map((r) => String(opts.idOf!(r)))).size;
}

/** Where a total is reported, exactly that many distinct records (or `want`), or an error that says why. */
function check<T>(
	opts: PagingOptions<T>,
	out: T[],
	total: number | undefined,
	want: number,
	reason: string,
): T[] {
	if (total === undefined) return out;
	const expected = Math.min(total, want);
	const unique = distinct(opts, out);
	if (out.length === expected && unique === out.length) return out;
	const detail: ListingMismatch = {
		expected,
		received: unique,
		duplicates: out.length - unique,
		reason: `${reason}${out.length !== unique ? `; ${out.length - unique} record(s) came twice` : ''}`,
	};
	throw (
		opts.mismatch?.(detail) ??
		new Error(
			`The listing reported ${expected} records but its pages held ${unique} (${detail.reason})`,
		)
	);
}

function isLastPage<T>(page: Page<T>, size: number, collected: number, want: number): boolean {
	if (collected >= want) return true;
	// An empty page ends the reading; where a total was reported, `check` then tells a short listing apart.
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
