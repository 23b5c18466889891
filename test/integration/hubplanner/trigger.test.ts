import * as http from 'http';
import type { AddressInfo } from 'net';
import { Harness, type WebhookLifecycle } from '../../harness';
import { createHubPlannerSandbox, HubPlannerSandbox } from '../../sandbox/hubplanner';

/**
 * The Hub Planner emulator delivers webhooks over real HTTP; this receiver hands each delivery to the
 * trigger's webhook() through n8n's WebhookContext and answers with what n8n would answer.
 */
async function startReceiver(target: { lifecycle?: WebhookLifecycle }) {
	const results: Array<{ status: number; items: number }> = [];
	const server = http.createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
		const answer = await target.lifecycle!.receive({ body: text ? JSON.parse(text) : undefined, headers, rawBody: text });
		results.push({ status: answer.status, items: answer.workflowData?.[0]?.length ?? 0 });
		received.push(answer);
		res.statusCode = answer.status;
		res.end(JSON.stringify(answer.body ?? {}));
	});
	const received: Array<Awaited<ReturnType<WebhookLifecycle['receive']>>> = [];
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { base, received, results, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('Hub Planner Trigger (webhook)', () => {
	let sandbox: HubPlannerSandbox;
	let harness: Harness;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	const target: { lifecycle?: WebhookLifecycle } = {};

	beforeAll(async () => {
		sandbox = createHubPlannerSandbox({ burstLimit: 100000 });
		await sandbox.start();
		harness = await Harness.load();
		receiver = await startReceiver(target);
	});
	afterAll(async () => {
		await sandbox.stop();
		await receiver.stop();
	});
	beforeEach(() => {
		sandbox.resetLog();
		sandbox.data.subscriptions.length = 0;
		sandbox.deliveries.length = 0;
		receiver.received.length = 0;
		harness.setCredential('hubPlannerApi', { apiKey: HubPlannerSandbox.WRITE_KEY, baseUrl: `${sandbox.baseUrl}/v1` });
	});

	const lifecycle = (events: string[], options: Record<string, unknown> = {}, staticData = {}) => {
		const l = harness.webhook({
			type: 'hubPlannerTrigger',
			parameters: { events, options } as never,
			credentials: ['hubPlannerApi'],
			webhookUrl: `${receiver.base}/webhook`,
			staticData,
		});
		target.lifecycle = l;
		return l;
	};
	const run = (parameters: Record<string, unknown>) =>
		harness.runNode({ type: 'hubPlanner', parameters: parameters as never, credentials: ['hubPlannerApi'] });

	it('activation creates one subscription per event with a secret token; deactivation removes them', async () => {
		const l = lifecycle(['booking.create', 'booking.update', 'booking.delete']);
		expect(await l.checkExists()).toBe(false);
		await l.activate();
		expect(sandbox.data.subscriptions.map((s) => s.event).sort()).toEqual(['booking.create', 'booking.delete', 'booking.update']);
		const tokens = new Set(sandbox.data.subscriptions.map((s) => s.authorization_token));
		expect(tokens.size).toBe(1);
		const [token] = [...tokens];
		expect(String(token)).toMatch(/^[0-9a-f]{64}$/);
		expect(sandbox.data.subscriptions.every((s) => s.target_url === l.url)).toBe(true);
		expect(await l.checkExists()).toBe(true);
		await l.delete();
		expect(sandbox.data.subscriptions).toHaveLength(0);
		expect(l.staticData).toEqual({});
	});

	it('repeated activation never leaves orphans, and a subscription removed in Hub Planner is recreated', async () => {
		const l = lifecycle(['booking.create', 'booking.update']);
		await l.create();
		await l.create();
		expect(sandbox.data.subscriptions).toHaveLength(2);
		sandbox.data.subscriptions.splice(0, 1);
		expect(await l.checkExists()).toBe(false);
		await l.activate();
		expect(sandbox.data.subscriptions.map((s) => s.event).sort()).toEqual(['booking.create', 'booking.update']);
		// Lost static data (e.g. a renamed node): delete still removes what points at this URL.
		for (const key of Object.keys(l.staticData)) delete l.staticData[key];
		await l.delete();
		expect(sandbox.data.subscriptions).toHaveLength(0);
	});

	it('a booking created through the node starts the workflow, optionally with the full booking', async () => {
		const l = lifecycle(['booking.create'], { fetchBooking: true });
		await l.activate();
		const created = await run({
			resource: 'booking',
			operation: 'create',
			bookedResource: { __rl: true, mode: 'id', value: sandbox.data.resources[0]._id },
			bookedProject: { __rl: true, mode: 'id', value: sandbox.data.projects[0]._id },
			view: 'day',
			start: '2026-05-04',
			end: '2026-05-05',
			state: 'STATE_PERCENTAGE',
			stateValue: 100,
		});
		expect(created.error).toBeUndefined();
		expect(sandbox.deliveries).toHaveLength(1);
		expect(sandbox.deliveries[0].status).toBe(200);
		const [answer] = receiver.received;
		const item = answer.workflowData![0][0].json;
		expect(item.event).toBe('booking.create');
		expect(item.bookingId).toBe(created.items[0].json._id);
		expect((item.booking as { _id: string })._id).toBe(created.items[0].json._id);
		await l.delete();
	});

	it('booking.delete.multiple arrays become one item per booking', async () => {
		const l = lifecycle(['booking.delete.multiple']);
		await l.activate();
		const ids = sandbox.data.bookings.slice(0, 3).map((b) => b._id);
		const result = await run({ resource: 'booking', operation: 'deleteMany', by: 'ids', ids: ids.join(',') });
		expect(result.error).toBeUndefined();
		const [answer] = receiver.received;
		expect(answer.workflowData![0].map((i) => i.json.bookingId)).toEqual(ids);
		await l.delete();
	});

	describe('repeated deliveries', () => {
		const book = async (start: string, end: string) =>
			await run({
				resource: 'booking',
				operation: 'create',
				bookedResource: { __rl: true, mode: 'id', value: sandbox.data.resources[0]._id },
				bookedProject: { __rl: true, mode: 'id', value: sandbox.data.projects[0]._id },
				view: 'day',
				start,
				end,
				state: 'STATE_PERCENTAGE',
				stateValue: 100,
			});
		const started = () => receiver.results.filter((r) => r.items > 0);

		beforeEach(() => {
			receiver.results.length = 0;
		});

		it('the same delivery twice: acknowledged both times, one execution; different deliveries both start one', async () => {
			const l = lifecycle(['booking.create']);
			await l.activate();
			expect((await book('2026-06-01', '2026-06-02')).error).toBeUndefined();
			const [first] = sandbox.deliveries;
			const again = await sandbox.redeliver(first);
			expect(again.status).toBe(200);
			expect(receiver.received[1].workflowData).toBeUndefined();
			expect(receiver.received[1].body).toMatchObject({ started: false });
			expect(started()).toHaveLength(1);
			expect(receiver.received[0].workflowData![0][0].json).toMatchObject(first.body as object);

			expect((await book('2026-06-03', '2026-06-04')).error).toBeUndefined();
			expect(sandbox.deliveries).toHaveLength(3);
			expect(started()).toHaveLength(2);
			expect(sandbox.deliveries.every((d) => d.status === 200)).toBe(true);
			// A redelivery after another delivery of another booking is still a repeat.
			await sandbox.redeliver(first);
			expect(started()).toHaveLength(2);
			await l.delete();
		});

		it('a record changed and changed back is emitted each time (only a repeat of the last delivery is dropped)', async () => {
			const l = lifecycle(['booking.update']);
			await l.activate();
			const token = l.staticData.token as string;
			const headers = { 'hubplanner-token': token };
			const a = { event: 'booking.update', bookingId: 'b-1', start: { date: '2026-06-01T09:00:00.000Z' } };
			const b = { ...a, start: { date: '2026-06-01T10:00:00.000Z' } };
			const answers = [];
			for (const body of [a, b, a, a]) answers.push(await l.receive({ body, headers }));
			expect(answers.map((x) => x.workflowData?.[0].length ?? 0)).toEqual([1, 1, 1, 0]);
			expect(answers.every((x) => x.status === 200)).toBe(true);
			await l.delete();
		});

		it('a delivery whose handling failed (the booking could not be read) is handled anew when sent again', async () => {
			const l = lifecycle(['booking.create'], { fetchBooking: true });
			await l.activate();
			sandbox.fault({ status: 400, body: { error: 'bad request' }, times: 1, match: (r) => r.method === 'GET' && /\/booking\//.test(r.path) });
			expect((await book('2026-06-07', '2026-06-08')).error).toBeUndefined();
			expect(receiver.received[0].status).toBe(500);
			await sandbox.redeliver(sandbox.deliveries[0]);
			expect(started()).toHaveLength(1);
			expect(receiver.received[1].workflowData![0][0].json.booking).toMatchObject({ _id: receiver.received[1].workflowData![0][0].json.bookingId });
			await l.delete();
		});

		it('with Ignore Repeated Deliveries off, both deliveries start the workflow', async () => {
			const l = lifecycle(['booking.create'], { ignoreRepeats: false });
			await l.activate();
			expect((await book('2026-06-05', '2026-06-06')).error).toBeUndefined();
			await sandbox.redeliver(sandbox.deliveries[0]);
			expect(started()).toHaveLength(2);
			await l.delete();
		});

		it('the repeat window is bounded: a delivery older than the window is emitted again', async () => {
			const l = lifecycle(['booking.create'], { repeatWindowMinutes: 1 });
			await l.activate();
			const headers = { 'hubplanner-token': l.staticData.token as string };
			const body = { event: 'booking.create', bookingId: 'b-9' };
			expect((await l.receive({ body, headers })).workflowData?.[0]).toHaveLength(1);
			expect((await l.receive({ body, headers })).workflowData).toBeUndefined();
			expect(l.staticData.recentDeliveries).toHaveLength(1);
			// Two minutes later (the clock moved for the static data and the process memory alike).
			const realNow = Date.now;
			const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 2 * 60_000);
			try {
				expect((await l.receive({ body, headers })).workflowData?.[0]).toHaveLength(1);
			} finally {
				clock.mockRestore();
			}
			await l.delete();
		});
	});

	it('deliveries without or with a wrong token get 401 and start nothing', async () => {
		const l = lifecycle(['booking.create']);
		await l.activate();
		const none = await l.receive({ body: { event: 'booking.create', bookingId: 'x' } });
		expect(none.status).toBe(401);
		expect(none.workflowData).toBeUndefined();
		const wrong = await l.receive({ body: { event: 'booking.create' }, headers: { 'hubplanner-token': 'guess' } });
		expect(wrong.status).toBe(401);
		expect(wrong.workflowData).toBeUndefined();
		const token = String(l.staticData.token);
		const almost = await l.receive({ body: { event: 'booking.create' }, headers: { 'hubplanner-token': token.slice(0, -1) + 'x' } });
		expect(almost.status).toBe(401);
		const right = await l.receive({ body: { event: 'booking.create', bookingId: 'b1' }, headers: { 'hubplanner-token': token } });
		expect(right.workflowData?.[0]).toHaveLength(1);
		// An event this trigger did not ask for is acknowledged but starts nothing.
		const other = await l.receive({ body: { event: 'project.update' }, headers: { 'hubplanner-token': token } });
		expect(other.status).toBe(200);
		expect(other.workflowData).toBeUndefined();
		await l.delete();
	});

	it('a read-only key cannot subscribe: activation fails with a clear 403 and leaves nothing behind', async () => {
		harness.setCredential('hubPlannerApi', { apiKey: HubPlannerSandbox.READ_KEY, baseUrl: `${sandbox.baseUrl}/v1` });
		const l = lifecycle(['booking.create', 'booking.update']);
		await expect(l.activate()).rejects.toMatchObject({ httpCode: '403' });
		expect(sandbox.data.subscriptions).toHaveLength(0);
	});
});
