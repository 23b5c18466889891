#!/usr/bin/env node
// `npm run check:dist [folder]`: fails unless dist/ is the complete build of the sources as they are now
// (scripts/lib/build-stamp.mjs). The publish workflow runs it between the build and `npm publish`: with .npmrc's
// ignore-scripts=true npm runs no prepublishOnly or prepack script, so nothing else would stop a stale dist/.
import path from 'node:path';
import { distProblems, repoRoot } from './lib/build-stamp.mjs';

const root = path.resolve(process.argv[2] ?? repoRoot);
const problems = distProblems(root);
if (problems.length) {
	for (const problem of problems) console.error(`check:dist: ${problem}`);
	process.exit(1);
}
console.log('check:dist: dist/ is the build of the current sources');
