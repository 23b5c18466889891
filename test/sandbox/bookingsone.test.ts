import * as http from 'http';
import type { AddressInfo } from 'net';
import { BOOKINGSONE_PATHS as P, BookingsOneSandbox, createBookingsOneSandbox, readStoredZip } from './bookingsone';

const TOKEN = BookingsOneSandbox.TOKEN;

interface CallOptions {
	auth?: string | null;
	body?: unknown;
	rawBody?: string;
}

async function call(sb: BookingsOneSandbox, method: string, path: string, opts: CallOptions = {}) {
	const headers: Record<string, string> = { Accept: 'application/json' };
	const auth = opts.auth === undefined ? TOKEN : opts.auth;
	if (auth !== null) headers.Authorization = auth;
	let body: string | undefined;
	if (opts.rawBody !== undefined || opts.body !== undefined) {
		body = opts.rawBody ?? JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(`${sb.baseUrl}/API/external${path}`, { method, headers, body });
	const buffer = Buffer.from(await res.arrayBuffer());
	const type = res.headers.get('content-type') ?? '';
	return { status: res.status, headers: res.headers, buffer, json: type.includes('json') && buffer.length ? JSON.parse(buffer.toString('utf8')) : undefined };
}

async function receiver(status = 200) {
	const received: Array<{ url: string; body: any }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			res.statusCode = status;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Bookings ONE sandbox', () => {
	let sb: BookingsOneSandbox;
	beforeEach(async () => {
		sb = createBookingsOneSandbox();
		await sb.start();
	});
	afterEach(async () => {
		await sb.stop();
	});

	describe('authentication', () => {
		it('accepts the token in Authorization or as the Basic user name', async () => {
			expect((await call(sb, 'GET', P.systemInformation)).json).toEqual({ name: 'Bookings ONE', version: '2.2.0', environment: 'Production', clientName: 'Happy Ltd.' });
			const basic = 'Basic ' + Buffer.from(`${TOKEN}:`).toString('base64');
			expect((await call(sb, 'GET', P.systemInformation, { auth: basic })).status).toBe(200);
		});

		it('answers 401 without a token, with Bearer, a wrong, expired token or a Basic password, never echoing it', async () => {
			const wrongBasic = 'Basic ' + Buffer.from(`${TOKEN}:secret`).toString('base64');
			for (const auth of [null, `Bearer ${TOKEN}`, 'wrong-token-value', wrongBasic]) {
				const res = await call(sb, 'GET', P.systemInformation, { auth });
				expect(res.status).toBe(401);
				expect(res.buffer.toString()).not.toContain(TOKEN);
			}
			sb.expiredTokens.add(TOKEN);
			expect((await call(sb, 'GET', P.building)).status).toBe(401);
		});
	});

	describe('paging', () => {
		it('pages with page from 1 and row default 50, reporting totals in metaData', async () => {
			const all = sb.data.appointments.length;
			const first = await call(sb, 'GET', P.resourceAppointment);
			expect(first.json.data).toHaveLength(50);
			expect(first.json.metaData).toEqual({ page: 1, row: 50, totalCount: all, totalPages: Math.ceil(all / 50) });
			const second = await call(sb, 'GET', `${P.resourceAppointment}?page=2&row=50`);
			expect(second.json.data).toHaveLength(all - 50);
			const ids = [...first.json.data, ...second.json.data].map((a: any) => a.id);
			expect(new Set(ids).size).toBe(all);
		});

		it('refuses page 0, row 0 and row over the maximum', async () => {
			for (const qs of ['page=0', 'row=0', 'row=1001', 'page=x']) {
				const res = await call(sb, 'GET', `${P.user}?${qs}`);
				expect(res.status).toBe(400);
				expect(res.json.title).toBe('One or more validation errors occurred.');
			}
		});
	});

	describe('search filters', () => {
		it('filters appointments by comma lists, enums, text, dates and now', async () => {
			const r = sb.data.resources[0].id;
			const res = await call(sb, 'GET', `${P.resourceAppointment}?bookableResourceId=${r}&row=1000`);
			expect(res.json.data.length).toBeGreaterThan(0);
			expect(res.json.data.every((a: any) => a.bookableResource.id === r)).toBe(true);
			const states = await call(sb, 'GET', `${P.resourceAppointment}?bookingState=booked,using&row=1000`);
			expect(new Set(states.json.data.map((a: any) => a.bookingState))).toEqual(new Set(['booked', 'using']));
			const desks = await call(sb, 'GET', `${P.resourceAppointment}?bookableResourceType=desk&row=1000`);
			expect(desks.json.data.every((a: any) => a.bookableResource.type === 1)).toBe(true);
			const window = await call(sb, 'GET', `${P.resourceAppointment}?from=2025-03-03T00:00:00%2B08:00&to=2025-03-04T00:00:00%2B08:00&row=1000`);
			expect(window.json.data).toHaveLength(6);
			const future = await call(sb, 'GET', `${P.resourceAppointment}?from=now`);
			expect(future.json.metaData.totalCount).toBe(0);
			const noPrep = await call(sb, 'GET', `${P.resourceAppointment}?excludePreparation=true&row=1000`);
			expect(noPrep.json.data.some((a: any) => a.isPreparation)).toBe(false);
			expect((await call(sb, 'GET', `${P.resourceAppointment}?searchText=board&row=1000`)).json.data.every((a: any) => /board/i.test(a.subject))).toBe(true);
		});

		it('answers 400 for bad ids, unknown enum names and bad dates', async () => {
			for (const qs of ['bookableResourceId=abc', 'bookingState=sleeping', 'from=yesterday', 'from=2025-03-05&to=2025-03-01', 'excludePreparation=maybe']) {
				expect((await call(sb, 'GET', `${P.resourceAppointment}?${qs}`)).status).toBe(400);
			}
		});

		it('searches resources, buildings, users, service items, badges, visiting appointments, devices, controllers', async () => {
			const rooms = await call(sb, 'GET', `${P.bookableResource}?type=room&minCapacity=8`);
			expect(rooms.json.data.every((r: any) => r.type === 0 && r.capacity >= 8)).toBe(true);
			expect((await call(sb, 'GET', `${P.building}?isDeleted=false`)).json.data).toHaveLength(2);
			expect((await call(sb, 'GET', `${P.user}?userGroupId=2`)).json.data.every((u: any) => u.userGroups.some((g: any) => g.id === 2))).toBe(true);
			expect((await call(sb, 'GET', `${P.serviceItem}?type=afterBooking`)).json.data.every((s: any) => s.type === 1)).toBe(true);
			expect((await call(sb, 'GET', `${P.visitorBadge}?state=visited,visiting`)).json.data.every((b: any) => b.state >= 2)).toBe(true);
			expect((await call(sb, 'GET', `${P.visitingAppointment}?visitorId=501`)).json.data.length).toBeGreaterThan(0);
			expect((await call(sb, 'GET', `${P.iotDevice}?accessId=SENSOR-Room101`)).json.data).toHaveLength(1);
			expect((await call(sb, 'GET', `${P.ePaperController}?type=MinewServer`)).json.data.map((c: any) => c.id)).toEqual([2]);
		});
	});

	describe('gets', () => {
		it('gets by id, a badge by uid, and answers 404/400', async () => {
			expect((await call(sb, 'GET', `${P.building}/1`)).json.shortName).toBe('HT');
			const badge = sb.data.badges[3];
			expect((await call(sb, 'GET', `${P.visitorBadge}/${badge.uid}`)).json.id).toBe(badge.id);
			expect((await call(sb, 'GET', `${P.visitorBadge}/${badge.id}`)).json.uid).toBe(badge.uid);
			expect((await call(sb, 'GET', `${P.user}/999`)).status).toBe(404);
			expect((await call(sb, 'GET', `${P.user}/abc`)).status).toBe(400);
		});
	});

	describe('writes', () => {
		it('creates and updates IoT devices (PUT replaces the record)', async () => {
			const created = await call(sb, 'POST', P.iotDevice, { body: { accessId: 'NEW-1', name: 'New', bookableResource: { id: sb.data.resources[5].id } } });
			expect(created.status).toBe(200);
			expect(created.json.bookableResource.id).toBe(sb.data.resources[5].id);
			const updated = await call(sb, 'PUT', `${P.iotDevice}/${created.json.id}`, { body: { accessId: 'NEW-1' } });
			expect(updated.json.name).toBeNull();
			expect((await call(sb, 'POST', P.iotDevice, { body: { accessId: 'NEW-1' } })).status).toBe(409);
			// Documented as "string or null": without one the server generates it.
			const generated = await call(sb, 'POST', P.iotDevice, { body: { name: 'no access id' } });
			expect(generated.status).toBe(200);
			expect((generated.json as { accessId: string }).accessId).toMatch(/^GEN\d{4}$/);
			expect((await call(sb, 'POST', P.iotDevice, { rawBody: '{bad' })).status).toBe(400);
		});

		it('records occupancy and tag status', async () => {
			const res = await call(sb, 'POST', P.iotSensorOccupancy, { body: { accessId: 'SENSOR-Room101', timestamp: '2022-01-12T12:23:02+08:00', data: { isConnected: true, isOccupied: false } } });
			expect(res.json).toEqual({ deviceId: 1, timestamp: '2022-01-12T12:23:02+08:00', data: { isConnected: true, isOccupied: false } });
			expect((await call(sb, 'POST', P.iotSensorOccupancy, { body: { accessId: 'nope', data: { isConnected: true, isOccupied: true } } })).status).toBe(404);
			expect((await call(sb, 'POST', P.iotSensorOccupancy, { body: { accessId: 'SENSOR-Room101', data: {} } })).status).toBe(400);
			expect((await call(sb, 'POST', P.ePaperTagStatus, { body: { ePaperTagId: 'TAG-002', batteryLevel: 99, isOnline: true } })).json).toEqual({ isSuccess: true });
			expect(sb.data.ePaperControllers[1].tags[0]).toMatchObject({ batteryLevel: 99, isOnline: true, screenSize: 7.5 });
			expect((await call(sb, 'POST', P.ePaperTagStatus, { body: { ePaperTagId: 'TAG-404' } })).json).toEqual({ isSuccess: false });
		});
	});

	it('computes daily visitor analytics for a date with offset', async () => {
		const res = await call(sb, 'GET', `${P.dailyVisitorAnalytics}?date=${encodeURIComponent('2025-03-03T00:00:00+08:00')}`);
		expect(res.json).toEqual({ numberOfInitial: 1, numberOfVisiting: 1, numberOfVisited: 1, numberOfNoShow: 1 });
		expect((await call(sb, 'GET', `${P.dailyVisitorAnalytics}?date=2025-03-03`)).status).toBe(400);
		expect((await call(sb, 'GET', P.dailyVisitorAnalytics)).status).toBe(400);
	});

	it('exports an .xlsx workbook with a file name', async () => {
		const res = await call(sb, 'GET', `${P.exportByBookableResource}?From=2025-03-03T00:00:00%2B08:00&To=2025-03-04T00:00:00%2B08:00&TimeZone=Asia/Hong_Kong`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('spreadsheetml');
		expect(res.headers.get('content-disposition')).toContain('Bookings_20250303_20250304.xlsx');
		expect(res.buffer.subarray(0, 2).toString()).toBe('PK');
		const files = readStoredZip(res.buffer);
		expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
		expect((files['xl/worksheets/sheet1.xml'].match(/<row /g) ?? []).length).toBe(7);
		expect((await call(sb, 'GET', `${P.exportByBookableResource}?From=2025-03-04&To=2025-03-03`)).status).toBe(400);
		expect((await call(sb, 'GET', `${P.exportByBookableResource}?From=2025-03-03&To=2025-03-04&TimeZone=Mars/Base`)).status).toBe(400);
	});

	describe('subscriptions', () => {
		it('enforces expireTime 1..1440, known resources and an absolute callback URL', async () => {
			const ok = { ids: String(sb.data.resources[0].id), callbackUrl: 'http://127.0.0.1:1/x' };
			expect((await call(sb, 'POST', P.subscribeAppointmentChange, { body: { ...ok, expireTime: 1441 } })).status).toBe(400);
			expect((await call(sb, 'POST', P.subscribeAppointmentChange, { body: { ...ok, expireTime: 0 } })).status).toBe(400);
			expect((await call(sb, 'POST', P.subscribeAppointmentChange, { body: { ...ok, ids: '99999', expireTime: 60 } })).status).toBe(400);
			expect((await call(sb, 'POST', P.subscribeAppointmentChange, { body: { ...ok, callbackUrl: '/relative', expireTime: 60 } })).status).toBe(400);
			const res = await call(sb, 'POST', P.subscribeAppointmentChange, { body: ok });
			expect(typeof res.json).toBe('string');
			expect(sb.data.subscriptions[0].expiresAt - sb.now()).toBeLessThanOrEqual(60 * 60_000);
		});

		it('calls back on create/update until the subscription expires; re-subscribing renews it', async () => {
			const hook = await receiver();
			try {
				const [r1, r2] = sb.data.resources;
				await call(sb, 'POST', P.subscribeAppointmentChange, { body: { ids: `${r1.id}`, callbackUrl: `${hook.url}?s=abc`, expireTime: 1440 } });
				const created = await sb.createAppointment({ resourceId: r1.id, start: '2025-06-01T09:00:00+08:00', end: '2025-06-01T10:00:00+08:00', subject: 'Hello' });
				await sb.createAppointment({ resourceId: r2.id, start: '2025-06-01T09:00:00+08:00', end: '2025-06-01T10:00:00+08:00' });
				await sb.updateAppointment(created.id, { subject: 'Changed' });
				expect(hook.received.map((r) => r.body.changeType)).toEqual(['created', 'updated']);
				expect(hook.received[0]).toMatchObject({ url: '/hook?s=abc', body: { bookableResourceId: r1.id, appointmentId: created.id } });

				sb.advance(1439 * 60_000);
				await call(sb, 'POST', P.subscribeAppointmentChange, { body: { ids: `${r1.id}`, callbackUrl: `${hook.url}?s=abc`, expireTime: 1440 } });
				expect(sb.data.subscriptions).toHaveLength(1);
				sb.advance(1000 * 60_000);
				await sb.updateAppointment(created.id, { subject: 'Still subscribed' });
				expect(hook.received).toHaveLength(3);

				sb.advance(441 * 60_000);
				await sb.updateAppointment(created.id, { subject: 'Expired' });
				expect(hook.received).toHaveLength(3);
				expect(sb.activeSubscriptions()).toHaveLength(0);
			} finally {
				await hook.close();
			}
		});

		it('daily access key changes: own subscription path and kind; a rotation calls back once per resource (or batched per URL)', async () => {
			const hook = await receiver();
			try {
				const [r1, r2, r3] = sb.data.resources;
				await call(sb, 'POST', P.subscribeDailyAccessKeyChange, { body: { ids: `${r1.id},${r2.id}`, callbackUrl: hook.url, expireTime: 1440 } });
				expect(sb.activeSubscriptions(undefined, 'dailyAccessKey')).toHaveLength(2);
				expect(sb.activeSubscriptions(undefined, 'appointment')).toHaveLength(0);
				expect((await call(sb, 'POST', P.subscribeDailyAccessKeyChange, { body: { ids: `${r1.id}`, callbackUrl: hook.url, expireTime: 1441 } })).status).toBe(400);
				// An appointment change does not call an access key subscription.
				await sb.createAppointment({ resourceId: r1.id, start: '2025-06-01T09:00:00+08:00', end: '2025-06-01T10:00:00+08:00' });
				expect(hook.received).toHaveLength(0);
				const before = sb.data.accessKeys.find((k) => k.bookableResourceId === r1.id && k.type === 2)!.key;
				await sb.rotateDailyAccessKeys([r1.id, r2.id, r3.id]);
				expect(hook.received.map((r) => r.body)).toEqual([
					{ bookableResourceId: r1.id, type: 'daily', changedAt: expect.any(String) },
					{ bookableResourceId: r2.id, type: 'daily', changedAt: expect.any(String) },
				]);
				expect(sb.data.accessKeys.filter((k) => k.bookableResourceId === r1.id && k.type === 2)).toHaveLength(1);
				expect(sb.data.accessKeys.find((k) => k.bookableResourceId === r1.id && k.type === 2)!.key).not.toBe(before);
				sb.batchCallbacks = true;
				await sb.rotateDailyAccessKeys([r1.id, r2.id]);
				expect(hook.received).toHaveLength(3);
				expect(hook.received[2].body.map((c: { bookableResourceId: number }) => c.bookableResourceId)).toEqual([r1.id, r2.id]);
			} finally {
				sb.batchCallbacks = false;
				sb.data.subscriptions.length = 0;
				await hook.close();
			}
		});

		it('serves the appointment subscription under the player content group too (the document lists it twice)', async () => {
			const ok = { ids: String(sb.data.resources[0].id), callbackUrl: 'http://127.0.0.1:1/y', expireTime: 30 };
			const res = await call(sb, 'POST', P.playerContentSubscribeAppointmentChange, { body: ok });
			expect(res.status).toBe(200);
			expect(sb.data.subscriptions.slice(-1)[0]).toMatchObject({ kind: 'appointment', callbackUrl: ok.callbackUrl });
			sb.data.subscriptions.length = 0;
		});
	});

	describe('access keys and player content (bare lists, no paging)', () => {
		it('filters access keys by resource and type names; player content by resource id', async () => {
			const [r1, r2] = sb.data.resources;
			const all = await call(sb, 'GET', P.accessKey);
			expect(Array.isArray(all.json)).toBe(true);
			expect(all.json.length).toBe(sb.data.accessKeys.length);
			const some = await call(sb, 'GET', `${P.accessKey}?bookableResourceId=${r1.id},${r2.id}&type=daily,static`);
			expect(some.json.length).toBeGreaterThan(0);
			expect(some.json.every((k: { bookableResourceId: number; type: number }) => [r1.id, r2.id].includes(k.bookableResourceId) && [1, 2].includes(k.type))).toBe(true);
			expect((await call(sb, 'GET', `${P.accessKey}?type=weekly`)).status).toBe(400);
			expect((await call(sb, 'GET', `${P.accessKey}?bookableResourceId=x`)).status).toBe(400);
			const content = await call(sb, 'GET', `${P.playerContent}?id=${r1.id}`);
			expect(content.json).toEqual([expect.objectContaining({ id: r1.id, contents: expect.any(Array) })]);
		});
	});

	describe('tenant variants', () => {
		it('serves appointments under other field names, drops fields, and keeps a device name under deviceName', async () => {
			sb.appointmentFieldVariant = 'alt';
			sb.dropAppointmentFields = ['modifiedAt'];
			try {
				const res = await call(sb, 'GET', `${P.resourceAppointment}?id=1`);
				const [a] = res.json.data;
				expect(Object.keys(a)).toEqual(expect.arrayContaining(['title', 'startTime', 'endTime', 'state', 'resource', 'organizerUser']));
				expect(a.subject).toBeUndefined();
				expect(a.modifiedAt).toBeUndefined();
			} finally {
				sb.appointmentFieldVariant = 'default';
				sb.dropAppointmentFields = [];
			}
			sb.iotDeviceNameField = 'deviceName';
			try {
				const res = await call(sb, 'POST', P.iotDevice, { body: { accessId: 'VAR-1', name: 'ignored' } });
				expect(res.json).toMatchObject({ accessId: 'VAR-1', deviceName: null });
				expect(res.json.name).toBeUndefined();
			} finally {
				sb.iotDeviceNameField = 'name';
			}
		});
	});
});
