import { Harness, FIXTURE_PACKAGE_DIR } from './index';
import { API_KEY, PASSWORD, USERNAME, startFixtureServer, type FixtureServer } from './fixture-server';

describe('harness: loadOptions, listSearch and credential tests', () => {
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

	it('loadOptions through LoadOptionsContext (current node parameters visible)', async () => {
		const options = await harness.loadOptions({
			type: 'harnessHttp',
			method: 'getCategories',
			parameters: { authentication: 'key' },
			credentials: ['harnessKeyApi'],
		});
		expect(options).toEqual([
			{ name: 'Rooms', value: 'c1' },
			{ name: 'Desks', value: 'c2' },
		]);
	});

	it('listSearch with filter and pagination token', async () => {
		const first = await harness.loadOptions({
			type: 'harnessHttp',
			kind: 'listSearch',
			method: 'searchThings',
			parameters: { authentication: 'key' },
			credentials: ['harnessKeyApi'],
			filter: 'room',
		});
		expect(first).toEqual({
			results: [
				{ name: 'Room Alpha', value: 't1' },
				{ name: 'Room Beta', value: 't2' },
			],
			paginationToken: 'page-2',
		});
		const second = await harness.loadOptions({
			type: 'harnessHttp',
			kind: 'listSearch',
			method: 'searchThings',
			parameters: { authentication: 'key' },
			credentials: ['harnessKeyApi'],
			paginationToken: 'page-2',
		});
		expect(second).toMatchObject({ paginationToken: undefined });
		expect(server.sandbox.requests('/things').map((r) => r.query)).toEqual([
			{ q: 'room', tenant: 'default-tenant' },
			{ page: 'page-2', tenant: 'default-tenant' },
		]);
	});

	describe('testCredential (n8n CredentialsTester: RoutingNode on a temporary noOp node)', () => {
		it('OK for a good API key, the HTTP status text for a bad one (no secret in the message)', async () => {
			expect(await harness.testCredential('harnessKeyApi')).toEqual({ status: 'OK', message: 'Connection successful!' });
			harness.setCredential('harnessKeyApi', { baseUrl: server.baseUrl, apiKey: 'bad-key-value' });
			const result = await harness.testCredential('harnessKeyApi');
			expect(result.status).toBe('Error');
			expect(result.message).toBe('Unauthorized');
			expect(result.message).not.toContain('bad-key-value');
		});

		it('runs preAuthentication during the test even when a token is stored, and stores the new token', async () => {
			harness.setCredential('harnessTokenApi', {
				baseUrl: server.baseUrl,
				username: USERNAME,
				password: PASSWORD,
				sessionToken: 'stale-token',
			});
			const before = harness.stats.preAuthentication.harnessTokenApi ?? 0;
			expect(await harness.testCredential('harnessTokenApi')).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(harness.stats.preAuthentication.harnessTokenApi).toBe(before + 1);
			const stored = harness.getCredential('harnessTokenApi');
			expect(stored.sessionToken).toMatch(/^tok-/);
			expect(server.sandbox.requests('/me')[0].headers.authorization).toBe(`Bearer ${stored.sessionToken as string}`);
		});

		it('reports a failed login as an error', async () => {
			harness.setCredential('harnessTokenApi', { baseUrl: server.baseUrl, username: USERNAME, password: 'wrong' });
			const result = await harness.testCredential('harnessTokenApi');
			expect(result.status).toBe('Error');
			expect(result.message).not.toContain('wrong');
		});

		it('reports a connection failure by its code', async () => {
			harness.setCredential('harnessKeyApi', { baseUrl: 'http://127.0.0.1:1', apiKey: API_KEY });
			expect(await harness.testCredential('harnessKeyApi')).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
		});
	});
});
