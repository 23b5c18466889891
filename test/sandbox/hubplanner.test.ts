import * as http from 'http';
import type { AddressInfo } from 'net';
import { HubPlannerSandbox, createHubPlannerSandbox, type Booking } from './hubplanner';

const WRITE = HubPlannerSandbox.WRITE_KEY;
const READ = HubPlannerSandbox.READ_KEY;

interface CallOptions {
	key?: string | null;
	body?: unknown;
	rawBody?: string;
	contentType?: string;
}

async function call(sb: HubPlannerSandbox, method: string, path: string, opts: CallOptions = {}) {
	const headers: Record<string, string> = { Accept: 'application/json' };
	const key = opts.key === undefined ? WRITE : opts.key;
	if (key !== null) headers.Authorization = key;
	let body: string | undefined;
	if (opts.rawBody !== undefined || opts.body !== undefined) {
		body = opts.rawBody ?? JSON.stringify(opts.body);
		headers['Content-Type'] = opts.contentType ?? 'application/json';
	}
	const res = await fetch(`${sb.baseUrl}/v1${path}`, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** A local webhook receiver on 127.0.0.1 with a free port. */
async function receiver(status = 200) {
	const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			res.statusCode = status;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Hub Planner sandbox', () => {
	let sb: HubPlannerSandbox;
	beforeEach(async () => {
		sb = createHubPlannerSandbox();
		await sb.start();
	});
	afterEach(async () => {
		await sb.stop();
	});

	const resourceId = () => sb.data.resources[0]._id;
	const projectId = () => sb.data.projects[0]._id;
	const newBooking = (extra: Record<string, unknown> = {}) => ({
		resource: resourceId(),
		project: projectId(),
		start: '2030-03-04',
		end: '2030-03-05',
		...extra,
	});

	describe('authentication', () => {
		it('answers 401 without a key, with a Bearer prefix or an unknown key, never echoing the key', async () => {
			for (const key of [null, `Bearer ${WRITE}`, 'nope-secret-key', 'constructor', ` ${WRITE}x`]) {
				const res = await call(sb, 'GET', '/resource', { key });
				expect(res.status).toBe(401);
				expect(typeof res.json.error.message).toBe('string');
				expect(JSON.stringify(res.json)).not.toContain(WRITE);
				expect(JSON.stringify(res.json)).not.toContain('nope-secret-key');
			}
			expect((await call(sb, 'GET', '/resource', { key: WRITE })).status).toBe(200);
		});

		it('lets a read-only key read and search but not write or subscribe', async () => {
			expect((await call(sb, 'GET', '/booking', { key: READ })).status).toBe(200);
			expect((await call(sb, 'POST', '/booking/search', { key: READ, body: {} })).status).toBe(200);
			expect((await call(sb, 'POST', '/resource/search', { key: READ, body: {} })).status).toBe(200);
			expect((await call(sb, 'GET', '/subscription', { key: READ })).status).toBe(200);
			const id = sb.data.bookings[0]._id;
			const writes: Array<[string, string, unknown]> = [
				['POST', '/booking', newBooking()],
				['PUT', `/booking/${id}`, newBooking()],
				['PATCH', `/booking/${id}`, { note: 'x' }],
				['DELETE', `/booking/${id}`, undefined],
				['DELETE', `/booking?ids=${id}`, undefined],
				['POST', '/subscription', { event: 'booking.create', target_url: 'http://127.0.0.1:1/x' }],
			];
			for (const [method, path, body] of writes) {
				const res = await call(sb, method, path, { key: READ, body });
				expect(res.status).toBe(403);
				expect(res.json.error.message).toMatch(/read only/i);
			}
			expect(sb.data.bookings[0].deleted).toBeUndefined();
		});

		it('a revoked key stops working', async () => {
			delete sb.apiKeys[WRITE];
			expect((await call(sb, 'GET', '/booking')).status).toBe(401);
		});
	});

	describe('paging', () => {
		it('pages 2,500 bookings from 0 with limit 1..1000 and stops at the short page', async () => {
			sb.seedBookings(2500);
			expect((await call(sb, 'GET', '/booking')).json).toHaveLength(20);
			expect((await call(sb, 'GET', '/booking?page=1')).json[0]._id).toBe(sb.data.bookings[20]._id);
			const seen: string[] = [];
			for (let page = 0; ; page++) {
				const res = await call(sb, 'GET', `/booking?page=${page}&limit=1000`);
				expect(res.status).toBe(200);
				seen.push(...res.json.map((b: Booking) => b._id));
				if (res.json.length < 1000) {
					expect(page).toBe(2);
					expect(res.json).toHaveLength(500);
					break;
				}
			}
			expect(new Set(seen).size).toBe(2500);
			expect((await call(sb, 'GET', '/booking?page=3&limit=1000')).json).toEqual([]);
			expect((await call(sb, 'GET', '/booking?limit=1')).json).toHaveLength(1);
			expect((await call(sb, 'GET', '/booking?limit=999&page=2')).json).toHaveLength(502);
		});

		it.each(['0', '1001', 'abc', '-1', '2.5', ''])('answers 400 for limit=%p', async (limit) => {
			const res = await call(sb, 'GET', `/booking?limit=${limit}`);
			expect(res.status).toBe(400);
			expect(res.json.error.message).toMatch(/limit/);
		});

		it('answers 400 for a bad page, also on search', async () => {
			expect((await call(sb, 'GET', '/booking?page=-1&limit=5')).status).toBe(400);
			expect((await call(sb, 'POST', '/booking/search?limit=0', { body: {} })).status).toBe(400);
		});

		it('returns all resources and projects when unpaged, and pages them when asked', async () => {
			expect((await call(sb, 'GET', '/resource')).json).toHaveLength(sb.data.resources.length);
			expect((await call(sb, 'GET', '/project')).json).toHaveLength(sb.data.projects.length);
			expect((await call(sb, 'GET', '/project?page=0&limit=4')).json).toHaveLength(4);
			expect((await call(sb, 'GET', '/project?page=1&limit=4')).json).toHaveLength(sb.data.projects.length - 4);
			expect((await call(sb, 'GET', '/resource?limit=1&page=0')).json).toHaveLength(1);
		});

		it('builds the same data from the same seed', () => {
			const a = createHubPlannerSandbox({ seed: 7, bookings: 40 });
			const b = createHubPlannerSandbox({ seed: 7, bookings: 40 });
			expect(a.data).toEqual(b.data);
			expect(createHubPlannerSandbox({ resources: 3, projects: 2, bookings: 5 }).data.bookings).toHaveLength(5);
		});
	});

	describe('sorting', () => {
		it('sorts by documented fields, repeatable and descending, ties by _id', async () => {
			const res = await call(sb, 'GET', '/booking?limit=1000&sort=-start&sort=title');
			const list: Booking[] = res.json;
			for (let i = 1; i < list.length; i++) {
				expect(list[i - 1].start >= list[i].start).toBe(true);
				if (list[i - 1].start === list[i].start) expect(list[i - 1].title <= list[i].title).toBe(true);
			}
			const plain: Booking[] = (await call(sb, 'GET', '/booking?limit=1000')).json;
			expect(plain.map((b) => b._id)).toEqual([...plain.map((b) => b._id)].sort());
			const people = (await call(sb, 'GET', '/resource?sort=-email')).json.map((r: { email: string }) => r.email);
			expect(people).toEqual([...people].sort().reverse());
		});

		it('answers 400 for a field that is not sortable', async () => {
			const res = await call(sb, 'GET', '/booking?sort=resource');
			expect(res.status).toBe(400);
			expect(res.json.error.message).toMatch(/sort/i);
			expect((await call(sb, 'GET', '/booking?sort=start,-end')).status).toBe(400);
		});

		it("reads only the documented repeated form, not n8n's default sort[0]= serialisation", async () => {
			for (const query of ['sort%5B0%5D=start&sort%5B1%5D=title', 'sort%5B%5D=start']) {
				const res = await call(sb, 'GET', `/booking?${query}`);
				expect(res.status).toBe(400);
				expect(res.json.error.message).toMatch(/repeat/);
			}
		});
	});

	describe('search', () => {
		const search = async (body: unknown, path = '/booking/search?limit=1000') => call(sb, 'POST', path, { body });

		it('supports $in, $nin, equality and resource(s)', async () => {
			const [a, b, c] = sb.data.bookings;
			expect((await search({ _id: { $in: [a._id, c._id] } })).json.map((x: Booking) => x._id)).toEqual([a._id, c._id]);
			expect((await search({ _id: { $nin: [a._id] } })).json).toHaveLength(sb.data.bookings.length - 1);
			const mine = sb.data.bookings.filter((x) => x.resource === b.resource).length;
			expect((await search({ resource: b.resource })).json).toHaveLength(mine);
			expect((await search({ resources: { $in: [b.resource] } })).json).toHaveLength(mine);
			const proj = sb.data.bookings.filter((x) => x.project === b.project).length;
			expect((await search({ project: b.project })).json).toHaveLength(proj);
			expect((await search({ metadata: a.metadata })).json.map((x: Booking) => x._id)).toContain(a._id);
		});

		it('supports date ranges with $lt/$lte/$gt/$gte', async () => {
			const res = await search({ start: { $lt: '2025-03-01' }, end: { $gte: '2025-02-01' } });
			const expected = sb.data.bookings.filter((x) => x.start < '2025-03-01' && x.end >= '2025-02-01');
			expect(expected.length).toBeGreaterThan(0);
			expect(res.json.map((x: Booking) => x._id)).toEqual(expected.map((x) => x._id));
			const cut = sb.data.bookings[9].updatedDate;
			expect((await search({ updatedDate: { $gt: cut } })).json).toHaveLength(sb.data.bookings.length - 10);
			expect((await search({ updatedDate: { $lte: cut } })).json).toHaveLength(10);
		});

		it('pages search results, default 20 for bookings', async () => {
			sb.seedBookings(45);
			expect((await search({}, '/booking/search')).json).toHaveLength(20);
			expect((await search({}, '/booking/search?page=2')).json).toHaveLength(5);
		});

		it.each([
			[{ _id: { $regex: 'a' } }, /operator/],
			[{ $or: [] }, /operator/],
			[{ title: 'x' }, /not searchable/],
			[{ start: { $in: ['2025-01-01'] } }, /not supported/],
			[{ start: { $gte: 'not a date' } }, /date/],
			[[{ resource: 'x' }], /object/],
			['resource', /object/],
		])('answers 400 for query %j', async (body, message) => {
			const res = await search(body);
			expect(res.status).toBe(400);
			expect(res.json.error.message).toMatch(message);
		});

		it('answers 400 for invalid JSON and for a non-JSON content type', async () => {
			expect((await call(sb, 'POST', '/booking/search', { rawBody: '{"resource": ' })).status).toBe(400);
			expect((await call(sb, 'POST', '/booking/search', { rawBody: '{}', contentType: 'text/plain' })).status).toBe(400);
		});

		it('searches resources and projects, with $like where documented', async () => {
			const finance = sb.data.resources.filter((r) => r.customFields.some((f) => f.value === 'Finance'));
			const res = await call(sb, 'POST', '/resource/search', { body: { customFieldsValue: { $like: 'fin' } } });
			expect(res.json.map((r: { _id: string }) => r._id)).toEqual(finance.map((r) => r._id));
			const notActive = await call(sb, 'POST', '/resource/search', { body: { status: { $nin: 'STATUS_ACTIVE' } } });
			expect(notActive.json.every((r: { status: string }) => r.status !== 'STATUS_ACTIVE')).toBe(true);
			expect((await call(sb, 'POST', '/resource/search', { body: { firstName: { $like: 'a' } } })).status).toBe(400);
			const rid = sb.data.resources[1]._id;
			const projects = await call(sb, 'POST', '/project/search', { body: { resources: { $in: [rid] } } });
			expect(projects.json.length).toBe(sb.data.projects.filter((p) => p.resources.includes(rid)).length);
			expect((await call(sb, 'POST', '/project/search?limit=1', { body: { status: 'STATUS_ACTIVE' } })).json).toHaveLength(1);
		});

		it('gets single records and 404s unknown ids', async () => {
			const b = sb.data.bookings[3];
			expect((await call(sb, 'GET', `/booking/${b._id}`)).json).toEqual(b);
			expect((await call(sb, 'GET', `/resource/${resourceId()}`)).json._id).toBe(resourceId());
			expect((await call(sb, 'GET', `/project/${projectId()}`)).json._id).toBe(projectId());
			for (const path of ['/booking/ffffffffffffffffffffffff', '/resource/nope', '/project/nope']) {
				const res = await call(sb, 'GET', path);
				expect(res.status).toBe(404);
				expect(res.json.error.message).toMatch(/not found/);
			}
		});

		it('adds parentIds and childIds with dependencies=true', async () => {
			const [parent, child] = sb.data.bookings;
			const res = await call(sb, 'GET', '/booking?limit=2&dependencies=true');
			expect(res.json[0]).toMatchObject({ _id: parent._id, parentIds: [], childIds: [child._id] });
			expect(res.json[1]).toMatchObject({ _id: child._id, parentIds: [parent._id], childIds: [] });
			expect((await call(sb, 'GET', '/booking?limit=1')).json[0].childIds).toBeUndefined();
		});
	});

	describe('rate limits', () => {
		it('answers 429 with Retry-After past the burst limit, per key, until the window passes', async () => {
			let now = Date.UTC(2030, 0, 1, 12);
			const limited = createHubPlannerSandbox({ burstLimit: 3, burstWindowMs: 5000, now: () => now });
			await limited.start();
			try {
				for (let i = 0; i < 3; i++) {
					const ok = await call(limited, 'GET', '/resource');
					expect(ok.status).toBe(200);
					expect(ok.headers.get('x-ratelimit-limit')).toBe('6000');
					expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(6000 - i - 1));
					expect(ok.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
				}
				now += 2000;
				const res = await call(limited, 'GET', '/resource');
				expect(res.status).toBe(429);
				expect(res.headers.get('retry-after')).toBe('3');
				expect(res.headers.get('x-ratelimit-limit')).toBe('3');
				expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
				expect(res.json.error.message).toMatch(/limit/i);
				expect((await call(limited, 'GET', '/resource', { key: READ })).status).toBe(200);
				now += 3000;
				expect((await call(limited, 'GET', '/resource')).status).toBe(200);
			} finally {
				await limited.stop();
			}
		});

		it('enforces the daily limit too', async () => {
			const limited = createHubPlannerSandbox({ dailyLimit: 2 });
			await limited.start();
			try {
				expect((await call(limited, 'GET', '/project')).status).toBe(200);
				expect((await call(limited, 'GET', '/project')).status).toBe(200);
				const res = await call(limited, 'GET', '/project');
				expect(res.status).toBe(429);
				expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
			} finally {
				await limited.stop();
			}
		});
	});

	describe('booking writes', () => {
		it('creates a booking (201) with defaults, in hours view and as a request', async () => {
			const day = await call(sb, 'POST', '/booking', {
				body: newBooking({ state: 'STATE_DAY_MINUTE', stateValue: 480, note: 'n' }),
			});
			expect(day.status).toBe(201);
			expect(day.json).toMatchObject({
				start: '2030-03-04T09:00',
				end: '2030-03-05T18:00',
				type: 'SCHEDULED',
				allDay: true,
				stateValue: 480,
				note: 'n',
			});
			expect(day.json.details.bookedMinutes).toBe(960);
			expect(sb.data.bookings.at(-1)!._id).toBe(day.json._id);
			const hours = await call(sb, 'POST', '/booking', {
				body: newBooking({ start: '2017-08-21 10:00', end: '2017-08-21 15:00', allDay: false, state: 'STATE_DAY_MINUTE' }),
			});
			expect(hours.json).toMatchObject({ start: '2017-08-21T10:00', end: '2017-08-21T15:00', allDay: false, stateValue: 0 });
			expect(hours.json.details.bookedMinutes).toBe(300);
			const request = await call(sb, 'POST', '/booking', { body: newBooking({ type: 'WAITING_FOR_APPROVAL' }) });
			expect(request.json.type).toBe('WAITING_FOR_APPROVAL');
			expect(new Set([day.json._id, hours.json._id, request.json._id]).size).toBe(3);
		});

		it.each([
			[{ resource: undefined, project: undefined }, /resource, project/],
			[{ project: undefined }, /project/],
			[{ resource: 'ffffffffffffffffffffffff' }, /Unknown resource/],
			[{ project: 'nope' }, /Unknown project/],
			[{ start: '31/12/2030' }, /start must be a date/],
			[{ start: '2030-03-06', end: '2030-03-05' }, /before start/],
			[{ state: 'STATE_WEEK' }, /state/],
			[{ type: 'APPROVED' }, /type/],
			[{ stateValue: 'lots' }, /stateValue/],
		])('refuses a bad create %j with 400', async (change, message) => {
			const res = await call(sb, 'POST', '/booking', { body: newBooking(change) });
			expect(res.status).toBe(400);
			expect(res.json.error.message).toMatch(message);
		});

		it('PUT replaces the whole booking and requires the required fields; updatedDate moves on every write', async () => {
			const b = sb.data.bookings[0];
			const before = b.updatedDate;
			expect((await call(sb, 'PUT', `/booking/${b._id}`, { body: { title: 'x' } })).status).toBe(400);
			const put = await call(sb, 'PUT', `/booking/${b._id}`, {
				body: { resource: b.resource, project: b.project, start: '2030-01-07', end: '2030-01-08', title: 'Replaced' },
			});
			expect(put.status).toBe(200);
			expect(put.json).toMatchObject({ _id: b._id, title: 'Replaced', note: '', metadata: '', createdDate: b.createdDate });
			expect(put.json.updatedDate > before).toBe(true);
			const patch = await call(sb, 'PATCH', `/booking/${b._id}`, { body: { note: 'patched' } });
			expect(patch.json).toMatchObject({ title: 'Replaced', note: 'patched', start: '2030-01-07T09:00' });
			expect(patch.json.updatedDate > put.json.updatedDate).toBe(true);
			expect((await call(sb, 'PATCH', '/booking/nope', { body: { note: 'x' } })).status).toBe(404);
			expect((await call(sb, 'PATCH', `/booking/${b._id}`, { body: { end: '2029-01-01' } })).status).toBe(400);
		});

		it('approves and rejects requests only when WAITING_FOR_APPROVAL', async () => {
			const waiting = sb.data.bookings.filter((b) => b.type === 'WAITING_FOR_APPROVAL');
			expect(waiting.length).toBeGreaterThanOrEqual(2);
			const approver = sb.data.resources[1]._id;
			const noApprover = await call(sb, 'PATCH', `/booking/${waiting[0]._id}`, { body: { type: 'APPROVED' } });
			expect(noApprover.status).toBe(400);
			expect(noApprover.json.error.message).toMatch(/approvedOrRejectedById/);
			const ok = await call(sb, 'PATCH', `/booking/${waiting[0]._id}`, {
				body: { type: 'APPROVED', approvalInfo: { approvedOrRejectedById: approver, approverNote: 'fine' } },
			});
			expect(ok.status).toBe(200);
			expect(ok.json.type).toBe('APPROVED');
			expect(ok.json.approvalInfo).toMatchObject({ approvedOrRejectedById: approver, approverNote: 'fine' });
			expect(typeof ok.json.approvalInfo.approvedOrRejectedDate).toBe('string');
			const again = await call(sb, 'PATCH', `/booking/${waiting[0]._id}`, {
				body: { type: 'REJECTED', approvalInfo: { approvedOrRejectedById: approver } },
			});
			expect(again.status).toBe(400);
			expect(again.json.error.message).toMatch(/WAITING_FOR_APPROVAL/);
			const rejected = await call(sb, 'PATCH', `/booking/${waiting[1]._id}`, {
				body: {
					type: 'REJECTED',
					approvalInfo: { approvedOrRejectedById: approver, approvedOrRejectedDate: '2030-01-01T00:00:00.000Z' },
				},
			});
			expect(rejected.json).toMatchObject({
				type: 'REJECTED',
				approvalInfo: { approvedOrRejectedDate: '2030-01-01T00:00:00.000Z' },
			});
			expect((await call(sb, 'PATCH', `/booking/${waiting[1]._id}`, { body: { type: 'SCHEDULED' } })).status).toBe(400);
		});

		it('refuses over-scheduling while the warning is on, unless allowOverschedule', async () => {
			sb.overscheduleWarning = true;
			const existing = sb.insertBooking({ resource: resourceId(), project: projectId(), start: '2031-05-05', end: '2031-05-07' });
			const clash = await call(sb, 'POST', '/booking', { body: newBooking({ start: '2031-05-06', end: '2031-05-06' }) });
			expect(clash.status).toBe(400);
			expect(clash.json.error.code).toBe('OVERSCHEDULE_WARNING');
			expect(clash.json.error.message).toContain(existing._id);
			const free = await call(sb, 'POST', '/booking', { body: newBooking({ start: '2031-05-08', end: '2031-05-08' }) });
			expect(free.status).toBe(201);
			expect((await call(sb, 'PATCH', `/booking/${free.json._id}`, { body: { start: '2031-05-07' } })).status).toBe(400);
			expect((await call(sb, 'PATCH', `/booking/${free.json._id}`, { body: { note: 'no move, no check' } })).status).toBe(200);
			const forced = await call(sb, 'PATCH', `/booking/${free.json._id}`, {
				body: { start: '2031-05-07', allowOverschedule: true },
			});
			expect(forced.status).toBe(200);
			expect(forced.json.allowOverschedule).toBeUndefined();
			expect(
				(
					await call(sb, 'POST', '/booking', {
						body: newBooking({ start: '2031-05-06', end: '2031-05-06', allowOverschedule: true }),
					})
				).status,
			).toBe(201);
			const request = sb.insertBooking({
				resource: resourceId(),
				project: projectId(),
				start: '2031-05-05',
				end: '2031-05-05',
				type: 'WAITING_FOR_APPROVAL',
			});
			const approve = { type: 'APPROVED', approvalInfo: { approvedOrRejectedById: resourceId() } };
			expect((await call(sb, 'PATCH', `/booking/${request._id}`, { body: approve })).status).toBe(400);
			expect((await call(sb, 'PATCH', `/booking/${request._id}`, { body: { ...approve, allowOverschedule: true } })).status).toBe(
				200,
			);
		});

		it('deletes one booking (soft), then hides it except from deleted queries', async () => {
			const b = sb.data.bookings[2];
			const res = await call(sb, 'DELETE', `/booking/${b._id}`);
			expect(res.status).toBe(200);
			expect(res.json).toMatchObject({ _id: b._id, deleted: true });
			expect((await call(sb, 'GET', `/booking/${b._id}`)).status).toBe(404);
			expect((await call(sb, 'DELETE', `/booking/${b._id}`)).status).toBe(404);
			expect((await call(sb, 'GET', '/booking?limit=1000')).json.map((x: Booking) => x._id)).not.toContain(b._id);
			expect((await call(sb, 'GET', '/booking?deleted=true')).json.map((x: Booking) => x._id)).toEqual([b._id]);
			expect((await call(sb, 'POST', '/booking/search', { body: { deleted: true } })).json).toHaveLength(1);
			expect((await call(sb, 'POST', '/booking/search', { body: { deletedDate: { $gte: '2000-01-01' } } })).json[0]._id).toBe(
				b._id,
			);
			expect((await call(sb, 'POST', '/booking/search', { body: { _id: b._id } })).json).toEqual([]);
		});

		it('bulk-deletes by ids, resourceId or projectId and reports the count', async () => {
			const [a, b] = sb.data.bookings;
			const byIds = await call(sb, 'DELETE', `/booking?ids=${a._id},${b._id},ffffffffffffffffffffffff`);
			expect(byIds.json).toEqual({ message: expect.any(String), count: 2 });
			const rid = sb.data.resources[2]._id;
			const forResource = sb.data.bookings.filter((x) => x.resource === rid && !x.deleted).length;
			expect((await call(sb, 'DELETE', `/booking?resourceId=${rid}`)).json.count).toBe(forResource);
			const pid = sb.data.projects[1]._id;
			const forProject = sb.data.bookings.filter((x) => x.project === pid && !x.deleted).length;
			expect((await call(sb, 'DELETE', `/booking?projectId=${pid}`)).json.count).toBe(forProject);
			expect((await call(sb, 'DELETE', `/booking?projectId=${pid}`)).json.count).toBe(0);
			expect((await call(sb, 'DELETE', '/booking')).status).toBe(400);
			expect((await call(sb, 'DELETE', `/booking?ids=${a._id}&projectId=${pid}`)).status).toBe(400);
		});
	});

	describe('time entries, clients and billing rates', () => {
		it('pages time entries (default 20), searches them and gets one; 404 for an unknown id', async () => {
			expect((await call(sb, 'GET', '/timeentry')).json).toHaveLength(20);
			const page = await call(sb, 'GET', '/timeentry?page=2&limit=20');
			expect(page.json.map((e: { _id: string }) => e._id)).toEqual(sb.data.timeEntries.slice(40, 60).map((e) => e._id));
			const resource = sb.data.resources[0]._id;
			const found = await call(sb, 'POST', '/timeentry/search', { body: { resources: { $in: [resource] }, date: { $gte: '2025-03-04' } } });
			expect(found.json.map((e: { _id: string }) => e._id)).toEqual(sb.data.timeEntries.filter((e) => e.resource === resource && e.date >= '2025-03-04').map((e) => e._id).slice(0, 20));
			expect((await call(sb, 'POST', '/timeentry/search', { body: { minutes: 60 } })).status).toBe(400);
			expect((await call(sb, 'GET', `/timeentry/${sb.data.timeEntries[0]._id}`)).json._id).toBe(sb.data.timeEntries[0]._id);
			expect((await call(sb, 'GET', '/timeentry/aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
		});

		it('creates (201), replaces (PUT, read-only fields ignored) and deletes time entries; validates and refuses locked ones', async () => {
			const body = { resource: sb.data.resources[0]._id, project: sb.data.projects[0]._id, date: '2026-03-02', minutes: 480 };
			const created = await call(sb, 'POST', '/timeentry', { body });
			expect(created.status).toBe(201);
			expect(created.json).toMatchObject({ ...body, status: 'UNSUBMITTED', projectName: sb.data.projects[0].name, locked: false });
			const put = await call(sb, 'PUT', `/timeentry/${created.json._id}`, { body: { ...created.json, minutes: 30, projectName: 'ignored' } });
			expect(put.json).toMatchObject({ minutes: 30, projectName: sb.data.projects[0].name, createdDate: created.json.createdDate });
			expect((await call(sb, 'PUT', `/timeentry/${created.json._id}`, { body: { minutes: 30 } })).status).toBe(400);
			for (const bad of [{ ...body, minutes: -1 }, { ...body, date: '02/03/2026' }, { ...body, project: 'nope' }, { ...body, status: 'DONE' }])
				expect((await call(sb, 'POST', '/timeentry', { body: bad })).status).toBe(400);
			const locked = sb.data.timeEntries.find((e) => e.locked)!;
			expect((await call(sb, 'PUT', `/timeentry/${locked._id}`, { body: { ...locked, minutes: 1 } })).status).toBe(400);
			expect((await call(sb, 'DELETE', `/timeentry/${locked._id}`)).status).toBe(400);
			expect((await call(sb, 'DELETE', `/timeentry/${created.json._id}`)).status).toBe(200);
			const two = sb.data.timeEntries.filter((e) => !e.locked).slice(0, 2).map((e) => e._id);
			expect((await call(sb, 'DELETE', '/timeentry', { body: two })).status).toBe(204);
			expect(sb.data.timeEntries.some((e) => two.includes(e._id))).toBe(false);
			expect((await call(sb, 'POST', '/timeentry', { body, key: READ })).status).toBe(403);
		});

		it('lists, searches ($in, $nin, $like), gets, creates and renames clients', async () => {
			expect((await call(sb, 'GET', '/client')).json).toEqual(sb.data.clients);
			const like = await call(sb, 'POST', '/client/search', { body: { metadata: { $like: 'erp' } } });
			expect(like.json.map((c: { _id: string }) => c._id)).toEqual(sb.data.clients.filter((c) => c.metadata).map((c) => c._id));
			const nin = await call(sb, 'POST', '/client/search', { body: { name: { $nin: ['Acme Ltd'] } } });
			expect(nin.json).toHaveLength(sb.data.clients.length - 1);
			expect((await call(sb, 'POST', '/client/search', { body: { projects: 'x' } })).status).toBe(400);
			const created = await call(sb, 'POST', '/client', { body: { name: 'sample_client' } });
			expect(created.status).toBe(201);
			expect(created.json).toMatchObject({ name: 'sample_client', metadata: null });
			expect((await call(sb, 'POST', '/client', { body: {} })).status).toBe(400);
			const renamed = await call(sb, 'PUT', `/client/${created.json._id}`, { body: { name: 'sample_updated_client', metadata: 'ignored' } });
			expect(renamed.json).toMatchObject({ name: 'sample_updated_client', metadata: null });
			expect((await call(sb, 'GET', '/client/aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
		});

		it('lists billing rates and checks booking rates, custom fields and deadlines on booking writes', async () => {
			const rates = (await call(sb, 'GET', '/billingRate')).json;
			expect(rates.map((r: { currency: string }) => r.currency)).toEqual(['USD', 'EUR', 'SEK']);
			const good = await call(sb, 'POST', '/booking', {
				body: { ...newBooking(), bookingRate: { external: { defaultRateId: rates[0]._id } }, customFields: [{ templateId: 'f', value: 'x' }], deadlineDate: '2026-03-10', deadlineName: 'D' },
			});
			expect(good.status).toBe(201);
			expect(good.json).toMatchObject({ deadlineDate: '2026-03-10T00:00:00.000Z', bookingRate: { external: { defaultRateId: rates[0]._id } } });
			for (const extra of [{ bookingRate: { external: { defaultRateId: 'nope' } } }, { bookingRate: { other: {} } }, { customFields: 'x' }, { deadlineDate: 'soon' }])
				expect((await call(sb, 'POST', '/booking', { body: { ...newBooking(), ...extra } })).status).toBe(400);
		});

		it('variant knobs: renamed booking fields (accepted on input too) and fields ignored on writes', async () => {
			sb.renameFields = { title: 'name', start: 'startDate' };
			const created = await call(sb, 'POST', '/booking', { body: { ...newBooking({ start: undefined }), startDate: '2026-03-02', title: 'T' } });
			expect(created.status).toBe(201);
			expect(created.json).toMatchObject({ name: 'T', startDate: '2026-03-02T09:00' });
			expect(created.json).not.toHaveProperty('title');
			sb.ignoredOnWrite = ['metadata'];
			const dropped = await call(sb, 'POST', '/booking', { body: { ...newBooking(), metadata: 'ERP-1' } });
			expect(dropped.status).toBe(201);
			expect(dropped.json.metadata).toBe('');
		});
	});

	describe('subscriptions and webhooks', () => {
		it('validates, lists and deletes subscriptions', async () => {
			const bad = await call(sb, 'POST', '/subscription', {
				body: { event: 'booking.created', target_url: 'http://127.0.0.1/x' },
			});
			expect(bad.status).toBe(400);
			expect(bad.json.error.message).toMatch(/booking\.create/);
			expect(
				(await call(sb, 'POST', '/subscription', { body: { event: 'booking.create', target_url: 'not a url' } })).status,
			).toBe(400);
			const created = await call(sb, 'POST', '/subscription', {
				body: { event: 'project.update', target_url: 'http://127.0.0.1:9/x', authorization_token: 't' },
			});
			expect(created.status).toBe(201);
			expect(created.json).toMatchObject({
				event: 'project.update',
				target_url: 'http://127.0.0.1:9/x',
				authorization_token: 't',
			});
			expect(created.json._id).toMatch(/^[0-9a-f]{24}$/);
			expect(created.json.companyId).toMatch(/^[0-9a-f]{24}$/);
			expect(Number.isNaN(Date.parse(created.json.creationDate))).toBe(false);
			expect((await call(sb, 'GET', '/subscription')).json).toEqual([created.json]);
			expect((await call(sb, 'DELETE', `/subscription/${created.json._id}`)).status).toBe(200);
			expect((await call(sb, 'DELETE', `/subscription/${created.json._id}`)).status).toBe(404);
			expect((await call(sb, 'GET', '/subscription')).json).toEqual([]);
		});

		it('delivers booking events to subscribed targets with the hubplanner-token header before replying', async () => {
			const hook = await receiver();
			try {
				for (const event of ['booking.create', 'booking.update', 'booking.delete', 'booking.delete.multiple'])
					await call(sb, 'POST', '/subscription', { body: { event, target_url: hook.url, authorization_token: 'tok-1' } });
				const created = await call(sb, 'POST', '/booking', { body: newBooking({ start: '2017-09-12', end: '2017-09-14' }) });
				expect(hook.received).toHaveLength(1);
				const first = hook.received[0];
				expect(first.headers['hubplanner-token']).toBe('tok-1');
				expect(first.body).toMatchObject({
					event: 'booking.create',
					bookingId: created.json._id,
					resourceId: resourceId(),
					projectId: projectId(),
					projectName: sb.data.projects[0].name,
					start: { day: '12th', month: 'Sep', year: '2017', date: '2017-09-12T09:00:00.000Z', formatted: 'Sep 12th 2017' },
					end: { date: '2017-09-14T18:00:00.000Z' },
				});
				expect(typeof first.body.durationMinutes).toBe('number');
				await call(sb, 'PATCH', `/booking/${created.json._id}`, { body: { note: 'x' } });
				await call(sb, 'DELETE', `/booking/${created.json._id}`);
				const [a, b] = sb.data.bookings;
				await call(sb, 'DELETE', `/booking?ids=${a._id},${b._id}`);
				expect(hook.received.map((r) => (Array.isArray(r.body) ? 'array' : r.body.event))).toEqual([
					'booking.create',
					'booking.update',
					'booking.delete',
					'array',
				]);
				expect(hook.received[2].body.deletedById).toBeDefined();
				expect(hook.received[3].body.map((x: { bookingId: string; event: string }) => [x.bookingId, x.event])).toEqual([
					[a._id, 'booking.delete.multiple'],
					[b._id, 'booking.delete.multiple'],
				]);
				expect(sb.deliveries.map((d) => [d.event, d.status, d.url])).toEqual([
					['booking.create', 200, hook.url],
					['booking.update', 200, hook.url],
					['booking.delete', 200, hook.url],
					['booking.delete.multiple', 200, hook.url],
				]);
			} finally {
				await hook.close();
			}
		});

		it('records failed deliveries without failing the API call, and emit() reaches only that event', async () => {
			const failing = await receiver(500);
			const down = await receiver();
			await down.close();
			try {
				await call(sb, 'POST', '/subscription', { body: { event: 'booking.create', target_url: failing.url } });
				await call(sb, 'POST', '/subscription', { body: { event: 'booking.create', target_url: down.url } });
				await call(sb, 'POST', '/subscription', { body: { event: 'project.update', target_url: failing.url } });
				const created = await call(sb, 'POST', '/booking', { body: newBooking() });
				expect(created.status).toBe(201);
				expect(sb.deliveries).toHaveLength(2);
				expect(sb.deliveries[0]).toMatchObject({ url: failing.url, status: 500 });
				expect(sb.deliveries[0].headers['hubplanner-token']).toBeUndefined();
				expect(sb.deliveries[1]).toMatchObject({ url: down.url, status: 0, error: expect.any(String) });
				await sb.emit('project.update', { event: 'project.update', projectId: projectId() });
				expect(sb.deliveries).toHaveLength(3);
				expect(failing.received.at(-1)!.body).toEqual({ event: 'project.update', projectId: projectId() });
			} finally {
				await failing.close();
			}
		});
	});

	it('serves only under /v1 and supports the framework fault knob', async () => {
		expect((await fetch(`${sb.baseUrl}/booking`, { headers: { Authorization: WRITE } })).status).toBe(404);
		sb.fault({ status: 503, body: { error: { message: 'down' } }, match: (r) => r.path === '/v1/resource' });
		expect((await call(sb, 'GET', '/resource')).status).toBe(503);
		expect((await call(sb, 'GET', '/resource')).status).toBe(200);
	});
});
