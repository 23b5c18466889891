// The build stamp: dist/build-stamp.txt holds a hash of every input of the build (per file) and of every file the
// build wrote, so a release can prove that the dist/ it publishes was built, completely, from the sources it is
// tagged with (scripts/check-dist.mjs). Written by scripts/build.mjs as its last step.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Plain text, one `source|dist <sha256> <path>` line per file: n8n's scanner lints every .json in the tarball, and
// reads hashes under file names such as webhookSecret as hard-coded secrets.
export const STAMP = 'build-stamp.txt';

/** What the build reads: the package's code and assets, the build's configuration, its scripts and lock file. */
const INPUT_DIRS = ['nodes', 'credentials', 'icons', 'scripts/build-shims'];
const INPUT_FILES = [
	'package.json',
	'package-lock.json',
	'tsconfig.json',
	'gulpfile.js',
	'scripts/build.mjs',
	'scripts/lib/build-stamp.mjs',
];

function hashFile(file) {
	return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function filesUnder(root, dir) {
	const full = path.join(root, dir);
	if (!fs.existsSync(full)) return [];
	return fs
		.readdirSync(full, { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile())
		.map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'));
}

function hashes(root, files) {
	return Object.fromEntries(files.sort().map((f) => [f, hashFile(path.join(root, f))]));
}

/** Per-file hashes of the build's inputs under root. */
export function sourceHashes(root = repoRoot) {
	const files = [
		...INPUT_DIRS.flatMap((d) => filesUnder(root, d)),
		...INPUT_FILES.filter((f) => fs.existsSync(path.join(root, f))),
	];
	return hashes(root, files);
}

/** Per-file hashes of dist/ under root (the stamp itself left out). */
export function distHashes(root = repoRoot) {
	return hashes(
		root,
		filesUnder(root, 'dist').filter((f) => f !== `dist/${STAMP}`),
	);
}

export function writeStamp(root = repoRoot) {
	const lines = [
		'# sha256 of each input of the build (source) and of each file it wrote (dist); see scripts/check-dist.mjs',
		...Object.entries(sourceHashes(root)).map(([file, hash]) => `source ${hash} ${file}`),
		...Object.entries(distHashes(root)).map(([file, hash]) => `dist ${hash} ${file}`),
	];
	fs.writeFileSync(path.join(root, 'dist', STAMP), `${lines.join('\n')}\n`);
}

function readStamp(file) {
	const stamp = { source: {}, dist: {} };
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		const match = /^(source|dist) ([0-9a-f]{64}) (.+)$/.exec(line);
		if (match) stamp[match[1]][match[3]] = match[2];
	}
	return stamp;
}

function differences(recorded, now) {
	const names = new Set([...Object.keys(recorded), ...Object.keys(now)]);
	return [...names].filter((n) => recorded[n] !== now[n]).sort();
}

/**
 * Why dist/ under root cannot be published, or [] when it is the complete build of the current sources:
 * no dist/, no stamp, a source changed (or added, or removed) since the build, or dist/ changed after it.
 */
export function distProblems(root = repoRoot) {
	if (!fs.existsSync(path.join(root, 'dist'))) return ['dist/ is missing: run `npm run build`'];
	const stampFile = path.join(root, 'dist', STAMP);
	if (!fs.existsSync(stampFile)) return [`dist/${STAMP} is missing: dist/ was not made by \`npm run build\``];
	const stamp = readStamp(stampFile);
	const problems = [];
	const sources = differences(stamp.source, sourceHashes(root));
	if (sources.length) {
		problems.push(`dist/ is stale: changed since the build: ${sources.slice(0, 10).join(', ')}; run \`npm run build\``);
	}
	const built = differences(stamp.dist, distHashes(root));
	if (built.length) {
		problems.push(`dist/ was changed after the build: ${built.slice(0, 10).join(', ')}; run \`npm run build\``);
	}
	return problems;
}
