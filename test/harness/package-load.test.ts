import { Harness } from './index';

/** The repository's own package (dist/) loads through the harness: every node and credential listed in package.json. */
describe('harness: loads this repository\'s compiled package', () => {
	it('Harness.load() defaults to the package root and finds every listed node and credential', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const pkg = require('../../package.json') as { name: string; n8n: { nodes: string[]; credentials: string[] } };
		const harness = await Harness.load();
		expect(harness.packageName).toBe(pkg.name);
		const expectedNodes = pkg.n8n.nodes.length;
		expect(harness.nodeTypes.shortNames()).toHaveLength(expectedNodes);
		expect(harness.credentialTypes.names()).toHaveLength(pkg.n8n.credentials.length);
		for (const name of harness.nodeTypes.shortNames()) {
			const type = harness.nodeTypes.getByNameAndVersion(name);
			expect(type.description.name).toBe(name);
		}
	});
});
