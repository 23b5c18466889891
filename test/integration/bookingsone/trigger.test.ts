import type { IDataObject } from 'n8n-workflow';
import type { WebhookLifecycle } from '../../harness';
import { BOOKINGSONE_PATHS as P } from '../../sandbox/bookingsone';
import { startBookingsOne } from './setup';

const API = '/API/external';
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('Bookings ONE Trigger: subscription that never lapses', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;
	const open: WebhookLifecycle[] = [];

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.data.subscriptions.length = 0;
		ctx.sandbox.deliveries.length = 0;
		ctx.useCredential();
	});
	afterEach(async () => {
		for (const l of open.splice(0)) await l.close();
	});

	const r1 = () => ctx.sandbox.data.resources[0].id;
	const r2 = () => ctx.sandbox.data.resources[1].id;
	const parameters = (ids: number[], options: IDataObject = {}) => ({ bookableResourceIds: ids.map(String), options });

	async function activated(ids: number[], options: IDataObject = {}, staticData: IDataObject = {}) {
		const lifecycle = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: parameters(ids, options) as never, credentials: ['bookingsOneApi'], staticData });
		open.push(lifecycle);
		await lifecycle.listen();
		await lifecycle.activate();
		return lifecycle;
	}

	const startTrigger = (ids: number[], staticData: IDataObject) =>
		ctx.harness.trigger({ type: 'bookingsOneTrigger', parameters: parameters(ids) as never, credentials: ['bookingsOneApi'], staticData });

	const inHour = (hoursFromNow: number) => new Date(ctx.sandbox.now() + hoursFromNow * HOUR).toISOString();
	const subscribeCalls = () => ctx.sandbox.requests(API + P.subscribeAppointmentChange, 'POST');

	it('subscribes the chosen resources for 1440 minutes with a secret callback URL, and delivers changes over HTTP', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r2(), r1()], {}, staticData);
		const [call] = subscribeCalls();
		const body = call.body as { ids: string; callbackUrl: string; expireTime: number };
		expect(body.ids).toBe(`${r1()},${r2()}`);
		expect(body.expireTime).toBe(1440);
		const callback = new URL(body.callbackUrl);
		expect(callback.origin + callback.pathname).toBe(l.url);
		expect(callback.searchParams.get('secret')).toMatch(/^[0-9a-f]{48}$/);
		expect(staticData.secret).toBe(callback.searchParams.get('secret'));
		expect(await l.checkExists()).toBe(true);

		const appointment = await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(24), end: inHour(25), subject: 'Planning' });
		expect(ctx.sandbox.deliveries.map((d) => d.status)).toEqual([200]);
		expect(l.received).toHaveLength(1);
		const items = l.received[0].result.workflowData?.[0] ?? [];
		expect(items.map((i) => i.json)).toEqual([{ bookableResourceId: r1(), appointmentId: appointment.id, bookingId: appointment.bookingId, changeType: 'created', changedAt: appointment.updatedAt }]);
		await ctx.sandbox.updateAppointment(appointment.id, { subject: 'Planning (moved)' });
		expect(l.received.map((r) => r.result.workflowData?.[0]?.[0]?.json.changeType)).toEqual(['created', 'updated']);
	});

	it('a callback delivered twice starts one execution; different callbacks both do; the option off emits both', async () => {
		const l = await activated([r1()]);
		const appointment = await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(30), end: inHour(31), subject: 'Review' });
		const [first] = ctx.sandbox.deliveries;
		const again = await ctx.sandbox.redeliver(first);
		expect(again.status).toBe(200);
		const started = () => l.received.filter((r) => (r.result.workflowData?.[0]?.length ?? 0) > 0);
		expect(l.received).toHaveLength(2);
		expect(started()).toHaveLength(1);
		expect(started()[0].result.workflowData![0][0].json).toEqual(first.body);
		await ctx.sandbox.updateAppointment(appointment.id, { subject: 'Review (moved)' });
		expect(started().map((r) => r.result.workflowData![0][0].json.changeType)).toEqual(['created', 'updated']);

		const off = await activated([r2()], { ignoreRepeats: false });
		await ctx.sandbox.createAppointment({ resourceId: r2(), start: inHour(32), end: inHour(33), subject: 'Twice' });
		await ctx.sandbox.redeliver(ctx.sandbox.deliveries[ctx.sandbox.deliveries.length - 1]);
		expect(off.received.filter((r) => (r.result.workflowData?.[0]?.length ?? 0) > 0)).toHaveLength(2);
	});

	it('refuses callbacks without the secret or with a wrong one (401, no execution)', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1()], {}, staticData);
		const body = { bookableResourceId: r1(), appointmentId: 1 };
		for (const query of [undefined, { secret: 'wrong' }, { secret: String(staticData.secret).slice(0, -1) }, { other: String(staticData.secret) }]) {
			const answer = await l.receive({ body, query });
			expect(answer.status).toBe(401);
			expect(answer.workflowData).toBeUndefined();
			expect(JSON.stringify(answer.body)).not.toContain(String(staticData.secret));
		}
		const good = await l.receive({ body, query: { secret: String(staticData.secret) } });
		expect(good.status).toBe(200);
		expect(good.workflowData?.[0]).toHaveLength(1);
		const other = await l.receive({ body: { bookableResourceId: 999999 }, query: { secret: String(staticData.secret) } });
		expect(other.status).toBe(200);
		expect(other.workflowData).toBeUndefined();
	});

	it('renews every hour and never lapses over four quiet days of simulated time, then still delivers', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1(), r2()], {}, staticData);
		const run = await startTrigger([r1(), r2()], staticData);
		expect(run.crons).toHaveLength(1);
		expect(run.crons[0].expression).toMatch(/^0 \d{1,2} \* \* \* \*$/);

		let lowest = Infinity;
		for (let hour = 1; hour <= 96; hour++) {
			ctx.sandbox.advance(HOUR);
			for (const id of [r1(), r2()]) {
				const active = ctx.sandbox.activeSubscriptions(id);
				expect(active).toHaveLength(1);
				lowest = Math.min(lowest, active[0].expiresAt - ctx.sandbox.now());
			}
			await run.fireCron(new Date(ctx.sandbox.now()));
		}
		// Never closer than 23 hours to running out, one subscription per resource (renewed, not duplicated).
		expect(lowest).toBeGreaterThanOrEqual(23 * HOUR - MINUTE);
		expect(ctx.sandbox.data.subscriptions).toHaveLength(2);
		// create + the renewal when the trigger starts + 96 hourly renewals
		expect(ctx.sandbox.data.subscriptions.every((s) => s.renewals === 97)).toBe(true);
		expect(subscribeCalls()).toHaveLength(98);
		expect(run.errors).toEqual([]);

		const appointment = await ctx.sandbox.createAppointment({ resourceId: r2(), start: inHour(2), end: inHour(3) });
		expect(l.received.map((r) => r.result.workflowData?.[0]?.[0]?.json.appointmentId)).toEqual([appointment.id]);
		await run.closeFunction();
	});

	it('without renewal the subscription runs out after a day; after a restart the stale subscription counts as missing and is renewed', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1()], {}, staticData);
		const secret = staticData.secret;
		ctx.sandbox.advance(1441 * MINUTE);
		expect(ctx.sandbox.activeSubscriptions(r1())).toHaveLength(0);
		await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(5), end: inHour(6) });
		expect(l.received).toHaveLength(0);

		// n8n was down past the renewal margin: the stored expiry is close or past.
		staticData.expiresAt = Date.now() + HOUR;
		expect(await l.checkExists()).toBe(false);
		await l.activate();
		expect(staticData.secret).toBe(secret);
		expect(ctx.sandbox.activeSubscriptions(r1())).toHaveLength(1);
		expect(ctx.sandbox.data.subscriptions).toHaveLength(1);
		await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(5), end: inHour(6) });
		expect(l.received).toHaveLength(1);
	});

	it('deactivation stops renewing, makes the subscription run out within a minute and forgets the secret', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1()], {}, staticData);
		const run = await startTrigger([r1()], staticData);
		const tick = run.crons[0].onTick;
		const secret = String(staticData.secret);

		await run.closeFunction();
		expect(await l.delete()).toBe(true);
		expect(staticData).toEqual({});
		const [sub] = ctx.sandbox.data.subscriptions;
		expect(sub.expiresAt - ctx.sandbox.now()).toBeLessThanOrEqual(MINUTE);
		const calls = subscribeCalls().length;
		await tick(new Date());
		expect(subscribeCalls()).toHaveLength(calls);

		ctx.sandbox.advance(2 * MINUTE);
		expect(ctx.sandbox.activeSubscriptions()).toHaveLength(0);
		await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(3), end: inHour(4) });
		expect(ctx.sandbox.deliveries).toHaveLength(0);
		const late = await l.receive({ body: { bookableResourceId: r1() }, query: { secret } });
		expect(late.status).toBe(401);
	});

	it('reports a renewal that keeps failing as a failed execution before the subscription runs out', async () => {
		const staticData: IDataObject = {};
		await activated([r1()], {}, staticData);
		const run = await startTrigger([r1()], staticData);
		const failSubscribe = { status: 500, body: { title: 'boom' }, times: 2, match: (req: { path: string }) => req.path === API + P.subscribeAppointmentChange };

		ctx.sandbox.fault(failSubscribe);
		await run.fireCron();
		expect(run.errors).toEqual([]); // a day left: only logged, retried next hour
		await run.closeFunction();

		// The trigger reads its static data when the workflow starts (n8n: the active workflow's copy).
		staticData.expiresAt = Date.now() + 2 * HOUR;
		const late = await startTrigger([r1()], staticData);
		// The renewal when the trigger starts fails again, with two hours left: reported as a failed execution.
		expect(late.errors).toHaveLength(1);
		expect(late.errors[0].message).toContain('Could not renew the Bookings ONE subscription');
		expect((late.errors[0] as Error & { description?: string }).description).toMatch(/runs out at .* retries every hour/);
		expect(JSON.stringify(late.errors[0])).not.toContain(String(staticData.secret));

		await late.fireCron();
		expect(late.errors).toHaveLength(1);
		expect(Number(staticData.expiresAt)).toBeGreaterThan(Date.now() + 23 * HOUR);
		expect(ctx.sandbox.activeSubscriptions(r1())).toHaveLength(1);
		await late.closeFunction();
	});

	it('adds the changed appointment, or the resource\'s coming appointments, with Fetch Appointments', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1()], { fetchAppointments: true }, staticData);
		const appointment = await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(30), end: inHour(31), subject: 'Fetched' });
		const json = l.received[0].result.workflowData?.[0]?.[0]?.json as IDataObject;
		expect(json.appointment).toMatchObject({ id: appointment.id, subject: 'Fetched', bookableResource: { id: r1() } });

		const thin = await l.receive({ body: { bookableResourceId: r1() }, query: { secret: String(staticData.secret) } });
		const list = thin.workflowData?.[0]?.[0]?.json.appointments as IDataObject[];
		expect(list.map((a) => a.id)).toContain(appointment.id);
		const [call] = ctx.sandbox.requests(API + P.resourceAppointment).slice(-1);
		expect(call.query).toMatchObject({ bookableResourceId: String(r1()), from: 'now' });
	});

	it('re-subscribes when the chosen resources change, letting the old subscription run out', async () => {
		const staticData: IDataObject = {};
		await activated([r1()], {}, staticData);
		const l2 = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: parameters([r2()]) as never, credentials: ['bookingsOneApi'], staticData });
		open.push(l2);
		await l2.listen();
		expect(await l2.checkExists()).toBe(false);
		await l2.create();
		const now = ctx.sandbox.now();
		const byResource = Object.fromEntries(ctx.sandbox.data.subscriptions.map((s) => [s.resourceId, s.expiresAt - now]));
		expect(byResource[r1()]).toBeLessThanOrEqual(MINUTE);
		expect(byResource[r2()]).toBeGreaterThan(23 * HOUR);
		expect(staticData.resourceIds).toBe(String(r2()));
	});

	it('"Listen for test event" subscribes for an hour on the test URL and cleans up', async () => {
		const staticData: IDataObject = {};
		const l = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: parameters([r1()]) as never, credentials: ['bookingsOneApi'], staticData, mode: 'manual' });
		open.push(l);
		await l.listen();
		await l.activate();
		const body = subscribeCalls()[0].body as { callbackUrl: string; expireTime: number };
		expect(body.expireTime).toBe(60);
		expect(body.callbackUrl).toContain('/webhook-test/');
		await ctx.sandbox.createAppointment({ resourceId: r1(), start: inHour(1), end: inHour(2) });
		expect(l.received).toHaveLength(1);
		await l.delete();
		expect(ctx.sandbox.data.subscriptions[0].expiresAt - ctx.sandbox.now()).toBeLessThanOrEqual(MINUTE);
	});

	it('refuses activation without resources or with a bad ID, and reports a refused subscription', async () => {
		for (const ids of [[], ['abc']]) {
			const l = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: { bookableResourceIds: ids, options: {} } as never, credentials: ['bookingsOneApi'] });
			await expect(l.activate()).rejects.toThrow(/Bookable Resources/);
		}
		const unknown = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: parameters([424242]) as never, credentials: ['bookingsOneApi'] });
		await expect(unknown.activate()).rejects.toThrow(/Bookings ONE answered 400.*424242/);
		ctx.useCredential({ accessToken: 'revoked-token' });
		const denied = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: parameters([r1()]) as never, credentials: ['bookingsOneApi'] });
		await expect(denied.activate()).rejects.toThrow(/401/);
	});
});

describe('Bookings ONE Trigger: daily access key changes (issue 17)', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;
	const open: WebhookLifecycle[] = [];

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.batchCallbacks = false;
		ctx.sandbox.data.subscriptions.length = 0;
		ctx.sandbox.deliveries.length = 0;
		ctx.useCredential();
	});
	afterEach(async () => {
		for (const l of open.splice(0)) await l.close();
	});

	const r1 = () => ctx.sandbox.data.resources[0].id;
	const r2 = () => ctx.sandbox.data.resources[1].id;
	const parameters = (ids: number[], accessKeyOptions: IDataObject = {}) => ({ event: 'dailyAccessKeyChange', bookableResourceIds: ids.map(String), accessKeyOptions });
	const keyCalls = () => ctx.sandbox.requests(API + P.subscribeDailyAccessKeyChange, 'POST');

	async function activated(ids: number[], options: IDataObject = {}, staticData: IDataObject = {}) {
		const lifecycle = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: parameters(ids, options) as never, credentials: ['bookingsOneApi'], staticData });
		open.push(lifecycle);
		await lifecycle.listen();
		await lifecycle.activate();
		return lifecycle;
	}

	it('subscribes on the access key path for 1440 minutes with a secret URL; each changed resource is one item', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r2(), r1()], {}, staticData);
		const [call] = keyCalls();
		const body = call.body as { ids: string; callbackUrl: string; expireTime: number };
		expect(body).toMatchObject({ ids: `${r1()},${r2()}`, expireTime: 1440 });
		expect(new URL(body.callbackUrl).searchParams.get('secret')).toBe(staticData.secret);
		expect(ctx.sandbox.requests(API + P.subscribeAppointmentChange, 'POST')).toHaveLength(0);
		expect(ctx.sandbox.activeSubscriptions(undefined, 'dailyAccessKey')).toHaveLength(2);
		expect(staticData.event).toBe('dailyAccessKeyChange');
		expect(await l.checkExists()).toBe(true);

		// An appointment change does not start this trigger; the daily key change does, once per resource.
		await ctx.sandbox.createAppointment({ resourceId: r1(), start: new Date(ctx.sandbox.now() + 3_600_000).toISOString(), end: new Date(ctx.sandbox.now() + 7_200_000).toISOString() });
		expect(l.received).toHaveLength(0);
		await ctx.sandbox.rotateDailyAccessKeys([r1(), r2(), ctx.sandbox.data.resources[2].id]);
		expect(ctx.sandbox.deliveries.map((d) => d.status)).toEqual([200, 200]);
		const items = l.received.flatMap((r) => r.result.workflowData?.[0] ?? []).map((i) => i.json);
		expect(items).toEqual([
			{ bookableResourceId: r1(), type: 'daily', changedAt: expect.any(String) },
			{ bookableResourceId: r2(), type: 'daily', changedAt: expect.any(String) },
		]);
	});

	it('a callback carrying several changes starts one execution with one item per change (resources not chosen left out)', async () => {
		ctx.sandbox.batchCallbacks = true;
		const staticData: IDataObject = {};
		const l = await activated([r1(), r2()], {}, staticData);
		await ctx.sandbox.rotateDailyAccessKeys([r1(), r2()]);
		expect(l.received).toHaveLength(1);
		expect((l.received[0].result.workflowData?.[0] ?? []).map((i) => i.json.bookableResourceId)).toEqual([r1(), r2()]);
		const mixed = await l.receive({ body: [{ bookableResourceId: 999999, type: 'daily' }, { bookableResourceId: r2(), type: 'daily' }], query: { secret: String(staticData.secret) } });
		expect(mixed.workflowData?.[0].map((i) => i.json.bookableResourceId)).toEqual([r2()]);
		const none = await l.receive({ body: [{ bookableResourceId: 999999 }], query: { secret: String(staticData.secret) } });
		expect(none.status).toBe(200);
		expect(none.workflowData).toBeUndefined();
	});

	it('refuses callbacks without the secret or with a wrong one (401, no execution)', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1()], {}, staticData);
		for (const query of [undefined, { secret: 'nope' }]) {
			const answer = await l.receive({ body: { bookableResourceId: r1(), type: 'daily' }, query });
			expect(answer.status).toBe(401);
			expect(answer.workflowData).toBeUndefined();
		}
	});

	it('Fetch Access Keys adds the resource\'s current keys (the new daily key among them)', async () => {
		const l = await activated([r1()], { fetchAccessKeys: true });
		const [fresh] = await ctx.sandbox.rotateDailyAccessKeys([r1()]);
		const json = l.received[0].result.workflowData?.[0]?.[0]?.json as IDataObject;
		expect(json.accessKeys).toEqual(ctx.sandbox.data.accessKeys.filter((k) => k.bookableResourceId === r1()));
		expect(json.accessKeys).toContainEqual(fresh);
		expect(ctx.sandbox.requests(API + P.accessKey).slice(-1)[0].query).toEqual({ bookableResourceId: String(r1()) });
	});

	it('renews every hour on the access key path and never lapses over two quiet days; deactivation shortens it', async () => {
		const staticData: IDataObject = {};
		const l = await activated([r1()], {}, staticData);
		const run = await ctx.harness.trigger({ type: 'bookingsOneTrigger', parameters: parameters([r1()]) as never, credentials: ['bookingsOneApi'], staticData });
		let lowest = Infinity;
		for (let hour = 1; hour <= 48; hour++) {
			ctx.sandbox.advance(HOUR);
			const active = ctx.sandbox.activeSubscriptions(r1(), 'dailyAccessKey');
			expect(active).toHaveLength(1);
			lowest = Math.min(lowest, active[0].expiresAt - ctx.sandbox.now());
			await run.fireCron(new Date(ctx.sandbox.now()));
		}
		expect(lowest).toBeGreaterThanOrEqual(23 * HOUR - MINUTE);
		expect(run.errors).toEqual([]);
		expect(ctx.sandbox.data.subscriptions).toHaveLength(1);
		expect(keyCalls().every((c) => (c.body as { expireTime: number }).expireTime <= 1440)).toBe(true);
		expect(ctx.sandbox.requests(API + P.subscribeAppointmentChange, 'POST')).toHaveLength(0);
		await run.closeFunction();
		await l.delete();
		expect(ctx.sandbox.data.subscriptions[0].expiresAt - ctx.sandbox.now()).toBeLessThanOrEqual(MINUTE);
	});

	it('switching the event lets the old subscription run out and subscribes the other kind', async () => {
		const staticData: IDataObject = {};
		await activated([r1()], {}, staticData);
		const appointments = ctx.harness.webhook({ type: 'bookingsOneTrigger', parameters: { event: 'appointmentChange', bookableResourceIds: [String(r1())], options: {} } as never, credentials: ['bookingsOneApi'], staticData });
		open.push(appointments);
		await appointments.listen();
		expect(await appointments.checkExists()).toBe(false);
		await appointments.create();
		const now = ctx.sandbox.now();
		const byKind = Object.fromEntries(ctx.sandbox.data.subscriptions.map((s) => [s.kind, s.expiresAt - now]));
		expect(byKind.dailyAccessKey).toBeLessThanOrEqual(MINUTE);
		expect(byKind.appointment).toBeGreaterThan(23 * HOUR);
	});
});
