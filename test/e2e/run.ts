/**
 * The e2e suite: the real n8n app (Node 24, n8n 2.41.1 from the cache) loading this package as a community
 * package, against the vendor emulators.
 *
 *   npm run test:e2e [-- --only hubplanner,pronestor] [--grep 'delivers the same event'] [--no-browser] [--keep]
 *
 * Phases (each case prints its duration; the last line is `e2e: N passed, M failed`):
 *   cli     — `n8n execute` every example workflow with a Manual Trigger and assert on its output; vendor
 *             cases that only need the CLI (credential logic across executions)
 *   server  — `n8n start`: the package loads, activation/webhooks/polling cases, deactivation
 *   restarts — every polling trigger at once: a SIGTERM restart before any poll emitted, a SIGKILL while the
 *             executions with new records run; each record emitted exactly once (lib/restarts.ts)
 *   browser — the editor in headless Chromium: log in, open examples, node panels, icons, screenshots
 *             to test/artifacts/editor/
 *   npm start — the README's first command through npm, in its own user folder; stopped by a SIGINT to npm
 * Environment: E2E_ONLY=vendor[,vendor], E2E_PHASE=restarts (only that phase's cases), E2E_GREP=text (only the cases
 * whose name contains it), E2E_BROWSER=0,
 * E2E_KEEP=1 (keep the temp user folder), E2E_NPM_START=0, N8N_BOOKINGS_SKIP_BUILD=1, N8N_BOOKINGS_SHOW_N8N_LOG=1.
 */
import 'reflect-metadata';
import * as fs from 'fs';
import * as path from 'path';
import {
	N8nApp,
	buildPackage,
	ensureN8nInstalled,
	installPackage,
	nodeItems,
	repoRoot,
	runError,
	executeFailure,
	tail,
	tempDir,
	until,
	type CredentialImport,
	type N8nInstall,
	type WorkflowJson,
	PACKAGE_NAME,
} from '../../scripts/lib/n8n';
import { loadVendors, type LoadedVendor } from '../../scripts/lib/vendors';
import type { E2eContext, RunningSandbox } from './lib/types';
import { runEditorChecks } from './editor';
import { checkNpmStart } from './npmStart';
import { checkContract, contractWorkflow } from './contract';
import { Gate } from './lib/gate';
import { checkPackageLoads } from './lib/cases';
import { RestartsPhase } from './lib/restarts';

interface Case {
	name: string;
	phase: 'cli' | 'server' | 'browser' | 'restarts';
	timeoutMs: number;
	run(): Promise<void>;
}

const args = process.argv.slice(2);
const argValue = (name: string) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
};
const only = (argValue('--only') ?? process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
const browser = !args.includes('--no-browser') && process.env.E2E_BROWSER !== '0';
const keep = args.includes('--keep') || process.env.E2E_KEEP === '1';
/** `--phase restarts` (or E2E_PHASE): only that phase's cases (the others still import, nothing else runs). */
const onlyPhase = argValue('--phase') ?? process.env.E2E_PHASE;
/** `--grep <text>` (or E2E_GREP): only the cases whose name contains the text. */
const grep = argValue('--grep') ?? process.env.E2E_GREP;

/** Detail lines of the running case, printed under its result line. */
let details: string[] = [];
const detail = (m: string) => details.push(`      ${m}`);

const results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];
const skipped: string[] = [];
const stageTimes: Array<[string, number]> = [];

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

async function stage<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		stageTimes.push([name, Date.now() - started]);
	}
}

async function runCase(c: Case): Promise<void> {
	const started = Date.now();
	let timer: NodeJS.Timeout | undefined;
	details = [];
	try {
		await Promise.race([
			c.run(),
			new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${seconds(c.timeoutMs)}`)), c.timeoutMs))),
		]);
		results.push({ name: c.name, ok: true, ms: Date.now() - started });
		console.log(`  ✓ ${c.name} (${seconds(Date.now() - started)})`);
		for (const d of details) console.log(d);
	} catch (error) {
		const message = (error as Error).message ?? String(error);
		results.push({ name: c.name, ok: false, ms: Date.now() - started, error: message });
		console.log(`  ✗ ${c.name} (${seconds(Date.now() - started)})\n${indent(message)}`);
		for (const d of details) console.log(d);
	} finally {
		if (timer) clearTimeout(timer);
	}
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((l) => `      ${l}`)
		.join('\n');
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

/** Workflows that `n8n execute` can run: they start with a Manual Trigger. */
function isManual(wf: WorkflowJson): boolean {
	return wf.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger');
}

function loadFixtures(): WorkflowJson[] {
	const dir = path.join(repoRoot, 'test', 'e2e', 'fixtures');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as WorkflowJson);
}

async function main(): Promise<number> {
	const started = Date.now();
	console.log(`e2e: the real n8n app${only.length ? ` (only ${only.join(', ')})` : ''}`);
	const install: N8nInstall = await stage('install (cached after the first run)', () => ensureN8nInstalled());
	await stage('build package', () => buildPackage());

	const vendors = loadVendors(only);
	const active: LoadedVendor[] = [];
	for (const v of vendors) {
		if (v.skipReason) {
			skipped.push(`${v.adapter.vendor}: ${v.skipReason}`);
			console.log(`  - ${v.adapter.displayName}: skipped (${v.skipReason})`);
		} else active.push(v);
	}

	const userFolder = tempDir('n8n-bookings-e2e-');
	const app = new N8nApp(install, { userFolder, encryptionKey: 'e2e-encryption-key-not-secret' });
	const sandboxes = new Map<string, RunningSandbox>();
	const gate = new Gate();
	const restarts = new RestartsPhase(app, gate);
	// Interrupted (Ctrl-C, a CI timeout): stop n8n and the sandboxes, remove the temp folder, report as failed.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`\n  interrupted (${signal}): stopping n8n and the sandboxes`);
			void (async () => {
				await app.stop().catch(() => undefined);
				for (const sb of sandboxes.values()) await sb.stop().catch(() => undefined);
				await gate.stop().catch(() => undefined);
				if (!keep) fs.rmSync(userFolder, { recursive: true, force: true });
				console.log(`e2e: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
				process.exit(130);
			})();
		});
	}
	const cases: Case[] = [];
	const fixtures = only.length ? [] : loadFixtures();
	const contractWorkflows = new Map<string, WorkflowJson>();

	try {
		installPackage(userFolder);
		// Sandboxes and imports.
		const credentials: CredentialImport[] = [];
		const workflows: WorkflowJson[] = [...fixtures];
		await stage('start sandboxes', async () => {
			await gate.start();
			for (const v of active) {
				const sb = await v.adapter.startSandbox();
				sandboxes.set(v.adapter.vendor, sb);
				const own = v.adapter.credentials(sb);
				credentials.push(...own);
				workflows.push(...v.examples);
				const contract = contractWorkflow(v, own);
				if (contract) {
					workflows.push(contract);
					contractWorkflows.set(v.adapter.vendor, contract);
				}
				workflows.push(...restarts.add(v.adapter.vendor, v.adapter.restartTriggers ?? [], sb, v.examples));
				console.log(`  ${v.adapter.displayName} sandbox at ${sb.baseUrl}`);
			}
		});
		await stage('import credentials + workflows', async () => {
			await app.importCredentials(credentials);
			await app.importWorkflows(workflows);
		});

		// --- plumbing cases (n8n's own nodes), proving the layer itself
		const plumbingManual = fixtures.find((w) => w.id === 'e2ePlumbingManual');
		if (plumbingManual) {
			cases.push({
				name: '[n8n] execute a Manual Trigger → Code workflow (task runner)',
				phase: 'cli',
				timeoutMs: 120_000,
				run: async () => {
					const res = await app.execute(plumbingManual.id);
					assert(res.ok, `execution failed: ${executeFailure(res)}`);
					const items = nodeItems(res.run, 'Make Items');
					assert(items.length === 3 && items[2].n === 3, `unexpected output ${JSON.stringify(items)}`);
				},
			});
		}
		const plumbingWebhook = fixtures.find((w) => w.id === 'e2ePlumbingWebhook');
		if (plumbingWebhook) {
			cases.push({
				name: '[n8n] activate a Webhook workflow, call it, deactivate it',
				phase: 'server',
				timeoutMs: 60_000,
				run: async () => {
					await app.activate(plumbingWebhook.id);
					const res = await app.waitForWebhook('e2e-plumbing', {
						method: 'POST',
						headers: { 'Content-Type': 'application/json' },
						body: JSON.stringify({ hello: 'world' }),
					});
					assert(res.ok, `webhook answered HTTP ${res.status}`);
					const execution = await app.waitForExecution(plumbingWebhook.id, 0);
					assert(execution.status === 'success' || execution.finished, `execution status ${execution.status}`);
					await app.deactivate(plumbingWebhook.id);
					await until(async () => (await fetch(`${app.baseUrl}/webhook/e2e-plumbing`, { method: 'POST' })).status === 404, 'the deactivated webhook answers 404', 15_000);
				},
			});
		}
		cases.push({
			name: `[n8n] ${PACKAGE_NAME} loads as a community package (every built node and credential type is known)`,
			phase: 'server',
			timeoutMs: 30_000,
			run: async () => {
				await checkPackageLoads(app);
			},
		});

		cases.push({
			name: '[examples] every example workflow is listed in examples/README.md',
			phase: 'cli',
			timeoutMs: 5_000,
			run: async () => {
				const readme = fs.readFileSync(path.join(repoRoot, 'examples', 'README.md'), 'utf8');
				const missing: string[] = [];
				for (const dir of fs.readdirSync(path.join(repoRoot, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
					for (const f of fs.readdirSync(path.join(repoRoot, 'examples', dir.name)).filter((x) => x.endsWith('.json'))) {
						if (!readme.includes(`${dir.name}/${f}`)) missing.push(`${dir.name}/${f}`);
					}
				}
				assert(missing.length === 0, `add a row to examples/README.md for: ${missing.join(', ')}`);
				const rows = [...readme.matchAll(/^\|[^|]*\| \[([^\]]+\.json)\]/gm)].map((m) => m[1]);
				const twice = rows.filter((r, i) => rows.indexOf(r) !== i);
				assert(twice.length === 0, `examples/README.md lists these more than once: ${twice.join(', ')}`);
			},
		});

		// --- vendor cases
		for (const v of active) {
			const sandbox = sandboxes.get(v.adapter.vendor)!;
			const ctx: E2eContext = {
				app,
				sandbox,
				workflows: new Map(v.examples.map((w) => [w.id, w])),
				log: detail,
			};
			for (const wf of v.examples.filter(isManual)) {
				const check = v.adapter.checks?.[wf.id];
				if (!check) console.log(`  ! ${v.adapter.displayName}: example ${wf.id} has no output check (only success is asserted)`);
				cases.push({
					name: `[${v.adapter.vendor}] n8n execute example "${wf.name}"`,
					phase: 'cli',
					timeoutMs: 180_000,
					run: async () => {
						const res = await app.execute(wf.id);
						assert(res.ok, `execution failed: ${executeFailure(res)}`);
						if (check) await check(res.run!, ctx);
					},
				});
			}
			const contract = contractWorkflows.get(v.adapter.vendor);
			if (contract) {
				cases.push({
					name: `[${v.adapter.vendor}] API Contract → Check: default emulator confirms, a variant tenant is contradicted`,
					phase: 'cli',
					timeoutMs: 180_000,
					run: () => checkContract(app, v.adapter.vendor, contract, sandbox, detail),
				});
			}
			for (const c of v.adapter.cases ?? []) {
				cases.push({
					name: `[${v.adapter.vendor}] ${c.name}`,
					phase: c.phase,
					timeoutMs: c.timeoutMs ?? 180_000,
					run: () => c.run(ctx),
				});
			}
		}
		if (restarts.size > 0) {
			cases.push(
				{
					name: `[restarts] ${restarts.size} polling triggers activated at once, n8n stopped (SIGTERM) before any poll emitted, records added while down: after the start each is emitted once`,
					phase: 'restarts',
					timeoutMs: 300_000,
					run: () => restarts.restartBeforeFirstEmit(detail),
				},
				{
					name: `[restarts] SIGKILL while each trigger's execution with new records runs (vendor answered, execution not finished): every record emitted exactly once across both processes`,
					phase: 'restarts',
					timeoutMs: 420_000,
					run: () => restarts.killMidExecution(detail),
				},
			);
		}
		if (browser) {
			cases.push({
				name: '[editor] log in, open the examples and every vendor node panel, icons + operations, screenshots',
				phase: 'browser',
				timeoutMs: 300_000,
				run: async () => {
					await runEditorChecks(app, active, detail);
				},
			});
		} else skipped.push('editor: --no-browser');

		if (onlyPhase) cases.splice(0, cases.length, ...cases.filter((c) => c.phase === onlyPhase));
		if (grep) cases.splice(0, cases.length, ...cases.filter((c) => c.name.includes(grep)));
		const cli = cases.filter((c) => c.phase === 'cli');
		if (cli.length) {
			console.log(`cli phase (n8n ${install.version}, one process per command):`);
			await stage('cli phase', async () => {
				for (const c of cli) await runCase(c);
			});
		}
		const server = cases.filter((c) => c.phase !== 'cli');
		if (server.length) {
			console.log('server phase (n8n start):');
			await stage('n8n start + owner', async () => {
				await app.start();
				await app.setupOwner();
			});
			console.log(`  n8n ready at ${app.baseUrl}`);
			await stage('server + browser cases', async () => {
				for (const c of server.filter((x) => x.phase === 'server')) await runCase(c);
				for (const c of server.filter((x) => x.phase === 'browser')) await runCase(c);
			});
		}
		const restartCases = cases.filter((c) => c.phase === 'restarts');
		if (restartCases.length) {
			console.log('restarts phase (every polling trigger at once; one graceful restart, one SIGKILL):');
			await stage('restarts phase', async () => {
				if (!app.running) {
					await app.start();
					await app.setupOwner();
				}
				for (const c of restartCases) await runCase(c);
			});
		}
		if (only.length === 0 && !onlyPhase && !grep && process.env.E2E_NPM_START !== '0') {
			await app.stop();
			console.log('npm start (the README\'s first command, in its own user folder):');
			const examples = active.flatMap((v) => v.examples.map((w) => w.id));
			await stage('npm start', () =>
				runCase({
					name: '[npm start] reaches the editor with every example workflow; a SIGINT to npm alone stops it',
					phase: 'server',
					timeoutMs: 420_000,
					run: () => checkNpmStart(install, examples, detail),
				}),
			);
		}
	} catch (error) {
		results.push({ name: 'e2e setup', ok: false, ms: 0, error: (error as Error).message });
		console.log(`  ✗ e2e setup failed\n${indent((error as Error).message)}`);
	} finally {
		await app.stop();
		for (const sb of sandboxes.values()) await sb.stop().catch(() => undefined);
		await gate.stop().catch(() => undefined);
		if (keep) console.log(`  user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}

	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log('stages:');
	for (const [name, ms] of stageTimes) console.log(`  ${name}: ${seconds(ms)}`);
	if (skipped.length) console.log(`skipped: ${skipped.join('; ')}`);
	console.log(`e2e stage took ${seconds(Date.now() - started)}`);
	console.log(`e2e: ${passed} passed, ${failed} failed`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		console.log('e2e: 0 passed, 1 failed');
		process.exit(1);
	},
);
