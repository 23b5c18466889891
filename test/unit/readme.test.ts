/**
 * The README is the page the npm registry shows (it cuts a README at 64 KiB) and the first page a user reads:
 * under 25 KiB, the two commands first, then n8n's order of sections; the rest lives in docs/.
 */
import { readFileSync } from 'fs';
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
});
