/**
 * Discovery of what exists right now: vendor adapters (test/e2e/vendors/*.ts), their example workflows
 * (examples/<vendor>/*.json), and vendor emulators (test/sandbox/<vendor>.ts) — all data-driven, so a vendor
 * joins `npm start` and the e2e suite by adding files.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { RunningSandbox, VendorE2e } from '../../test/e2e/lib/types';
import { availableNodeTypes, repoRoot, type WorkflowJson } from './n8n';

/** Folder of the compiled tools (this file lives in <tools>/scripts/lib). */
const toolsRoot = path.resolve(__dirname, '..', '..');

export interface LoadedVendor {
	adapter: VendorE2e;
	examples: WorkflowJson[];
	/** Why the vendor cannot run yet (missing node types), or undefined when it can. */
	skipReason?: string;
}

/** Example workflows of a vendor (examples/<vendor>/*.json), each validated for an id. */
export function loadExamples(vendor: string): WorkflowJson[] {
	const dir = path.join(repoRoot, 'examples', vendor);
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const wf = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as WorkflowJson;
			if (!wf.id || wf.id.length > 21)
				throw new Error(`examples/${vendor}/${f}: the workflow needs an "id" of at most 21 characters`);
			if (!Array.isArray(wf.nodes)) throw new Error(`examples/${vendor}/${f}: not a workflow export (no "nodes")`);
			return wf;
		});
}

/** All vendor adapters, with their examples and whether their nodes are built. */
export function loadVendors(only?: string[]): LoadedVendor[] {
	const dir = path.join(toolsRoot, 'test', 'e2e', 'vendors');
	if (!fs.existsSync(dir)) return [];
	const types = availableNodeTypes();
	const vendors: LoadedVendor[] = [];
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(dir, file));
		const adapter = (mod.default ?? mod.vendor) as VendorE2e | undefined;
		if (!adapter?.vendor) continue;
		if (only && only.length > 0 && !only.includes(adapter.vendor)) continue;
		// Only vendors whose source file still exists (a stale compiled file after a rename is ignored).
		if (!fs.existsSync(path.join(repoRoot, 'test', 'e2e', 'vendors', file.replace(/\.js$/, '.ts')))) continue;
		const missing = adapter.nodeTypes.filter((t) => !types.has(t));
		const examples = loadExamples(adapter.vendor);
		vendors.push({
			adapter,
			examples,
			skipReason:
				missing.length > 0 ? `node type(s) not built/listed in package.json yet: ${missing.join(', ')}` : undefined,
		});
	}
	return vendors;
}

/**
 * The vendors that have an emulator: test/sandbox/<vendor>.ts for each vendor declared in test/vendors/<vendor>.ts
 * (every vendor is declared there once for all suites). Other modules in test/sandbox (the framework, an
 * emulator's helpers such as pronestorHelpPage.ts, the self-tests) are not emulators.
 */
export function emulatorVendors(): string[] {
	const src = path.join(repoRoot, 'test', 'sandbox');
	const declared = path.join(repoRoot, 'test', 'vendors');
	if (!fs.existsSync(src) || !fs.existsSync(declared)) return [];
	return fs
		.readdirSync(src)
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && fs.existsSync(path.join(declared, f)))
		.map((f) => f.replace(/\.ts$/, ''))
		.sort();
}

/** The vendor emulators present, compiled (scripts/tool.sh compiles them into the tools folder). */
export function sandboxModules(): Array<{ vendor: string; file: string }> {
	return emulatorVendors()
		.map((vendor) => ({ vendor, file: path.join(toolsRoot, 'test', 'sandbox', `${vendor}.js`) }))
		.filter((m) => fs.existsSync(m.file));
}

interface StartableSandbox {
	start(): Promise<string>;
	stop(): Promise<void>;
	baseUrl?: string;
}

/**
 * Starts a vendor emulator without an adapter: calls its exported `create…Sandbox()` factory and `start()`.
 * Works for every emulator built on test/sandbox/framework.ts.
 */
export async function startSandboxModule(vendor: string, file: string): Promise<RunningSandbox> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(file) as Record<string, unknown>;
	const factoryName = Object.keys(mod).find((k) => /^create\w*Sandbox$/.test(k) && typeof mod[k] === 'function');
	if (!factoryName) throw new Error(`test/sandbox/${vendor}.ts exports no create…Sandbox() factory`);
	const made = (mod[factoryName] as () => unknown)();
	const handle = (await made) as StartableSandbox | { sandbox: StartableSandbox };
	const startable: StartableSandbox | undefined =
		typeof (handle as StartableSandbox).start === 'function'
			? (handle as StartableSandbox)
			: (handle as { sandbox: StartableSandbox }).sandbox;
	if (!startable || typeof startable.start !== 'function')
		throw new Error(`${factoryName}() returned nothing with a start() method`);
	const url = await startable.start();
	return {
		vendor,
		baseUrl: typeof url === 'string' ? url : (startable.baseUrl ?? ''),
		handle,
		stop: () => startable.stop(),
	};
}

/** Helper for adapters whose sandbox is a framework Sandbox subclass. */
export async function startSandbox<S extends StartableSandbox>(vendor: string, handle: S): Promise<RunningSandbox<S>> {
	const baseUrl = await handle.start();
	return { vendor, baseUrl, handle, stop: () => handle.stop() };
}
