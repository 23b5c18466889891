/**
 * n8n's own HTTP Request node, the anchor a user would otherwise pick, and the Split Out node a user's workflow
 * puts after it where an answer wraps the records. n8n-nodes-base is not a dependency of
 * this package; the real n8n app that the e2e tooling installs (scripts/n8n-env.sh, a cache folder outside
 * the repository) contains it. It is loaded from there with every `require('n8n-workflow')` redirected to
 * this repository's copy, so the harness's engine and the node share one n8n-workflow (two copies break
 * `instanceof` checks). Everything else the node needs (lodash, jsdom…) comes from the app's folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Module = require('module');
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';

/** Where scripts/n8n-env.sh keeps the app (same defaults as the script). */
export function n8nAppDir(): string {
	const cache = process.env.N8N_BOOKINGS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'n8n-nodes-bookings');
	return path.join(cache, `n8n-${process.env.N8N_VERSION ?? '2.41.1'}`);
}

export interface LoadedBaseNode {
	type: INodeType | IVersionedNodeType;
	version: string;
	from: string;
}

/** Loads HTTP Request from the cached n8n app, or answers why it could not. */
export function loadHttpRequestNode(repoRoot: string): LoadedBaseNode | { missing: string } {
	return loadBaseNode(repoRoot, ['HttpRequest', 'HttpRequest.node.js'], 'HttpRequest', 'compare with the HTTP Request node');
}

export const SPLIT_OUT_TYPE = 'n8n-nodes-base.splitOut';

/** Loads Split Out (what a user's workflow puts after an HTTP Request whose answer wraps the records). */
export function loadSplitOutNode(repoRoot: string): LoadedBaseNode | { missing: string } {
	return loadBaseNode(repoRoot, ['Transform', 'SplitOut', 'SplitOut.node.js'], 'SplitOut', 'split page answers into records');
}

let redirected = false;

function loadBaseNode(repoRoot: string, file: string[], exportName: string, purpose: string): LoadedBaseNode | { missing: string } {
	const base = path.join(n8nAppDir(), 'node_modules', 'n8n-nodes-base');
	const entry = path.join(base, 'dist', 'nodes', ...file);
	if (!fs.existsSync(entry)) {
		return { missing: `n8n-nodes-base not found at ${base}: run \`npm run n8n:install\` (scripts/n8n-env.sh) once to ${purpose}` };
	}
	if (!redirected) {
		redirected = true;
		const ours = require.resolve('n8n-workflow', { paths: [repoRoot] });
		const appRoot = path.join(n8nAppDir(), 'node_modules');
		const mod = Module as unknown as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };
		const original = mod._resolveFilename;
		mod._resolveFilename = function (request, parent, ...rest) {
			if ((request === 'n8n-workflow' || request.startsWith('n8n-workflow/')) && parent?.filename?.startsWith(appRoot)) {
				return request === 'n8n-workflow' ? ours : require.resolve(request, { paths: [repoRoot] });
			}
			return original.call(this, request, parent, ...rest);
		};
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(entry) as Record<string, new () => INodeType | IVersionedNodeType>;
	const version = (JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8')) as { version: string }).version;
	return { type: new loaded[exportName](), version, from: base };
}
