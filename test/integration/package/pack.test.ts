import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Harness } from '../../harness';

const root = path.resolve(__dirname, '..', '..', '..');

/** What users install: `npm pack` of the built package, unpacked and loaded the way n8n loads it. */
describe('the packed package', () => {
	fs.mkdirSync(path.join(root, 'test', 'artifacts'), { recursive: true });
	const work = fs.mkdtempSync(path.join(root, 'test', 'artifacts', 'pack-'));
	let files: string[] = [];
	let unpacked = '';

	beforeAll(() => {
		const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
		files = info.files.map((f) => f.path);
		execFileSync('tar', ['-xzf', path.join(work, path.basename(info.filename)), '-C', work]);
		// Unpacked inside the repo, so n8n-workflow and the runtime dependencies resolve as in an n8n install.
		unpacked = path.join(work, 'package');
	});
	afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

	it('contains only dist/, README, LICENSE and package.json', () => {
		const outside = files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE.md'].includes(f));
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE.md']));
		expect(files.some((f) => f.startsWith('dist/test') || f.endsWith('.test.js'))).toBe(false);
	});

	it('every node and credential in the n8n section is in the package with its icons, and loads', async () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(file);
		const harness = await Harness.load(unpacked);
		expect(harness.nodeTypes.shortNames().length).toBe(pkg.n8n.nodes.length);
		expect(harness.credentialTypes.names().length).toBe(pkg.n8n.credentials.length);
		// Every icon a node or credential names (file:…svg, relative to its compiled file) is in the package.
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const source = fs.readFileSync(path.join(unpacked, file), 'utf8');
			const icons = [...source.matchAll(/file:([^'"]+\.svg)/g)].map((m) => m[1]);
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) expect(fs.existsSync(path.resolve(path.dirname(path.join(unpacked, file)), icon))).toBe(true);
		}
	});
});
