import './setup';
import { Workflow, type INode, type IHttpRequestHelper } from 'n8n-workflow';
import { Harness, FIXTURE_PACKAGE_DIR } from './index';

/** The harness credentials helper against n8n's CredentialsHelper rules, without HTTP. */
describe('HarnessCredentialsHelper', () => {
	let harness: Harness;
	let workflow: Workflow;
	let node: INode;

	beforeAll(async () => {
		harness = await Harness.load(FIXTURE_PACKAGE_DIR);
	});

	beforeEach(() => {
		harness.setCredential('harnessKeyApi', { baseUrl: 'http://x', apiKey: 'k1', tenant: 't1' });
		harness.setCredential('harnessTokenApi', { baseUrl: 'http://x', username: 'u', password: 'p' });
		node = harness.node({ type: 'harnessHttp', parameters: {}, credentials: ['harnessKeyApi', 'harnessTokenApi'] });
		workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: harness.nodeTypes });
	});

	const helpers = (token: string): IHttpRequestHelper =>
		({ helpers: { httpRequest: jest.fn().mockResolvedValue({ token }) } }) as unknown as IHttpRequestHelper;

	it('generic authenticate resolves $credentials expressions into headers and qs, keeping existing ones', async () => {
		const options = await harness.credentialsHelper.authenticate(
			{ apiKey: 'k1', tenant: 't1' },
			'harnessKeyApi',
			{ url: 'http://x/a', headers: { Accept: 'application/json' }, qs: { page: 2 } },
			workflow,
			node,
		);
		expect(options.headers).toEqual({ Accept: 'application/json', 'X-Api-Key': 'k1' });
		expect(options.qs).toEqual({ page: 2, tenant: 't1' });
	});

	it('template expressions (Bearer {{...}}) and function authenticate', async () => {
		const bearer = await harness.credentialsHelper.authenticate({ sessionToken: 'abc' }, 'harnessTokenApi', { url: 'http://x' }, workflow, node);
		expect(bearer.headers).toEqual({ Authorization: 'Bearer abc' });
		const signed = await harness.credentialsHelper.authenticate({ secret: 's' }, 'harnessFnApi', { url: 'http://x' });
		expect(signed.headers).toEqual({ 'X-Signature': 'sig:s' });
	});

	it('getDecrypted applies the credential type defaults; raw returns the stored data', async () => {
		harness.setCredential('harnessKeyApi', { baseUrl: 'http://x', apiKey: 'k1' });
		const details = harness.credentialsHelper.details('harnessKeyApi');
		const additionalData = harness.additionalData();
		expect(await harness.credentialsHelper.getDecrypted(additionalData, details, 'harnessKeyApi', 'manual')).toEqual({
			baseUrl: 'http://x',
			apiKey: 'k1',
			tenant: 'default-tenant',
		});
		expect(await harness.credentialsHelper.getDecrypted(additionalData, details, 'harnessKeyApi', 'manual', undefined, true)).toEqual({
			baseUrl: 'http://x',
			apiKey: 'k1',
		});
		await expect(
			harness.credentialsHelper.getDecrypted(additionalData, { id: '999', name: 'x' }, 'harnessKeyApi', 'manual'),
		).rejects.toThrow('Credential with ID "999" does not exist for type "harnessKeyApi".');
	});

	it('preAuthentication: runs when the expirable field is empty or expired, stores the value, counts runs', async () => {
		const before = harness.stats.preAuthentication.harnessTokenApi ?? 0;
		const creds = { baseUrl: 'http://x', username: 'u', password: 'p', sessionToken: '' };
		const first = await harness.credentialsHelper.preAuthentication(helpers('T1'), creds, 'harnessTokenApi', node, false);
		expect(first).toMatchObject({ sessionToken: 'T1' });
		expect(harness.getCredential('harnessTokenApi')).toEqual({ baseUrl: 'http://x', username: 'u', password: 'p', sessionToken: 'T1' });

		const notNeeded = await harness.credentialsHelper.preAuthentication(helpers('T2'), { ...creds, sessionToken: 'T1' }, 'harnessTokenApi', node, false);
		expect(notNeeded).toBeUndefined();

		const expired = await harness.credentialsHelper.preAuthentication(helpers('T3'), { ...creds, sessionToken: 'T1' }, 'harnessTokenApi', node, true);
		expect(expired).toMatchObject({ sessionToken: 'T3' });
		expect(harness.getCredential('harnessTokenApi').sessionToken).toBe('T3');
		expect(harness.stats.preAuthentication.harnessTokenApi).toBe(before + 2);
	});

	it('preAuthentication: nothing for credential types without an expirable field', async () => {
		expect(await harness.credentialsHelper.preAuthentication(helpers('T'), { apiKey: 'k' }, 'harnessKeyApi', node, true)).toBeUndefined();
	});

	it('isCredentialUsableByNode and parent types', () => {
		expect(harness.credentialsHelper.isCredentialUsableByNode('harnessKeyApi', 'anything')).toBe(true);
		expect(harness.credentialsHelper.getParentTypes('harnessKeyApi')).toEqual([]);
		expect(harness.credentialTypes.getSupportedNodes('harnessKeyApi')).toEqual(
			expect.arrayContaining(['n8n-nodes-harness-fixture.harnessHttp', 'n8n-nodes-harness-fixture.harnessPollTrigger']),
		);
	});

	it('rejects unknown credential types at setCredential', () => {
		expect(() => harness.setCredential('nopeApi', {})).toThrow('Unknown credential type "nopeApi"');
	});
});
