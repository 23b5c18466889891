import { backoffMs, decideRetry, DEFAULT_RETRY, parseRetryAfter } from '../../nodes/shared/retry';
import {
	collectPages,
	type ListingMismatch,
	type Page,
	type PageFacts,
	type PageMemory,
} from '../../nodes/shared/paging';
import { RecentKeys } from '../../nodes/shared/pollState';
import { checkBaseUrl, checkName } from '../../nodes/shared/url';
import { joinUrl } from '../../nodes/shared/request';
import { readHttpFailure, redact } from '../../nodes/shared/errors';
import { splitRange } from '../../nodes/shared/dates';
import { normalizedBooking } from '../../nodes/shared/normalize';
import { DateTime } from 'luxon';

describe('retry', () => {
	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('0.5')).toBe(500);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10000);
		expect(parseRetryAfter('Thu, 01 Jan 2025 00:00:10 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('backs off exponentially with jitter inside [ceiling/2, ceiling], capped', () => {
		for (let attempt = 1; attempt <= 10; attempt++) {
			const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
			expect(backoffMs(attempt, DEFAULT_RETRY, () => 0)).toBe(Math.round(ceiling / 2));
			expect(backoffMs(attempt, DEFAULT_RETRY, () => 0.999999)).toBeLessThanOrEqual(ceiling);
		}
	});

	const axiosLike = (status: number | undefined, headers: Record<string, string> = {}, code?: string) => ({
		message: 'x',
		code,
		response: status === undefined ? undefined : { status, headers, data: {} },
	});

	it('retries 429 always, 5xx and dropped connections only when idempotent, never 400/500 or past the limit', () => {
		expect(decideRetry(axiosLike(429, { 'retry-after': '2' }), 1, false, DEFAULT_RETRY)).toMatchObject({ retry: true, waitMs: 2000 });
		expect(decideRetry(axiosLike(503), 1, true, DEFAULT_RETRY).retry).toBe(true);
		expect(decideRetry(axiosLike(503), 1, false, DEFAULT_RETRY).retry).toBe(false);
		expect(decideRetry(axiosLike(undefined, {}, 'ECONNRESET'), 1, true, DEFAULT_RETRY).retry).toBe(true);
		expect(decideRetry(axiosLike(500), 1, true, DEFAULT_RETRY).retry).toBe(false);
		expect(decideRetry(axiosLike(400), 1, true, DEFAULT_RETRY).retry).toBe(false);
		expect(decideRetry(axiosLike(503), DEFAULT_RETRY.attempts, true, DEFAULT_RETRY).retry).toBe(false);
		expect(decideRetry(axiosLike(429, { 'retry-after': '3600' }), 1, true, DEFAULT_RETRY).retry).toBe(false);
	});

	it('finds status and headers through wrapped errors (NodeApiError.cause → axios error)', () => {
		const wrapped = { message: 'outer', httpCode: '418', cause: axiosLike(429, { 'Retry-After': '1' }) };
		expect(readHttpFailure(wrapped)).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
		expect(readHttpFailure({ message: 'only code', httpCode: '404' }).status).toBe(404);
	});
});

describe('paging', () => {
	function source(total: number, opts: { reportTotal?: boolean; cap?: number } = {}) {
		const calls: Array<[number, number]> = [];
		const fetchPage = async (page: number, size: number): Promise<Page<number>> => {
			calls.push([page, size]);
			const real = Math.min(size, opts.cap ?? size);
			const items = Array.from({ length: Math.max(0, Math.min(real, total - page * real)) }, (_, i) => page * real + i);
			return { items, total: opts.reportTotal ? total : undefined };
		};
		return { calls, fetchPage };
	}

	// Without a total a short first page proves nothing (the endpoint may cap pages below the size asked): one more
	// request shows whether records follow. After a full page, a short page is proven to be the last.
	it.each([
		[0, 1],
		[1, 2],
		[999, 2],
		[1000, 2],
		[1001, 2],
		[2500, 3],
	])('without a total: %i records take %i requests (stop at a proven end)', async (total, requests) => {
		const s = source(total);
		const all = await collectPages({ pageSize: 1000, fetchPage: s.fetchPage });
		expect(all).toEqual(Array.from({ length: total }, (_, i) => i));
		expect(s.calls).toHaveLength(requests);
	});

	it.each([
		[0, 1],
		[1000, 1],
		[1001, 2],
		[2500, 3],
	])('with a total: %i records take %i requests (no extra page), concurrently, in order', async (total, requests) => {
		const s = source(total, { reportTotal: true });
		const all = await collectPages({ pageSize: 1000, fetchPage: s.fetchPage, concurrency: 3 });
		expect(all).toEqual(Array.from({ length: total }, (_, i) => i));
		expect(s.calls).toHaveLength(requests);
	});

	it.each([
		[0, 1],
		[999, 2],
		[1000, 3],
		[2500, 4],
		[10000, 12],
	])('without a total, reading ahead 2 pages: %i records take %i requests (one past the end at most), in order', async (total, requests) => {
		const s = source(total);
		let inFlight = 0;
		let peak = 0;
		const all = await collectPages({
			pageSize: 1000,
			readAhead: 2,
			fetchPage: async (page, size) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				// Later pages answer first: the order must still be the pages' order.
				await new Promise((r) => setTimeout(r, page % 2 === 0 ? 2 : 0));
				inFlight--;
				return await s.fetchPage(page, size);
			},
		});
		expect(all).toEqual(Array.from({ length: total }, (_, i) => i));
		expect(s.calls).toHaveLength(requests);
		expect(peak).toBeLessThanOrEqual(2);
	});

	it('reading ahead never asks past a limit, and a failing page past the end is no unhandled rejection', async () => {
		const s = source(5000);
		expect(await collectPages({ pageSize: 1000, limit: 2500, readAhead: 3, fetchPage: s.fetchPage })).toHaveLength(2500);
		expect(Math.max(...s.calls.map(([page]) => page))).toBe(2);
		const rejected: unknown[] = [];
		const onRejection = (reason: unknown) => rejected.push(reason);
		process.on('unhandledRejection', onRejection);
		try {
			const short = source(1500);
			const all = await collectPages({
				pageSize: 1000,
				readAhead: 3,
				fetchPage: async (page, size) => {
					if (page >= 2) throw new Error(`page ${page} failed`);
					return await short.fetchPage(page, size);
				},
			});
			expect(all).toHaveLength(1500);
			await new Promise((r) => setImmediate(r));
			expect(rejected).toEqual([]);
		} finally {
			process.off('unhandledRejection', onRejection);
		}
	});

	it('a limit asks for no more than needed', async () => {
		const s = source(5000, { reportTotal: true });
		expect(await collectPages({ pageSize: 1000, limit: 5, fetchPage: s.fetchPage })).toHaveLength(5);
		expect(s.calls).toEqual([[0, 5]]);
	});

	it('a server that silently caps the page size is read page by page up to the total', async () => {
		const s = source(2500, { reportTotal: true, cap: 100 });
		const all = await collectPages({ pageSize: 1000, fetchPage: s.fetchPage, concurrency: 3 });
		expect(all).toHaveLength(2500);
		expect(new Set(all).size).toBe(2500);
	});

	const memory = (facts: PageFacts = {}): PageMemory => ({
		facts,
		learn(learned) {
			Object.assign(facts, learned);
		},
	});

	it('without a total, a silent cap of 200 of 1,200 records is found, learned and used: every record', async () => {
		const s = source(1200, { cap: 200 });
		const mem = memory();
		const all = await collectPages({ pageSize: 1000, fetchPage: s.fetchPage, memory: mem, readAhead: 2 });
		expect(all).toEqual(Array.from({ length: 1200 }, (_, i) => i));
		expect(mem.facts.cap).toBe(200);
		// The short first page, the next page at the asked size (records: a cap), then pages of 200.
		expect(s.calls.slice(0, 3)).toEqual([[0, 1000], [1, 1000], [1, 200]]);
		s.calls.length = 0;
		expect(await collectPages({ pageSize: 1000, fetchPage: s.fetchPage, memory: mem })).toHaveLength(1200);
		expect(s.calls.every(([, size]) => size === 200)).toBe(true);
		expect(s.calls).toHaveLength(7);
	});

	it('a short page below a page size the endpoint served before ends the listing without an extra request', async () => {
		const mem = memory({ served: 1000 });
		const s = source(999);
		expect(await collectPages({ pageSize: 1000, fetchPage: s.fetchPage, memory: mem })).toHaveLength(999);
		expect(s.calls).toEqual([[0, 1000]]);
		// Equal to the largest page served is no proof: the cap may be exactly that.
		const t = source(1000, { cap: 999 });
		const ahead = await collectPages({ pageSize: 1000, fetchPage: t.fetchPage, memory: memory({ served: 999 }) });
		expect(ahead).toHaveLength(1000);
	});

	it('pages served twice are an error naming the page numbering line, not data', async () => {
		const same = async (_page: number | undefined, size: number): Promise<Page<number>> => ({
			items: Array.from({ length: size }, (_, i) => i),
		});
		const failure = await collectPages({ pageSize: 1000, fetchPage: same, readAhead: 2 }).catch((e: Error) => e);
		expect(String(failure)).toMatch(/page 1 begins with the record page 0 began with.*contract line pageBase/);
		let seen: string | undefined;
		const mismatch = (d: ListingMismatch) => new Error((seen = d.line));
		await collectPages({ pageSize: 5, fetchPage: same, mismatch }).catch(() => undefined);
		expect(seen).toBe('pageBase');
	});

	it('an echoed page size below the one asked makes a page of that size full', async () => {
		const s = source(450, { cap: 100 });
		const echo = async (page: number | undefined, size: number) => ({ ...(await s.fetchPage(page!, size)), size: 100 });
		const mem = memory({ served: 100 });
		expect(await collectPages({ pageSize: 1000, fetchPage: echo, memory: mem })).toHaveLength(450);
		expect(mem.facts.cap).toBe(100);
		expect(s.calls[1]).toEqual([1, 100]);
	});

	it('with a total, a short first page is the cap: the rest is read at that size, concurrently', async () => {
		const s = source(1000, { reportTotal: true, cap: 200 });
		const mem = memory();
		const all = await collectPages({ pageSize: 1000, fetchPage: s.fetchPage, concurrency: 3, memory: mem });
		expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
		expect(mem.facts.cap).toBe(200);
		expect(s.calls).toEqual([[0, 1000], [1, 200], [2, 200], [3, 200], [4, 200]]);
	});

	it('with a total, a listing that falls short fails saying expected vs received and the total line', async () => {
		const s = source(300, { cap: 100 });
		const lying = async (page: number | undefined, size: number) => ({ ...(await s.fetchPage(page!, size)), total: 500 });
		let detail: ListingMismatch | undefined;
		await collectPages({
			pageSize: 100,
			fetchPage: lying,
			mismatch: (d) => new Error(String((detail = d).line)),
		}).catch(() => undefined);
		expect(detail).toMatchObject({ line: 'total', expected: 500, received: 300 });
	});
});

describe('poll state', () => {
	it('RecentKeys is bounded and survives a JSON round trip', () => {
		const keys = new RecentKeys(undefined, 3);
		['a', 'b', 'c', 'd'].forEach((k) => keys.add(k));
		expect(keys.toJSON()).toEqual(['b', 'c', 'd']);
		const reloaded = new RecentKeys(JSON.parse(JSON.stringify(keys)), 3);
		expect(reloaded.has('a')).toBe(false);
		expect(reloaded.has('d')).toBe(true);
	});
});

describe('addresses', () => {
	it.each([
		'http://evil.example/v1',
		'https://user:pass@api.example.com',
		'https://api.example.com@evil.example',
		'https://api.example.com/v1#frag',
		'https://api.example.com/v1?x=1',
		'https://api.example.com/v1\r\nHost: evil',
		'https://api.example.com/ v1',
		'ftp://api.example.com',
		'javascript:alert(1)',
		'',
	])('refuses %j', (url) => {
		expect(() => checkBaseUrl(url, 'Base URL')).toThrow(/Base URL/);
	});

	it('accepts https and loopback http, without a trailing slash', () => {
		expect(checkBaseUrl('https://api.example.com/v1/', 'Base URL')).toBe('https://api.example.com/v1');
		expect(checkBaseUrl('http://127.0.0.1:4000', 'Base URL')).toBe('http://127.0.0.1:4000');
		expect(checkBaseUrl('http://localhost:4000/api', 'Base URL')).toBe('http://localhost:4000/api');
	});

	it.each(['evil.example/', 'a@b', 'a#b', 'a/b', 'a b', 'a\r\nb', '-a', 'a.b'])('refuses the name %j', (name) => {
		expect(() => checkName(name, 'Tenant Name', 'acme')).toThrow(/Tenant Name/);
	});

	it('joinUrl refuses absolute paths and keeps relative ones under the base', () => {
		expect(joinUrl('https://x.example/v1', '/booking/1')).toBe('https://x.example/v1/booking/1');
		expect(() => joinUrl('https://x.example/v1', 'https://evil.example/x')).toThrow(/relative/);
		expect(() => joinUrl('https://x.example/v1', '//evil.example/x')).toThrow(/relative/);
	});
});

describe('secrets and shapes', () => {
	it('redact masks secrets in text and objects', () => {
		expect(redact('key=supersecret1 and supersecret1', ['supersecret1'])).toBe('key=*** and ***');
		expect(redact({ a: { b: 'x-supersecret1' } }, ['supersecret1'])).toEqual({ a: { b: 'x-***' } });
	});

	it('splitRange makes consecutive windows without gaps or overlaps', () => {
		const start = DateTime.fromISO('2024-01-31T10:00:00Z', { setZone: true });
		const end = DateTime.fromISO('2025-09-15T00:00:00Z', { setZone: true });
		const windows = splitRange(start, end, { months: 6 });
		expect(windows[0].start.equals(start)).toBe(true);
		expect(windows[windows.length - 1].end.equals(end)).toBe(true);
		for (let i = 1; i < windows.length; i++) expect(windows[i].start.equals(windows[i - 1].end)).toBe(true);
		for (const w of windows) expect(w.end <= w.start.plus({ months: 6 })).toBe(true);
	});

	it('the normalized booking always has every key', () => {
		expect(Object.keys(normalizedBooking({ id: '1', vendor: 'x', kind: 'booking' })).sort()).toEqual(
			['amount', 'costCenter', 'end', 'id', 'kind', 'lockedAt', 'owner', 'resource', 'start', 'status', 'title', 'updatedAt', 'vendor'].sort(),
		);
	});
});
