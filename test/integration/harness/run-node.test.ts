import { Harness, FIXTURE_PACKAGE_DIR } from '../../harness';
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
	});

	it('runs a node with generic header + query-string authentication', async () => {
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
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [first] = server.sandbox.requests('/things/t1');
		expect(first.headers['x-api-key']).toBe(API_KEY);
		expect(first.query.tenant).toBe('default-tenant');
	});
});
