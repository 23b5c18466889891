import { mapLimited } from './pool';
import type { IDataObject } from 'n8n-workflow';
import { readEnvelope } from './envelope';
import { listingError, unexpectedAnswer } from './errors';
import { recall, remember } from './learned';
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

/**
 * What one endpoint is known to serve for one credential, learned from its answers (see pageMemory):
 * - `served`: the most records it has served in one page (its cap is at least that), so a later short page below
 *   it is proven to be the last;
 * - `cap`: the largest page it serves, shown by a short page that more records followed; pages are then asked
 *   for at that size.
 */
export interface PageFacts {
	served?: number;
	cap?: number;
}

export interface PageMemory {
	facts: PageFacts;
	learn(facts: PageFacts): void;
}

/** The page facts of one endpoint for the node's credential, kept like every learned fact (learned.ts). */
export function pageMemory(
	ctx: RequestContext,
	credentialType: string,
	endpoint: string,
): PageMemory {
	const name = (fact: keyof PageFacts) => `page.${fact} ${endpoint}`;
	const read = (fact: keyof PageFacts) => {
		const value = Number(recall<number>(ctx, credentialType, name(fact)));
		return Number.isInteger(value) && value > 0 ? value : undefined;
	};
	const facts: PageFacts = { served: read('served'), cap: read('cap') };
	return {
		facts,
		learn(learned) {
			for (const fact of ['served', 'cap'] as const) {
				const value = learned[fact];
				if (value === undefined || value <= 0 || value === facts[fact]) continue;
				facts[fact] = value;
				remember(ctx, credentialType, name(fact), value);
			}
		},
	};
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
	 * Where no total is reported: pages in flight at once after a full page (the next ones are asked for before
	 * the current one is in). Costs at most `readAhead − 1` requests past the end of a listing that already takes
	 * several; 1 (the default) reads page by page.
	 */
	readAhead?: number;
	/** `page` is undefined only for the unnumbered first page. */
	fetchPage(page: number | undefined, size: number): Promise<Page<T>>;
	/** A record's identity, to count distinct records and to tell a page served twice. */
	idOf?: (record: T) => unknown;
	/** What this endpoint is known to serve on this credential (pageMemory); without it nothing is remembered. */
	memory?: PageMemory;
	/**
	 * The error to throw when a listing cannot prove it is complete (expected vs received, and what was seen),
	 * naming the vendor's contract line that is suspect. Without it a plain Error is thrown.
	 */
	mismatch?: (detail: ListingMismatch) => Error;
}

/**
 * The contract line a listing that does not add up puts in doubt: the reported total (`total`), the page
 * numbering (`pageBase`: a page served twice) or the page size (`largestPage`: it changed within a listing).
 */
export type PagingLine = 'total' | 'pageBase' | 'largestPage';

/** Why a listing does not add up: what was expected against what its pages held. */
export interface ListingMismatch {
	expected: number;
	received: number;
	/** Records that came twice (by idOf). */
	duplicates: number;
	/** What was seen: "page 3 was empty", "…". */
	reason: string;
	line: PagingLine;
}

type Verdict = 'end' | 'more' | 'unsure' | 'again';

/**
 * Fetches pages until everything (or `limit` records) is collected. The one completeness rule: a listing ends
 * only on proof — the reported total is reached (or the API says no page follows), an empty page arrives, or a
 * short page arrives below a size the endpoint has already served in one page (learned per credential and
 * endpoint, see pageMemory). Any other short page is followed by one more request: empty, it ends the listing;
 * holding records, it shows the endpoint's cap (the short page's size), which is remembered and asked for from
 * then on. A page that begins with the record the page before began with is an error (the same page served
 * twice), and where a total is reported the result holds exactly that many distinct records (or `limit`), or the
 * listing fails saying expected vs received. With a total, the remaining pages are fetched `concurrency` at a
 * time; without one, `readAhead` pages.
 */
export async function collectPages<T>(opts: PagingOptions<T>): Promise<T[]> {
	const want = opts.limit ?? Number.POSITIVE_INFINITY;
	if (want <= 0) return [];
	return await new Listing(opts, want).read();
}

class Listing<T> {
	private readonly out: T[] = [];
	private total?: number;
	private size: number;
	private served: number;
	private firstPage?: number;
	/** The page read last: its number and the identity of its first record. */
	private previous?: { label: string; first: string };
	/** A short page not proven to be the last: its size, and whether it was the first page. */
	private unsure?: { count: number; first: boolean };
	private readonly id: (record: T) => string;

	constructor(
		private readonly opts: PagingOptions<T>,
		private readonly want: number,
	) {
		const facts = opts.memory?.facts ?? {};
		this.size = Math.max(1, Math.min(opts.pageSize, facts.cap ?? Infinity, want));
		this.served = facts.served ?? 0;
		const idOf = opts.idOf ?? ((r: T) => JSON.stringify(r));
		this.id = (record) => String(idOf(record));
	}

	async read(): Promise<T[]> {
		const o = this.opts;
		const unnumbered = o.unnumberedFirstPage === true;
		this.firstPage = unnumbered ? undefined : (o.firstPage ?? 0);
		const first = await this.fetch(this.firstPage);
		if (unnumbered) this.firstPage = first.page ?? o.knownFirstPage;
		const label = this.firstPage === undefined ? 'the first page' : `page ${this.firstPage}`;
		let verdict = this.accept(first, label, true);
		if (verdict === 'end') return this.finish('the first page was the last');
		let n: number;
		if (this.firstPage === undefined) {
			// Page 1 is either the second page (numbering from 0) or the first one again (numbering from 1).
			const probe = await this.fetch(1);
			const again = probe.items.length > 0 && this.id(probe.items[0]) === this.previous?.first;
			this.firstPage = again ? 1 : 0;
			n = 2;
			if (!again) {
				verdict = this.accept(probe, 'page 1', false);
				if (verdict === 'end') return this.finish(this.endReason(probe, 1));
				n = verdict === 'again' ? 1 : 2;
			}
		} else n = this.firstPage + (verdict === 'again' ? 0 : 1);
		for (;;) {
			const parallel = this.total !== undefined && (o.concurrency ?? 1) > 1;
			if (verdict === 'more' && parallel) return await this.burst(n);
			if (verdict === 'more' && this.total === undefined && (o.readAhead ?? 1) > 1) {
				const ahead = await this.readAhead(n);
				if (ahead.verdict === 'end') return this.finish(ahead.reason);
				[verdict, n] = [ahead.verdict, ahead.next];
				continue;
			}
			const page = await this.fetch(n);
			verdict = this.accept(page, `page ${n}`, n === this.firstPage);
			if (verdict === 'end') return this.finish(this.endReason(page, n));
			if (verdict !== 'again') n++;
		}
	}

	private async fetch(n: number | undefined): Promise<Page<T>> {
		return await this.opts.fetchPage(n, this.size);
	}

	private endReason(page: Page<T>, n: number): string {
		return page.items.length === 0 ? `page ${n} was empty` : `page ${n} was the last`;
	}

	/**
	 * Takes a page in (or, after an unproven short page, learns the cap from it: 'again' asks for the same page
	 * number at the cap's size) and says whether the listing is proven to end.
	 */
	private accept(page: Page<T>, label: string, isFirst: boolean): Verdict {
		const count = page.items.length;
		if (count > 0 && this.previous && this.id(page.items[0]) === this.previous.first)
			throw this.fail('pageBase', this.total ?? this.out.length + count, this.out.length, {
				reason:
					`${label} begins with the record ${this.previous.label} began with ` +
					`(${short(this.previous.first)}): the same page was served twice`,
			});
		const unsure = this.unsure;
		this.unsure = undefined;
		if (unsure && count > 0) {
			// A short page followed by more records: its size is the largest page this endpoint serves.
			if (!unsure.first)
				throw this.fail('largestPage', this.size, unsure.count, {
					reason:
						`a page of ${unsure.count} records after full pages of ${this.size} was followed by more ` +
						'records: the page size changed within the listing',
				});
			this.learnCap(unsure.count);
			return 'again';
		}
		if (count > 0) this.previous = { label, first: this.id(page.items[0]) };
		this.out.push(...page.items);
		this.total = page.total ?? this.total;
		const servedBefore = this.served;
		if (count > this.served) {
			this.served = count;
			this.opts.memory?.learn({ served: count });
		}
		// An echoed page size below the one asked for is the server's cap, stated.
		if (isFirst && page.size !== undefined && page.size > 0 && page.size < this.size)
			this.learnCap(page.size);
		if (this.out.length >= this.want || count === 0) return 'end';
		if (page.hasMore !== undefined) return page.hasMore ? 'more' : 'end';
		const full = Math.min(
			this.size,
			page.size !== undefined && page.size > 0 ? page.size : Infinity,
		);
		if (this.total !== undefined) {
			if (this.out.length >= this.total) return 'end';
			// Short, and the total says more records follow: the endpoint's cap.
			if (isFirst && count < full) this.learnCap(count);
			return 'more';
		}
		if (count >= full) return 'more';
		if (count < servedBefore) return 'end';
		this.unsure = { count, first: isFirst };
		return 'unsure';
	}

	private learnCap(cap: number): void {
		this.size = cap;
		this.opts.memory?.learn({ cap });
	}

	/** With a total: the remaining pages, `concurrency` at a time, taken in order. */
	private async burst(next: number): Promise<T[]> {
		const remaining = Math.min(this.total!, this.want) - this.out.length;
		const pages = Math.max(0, Math.ceil(remaining / this.size));
		const numbers = Array.from({ length: pages }, (_, i) => next + i);
		const results = await mapLimited(numbers, this.opts.concurrency ?? 1, (n) => this.fetch(n));
		let reason = `pages ${this.firstPage}–${next + pages - 1} were read`;
		for (const [i, page] of results.entries()) {
			if (this.accept(page, `page ${numbers[i]}`, false) !== 'end') continue;
			if (page.items.length === 0) reason = `page ${numbers[i]} was empty`;
			break;
		}
		return this.finish(reason);
	}

	/**
	 * Without a total: keeps `readAhead` pages in flight (never past `want`), takes them in order until one proves
	 * the end; pages asked for beyond it are awaited and dropped (their errors too: they hold no records).
	 */
	private async readAhead(
		next: number,
	): Promise<{ verdict: Verdict; next: number; reason: string }> {
		const depth = this.opts.readAhead ?? 1;
		const base = this.firstPage ?? 0;
		const lastNeeded = Number.isFinite(this.want)
			? base + Math.ceil(this.want / this.size) - 1
			: Number.POSITIVE_INFINITY;
		const inFlight = new Map<number, Promise<Page<T>>>();
		const drain = async () => {
			await Promise.allSettled(inFlight.values());
		};
		let asked = next;
		for (let n = next; ; n++) {
			while (asked < n + depth && asked <= lastNeeded) {
				const pending = this.fetch(asked);
				// Handled here so that a failing page past the end is no unhandled rejection; awaited below.
				pending.catch(() => undefined);
				inFlight.set(asked++, pending);
			}
			let verdict: Verdict | undefined;
			let page: Page<T> | undefined;
			try {
				page = await inFlight.get(n)!;
				inFlight.delete(n);
				verdict = this.accept(page, `page ${n}`, false);
			} finally {
				// On a failure (the vendor request's own error, or the listing's mismatch, which goes on as it is),
				// the pages still in flight are awaited first.
				if (verdict === undefined) await drain();
			}
			if (verdict === 'end' || verdict === 'again' || verdict === 'unsure') {
				await drain();
				const after = verdict === 'again' ? n : n + 1;
				return { verdict, next: after, reason: this.endReason(page, n) };
			}
			if (n >= lastNeeded) {
				await drain();
				return { verdict, next: n + 1, reason: `page ${n} held the last records needed` };
			}
		}
	}

	/** The result, checked against the total; the first page's number is reported once it is known. */
	private finish(reason: string): T[] {
		const out = this.out.slice(0, this.want);
		if (this.total !== undefined) {
			const expected = Math.min(this.total, this.want);
			const unique = new Set(out.map(this.id)).size;
			if (out.length !== expected || unique !== out.length) {
				const twice = out.length - unique;
				throw this.fail('total', expected, unique, {
					duplicates: twice,
					reason: `${reason}${twice ? `; ${twice} record(s) came twice` : ''}`,
				});
			}
		}
		if (this.firstPage !== undefined) this.opts.onFirstPage?.(this.firstPage);
		return out;
	}

	private fail(
		line: PagingLine,
		expected: number,
		received: number,
		detail: { reason: string; duplicates?: number },
	): Error {
		const mismatch: ListingMismatch = {
			line,
			expected,
			received,
			duplicates: detail.duplicates ?? 0,
			reason: detail.reason,
		};
		return (
			this.opts.mismatch?.(mismatch) ??
			new Error(
				`The listing expected ${expected} records but its pages held ${received} ` +
					`(${detail.reason}; contract line ${line})`,
			)
		);
	}
}

/**
 * A record's identity as an error shows it: an id, or (for a record without one, identified by its content) no
 * content at all, since a record may carry anything, secrets echoed by a gateway included. The error builder
 * redacts what is left before anything is cut.
 */
const short = (text: string) =>
	text.startsWith('{') || text.startsWith('[')
		? 'a record without an id'
		: text.length > 60
			? `${text.slice(0, 60)}…`
			: text;

/**
 * The one policy for unpaged list answers: the records as a bare array or under any name (the shared envelope
 * reader, nodes/shared/envelope.ts), maybe empty. Anything else — an empty body, an HTML page, another document,
 * all with status 200 — is an error saying what was expected and naming the contract line of the answer's shape
 * (`where`), never an empty list: that would present a partial listing, or an empty trigger window, as complete.
 * An answer that reports a total above the records it holds is incomplete, and fails naming the line too.
 */
export function expectList(
	ctx: RequestContext,
	vendor: string,
	answer: unknown,
	what: string,
	itemIndex?: number,
	where?: string,
): IDataObject[] {
	const envelope = readEnvelope(answer);
	if (!envelope) throw unexpectedAnswer(ctx.getNode(), vendor, answer, what, itemIndex, where);
	if (envelope.total !== undefined && envelope.total > envelope.items.length)
		throw listingError(ctx.getNode(), {
			vendor,
			what,
			expected: envelope.total,
			received: envelope.items.length,
			reason: `one unpaged answer reports ${envelope.total} records (${envelope.totalKey}) and holds fewer`,
			line: 'total',
			itemIndex,
		});
	return envelope.items;
}

/**
 * The same policy for a page document: `pageOf` reads the vendor's page shape and answers undefined when the
 * answer is not a page, which is then an error saying what was expected and naming the contract line `where`.
 */
export function expectPage(
	ctx: RequestContext,
	vendor: string,
	answer: unknown,
	pageOf: (answer: unknown) => Page<IDataObject> | undefined,
	what: string,
	itemIndex?: number,
	where?: string,
): Page<IDataObject> {
	const page = pageOf(answer);
	if (!page) throw unexpectedAnswer(ctx.getNode(), vendor, answer, what, itemIndex, where);
	return page;
}
