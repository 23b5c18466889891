#!/usr/bin/env node
// n8n's community-package scanner (@n8n/scan-community-package, a dev dependency) run the way n8n runs it before
// it verifies a package, on what a user would get and on the source n8n lints, without the registry:
// - the tarball: `npm pack` into a temporary folder, unpacked, every file the scanner's default patterns match
//   (a superset of the `**/*.js` + `package.json` n8n scans in a published tarball);
// - the source: the repository with the scanner's SOURCE_FILE_PATTERNS (package.json, nodes/ and credentials/).
// Both legs go through the scanner's own analyzePackage (its verdict) and, to count warnings as well (it reports
// only errors), through ESLint with the scanner's exported buildScanConfig and the options analyzePackage uses:
// the repository's eslint config and inline eslint-disable comments ignored.
// Prints a report, or with --json one JSON document; exits 1 on any error or warning. Installs nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// ESLint and fast-glob as the scanner itself loads them (its own dependencies, whichever copy npm installed).
const fromScanner = createRequire(
	createRequire(import.meta.url).resolve('@n8n/scan-community-package/scanner/scanner.mjs'),
);
const { ESLint } = fromScanner('eslint');
const glob = fromScanner('fast-glob');

// eslint-plugin-n8n-nodes-base changes its file-name rules when NODE_ENV is "test" (its own test mode), as it is
// under jest: the scanner n8n runs sees no such variable.
delete process.env.NODE_ENV;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_PATTERNS = ['**/*.js', '**/*.ts', '**/*.json']; // analyzePackage's default

/** npm without the caller's npm_config_* settings (npm test exports .npmrc's), as scripts/lib/npm-clean.sh. */
function npm(args, cwd) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));
	const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/** Packs the repository as `npm publish` would (scripts off) and unpacks it; returns the folder and the file list. */
function packAndUnpack(tmp) {
	const out = npm(['pack', '--ignore-scripts=true', '--json', `--pack-destination=${tmp}`], repoRoot);
	const [packed] = JSON.parse(out.slice(out.indexOf('[')));
	const dir = path.join(tmp, 'package');
	fs.mkdirSync(dir);
	const tar = spawnSync('tar', ['-xzf', path.join(tmp, packed.filename), '-C', dir, '--strip-components=1']);
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	return { dir, files: packed.files.map((f) => f.path).sort(), filename: packed.filename };
}

/** One leg: the scanner's verdict plus every message ESLint reports with the scanner's config. */
async function scan(dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const messages = results.flatMap((r) =>
		r.messages.map((m) => ({
			file: path.relative(dir, r.filePath),
			line: m.line,
			severity: m.severity === 2 ? 'error' : 'warning',
			rule: m.ruleId,
			message: m.message,
		})),
	);
	return {
		passed: verdict.passed,
		verdict: verdict.message ?? null,
		filesLinted: files.length,
		errors: messages.filter((m) => m.severity === 'error').length,
		warnings: messages.filter((m) => m.severity === 'warning').length,
		messages,
	};
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
try {
	const packed = packAndUnpack(tmp);
	const report = {
		tarball: { filename: packed.filename, files: packed.files, ...(await scan(packed.dir, TARBALL_PATTERNS)) },
		source: await scan(repoRoot, SOURCE_FILE_PATTERNS),
	};
	if (process.argv.includes('--json')) {
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	} else {
		for (const [leg, r] of Object.entries(report)) {
			const verdict = r.passed ? 'passed' : `FAILED (${r.verdict})`;
			console.log(`${leg}: ${r.filesLinted} files, ${r.errors} errors, ${r.warnings} warnings; scanner ${verdict}`);
			for (const m of r.messages) console.log(`  ${m.severity} ${m.file}:${m.line} ${m.rule}: ${m.message}`);
		}
	}
	const clean = Object.values(report).every((r) => r.passed && r.errors === 0 && r.warnings === 0);
	process.exitCode = clean ? 0 : 1;
} finally {
	fs.rmSync(tmp, { recursive: true, force: true });
}
