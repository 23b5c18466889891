import { recall, remember } from './learned';
import type { RequestContext } from './types';

/** Watches one page request: a 400 to the first page asked is the tenant refusing that page number. */
export type PageWatch = <A>(page: number | undefined, request: () => Promise<A>) => Promise<A>;

/**
 * A 400 that refuses the page number: its message speaks of the page (`page`, `pageIndex`, …), or the vendor said
 * nothing. A 400 about something else (a search field the vendor refuses) is not retried from another page.
 */
function refusesPage(failure: unknown): boolean {
	const e = failure as { httpCode?: unknown; message?: unknown };
	if (e.httpCode !== '400') return false;
	const message = typeof e.message === 'string' ? e.message : '';
	return /page/i.test(message) || /answered 400(\s*\[[^\]]*\])?$/.test(message.trim());
}

/**
 * A paged listing whose first page number the tenant may count differently from the document (0 or 1). The
 * listing starts from what was learned for the credential (nodes/shared/learned.ts), else the documented base. A
 * tenant that refuses that first page with a 400 (refusesPage) is asked again from the other base, which is kept
 * only if it is answered: one refused request, once per credential. A refusal of both bases is the first one's
 * error. A tenant that serves the wrong first page instead of refusing it is caught by the completeness rule
 * (collectPages: repeated records), which names the pageBase line.
 *
 * `list(firstPage, watch)` runs the whole listing; its page requests go through `watch`.
 */
export async function listWithPageBase<T>(
	ctx: RequestContext,
	credentialType: string,
	documented: 0 | 1,
	list: (firstPage: number, watch: PageWatch) => Promise<T[]>,
): Promise<T[]> {
	const learned = recall<number>(ctx, credentialType, 'firstPage');
	const base = learned === 0 || learned === 1 ? learned : documented;
	let refused = false;
	const watching =
		(first: number): PageWatch =>
		async (page, request) =>
			await request().then(
				(answer) => answer,
				(failure: unknown) => {
					if (page === first && refusesPage(failure)) refused = true;
					throw failure as Error;
				},
			);
	const settle = async (first: number) =>
		await list(first, watching(first)).then(
			(records) => ({ records, failure: undefined }),
			(failure: unknown) => ({ records: undefined, failure }),
		);
	const attempt = await settle(base);
	if (attempt.records) return attempt.records;
	if (!refused) throw attempt.failure as Error;
	const other = base === 0 ? 1 : 0;
	refused = false;
	const retry = await settle(other);
	if (retry.records) {
		remember(ctx, credentialType, 'firstPage', other);
		return retry.records;
	}
	// Both bases refused: the first refusal is the one that explains (the documented or learned base).
	throw (refused ? attempt.failure : retry.failure) as Error;
}
