#!/usr/bin/env node
// `npm run build`: the package as it is published, in dist/, from nothing.
// 1. dist/ is removed, so no file of an earlier build survives into the tarball.
// 2. tsc compiles nodes/ and credentials/ (JavaScript and the codex .json; no declarations or source maps: nobody
//    imports this package, and n8n loads only the .js files).
// 3. gulp copies the icons.
// 4. Every compiled file that requires a package n8n does not provide (n8n provides n8n-workflow and luxon to the
//    nodes it loads) gets that package bundled into it with esbuild, so the published package has no runtime
//    dependency: today nodes/Brp/xml.js with xml2js (BRP's XML parser). The bundled code gets small shims instead
//    of Node built-ins (scripts/build-shims); a built-in without a shim fails the build.
//    The bundled packages' licences go to dist/THIRD-PARTY-LICENSES.md (their terms ask for it), one
//    "## Bundled: <name> <version> (<licence>)" section each.
// 5. dist/build-stamp.txt records the hashes of the sources and of dist/ (scripts/lib/build-stamp.mjs), which
//    `npm run check:dist` compares before a release.
// --keep-going: type errors are reported but the output is kept (tools that run while others edit files).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { repoRoot, writeStamp } from './lib/build-stamp.mjs';

/** Packages n8n gives every node it loads (its own install is on the module path): never bundled. */
export const PROVIDED_BY_N8N = ['n8n-workflow', 'luxon'];

const dist = path.join(repoRoot, 'dist');
const shims = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-shims');
const keepGoing = process.argv.includes('--keep-going');

function run(what, args) {
	const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
	return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim(), what };
}

function packageOf(specifier) {
	const parts = specifier.split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
	const name = specifier.replace(/^node:/, '');
	return builtinModules.includes(name) || builtinModules.includes(name.split('/')[0]);
}

/** The bare packages a compiled file requires that n8n does not provide. */
function foreignRequires(file) {
	const code = fs.readFileSync(file, 'utf8');
	const found = new Set();
	for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
		const specifier = match[1];
		if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
		if (!PROVIDED_BY_N8N.includes(packageOf(specifier))) found.add(packageOf(specifier));
	}
	return [...found];
}

/**
 * Rebundles one compiled file: its own relative imports and n8n's packages stay requires, the foreign packages
 * and everything they import are inlined, and Node built-ins they use become the shims.
 */
async function bundleInto(file) {
	const keepRequire = {
		name: 'keep-package-requires',
		setup(build) {
			build.onResolve({ filter: /.*/ }, (args) => {
				if (args.kind === 'entry-point') return undefined;
				const fromDist = args.importer.startsWith(dist + path.sep);
				if (fromDist && args.path.startsWith('.')) return { path: args.path, external: true };
				if (PROVIDED_BY_N8N.includes(packageOf(args.path))) return { path: args.path, external: true };
				if (isBuiltin(args.path)) {
					const shim = path.join(shims, `${args.path.replace(/^node:/, '')}.js`);
					if (!fs.existsSync(shim)) {
						return { errors: [{ text: `${args.path} (required by ${args.importer}) has no shim in ${shims}` }] };
					}
					return { path: shim };
				}
				return undefined;
			});
		},
	};
	const result = await esbuild.build({
		metafile: true,
		entryPoints: [file],
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'es2019',
		legalComments: 'inline',
		logLevel: 'silent',
		plugins: [keepRequire],
	});
	return Object.keys(result.metafile.inputs).map((input) => path.resolve(input));
}

/** The package folders (with a package.json that names them) that the bundled input files belong to. */
function packagesOf(inputs) {
	const found = new Map();
	for (const input of inputs.filter((i) => i.split(path.sep).includes('node_modules'))) {
		for (let dir = path.dirname(input); dir !== path.dirname(dir) && !dir.startsWith(dist); dir = path.dirname(dir)) {
			const manifest = path.join(dir, 'package.json');
			if (!fs.existsSync(manifest)) continue;
			const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
			if (pkg.name && pkg.version) {
				found.set(`${pkg.name}@${pkg.version}`, { dir, name: pkg.name, version: pkg.version, license: pkg.license });
				break;
			}
		}
	}
	return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function writeLicenses(packages) {
	const sections = packages.map((p) => {
		const file = fs.readdirSync(p.dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
		if (!file) throw new Error(`bundled package ${p.name} ${p.version} has no licence file`);
		const text = fs.readFileSync(path.join(p.dir, file), 'utf8').trim();
		return `## Bundled: ${p.name} ${p.version} (${p.license ?? 'see below'})\n\n${text}\n`;
	});
	const intro =
		'# Third-party code bundled into this package\n\nBundled by scripts/build.mjs; their licences follow.\n';
	fs.writeFileSync(path.join(dist, 'THIRD-PARTY-LICENSES.md'), [intro, ...sections].join('\n'));
}

function jsFiles(dir) {
	return fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => path.join(dir, f));
}

fs.rmSync(dist, { recursive: true, force: true });
const tsc = run('tsc', [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
if (!tsc.ok) {
	console.error(`build: tsc reported errors:\n${tsc.output}`);
	if (!keepGoing || !fs.existsSync(dist)) process.exit(1);
}
const icons = run('gulp', [path.join(repoRoot, 'node_modules', 'gulp', 'bin', 'gulp.js'), 'build:icons']);
if (!icons.ok) {
	console.error(`build: copying the icons failed:\n${icons.output}`);
	process.exit(1);
}
const bundledInputs = [];
for (const file of jsFiles(dist)) {
	const foreign = foreignRequires(file);
	if (foreign.length === 0) continue;
	bundledInputs.push(...(await bundleInto(file)));
	console.log(`build: bundled ${foreign.join(', ')} into ${path.relative(repoRoot, file)}`);
}
const bundled = packagesOf(bundledInputs);
if (bundled.length) writeLicenses(bundled);
writeStamp();
console.log(`build: dist/ ready${tsc.ok ? '' : ' (with type errors)'}`);
