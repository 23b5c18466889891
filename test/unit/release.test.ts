/**
 * A release cannot publish an unbuilt or stale dist/:
 * - with this repository's .npmrc (ignore-scripts=true) npm runs no lifecycle script of the package itself, so a
 *   prepack/prepublishOnly build or check would silently not happen;
 * - so the publish workflow builds explicitly, tests, and runs `npm run check:dist` before `npm publish`;
 * - check:dist (scripts/check-dist.mjs) accepts a dist/ only when it is the complete build of the sources as they
 *   are: shown on a copy of the repository built with the real build, then changed in each way that matters.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** npm without the npm_config_* settings of a surrounding `npm test` (they would override the temp folder's). */
function npmEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));
}

function checkDist(root: string): { status: number | null; out: string } {
	const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'check-dist.mjs'), root], { encoding: 'utf8' });
	return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('npm and lifecycle scripts under ignore-scripts=true', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-ignore-scripts-'));
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({
				name: 'ignore-scripts-probe',
				version: '1.0.0',
				files: ['index.js'],
				scripts: { prepack: 'node -e "require(\'fs\').writeFileSync(\'prepack-ran\', \'\')"' },
			}),
		);
		fs.writeFileSync(path.join(dir, 'index.js'), '');
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it("skips the package's own prepack with the repository's .npmrc, runs it without", () => {
		fs.copyFileSync(path.join(repoRoot, '.npmrc'), path.join(dir, '.npmrc'));
		expect(fs.readFileSync(path.join(dir, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
		const skipped = spawnSync('npm', ['pack', '--dry-run'], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
		expect(skipped.status).toBe(0);
		expect(fs.existsSync(path.join(dir, 'prepack-ran'))).toBe(false);
		fs.rmSync(path.join(dir, '.npmrc'));
		const ran = spawnSync('npm', ['pack', '--dry-run'], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
		expect(ran.status).toBe(0);
		expect(fs.existsSync(path.join(dir, 'prepack-ran'))).toBe(true);
	});
});

describe('the publish workflow', () => {
	const workflow = fs.readFileSync(path.join(repoRoot, '.github', 'workflows', 'publish.yml'), 'utf8');
	const runs = [...workflow.matchAll(/^\s+run: (.+)$|^\s{10}(npm publish.*)$/gm)].map((m) => (m[1] ?? m[2]).trim());

	it('runs on version tags with an OIDC token for provenance', () => {
		expect(workflow).toMatch(/on:\s+push:\s+tags:\s+(#.*\s+)*- '\*\.\*\.\*'/);
		expect(workflow).toMatch(/permissions:\s+(#.*\s+)*id-token: write/);
	});

	it('installs, builds, tests and checks dist/ before it publishes with provenance', () => {
		const order = ['npm ci --no-audit --no-fund', 'npm run build', 'npm test', 'npm run check:dist', 'npm publish --provenance --access public'];
		const at = order.map((step) => runs.indexOf(step));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});
});

describe('check:dist (scripts/check-dist.mjs)', () => {
	let copy: string;
	const inputs = ['nodes', 'credentials', 'icons', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'gulpfile.js', '.npmrc'];

	beforeAll(() => {
		copy = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-check-dist-'));
		for (const input of inputs) fs.cpSync(path.join(repoRoot, input), path.join(copy, input), { recursive: true });
		fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
		const build = spawnSync(process.execPath, [path.join(copy, 'scripts', 'build.mjs')], { cwd: copy, encoding: 'utf8' });
		if (build.status !== 0) throw new Error(`the build failed in ${copy}:\n${build.stdout}${build.stderr}`);
	}, 180_000);
	afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

	/** Changes a file of the copy for one check, then puts it back. */
	function withChange(file: string, change: (text: string) => string | null, check: () => void): void {
		const full = path.join(copy, file);
		const before = fs.existsSync(full) ? fs.readFileSync(full) : null;
		const after = change(before?.toString('utf8') ?? '');
		if (after === null) fs.rmSync(full);
		else fs.writeFileSync(full, after);
		try {
			check();
		} finally {
			if (before === null) fs.rmSync(full, { force: true });
			else fs.writeFileSync(full, before);
		}
	}

	it('accepts the dist/ the build just made', () => {
		expect(checkDist(copy)).toEqual({ status: 0, out: expect.stringContaining('dist/ is the build of the current sources') });
	});

	it.each([
		['a changed node source', 'nodes/Brp/xml.ts', (t: string) => `${t}\n// changed\n`],
		['a new node source', 'nodes/shared/added.ts', () => 'export const added = 1;\n'],
		['a removed credential', 'credentials/BrpApi.credentials.ts', () => null],
		['a changed icon', 'icons/brp.svg', (t: string) => t.replace('<svg', '<svg data-changed="1"')],
		['a changed package.json', 'package.json', (t: string) => t.replace('"version": "', '"version": "9')],
		['a changed build shim', 'scripts/build-shims/events.js', (t: string) => `${t}\n`],
	])('refuses a stale dist/: %s', (_what, file, change) => {
		withChange(file, change, () => {
			const result = checkDist(copy);
			expect(result.status).toBe(1);
			expect(result.out).toContain('dist/ is stale');
			expect(result.out).toContain(file);
		});
	});

	it('refuses a dist/ changed after the build (a file edited, added or removed)', () => {
		for (const [file, change] of [
			['dist/nodes/Brp/xml.js', (t: string) => `${t}\n// edited\n`],
			['dist/nodes/Brp/Leftover.node.js', () => 'module.exports = {};\n'],
			['dist/credentials/BrpApi.credentials.js', () => null],
		] as Array<[string, (t: string) => string | null]>) {
			withChange(file, change, () => {
				const result = checkDist(copy);
				expect(result.status).toBe(1);
				expect(result.out).toContain(`dist/ was changed after the build: ${file}`);
			});
		}
	});

	it('refuses a dist/ without a build stamp, and no dist/ at all', () => {
		withChange('dist/build-stamp.txt', () => null, () => {
			expect(checkDist(copy)).toEqual({ status: 1, out: expect.stringContaining('was not made by `npm run build`') });
		});
		const moved = `${copy}-dist`;
		fs.renameSync(path.join(copy, 'dist'), moved);
		try {
			expect(checkDist(copy)).toEqual({ status: 1, out: expect.stringContaining('dist/ is missing') });
		} finally {
			fs.renameSync(moved, path.join(copy, 'dist'));
		}
	});
});
