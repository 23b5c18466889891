import { PLANNINGPME_JWT_GRANT, PlanningPmeSandbox, createPlanningPmeSandbox } from './planningpme';

const APP = PlanningPmeSandbox.APP_KEY;

interface CallOptions {
	appKey?: string | null;
	token?: string | null;
	body?: unknown;
	form?: Record<string, string>;
	lang?: string;
}

async function call(sb: PlanningPmeSandbox, method: string, path: string, opts: CallOptions = {}) {
	const headers: Record<string, string> = { Accept: 'application/json' };
	const appKey = opts.appKey === undefined ? APP : opts.appKey;
	if (appKey !== null) headers['X-APPKEY'] = appKey;
	if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
	if (opts.lang) headers['Accept-Language'] = opts.lang;
	let body: string | undefined;
	if (opts.form) {
		body = new URLSearchParams(opts.form).toString();
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	} else if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(`${sb.baseUrl}/ACME/${path}`, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

async function login(sb: PlanningPmeSandbox): Promise<string> {
	const res = await call(sb, 'POST', 'token', { form: { grant_type: 'password', username: PlanningPmeSandbox.USER, password: PlanningPmeSandbox.PASSWORD } });
	expect(res.status).toBe(200);
	return res.json.access_token;
}

describe('PlanningPME sandbox', () => {
	let sb: PlanningPmeSandbox;
	let clock: number;
	beforeEach(async () => {
		clock = Date.UTC(2030, 0, 7, 10, 0, 0);
		sb = createPlanningPmeSandbox({ now: () => clock });
		await sb.start();
	});
	afterEach(async () => {
		await sb.stop();
	});

	describe('app key and token', () => {
		it('needs X-APPKEY on every call, the token call included (401 without, 403 unknown)', async () => {
			expect((await call(sb, 'GET', 'api/config', { appKey: null })).status).toBe(401);
			expect((await call(sb, 'GET', 'api/config', { appKey: 'nope-key' })).status).toBe(403);
			const token = await call(sb, 'POST', 'token', { appKey: null, form: { grant_type: 'password', username: 'planner', password: PlanningPmeSandbox.PASSWORD } });
			expect(token.status).toBe(401);
			const cfg = await call(sb, 'GET', 'api/config');
			expect(cfg.status).toBe(200);
			expect(cfg.json.enums.ResourceType).toEqual({ Human: 'Human', Material: 'Material', ToPlan: 'ToPlan', Extern: 'Extern' });
			expect(Object.keys(cfg.json.enums)).toHaveLength(51);
		});

		it('issues tokens for both grant types and refuses bad ones with OAuth errors', async () => {
			const pw = await call(sb, 'POST', 'token', { form: { grant_type: 'password', username: 'planner', password: PlanningPmeSandbox.PASSWORD } });
			expect(pw.json).toMatchObject({ token_type: 'bearer', expires_in: 86399, username: 'planner' });
			const jwt = await call(sb, 'POST', 'token', { form: { grant_type: PLANNINGPME_JWT_GRANT, assertion: PlanningPmeSandbox.ACCOUNT_TOKEN } });
			expect(jwt.json).toMatchObject({ token_type: 'bearer', username: 'service.account' });
			expect(sb.tokenStats).toEqual({ issued: 2, password: 1, jwt: 1 });
			const wrong = await call(sb, 'POST', 'token', { form: { grant_type: 'password', username: 'planner', password: 'wrong-password' } });
			expect(wrong.status).toBe(400);
			expect(wrong.json.error).toBe('invalid_grant');
			expect(JSON.stringify(wrong.json)).not.toContain('wrong-password');
			expect((await call(sb, 'POST', 'token', { form: { grant_type: PLANNINGPME_JWT_GRANT, assertion: 'bogus' } })).json.error).toBe('invalid_grant');
			expect((await call(sb, 'POST', 'token', { form: { grant_type: 'client_credentials' } })).json.error).toBe('unsupported_grant_type');
			expect((await call(sb, 'POST', 'token', { body: { grant_type: 'password' } })).json.error).toBe('invalid_request');
			sb.grantTypes.delete('password');
			expect((await call(sb, 'POST', 'token', { form: { grant_type: 'password', username: 'planner', password: PlanningPmeSandbox.PASSWORD } })).json.error).toBe(
				'unsupported_grant_type',
			);
		});

		it('answers 401 without, with an unknown or with an expired token', async () => {
			expect((await call(sb, 'GET', 'api/task')).status).toBe(401);
			expect((await call(sb, 'GET', 'api/task', { token: 'made-up' })).status).toBe(401);
			const token = await login(sb);
			expect((await call(sb, 'GET', 'api/task', { token })).status).toBe(200);
			sb.expireTokens();
			const expired = await call(sb, 'GET', 'api/task', { token });
			expect(expired.status).toBe(401);
			expect(expired.headers.get('www-authenticate')).toBe('Bearer');
			expect(expired.json.Message).toBe('Authorization has been denied for this request.');
			const fresh = await login(sb);
			expect((await call(sb, 'GET', 'api/task', { token: fresh })).status).toBe(200);
		});

		it('expires tokens after expires_in seconds', async () => {
			sb.tokenTtlSeconds = 60;
			const token = await login(sb);
			clock += 59_000;
			expect((await call(sb, 'GET', 'api/task', { token })).status).toBe(200);
			clock += 2_000;
			expect((await call(sb, 'GET', 'api/task', { token })).status).toBe(401);
		});

		it('answers in the Accept-Language language', async () => {
			const res = await call(sb, 'GET', 'api/task/999999', { token: await login(sb), lang: 'es-ES' });
			expect(res.status).toBe(404);
			expect(res.json.Message).toBe('No existe task con la clave 999999.');
			expect(res.headers.get('content-language')).toBe('es');
		});

		it('counts calls per app key per hour and answers 429 with Retry-After', async () => {
			sb.setQuota(APP, 3);
			for (let i = 0; i < 3; i++) expect((await call(sb, 'GET', 'api/config')).status).toBe(200);
			const over = await call(sb, 'GET', 'api/config');
			expect(over.status).toBe(429);
			expect(over.headers.get('retry-after')).toBe('3600');
			expect(over.json.Message).toContain('3 requests per hour');
			clock += 3_600_000;
			expect((await call(sb, 'GET', 'api/config')).status).toBe(200);
		});
	});

	describe('lists', () => {
		let token: string;
		beforeEach(async () => {
			token = await login(sb);
		});

		it('pages from pageIndex 0 with totalItems, and returns everything unpaged', async () => {
			sb.seedEntity('task', 97);
			const page1 = await call(sb, 'GET', 'api/task?pageIndex=1&pageSize=20', { token });
			expect(page1.json.totalItems).toBe(97);
			expect(page1.json.items).toHaveLength(20);
			expect(page1.json.items[0].key).toBe(sb.data.task[20].key);
			expect(page1.json.items[0].skills).toBeUndefined();
			const last = await call(sb, 'GET', 'api/task?pageIndex=4&pageSize=20', { token });
			expect(last.json.items).toHaveLength(17);
			expect((await call(sb, 'GET', 'api/task?pageIndex=9&pageSize=20', { token })).json).toEqual({ totalItems: 97, items: [] });
			expect((await call(sb, 'GET', 'api/task', { token })).json.items).toHaveLength(97);
			for (const bad of ['pageSize=0', 'pageSize=1001', 'pageIndex=-1&pageSize=5', 'pageIndex=1'])
				expect((await call(sb, 'GET', `api/task?${bad}`, { token })).status).toBe(400);
			sb.seedEntity('task', 0);
			expect((await call(sb, 'GET', 'api/task?pageIndex=0&pageSize=1000', { token })).json).toEqual({ totalItems: 0, items: [] });
		});

		it('sorts with sortInfo on any property, several combined, + encoded or sent as a space', async () => {
			const labels = (res: { json: { items: Array<{ label: string }> } }) => res.json.items.map((i) => i.label);
			const asc = await call(sb, 'GET', `api/customer?sortInfo=${encodeURIComponent('label+')}`, { token });
			expect(labels(asc)).toEqual([...labels(asc)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
			const raw = await call(sb, 'GET', 'api/customer?sortInfo=label+', { token });
			expect(labels(raw)).toEqual(labels(asc));
			const desc = await call(sb, 'GET', 'api/customer?sortInfo=label-', { token });
			expect(labels(desc)).toEqual([...labels(asc)].reverse());
			const combined = await call(sb, 'GET', `api/resource?sortInfo=${encodeURIComponent('notValid-label+')}`, { token });
			const items = combined.json.items as Array<{ notValid: boolean; label: string }>;
			expect(items[0].notValid).toBe(true);
			expect(items.slice(1).every((r) => !r.notValid)).toBe(true);
			const nested = await call(sb, 'GET', `api/project?sortInfo=${encodeURIComponent('customer.label-')}`, { token });
			expect(nested.status).toBe(200);
			expect((await call(sb, 'GET', 'api/customer?sortInfo=Label%2B', { token })).status).toBe(400);
			expect((await call(sb, 'GET', 'api/customer?sortInfo=%2B%2B', { token })).status).toBe(400);
		});

		it('filters unavailabilities by date range and lists departments and categories', async () => {
			const all = (await call(sb, 'GET', 'api/unavailability', { token })).json;
			expect(all.totalItems).toBe(10);
			const some = (await call(sb, 'GET', 'api/unavailability?dateFrom=2026-03-10T00:00:00Z&dateTo=2026-03-20T00:00:00Z', { token })).json;
			for (const u of some.items) {
				expect(Date.parse(u.start)).toBeLessThan(Date.parse('2026-03-20T00:00:00Z'));
				expect(Date.parse(u.end)).toBeGreaterThan(Date.parse('2026-03-10T00:00:00Z'));
			}
			expect((await call(sb, 'GET', 'api/unavailability?dateFrom=nope', { token })).status).toBe(400);
			expect((await call(sb, 'GET', 'api/department', { token })).json.totalItems).toBe(3);
			expect((await call(sb, 'GET', 'api/category?pageIndex=0&pageSize=2', { token })).json).toMatchObject({ totalItems: 5 });
		});
	});

	describe('records', () => {
		let token: string;
		beforeEach(async () => {
			token = await login(sb);
		});

		it('gets a task with its skills, 404 for an unknown key', async () => {
			const key = sb.data.task[0].key;
			const res = await call(sb, 'GET', `api/task/${key}`, { token });
			expect(res.json.skills).toHaveLength(1);
			expect((await call(sb, 'GET', 'api/task/1', { token })).status).toBe(404);
			expect((await call(sb, 'GET', 'api/task/abc', { token })).status).toBe(404);
		});

		it('creates, replaces and deletes customers, resources, projects and tasks', async () => {
			const created = await call(sb, 'POST', 'api/customer', { token, body: { label: 'Nuevo SA', type: 'Company', email: 'a@b.c' } });
			expect(created.status).toBe(201);
			const key = created.json.key;
			expect(typeof key).toBe('number');
			const replaced = await call(sb, 'PUT', `api/customer/${key}`, { token, body: { label: 'Nuevo SL' } });
			expect(replaced.json).toEqual({ key, label: 'Nuevo SL' });
			expect((await call(sb, 'PUT', `api/customer/${key}`, { token, body: { key: key + 1, label: 'x' } })).status).toBe(400);
			expect((await call(sb, 'DELETE', `api/customer/${key}`, { token })).json).toEqual({ key });
			expect((await call(sb, 'GET', `api/customer/${key}`, { token })).status).toBe(404);
			expect((await call(sb, 'POST', 'api/resource', { token, body: { label: 'Van', type: 'Vehicle' } })).status).toBe(400);
			expect((await call(sb, 'POST', 'api/resource', { token, body: { label: 'Van', type: 'Material' } })).status).toBe(201);
			expect((await call(sb, 'POST', 'api/project', { token, body: { label: '' } })).status).toBe(400);
			expect((await call(sb, 'POST', 'api/task', { token, body: { label: 'T' } })).status).toBe(201);
			const broken = await fetch(`${sb.baseUrl}/acme/api/task`, {
				method: 'POST',
				headers: { 'X-APPKEY': APP, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body: '{"label": ',
			});
			expect(broken.status).toBe(400);
		});

		it('lists planned tasks overlapping a range, filtered by resources and categories', async () => {
			sb.data.do = [];
			const r1 = sb.data.resource[0];
			const r2 = sb.data.resource[1];
			const c2 = sb.data.category[1];
			const a = sb.insertPlannedTask({ label: 'A', start: '2030-01-07T09:00:00', end: '2030-01-07T11:00:00', resources: [{ key: r1.key, label: r1.label }] });
			const b = sb.insertPlannedTask({
				label: 'B',
				start: '2030-01-08T09:00:00',
				end: '2030-01-08T10:00:00',
				resources: [{ key: r2.key, label: r2.label }],
				category: { key: c2.key, label: c2.label },
			});
			sb.insertPlannedTask({ label: 'C', start: '2030-02-01T09:00:00', end: '2030-02-01T10:00:00' });
			const list = (body: unknown) => call(sb, 'POST', 'api/do/list', { token, body });
			const range = { dateFrom: '2030-01-07T00:00:00', dateTo: '2030-01-09T00:00:00', results: 'Task' };
			expect((await list(range)).json.items.map((i: { label: string }) => i.label)).toEqual(['A', 'B']);
			expect((await list({ ...range, resources: [r2.key] })).json.items.map((i: { key: number }) => i.key)).toEqual([b.key]);
			expect((await list({ ...range, categories: [c2.key] })).json.items.map((i: { key: number }) => i.key)).toEqual([b.key]);
			// 10:30 Paris = 09:30Z: an offset is converted to the planning zone; A (09:00–11:00 Paris) overlaps 10:30–10:45.
			expect((await list({ dateFrom: '2030-01-07T09:30:00Z', dateTo: '2030-01-07T09:45:00Z' })).json.items.map((i: { key: number }) => i.key)).toEqual([a.key]);
			expect((await list({ dateFrom: '2030-01-09T00:00:00', dateTo: '2030-01-07T00:00:00' })).status).toBe(400);
			expect((await list({ dateTo: '2030-01-07T00:00:00' })).status).toBe(400);
			expect((await list({ ...range, resources: 'x' })).status).toBe(400);
			expect((await call(sb, 'GET', `api/do/${a.key}`, { token })).json.label).toBe('A');
			expect((await call(sb, 'GET', 'api/do/1', { token })).status).toBe(404);
		});

		it('seeds planned tasks around today in the planning zone', () => {
			expect(sb.data.do).toHaveLength(40);
			expect(sb.todayWall()).toBe('2030-01-07T00:00:00');
			for (const d of sb.data.do) expect(String(d.start) >= sb.todayWall(-3) && String(d.start) < sb.todayWall(26)).toBe(true);
		});
	});

	describe('planning writes (api/do, api/unavailability) and the tenant knobs', () => {
		let token: string;
		beforeEach(async () => {
			token = await login(sb);
		});

		it('creates, replaces and deletes a planned task: required fields, {key} references resolved, dates stored as wall times', async () => {
			const [r1] = sb.data.resource;
			const post = (body: unknown) => call(sb, 'POST', 'api/do', { token, body });
			const created = await post({ label: 'X', start: '2030-01-08T08:00:00Z', end: '2030-01-08T09:00:00Z', resources: [{ key: r1.key }], ignored: 1 });
			expect(created.status).toBe(201);
			expect(created.json).toMatchObject({ label: 'X', start: '2030-01-08T09:00:00', end: '2030-01-08T10:00:00', resources: [{ key: r1.key, label: r1.label }], customers: [], project: null });
			expect(created.json.ignored).toBeUndefined();
			expect((await post({ start: '2030-01-08T08:00:00Z', end: '2030-01-08T09:00:00Z', resources: [] })).status).toBe(400);
			expect((await post({ start: '2030-01-08T08:00:00Z', end: '2030-01-08T07:00:00Z', resources: [{ key: r1.key }] })).status).toBe(400);
			expect((await post({ start: '2030-01-08T08:00:00Z', end: '2030-01-08T09:00:00Z', resources: [{ key: 424242 }] })).json.Message).toContain('no resource with key 424242');
			const put = await call(sb, 'PUT', `api/do/${created.json.key}`, { token, body: { ...created.json, label: 'Y' } });
			expect(put.json).toMatchObject({ key: created.json.key, label: 'Y', start: '2030-01-08T09:00:00' });
			expect((await call(sb, 'DELETE', `api/do/${created.json.key}`, { token })).json).toEqual({ key: created.json.key });
			expect((await call(sb, 'GET', `api/do/${created.json.key}`, { token })).status).toBe(404);
		});

		it('writes an unavailability (dates in UTC); requestDates and fieldNames model other tenants', async () => {
			const [r1] = sb.data.resource;
			const body = { resource: { key: r1.key }, start: '2030-02-01T00:00:00+01:00', end: '2030-02-02T00:00:00+01:00', label: 'Holiday' };
			const created = await call(sb, 'POST', 'api/unavailability', { token, body });
			expect(created.json).toMatchObject({ start: '2030-01-31T23:00:00Z', end: '2030-02-01T23:00:00Z', resource: { key: r1.key, label: r1.label }, label: 'Holiday' });
			sb.requestDates = 'offset';
			expect((await call(sb, 'POST', 'api/unavailability', { token, body: { ...body, start: '2030-02-01T00:00:00' } })).status).toBe(400);
			sb.requestDates = 'wall';
			expect((await call(sb, 'POST', 'api/unavailability', { token, body })).status).toBe(400);
			sb.requestDates = 'dropOffset';
			// 00:00Z read as 00:00 in Paris: an hour earlier, silently.
			expect((await call(sb, 'POST', 'api/unavailability', { token, body: { ...body, start: '2030-02-01T00:00:00Z' } })).json.start).toBe('2030-01-31T23:00:00Z');
			sb.requestDates = 'any';
			sb.fieldNames = { label: 'reason' };
			const renamed = await call(sb, 'POST', 'api/unavailability', { token, body });
			expect(renamed.json.reason).toBe('');
			expect(renamed.json.label).toBeUndefined();
			expect((await call(sb, 'GET', `api/unavailability/${renamed.json.key}`, { token })).json).toHaveProperty('reason');
		});
	});
});
