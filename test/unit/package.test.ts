/**
 * The published package, as n8n sees it (needs `npm run build` first, as every suite here; installs nothing):
 * - n8n's community-package scanner (@n8n/scan-community-package, a dev dependency) on the packed and unpacked
 *   tarball and on the source finds nothing, neither errors nor warnings (scripts/scan-package.mjs);
 * - the tarball holds the compiled nodes, credentials, icons and codex files and nothing a user does not run;
 * - installed the way n8n installs a community package (peer and dev dependencies dropped, scripts/lib/n8n.ts),
 *   every node and credential loads through n8n-core's PackageDirectoryLoader with n8n-workflow and luxon coming
 *   from n8n's own install (n8n puts its node_modules on NODE_PATH), and BRP's bundled XML parser reads XML;
 *   without n8n's modules on the path, luxon is not found: the package does not bring its own.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installPackage } from '../../scripts/lib/n8n';

const repoRoot = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

interface Leg {
	passed: boolean;
	errors: number;
	warnings: number;
	filesLinted: number;
	messages: Array<{ file: string; line: number; rule: string; message: string }>;
	files?: string[];
}

function scan(): { tarball: Leg; source: Leg } {
	const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'scan-package.mjs'), '--json'], {
		cwd: repoRoot,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (!result.stdout.trim().startsWith('{')) throw new Error(`scan-package.mjs failed:\n${result.stdout}${result.stderr}`);
	return JSON.parse(result.stdout);
}

describe('the published package (n8n community-package scanner, tarball contents)', () => {
	let report: { tarball: Leg; source: Leg };
	beforeAll(() => {
		report = scan();
	}, 180_000);

	it.each(['tarball', 'source'] as const)('the scanner finds 0 errors and 0 warnings in the %s', (leg) => {
		const r = report[leg];
		expect(r.filesLinted).toBeGreaterThan(50);
		expect(r.messages.map((m) => `${m.file}:${m.line} ${m.rule}: ${m.message}`)).toEqual([]);
		expect({ passed: r.passed, errors: r.errors, warnings: r.warnings }).toEqual({ passed: true, errors: 0, warnings: 0 });
	});

	it('ships what n8n loads and nothing a user does not run', () => {
		const files = report.tarball.files ?? [];
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
		for (const node of manifest.n8n.nodes as string[]) expect(files).toContain(node.replace(/\.js$/, '.json'));
		expect(files.filter((f) => f.startsWith('dist/icons/') && f.endsWith('.svg')).length).toBeGreaterThanOrEqual(5);
		expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE.md', 'README.md', 'package.json']);
		const unexpected = files.filter(
			(f) => f.startsWith('dist/') && !/\.(js|json|svg)$/.test(f) && !['dist/build-stamp.txt', 'dist/THIRD-PARTY-LICENSES.md'].includes(f),
		);
		expect(unexpected).toEqual([]);
		expect(files.filter((f) => /\.d\.ts$|\.map$|tsbuildinfo|(^|\/)package\.json$/.test(f) && f !== 'package.json')).toEqual([]);
		expect(files.filter((f) => /(^|\/)(test|src|node_modules)\//.test(f))).toEqual([]);
	});

	it("ships the licences of the code it bundles (BRP's XML parser)", () => {
		expect(report.tarball.files).toContain('dist/THIRD-PARTY-LICENSES.md');
		const notices = fs.readFileSync(path.join(repoRoot, 'dist', 'THIRD-PARTY-LICENSES.md'), 'utf8');
		const bundled = [...notices.matchAll(/^## Bundled: (\S+) (\S+) /gm)].map((m) => m[1]);
		expect(bundled).toEqual(expect.arrayContaining(['xml2js', 'sax']));
		expect(bundled).not.toContain(manifest.name);
	});

	it('has no runtime dependencies; n8n-workflow is its only peer', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
		// "*" and nothing else: n8n's rule @n8n/community-nodes/valid-peer-dependencies (the scanner and n8n-node lint)
		// refuses a range. The n8n versions tested are stated in the README's Compatibility table (readme.test.ts).
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});
});

describe('the package installed as n8n installs it (peer and dev dependencies dropped)', () => {
	let userFolder: string;
	let installed: string;
	beforeAll(() => {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-install-'));
		installed = installPackage(userFolder);
	}, 120_000);
	afterAll(() => fs.rmSync(userFolder, { recursive: true, force: true }));

	/**
	 * Runs `code` in a fresh Node process from the installed package's folder. withN8nPath: NODE_PATH holds the
	 * module paths of n8n-core's install (here this repository's node_modules, where n8n-core, n8n-workflow and
	 * luxon are), as n8n's LoadNodesAndCredentials.init() sets them before it loads community packages.
	 */
	function inProcess(code: string, withN8nPath: boolean): { status: number | null; out: string } {
		const n8nCore = path.dirname(require.resolve('n8n-core/package.json'));
		const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: '', N8N_USER_FOLDER: userFolder };
		if (withN8nPath) {
			const probe = spawnSync(process.execPath, ['-e', 'console.log(module.paths.join(require("path").delimiter))'], {
				cwd: n8nCore,
				encoding: 'utf8',
			});
			// module.paths of a module inside n8n-core: n8n-core/node_modules, then every node_modules above it.
			env.NODE_PATH = [path.join(n8nCore, 'node_modules'), ...probe.stdout.trim().split(path.delimiter)].join(path.delimiter);
		}
		const result = spawnSync(process.execPath, ['-e', code], { cwd: installed, env, encoding: 'utf8' });
		return { status: result.status, out: `${result.stdout}${result.stderr}` };
	}

	it('brings no node_modules of its own', () => {
		expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
		const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
		expect(pkg.peerDependencies).toBeUndefined();
		expect(pkg.devDependencies).toBeUndefined();
	});

	it("loads every node and credential through n8n-core's PackageDirectoryLoader, luxon and n8n-workflow from n8n", () => {
		const code = `
			require('reflect-metadata');
			const { PackageDirectoryLoader } = require('n8n-core');
			(async () => {
				const loader = new PackageDirectoryLoader(process.cwd());
				await loader.loadAll();
				const luxon = require.resolve('luxon', { paths: [require('path').join(process.cwd(), 'dist', 'nodes', 'Brp')] });
				const { parseAnswer } = require('./dist/nodes/Brp/xml.js');
				const parsed = parseAnswer('<resources><resource><id>7</id><name>Hall A</name></resource></resources>');
				console.log(JSON.stringify({
					nodes: Object.keys(loader.nodeTypes).sort(),
					credentials: Object.keys(loader.credentialTypes).sort(),
					luxon,
					parsed,
				}));
			})().catch((error) => { console.error(error); process.exit(1); });`;
		const result = inProcess(code, true);
		expect(result.status).toBe(0);
		const loaded = JSON.parse(result.out.trim().split('\n').pop() as string);
		const expectedNodes = (manifest.n8n.nodes as string[]).map((f) => {
			const cls = path.basename(f).split('.')[0];
			return `${cls.charAt(0).toLowerCase()}${cls.slice(1)}`;
		});
		expect(loaded.nodes).toEqual(expectedNodes.sort());
		expect(loaded.credentials).toHaveLength(manifest.n8n.credentials.length);
		expect(loaded.luxon.startsWith(installed)).toBe(false);
		expect(loaded.luxon.startsWith(path.join(repoRoot, 'node_modules'))).toBe(true);
		expect(loaded.parsed).toEqual({ resources: [{ id: 7, name: 'Hall A' }] });
	});

	it('finds no luxon without n8n on the module path; BRP requires no xml2js (it is bundled)', () => {
		const withoutN8n = inProcess("require('./dist/nodes/Brp/xml.js')", false);
		expect(withoutN8n.status).not.toBe(0);
		expect(withoutN8n.out).toMatch(/Cannot find module 'luxon'/);
		const code = fs.readFileSync(path.join(installed, 'dist', 'nodes', 'Brp', 'xml.js'), 'utf8');
		expect(code).not.toMatch(/require\(["'](xml2js|sax|xmlbuilder|events|timers|stream)["']\)/);
	});
});
