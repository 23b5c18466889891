/**
 * The README is the page the npm registry shows (it cuts a README at 64 KiB) and the first page a user reads:
 * under 25 KiB, the two commands first, then n8n's order of sections; the rest lives in docs/.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
	it('is under 25 KiB', () => {
		expect(Buffer.byteLength(README, 'utf8')).toBeLessThan(25 * 1024);
	});

	it('starts with the two commands, before any section', () => {
		const firstSection = README.indexOf('\n## ');
		expect(README.indexOf('npm start')).toBeGreaterThan(0);
		expect(README.indexOf('npm start')).toBeLessThan(firstSection);
		expect(README.indexOf('npm test')).toBeLessThan(firstSection);
	});

	it("has n8n's sections in n8n's order", () => {
		const order = [
			'Installation',
			'Operations',
			'Credentials',
			'Compatibility',
			'Usage',
			'Resources',
			'Version history',
		];
		const at = order.map((title) => README.indexOf(`\n## ${title}`));
		expect(at.every((i) => i > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	it('links only to docs pages that exist', () => {
		const links = [...README.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]);
		for (const link of links)
			expect(() => readFileSync(join(__dirname, '..', '..', link))).not.toThrow();
	});

	it('lists in Compatibility exactly the n8n apps npm test runs the package in, with their Node', () => {
		const repo = join(__dirname, '..', '..');
		const section = README.slice(README.indexOf('\n## Compatibility'), README.indexOf('\n## Usage'));
		const apps = [...section.matchAll(/^\| (\d+\.\d+\.\d+) \(the app[^|]*\| (\d+) \|/gm)].map((m) => `${m[1]} on Node ${m[2]}`);
		// The default app (e2e, queue mode) and the compatibility stage's older release (test/compat/run.ts), each
		// installed from its committed lock in scripts/n8n-runtime/.
		const runtimes = join(repo, 'scripts', 'n8n-runtime');
		const defaultApp = JSON.parse(readFileSync(join(runtimes, 'package.json'), 'utf8')).dependencies.n8n as string;
		const older = readdirSync(runtimes).filter((d) => /^n8n-\d+\.\d+\.\d+$/.test(d)).map((d) => d.slice('n8n-'.length));
		const compat = readFileSync(join(repo, 'test', 'compat', 'run.ts'), 'utf8');
		const compatVersion = /COMPAT_N8N_VERSION \?\? '([\d.]+)'/.exec(compat)?.[1];
		const compatNode = /COMPAT_NODE_MAJOR \?\? '(\d+)'/.exec(compat)?.[1];
		expect(older).toEqual([compatVersion]);
		expect(apps.sort()).toEqual([`${defaultApp} on Node 24`, `${compatVersion} on Node ${compatNode}`].sort());
	});
});
