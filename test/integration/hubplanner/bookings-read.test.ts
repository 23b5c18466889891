import type { NodeApiError } from 'n8n-workflow';
import { HubPlannerSandbox } from '../../sandbox/hubplanner';
import { startHubPlanner } from './setup';

const { forgetLearnedInProcess } =
	require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

describe('Hub Planner: reading bookings', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.seedBookings(30);
		ctx.useKey(HubPlannerSandbox.WRITE_KEY);
	});

	// A short first page not below a page size this endpoint has served before proves nothing (a tenant capping
	// pages below 1,000 would otherwise end every listing after 1 page): the next page is asked for. [page, limit].
	it.each([
		[0, [['0', '1000']]],
		[1, [['0', '1000'], ['1', '1000']]],
		[999, [['0', '1000'], ['1', '1000']]],
		// After a full first page, 2 pages are in flight (READ_AHEAD): the one past the end is asked for too.
		[1000, [['0', '1000'], ['1', '1000'], ['2', '1000']]],
		[1001, [['0', '1000'], ['1', '1000'], ['2', '1000']]],
		[2500, [['0', '1000'], ['1', '1000'], ['2', '1000'], ['3', '1000']]],
	])('Return All over %i bookings gets every one with the requests %j', async (count, asked) => {
		forgetLearnedInProcess();
		ctx.sandbox.seedBookings(count);
		const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		const ids = result.items.map((i) => i.json._id);
		expect(ids).toHaveLength(count);
		expect(new Set(ids).size).toBe(count);
		expect(ids).toEqual(ctx.sandbox.data.bookings.filter((b) => !b.deleted).map((b) => b._id));
		const calls = ctx.sandbox.requests('/v1/booking', 'GET');
		expect(calls.map((c) => [c.query.page, c.query.limit])).toEqual(asked);
		// Again: a page as large as the largest served is still no proof (the cap may be exactly that), a full page of
		// 1,000 is: one request per page of 1,000 (and one ahead).
		ctx.sandbox.resetLog();
		const again = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
		expect(again.items).toHaveLength(count);
		const expected = count === 0 ? 1 : count < 1000 ? 2 : Math.floor(count / 1000) + 2;
		expect(ctx.sandbox.requests('/v1/booking', 'GET')).toHaveLength(expected);
	});

	it('a tenant that serves fewer records per page than asked gets every record, and the cap is learned', async () => {
		forgetLearnedInProcess();
		ctx.sandbox.seedBookings(2300);
		ctx.sandbox.limitCap = 100;
		try {
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json._id)).toEqual(ctx.sandbox.data.bookings.filter((b) => !b.deleted).map((b) => b._id));
			ctx.sandbox.resetLog();
			const again = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(again.items).toHaveLength(2300);
			const calls = ctx.sandbox.requests('/v1/booking', 'GET');
			expect(calls.every((c) => c.query.limit === '100')).toBe(true);
			// 23 full pages, the empty 24th and the one asked for ahead of it.
			expect(calls).toHaveLength(25);
		} finally {
			ctx.sandbox.limitCap = undefined;
			forgetLearnedInProcess();
		}
		// Over 50 requests: the second listing waits for the burst window (50 calls per 5 s).
	}, 30_000);

	it('no total and a silent cap of 200: all 1,200 bookings, the cap learned for this endpoint', async () => {
		forgetLearnedInProcess();
		ctx.sandbox.seedBookings(1200);
		ctx.sandbox.limitCap = 200;
		try {
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			const expected = ctx.sandbox.data.bookings.filter((b) => !b.deleted).map((b) => b._id);
			expect(expected).toHaveLength(1200);
			expect(result.items.map((i) => i.json._id)).toEqual(expected);
			const calls = ctx.sandbox.requests('/v1/booking', 'GET').map((c) => [c.query.page, c.query.limit]);
			// The short first page, the next page at the asked size (records: a cap), then pages of 200.
			expect(calls.slice(0, 3)).toEqual([['0', '1000'], ['1', '1000'], ['1', '200']]);
		} finally {
			ctx.sandbox.limitCap = undefined;
			forgetLearnedInProcess();
		}
	});

	it('a tenant refusing page 0 (pages from 1) is read from page 1, learned once per credential', async () => {
		forgetLearnedInProcess();
		ctx.sandbox.seedBookings(1500);
		ctx.sandbox.pageBase = 1;
		try {
			const expected = ctx.sandbox.data.bookings.map((b) => String(b._id)).sort();
			const first = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(first.error).toBeUndefined();
			expect(first.items.map((i) => String(i.json._id)).sort()).toEqual(expected);
			const pages = () => ctx.sandbox.requests('/v1/booking', 'GET').map((c) => [c.query.page, c.status]);
			expect(pages()[0]).toEqual(['0', 400]);
			expect(pages().filter(([, status]) => status === 400)).toHaveLength(1);
			ctx.sandbox.resetLog();
			const again = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(again.items).toHaveLength(expected.length);
			expect(pages()[0]).toEqual(['1', 200]);
			expect(pages().filter(([, status]) => status === 400)).toHaveLength(0);
		} finally {
			ctx.sandbox.pageBase = 0;
			forgetLearnedInProcess();
		}
	});

	it('a tenant serving page 0 and page 1 as the same page fails naming pageBase, no duplicates', async () => {
		forgetLearnedInProcess();
		ctx.sandbox.seedBookings(1500);
		ctx.sandbox.pageBase = 1;
		ctx.sandbox.lenientPageZero = true;
		try {
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toMatch(/page 1 begins with the record page 0 began with/);
			expect((result.error as { description?: string }).description).toContain('"pageBase"');
			// A small listing on a fresh credential (one short page, then the same page again) fails the same way.
			forgetLearnedInProcess();
			ctx.sandbox.seedBookings(30);
			const small = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(small.error?.message).toMatch(/the same page was served twice/);
		} finally {
			ctx.sandbox.pageBase = 0;
			ctx.sandbox.lenientPageZero = false;
			forgetLearnedInProcess();
		}
	});

	it('Limit fetches only what it needs', async () => {
		ctx.sandbox.seedBookings(2500);
		const five = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: false, limit: 5 });
		expect(five.items).toHaveLength(5);
		expect(ctx.sandbox.requests('/v1/booking').map((c) => c.query.limit)).toEqual(['5']);
		ctx.sandbox.resetLog();
		const many = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: false, limit: 1500 });
		expect(many.items).toHaveLength(1500);
		expect(ctx.sandbox.requests('/v1/booking')).toHaveLength(2);
	});

	it('sorts with repeated sort parameters and passes deleted/dependencies', async () => {
		const result = await ctx.run({
			resource: 'booking',
			operation: 'getAll',
			returnAll: true,
			options: { dependencies: true },
			sort: { rules: [{ field: 'start', direction: 'desc' }, { field: 'title', direction: 'asc' }] },
		});
		expect(result.error).toBeUndefined();
		const starts = result.items.map((i) => String(i.json.start));
		expect([...starts].sort().reverse()).toEqual(starts);
		const [call] = ctx.sandbox.requests('/v1/booking');
		expect(call.query.sort).toEqual(['-start', 'title']);
		expect(call.query.dependencies).toBe('true');
		expect(result.items[0].json).toHaveProperty('childIds');
	});

	it('gets one booking and adds the normalized shape with Simplify', async () => {
		const booking = ctx.sandbox.data.bookings[3];
		const result = await ctx.run({ resource: 'booking', operation: 'get', bookingId: booking._id, output: 'both' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const json = result.items[0].json;
		expect(json._id).toBe(booking._id);
		expect(json.title).toBe(booking.title);
		expect(json.normalized).toMatchObject({
			id: booking._id,
			vendor: 'hubPlanner',
			kind: 'booking',
			resource: { id: booking.resource, type: 'resource' },
			status: booking.type,
		});
		expect(String((json.normalized as { start: string }).start)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
	});

	it('searches by resource, project and period, merged with a raw query', async () => {
		const [b] = ctx.sandbox.data.bookings;
		const result = await ctx.run({
			resource: 'booking',
			operation: 'search',
			returnAll: true,
			filters: { resourceIds: b.resource, periodStart: b.start.slice(0, 10), periodEnd: b.end.slice(0, 10) },
			rawQuery: JSON.stringify({ project: { $in: [b.project] } }),
		});
		expect(result.error).toBeUndefined();
		const ids = result.items.map((i) => i.json._id);
		expect(ids).toContain(b._id);
		for (const item of result.items) {
			expect(item.json.resource).toBe(b.resource);
			expect(item.json.project).toBe(b.project);
		}
		const [call] = ctx.sandbox.requests('/v1/booking/search', 'POST');
		expect(call.body).toEqual({
			resource: { $in: [b.resource] },
			project: { $in: [b.project] },
			start: { $lt: expect.any(String) },
			end: { $gte: b.start.slice(0, 10) },
		});
	});

	it('searches by updated since and pages the search like a listing', async () => {
		ctx.sandbox.seedBookings(1200);
		const all = await ctx.run({ resource: 'booking', operation: 'search', returnAll: true, rawQuery: '{}' });
		expect(all.items).toHaveLength(1200);
		expect(ctx.sandbox.requests('/v1/booking/search').map((r) => r.query.page)).toEqual(['0', '1', '2']);
		const cut = ctx.sandbox.data.bookings[1000].updatedDate;
		const recent = await ctx.run({ resource: 'booking', operation: 'search', returnAll: true, filters: { updatedSince: cut } });
		expect(recent.items.length).toBe(ctx.sandbox.data.bookings.filter((b) => b.updatedDate >= cut).length);
	});

	describe('errors', () => {
		it('an unknown booking id is a 404 that says what to check', async () => {
			const result = await ctx.run({ resource: 'booking', operation: 'get', bookingId: 'nope123' });
			const error = result.error as NodeApiError;
			expect(error).toBeDefined();
			expect(error.httpCode).toBe('404');
			expect(error.message).toMatch(/Hub Planner answered 404/);
			expect(error.description).toMatch(/Check the ID/);
		});

		it('a wrong key is a 401 that points at the credential and never shows the key', async () => {
			ctx.useKey('wrong-key-secret-9876');
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			const error = result.error as NodeApiError;
			expect(error.httpCode).toBe('401');
			expect(error.description).toMatch(/credential/);
			expect(JSON.stringify({ m: error.message, d: error.description, run: result.run.data })).not.toContain('wrong-key-secret-9876');
		});

		it('a read-only key cannot write: 403 with the reason', async () => {
			ctx.useKey(HubPlannerSandbox.READ_KEY);
			const booking = ctx.sandbox.data.bookings[0];
			const result = await ctx.run({ resource: 'booking', operation: 'delete', bookingId: booking._id });
			expect((result.error as NodeApiError).httpCode).toBe('403');
			expect((result.error as NodeApiError).description).toMatch(/read-only/);
			expect(ctx.sandbox.data.bookings[0].deleted).toBeFalsy();
		});

		it('429 with Retry-After is waited out and the listing completes', async () => {
			ctx.sandbox.seedBookings(1500);
			ctx.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { error: { message: 'burst' } }, times: 2, match: (r) => r.query.page === '1' });
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1500);
			// Page 2 is asked for ahead of page 1 (and is the short last one); page 1 is retried until it answers.
			const asked = ctx.sandbox.requests('/v1/booking').map((r) => [r.query.page, r.status]);
			expect(asked.filter(([page]) => page === '1')).toEqual([
				['1', 429],
				['1', 429],
				['1', 200],
			]);
			expect(asked.filter(([page]) => page !== '1')).toEqual([
				['0', 200],
				['2', 200],
			]);
		});

		it('a Retry-After longer than a minute fails at once with a rate-limit error instead of stalling the workflow', async () => {
			ctx.sandbox.fault({ status: 429, headers: { 'Retry-After': '300' }, body: { error: { message: 'Too many requests' } }, times: 1 });
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			const error = result.error as NodeApiError;
			expect(error.httpCode).toBe('429');
			expect(error.description).toMatch(/rate limit/);
			expect(ctx.sandbox.requests('/v1/booking')).toHaveLength(1);
		});

		it('a 503 is retried with backoff; a 500 is not', async () => {
			ctx.sandbox.fault({ status: 503, body: 'down', times: 1 });
			const ok = await ctx.run({ resource: 'booking', operation: 'get', bookingId: ctx.sandbox.data.bookings[0]._id });
			expect(ok.error).toBeUndefined();
			ctx.sandbox.resetLog();
			ctx.sandbox.fault({ status: 500, body: { error: { message: 'boom' } }, times: 1 });
			const failed = await ctx.run({ resource: 'booking', operation: 'get', bookingId: ctx.sandbox.data.bookings[0]._id });
			expect((failed.error as NodeApiError).httpCode).toBe('500');
			expect(ctx.sandbox.requests(/booking/)).toHaveLength(1);
		});

		it('an HTML page with status 200 is an error, not data', async () => {
			ctx.sandbox.fault({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Maintenance</body></html>' });
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true });
			expect(result.error?.message).toMatch(/unusable answer.*HTML/);
		});

		it('bad input: invalid JSON query, unparseable dates, reversed period, empty id', async () => {
			const badJson = await ctx.run({ resource: 'booking', operation: 'search', returnAll: true, rawQuery: '{"resource": }' });
			expect(badJson.error?.message).toMatch(/Raw Query \(JSON\): is not valid JSON/);
			const notObject = await ctx.run({ resource: 'booking', operation: 'search', returnAll: true, rawQuery: '[1,2]' });
			expect(notObject.error?.message).toMatch(/Raw Query \(JSON\): must be a JSON object/);
			const badDate = await ctx.run({ resource: 'booking', operation: 'search', returnAll: true, filters: { updatedSince: 'yesterday-ish' } });
			expect(badDate.error?.message).toMatch(/Updated Since: "yesterday-ish" is not a date/);
			expect((badDate.error as { description?: string }).description).toMatch(/ISO 8601/);
			const reversed = await ctx.run({ resource: 'booking', operation: 'search', returnAll: true, filters: { periodStart: '2025-03-10', periodEnd: '2025-03-01' } });
			expect(reversed.error?.message).toMatch(/Period End: .* is not after Period Start/);
			const empty = await ctx.run({ resource: 'booking', operation: 'get', bookingId: '  ' });
			expect(empty.error?.message).toMatch(/Booking ID: is empty/);
			const huge = await ctx.run({ resource: 'booking', operation: 'get', bookingId: 'x'.repeat(20_000) });
			expect(huge.error?.message).toMatch(/Booking ID: "x+…" is not a Hub Planner ID/);
			const url = await ctx.run({ resource: 'booking', operation: 'get', bookingId: 'https://app.hubplanner.com/booking/1' });
			expect(url.error?.message).toMatch(/Booking ID: .* is not a Hub Planner ID/);
			const many = await ctx.run({ resource: 'booking', operation: 'deleteMany', by: 'ids', ids: 'abc, ../x' });
			expect(many.error?.message).toMatch(/Booking IDs: "..\/x" is not a Hub Planner ID/);
			expect(ctx.sandbox.requests(/booking/)).toHaveLength(0);
		});

		it('continue on fail: the failing item yields an error item and the others go on', async () => {
			const good = ctx.sandbox.data.bookings[0]._id;
			const result = await ctx.run(
				{ resource: 'booking', operation: 'get', bookingId: '={{ $json.id }}' },
				{ items: [{ id: good }, { id: 'missing' }, { id: good }], continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(result.items[1].json.error).toMatch(/404/);
			expect(result.items[0].json._id).toBe(good);
		});
	});
});
