import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { Harness, FIXTURE_PACKAGE_DIR } from './index';
import { API_KEY, startFixtureServer, type FixtureServer } from './fixture-server';

describe('harness: triggers through PollContext, HookContext/WebhookContext and TriggerContext', () => {
	let server: FixtureServer;
	let harness: Harness;

	beforeAll(async () => {
		server = await startFixtureServer();
		harness = await Harness.load(FIXTURE_PACKAGE_DIR);
	});

	afterAll(async () => {
		await server.stop();
	});

	beforeEach(() => {
		server.sandbox.resetLog();
		server.sandbox.clearFaults();
		server.events.length = 0;
		server.subscriptions.clear();
		harness.setCredential('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: API_KEY });
	});

	describe('poll()', () => {
		const poll = async (staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') =>
			await harness.poll({
				type: 'harnessPollTrigger',
				parameters: {},
				credentials: ['harnessKeyApi'],
				staticData,
				mode,
			});

		it('moves the cursor in static data across polls and returns null when nothing is new', async () => {
			const staticData: IDataObject = {};
			server.events.push({ id: 1, title: 'a' }, { id: 2, title: 'b' });
			const first = await poll(staticData);
			expect(first.items?.[0].map((i) => i.json.id)).toEqual([1, 2]);
			expect(first.saved).toBe(true);
			expect(staticData).toEqual({ lastId: 2, polls: 1 });

			const second = await poll(staticData);
			expect(second.items).toBeNull();
			expect(second.saved).toBe(false);
			expect(staticData).toEqual({ lastId: 2, polls: 1 });

			server.events.push({ id: 3, title: 'c' });
			const third = await poll(staticData);
			expect(third.items?.[0].map((i) => i.json.id)).toEqual([3]);
			expect(third.staticData).toBe(staticData);
			expect(staticData).toEqual({ lastId: 3, polls: 2 });
			expect(server.sandbox.requests('/events').map((r) => r.query.after)).toEqual(['0', '2', '2']);
		});

		it('manual mode ("Fetch test event") returns a sample and does not touch the stored cursor', async () => {
			const staticData: IDataObject = { lastId: 7 };
			server.events.push({ id: 8, title: 'x' });
			const result = await poll(staticData, 'manual');
			expect(result.items).toEqual([[{ json: { id: 8, title: 'x' } }]]);
			expect(staticData).toEqual({ lastId: 7 });
			expect(result.saved).toBe(false);
		});

		it('active mode reports a poll error as n8n would emit it; manual mode throws', async () => {
			server.sandbox.fault({ status: 500, body: { error: 'boom' }, times: 2 });
			const staticData: IDataObject = { lastId: 1 };
			const result = await poll(staticData);
			expect(result.items).toBeNull();
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(staticData).toEqual({ lastId: 1 });
			await expect(poll(staticData, 'manual')).rejects.toBeInstanceOf(NodeApiError);
		});
	});

	describe('webhook()', () => {
		const lifecycle = (staticData: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger') =>
			harness.webhook({
				type: 'harnessWebhookTrigger',
				parameters: { event: 'booking.changed' },
				credentials: ['harnessKeyApi'],
				staticData,
				mode,
			});

		it('activation: checkExists → create registers the production URL and keeps id + secret in static data', async () => {
			const staticData: IDataObject = {};
			const hook = lifecycle(staticData);
			expect(await hook.checkExists()).toBe(false);
			expect(await hook.create()).toBe(true);
			expect(staticData.subscriptionId).toMatch(/^sub-/);
			expect(typeof staticData.secret).toBe('string');
			const sub = server.subscriptions.get(staticData.subscriptionId as string)!;
			expect(sub.url).toBe(hook.url);
			expect(sub.url).toBe(`http://127.0.0.1:5678/webhook/${hook.node.webhookId}/webhook`);
			expect(sub.event).toBe('booking.changed');
			expect(await hook.checkExists()).toBe(true);

			// a new lifecycle over the same stored static data (n8n restarted) sees the subscription
			const again = lifecycle(staticData);
			await again.activate();
			expect(server.subscriptions.size).toBe(1);

			expect(await hook.delete()).toBe(true);
			expect(server.subscriptions.size).toBe(0);
			expect(staticData).toEqual({});
		});

		it('a subscription deleted on the vendor side is re-created on activation', async () => {
			const staticData: IDataObject = {};
			const hook = lifecycle(staticData);
			await hook.activate();
			const firstId = staticData.subscriptionId;
			server.subscriptions.clear();
			await hook.activate();
			expect(staticData.subscriptionId).not.toBe(firstId);
			expect(server.subscriptions.has(staticData.subscriptionId as string)).toBe(true);
		});

		it('test mode uses the webhook-test URL', async () => {
			const staticData: IDataObject = {};
			const hook = lifecycle(staticData, 'manual');
			await hook.create();
			expect(server.subscriptions.get(staticData.subscriptionId as string)!.url).toBe(
				`http://127.0.0.1:5678/webhook-test/${hook.node.webhookId}/webhook`,
			);
		});

		it('receive(): a verified request starts the workflow with its items; static data changes are saved', async () => {
			const staticData: IDataObject = {};
			const hook = lifecycle(staticData);
			await hook.activate();
			const result = await hook.receive({
				headers: { 'X-Harness-Secret': staticData.secret as string },
				body: { events: [{ id: 'e1' }, { id: 'e2' }] },
			});
			expect(result.status).toBe(200);
			expect(result.body).toEqual({ message: 'Workflow was started' });
			expect(result.workflowData?.[0].map((i) => i.json)).toEqual([{ id: 'e1' }, { id: 'e2' }]);
			expect(staticData.received).toBe(1);
		});

		it('receive(): a bad secret gets the 401 the node sent itself and does not start the workflow', async () => {
			const hook = lifecycle({});
			await hook.activate();
			const result = await hook.receive({ headers: { 'x-harness-secret': 'forged' }, body: { id: 'e1' } });
			expect(result).toMatchObject({ status: 401, body: { error: 'Invalid signature' }, noWebhookResponse: true });
			expect(result.workflowData).toBeUndefined();
		});

		it('receive(): webhookResponse without workflowData answers without starting the workflow', async () => {
			const staticData: IDataObject = {};
			const hook = lifecycle(staticData);
			await hook.activate();
			const result = await hook.receive({ headers: { 'x-harness-secret': staticData.secret as string }, body: { ping: true } });
			expect(result).toEqual({ status: 200, body: { pong: true } });
		});
		it('listen(): the vendor delivers to the registered URL over real HTTP', async () => {
			const staticData: IDataObject = {};
			const hook = lifecycle(staticData);
			const url = await hook.listen();
			try {
				expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/webhook/${hook.node.webhookId}/webhook$`));
				await hook.activate();
				const sub = server.subscriptions.get(staticData.subscriptionId as string)!;
				expect(sub.url).toBe(url);

				const delivered = await fetch(sub.url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-harness-secret': sub.secret },
					body: JSON.stringify({ events: [{ id: 'e9' }] }),
				});
				expect(delivered.status).toBe(200);
				expect(await delivered.json()).toEqual({ message: 'Workflow was started' });

				const forged = await fetch(sub.url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
				expect(forged.status).toBe(401);
				const wrongPath = await fetch(`${sub.url}/nope`, { method: 'POST', body: '{}' });
				expect(wrongPath.status).toBe(404);

				await hook.waitForRequests(2);
				expect(hook.received.map((r) => r.result.status)).toEqual([200, 401]);
				expect(hook.received[0].result.workflowData?.[0].map((i) => i.json)).toEqual([{ id: 'e9' }]);
				expect(staticData.received).toBe(1);
			} finally {
				await hook.close();
			}
		});
	});

	describe('trigger() with registerCron', () => {
		it('captures crons; fireCron simulates days of renewals without waiting; static data persists', async () => {
			server.renewals = 0;
			const staticData: IDataObject = {};
			const run = await harness.trigger({
				type: 'harnessCronTrigger',
				parameters: { cronExpression: '0 4 * * *' },
				credentials: ['harnessKeyApi'],
				staticData,
			});
			expect(run.crons.map((c) => c.expression)).toEqual(['0 4 * * *']);
			expect(run.emitted).toEqual([]);

			for (let day = 1; day <= 3; day++) {
				await run.fireCron(new Date(Date.UTC(2030, 0, day, 4)));
				await run.waitForEmits(day);
			}
			expect(run.errors).toEqual([]);
			expect(run.emitted.map((e) => e[0][0].json.expiresAt)).toEqual([
				'2030-01-01T00:00:00.000Z',
				'2030-01-02T00:00:00.000Z',
				'2030-01-03T00:00:00.000Z',
			]);
			expect(server.sandbox.requests('/renew').map((r) => (r.body as IDataObject).previous)).toEqual([
				null,
				'2030-01-01T00:00:00.000Z',
				'2030-01-02T00:00:00.000Z',
			]);
			expect(staticData).toEqual({ expiresAt: '2030-01-03T00:00:00.000Z', renewals: 3 });

			await run.closeFunction();
			expect(staticData.closed).toBe(true);
			expect(run.crons).toEqual([]);
		});

		it('errors inside a cron callback reach emitError', async () => {
			const run = await harness.trigger({
				type: 'harnessCronTrigger',
				parameters: {},
				credentials: ['harnessKeyApi'],
			});
			server.sandbox.fault({ status: 503, body: { error: 'down' } });
			await run.fireCron();
			await run.waitForEmits(1);
			expect(run.emitted).toEqual([]);
			expect(run.errors[0]).toBeInstanceOf(NodeApiError);
			await run.closeFunction();
		});

		it('manual mode: manualTriggerFunction emits a sample', async () => {
			const run = await harness.trigger({
				type: 'harnessCronTrigger',
				parameters: {},
				credentials: ['harnessKeyApi'],
				mode: 'manual',
			});
			await run.manualTrigger();
			expect(run.emitted).toEqual([[[{ json: { sample: true } }]]]);
			await run.closeFunction();
		});
	});
});
