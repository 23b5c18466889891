import { NodeApiError } from 'n8n-workflow';
import { Harness, FIXTURE_PACKAGE_DIR } from './index';
import { API_KEY, FN_SECRET, PASSWORD, USERNAME, startFixtureServer, type FixtureServer } from './fixture-server';

describe('harness: regular node through WorkflowExecute', () => {
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
		harness.setCredential('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: API_KEY });
	});

	it('loads the package through PackageDirectoryLoader', () => {
		expect(harness.packageName).toBe('n8n-nodes-harness-fixture');
		expect(harness.nodeTypes.shortNames().sort()).toEqual(
			['harnessCronTrigger', 'harnessHttp', 'harnessPollTrigger', 'harnessWebhookTrigger'].sort(),
		);
		expect(harness.credentialTypes.names().sort()).toEqual(['harnessFnApi', 'harnessKeyApi', 'harnessTokenApi']);
		// n8n adds "Poll Times" to polling nodes itself
		const poll = harness.nodeTypes.getByNameAndVersion('harnessPollTrigger');
		expect(poll.description.properties.map((p) => p.name)).toContain('pollTimes');
	});

	it('runs a node with generic header + query-string authentication, defaults applied', async () => {
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'key', path: '/things/t1' },
			credentials: ['harnessKeyApi'],
			items: [{ a: 1 }, { a: 2 }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ id: 't1', name: 'Thing t1' },
			{ id: 't1', name: 'Thing t1' },
		]);
		expect(result.outputs).toHaveLength(1);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [first] = server.sandbox.requests('/things/t1');
		expect(first.headers['x-api-key']).toBe(API_KEY);
		// tenant was not stored: the credential type's default is applied like n8n does
		expect(first.query.tenant).toBe('default-tenant');
		expect(result.run.finished).toBe(true);
	});

	it('resolves node parameter expressions against the input items', async () => {
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'key', path: '=/things/{{ $json.id }}' },
			credentials: ['harnessKeyApi'],
			items: [{ id: 'x1' }, { id: 'x2' }],
		});
		expect(result.items.map((i) => i.json.id)).toEqual(['x1', 'x2']);
	});

	it('runs a second node on the first one\'s output (`then`) and answers with its items', async () => {
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'key', path: '/things/t1' },
			credentials: ['harnessKeyApi'],
			items: [{ id: 'x1' }, { id: 'x2' }],
			then: { type: 'harnessHttp', parameters: { authentication: 'key', path: '=/things/{{ $json.id }}-again' }, credentials: ['harnessKeyApi'] },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.id)).toEqual(['t1-again', 't1-again']);
		expect(server.sandbox.requests('/things/t1-again')).toHaveLength(2);
	});

	it('uses a function authenticate', async () => {
		harness.setCredential('harnessFnApi', { baseUrl: server.baseUrl, secret: FN_SECRET });
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'fn', method: 'POST', path: '/things', body: '{"name":"New"}' },
			credentials: ['harnessFnApi'],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ id: 't9', name: 'New' });
		expect(server.sandbox.requests('/things', 'POST')[0].headers['x-signature']).toBe(`sig:${FN_SECRET}`);
	});

	it('ends the run with the NodeApiError the node threw (no secret in it)', async () => {
		harness.setCredential('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: 'wrong-key' });
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'key', path: '/things' },
			credentials: ['harnessKeyApi'],
		});
		expect(result.items).toEqual([]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('401');
		expect(result.run.status).toBe('error');
		expect(result.runError?.message).toBe(result.error?.message);
		expect(JSON.stringify(result.error)).not.toContain('wrong-key');
	});

	it('binary output through prepareBinaryData; getBinaryDataBuffer reads it back', async () => {
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'key', method: 'BINARY', path: '/export' },
			credentials: ['harnessKeyApi'],
		});
		expect(result.error).toBeUndefined();
		const binary = result.items[0].binary!.data;
		expect(binary).toMatchObject({ fileName: 'export.xlsx', fileExtension: 'xlsx' });
		expect((await harness.binaryBuffer(binary)).toString('latin1')).toBe('PK\u0003\u0004fake-xlsx');
	});

	it('continueOnFail turns the error into an item', async () => {
		harness.setCredential('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: 'wrong-key' });
		const result = await harness.runNode({
			type: 'harnessHttp',
			parameters: { authentication: 'key', path: '/things' },
			credentials: ['harnessKeyApi'],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toEqual(expect.any(String));
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('fails clearly when the credential was never stored', async () => {
		await expect(
			harness.runNode({ type: 'harnessHttp', parameters: { authentication: 'fn' }, credentials: ['harnessNopeApi'] }),
		).rejects.toThrow(/harnessNopeApi/);
	});

	it('runs a whole workflow JSON (short node types, credential by type)', async () => {
		const run = await harness.runWorkflow({
			nodes: [
				{ id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'b',
					name: 'Get',
					type: 'harnessHttp',
					typeVersion: 2,
					position: [200, 0],
					parameters: { authentication: 'key', path: '/things/t2' },
					credentials: { harnessKeyApi: { id: null, name: '' } },
				},
				{
					id: 'c',
					name: 'Again',
					type: 'harnessHttp',
					typeVersion: 1,
					position: [400, 0],
					parameters: { authentication: 'key', path: '=/things/{{ $json.id }}-again' },
					credentials: { harnessKeyApi: { id: null, name: '' } },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Get', type: 'main', index: 0 }]] },
				Get: { main: [[{ node: 'Again', type: 'main', index: 0 }]] },
			},
		});
		expect(run.status).toBe('success');
		const out = run.data.resultData.runData.Again[0].data!.main[0]!;
		expect(out.map((i) => i.json)).toEqual([{ id: 't2-again', name: 'Thing t2-again' }]);
	});

	describe('session token credential (expirable field + preAuthentication)', () => {
		beforeEach(() => {
			server.validTokens.clear();
			server.logins = 0;
			harness.setCredential('harnessTokenApi', { baseUrl: server.baseUrl, username: USERNAME, password: PASSWORD });
			harness.stats.preAuthentication.harnessTokenApi = 0;
		});

		const getThings = async () =>
			await harness.runNode({
				type: 'harnessHttp',
				parameters: { authentication: 'token', path: '/things/t1' },
				credentials: ['harnessTokenApi'],
			});

		it('logs in when the token is empty, stores it, and reuses it in later executions', async () => {
			const first = await getThings();
			expect(first.error).toBeUndefined();
			expect(harness.stats.preAuthentication.harnessTokenApi).toBe(1);

			const second = await getThings();
			expect(second.error).toBeUndefined();
			const third = await getThings();
			expect(third.error).toBeUndefined();
			expect(harness.stats.preAuthentication.harnessTokenApi).toBe(1);
			expect(server.logins).toBe(1);
			const token = harness.getCredential('harnessTokenApi').sessionToken as string;
			expect(token).toMatch(/^tok-/);
			expect(server.sandbox.requests('/things/t1').map((r) => r.headers.authorization)).toEqual([
				`Bearer ${token}`,
				`Bearer ${token}`,
				`Bearer ${token}`,
			]);
		});

		it('after a 401 logs in again once, stores the new token and retries the request once', async () => {
			await getThings();
			const oldToken = harness.getCredential('harnessTokenApi').sessionToken;
			server.expireTokens();
			server.sandbox.resetLog();
			const result = await getThings();
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ id: 't1', name: 'Thing t1' });
			expect(harness.stats.preAuthentication.harnessTokenApi).toBe(2);
			const newToken = harness.getCredential('harnessTokenApi').sessionToken;
			expect(newToken).toEqual(expect.stringMatching(/^tok-/));
			expect(newToken).not.toBe(oldToken);
			expect(server.sandbox.log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
				'GET /things/t1 401',
				'POST /login 200',
				'GET /things/t1 200',
			]);
		});

		it('does not loop when the fresh token is refused too: one retry, then the 401 error', async () => {
			server.sandbox.fault({ status: 401, body: { error: 'nope' }, times: 2, match: (r) => r.path === '/things/t1' });
			const result = await getThings();
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect((result.error as NodeApiError).httpCode).toBe('401');
			expect(server.sandbox.requests('/things/t1')).toHaveLength(2);
			expect(harness.stats.preAuthentication.harnessTokenApi).toBe(2);
			expect(JSON.stringify(result.error)).not.toContain(PASSWORD);
		});
	});
});
