/**
 * `npm run bench:app`: the ratio a user sees, measured where the user sees it (issue 15). For each vendor, one
 * Return All of `--size` records (default 50,000) runs as a workflow in the real n8n app (2.41.1, regular mode,
 * SQLite) next to a workflow that fetches the same records with n8n's own HTTP Request node, configured as a
 * user would (test/bench/vendors.ts: pagination, or one input item per date window, then Split Out where the
 * records come wrapped in pages). Both start from a Webhook that answers with every record once the last node
 * is done, so the benchmark also checks that each side delivered every record.
 *
 * Measured per execution, of the n8n process: wall time (webhook call → last record received), CPU (user +
 * system, from /proc) and peak RSS (VmHWM, reset before each execution through /proc/PID/clear_refs). The vendor
 * emulators run in their own processes (test/bench/sandbox-host.ts) with `--latency` ms per answer; their CPU is
 * not counted. A warm-up execution of each workflow runs first (logins, module loading); the figure is the best
 * of `--repeat` executions (sides alternate). Not part of `npm test`.
 *
 *   npm run bench:app [-- --vendors=hubplanner,brp --size=50000 --latency=20 --repeat=2]
 *
 * Writes bench-results/app.json and prints a table.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomUUID } from 'crypto';
import {
	buildPackage,
	ensureN8nInstalled,
	installPackage,
	N8nApp,
	repoRoot,
	step,
	tempDir,
	type CredentialImport,
	type WorkflowJson,
} from '../../scripts/lib/n8n';
import { RemoteSandbox } from './sandbox-client';
import type { SeedInfo } from './sandbox-host';
import { VENDORS, type VendorSpec } from './vendors';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SIZE = Number(arg('size', '50000'));
const LATENCY = Number(arg('latency', '20'));
const REPEAT = Math.max(1, Number(arg('repeat', '2')));
const ONLY = arg('vendors', '')
	.split(',')
	.filter(Boolean);

/** The pause between pages that keeps a sequential client inside a documented burst window (50 in 5 s → 100 ms). */
const PACED_INTERVAL_MS = (spec: VendorSpec) => Math.ceil(spec.window!.ms / spec.window!.limit);

type Side = 'package node' | 'HTTP Request node';

interface Measured {
	side: Side;
	records: number;
	wallMs: number;
	cpuMs: number;
	peakRssMb: number;
	rssBeforeMb: number;
	requests: number;
	logins: number;
	/** Why the execution failed (the webhook's answer), if it did. */
	error?: string;
}

interface Row {
	vendor: string;
	size: number;
	latencyMs: number;
	ours: Measured;
	http: Measured;
	/**
	 * Where the HTTP Request node's plain set-up fails on a documented rate limit (Hub Planner's 50 calls in 5 s at
	 * low latency: it does not wait out Retry-After), the same with the request interval a user must then set.
	 */
	httpPaced?: Measured & { intervalMs: number };
	/** HTTP Request node's wall time ÷ ours (above 1: the package is faster), of the set-up that completed. */
	ratio: number;
	note: string;
}

const TICK_MS = 1000 / 100; // Linux USER_HZ

/** utime + stime of a process, in ms. */
function cpuMsOf(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function statusMb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
	const line = fs
		.readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${key}:`));
	return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

/** Sets the process's peak RSS back to its current RSS (Linux ≥ 4.0; needs to own the process). */
function resetPeak(pid: number): void {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	[key: string]: unknown;
}

function node(name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position, parameters, ...extra };
}

function webhook(webhookPath: string) {
	return node('Start', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { webhookId: randomUUID() });
}

function chain(nodes: Array<{ name: string }>): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return connections;
}

function workflows(spec: VendorSpec, baseUrl: string, info: SeedInfo, credential: { id: string; name: string }) {
	const ours = [webhook(`app-bench-${spec.key}-ours`), node('Return All', `n8n-nodes-bookings.${spec.nodeType}`, 1, [240, 0], spec.returnAll(info) as Record<string, unknown>, { credentials: { [spec.credentialType]: credential } })];
	const plan = spec.httpRequest!(baseUrl, info, SIZE);
	const http: Array<ReturnType<typeof node>> = [webhook(`app-bench-${spec.key}-http`)];
	if (plan.items) http.push(node('Windows', 'n8n-nodes-base.splitOut', 1, [240, 0], { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }));
	http.push(node('HTTP Request', 'n8n-nodes-base.httpRequest', 4.2, [480, 0], plan.parameters as Record<string, unknown>, { credentials: { [spec.credentialType]: credential } }));
	const wrapped = plan.recordsField;
	if (wrapped) http.push(node('Records', 'n8n-nodes-base.splitOut', 1, [720, 0], { fieldToSplitOut: wrapped, include: 'noOtherFields', options: {} }));
	const wf = (id: string, name: string, nodes: typeof http): WorkflowJson => ({ id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections: chain(nodes) });
	// The same HTTP Request set-up with pauses between pages (pagination's "Interval Between Requests").
	const pacedParameters = JSON.parse(JSON.stringify(plan.parameters)) as { options?: { pagination?: { pagination?: Record<string, unknown> } } };
	const pagination = pacedParameters.options?.pagination?.pagination;
	if (pagination && spec.window) pagination.requestInterval = PACED_INTERVAL_MS(spec);
	const paced = pagination && spec.window ? http.map((n) => (n.name === 'HTTP Request' ? { ...n, id: randomUUID(), parameters: pacedParameters as Record<string, unknown> } : { ...n, id: randomUUID(), ...(n.webhookId ? { webhookId: randomUUID(), parameters: { ...n.parameters, path: `app-bench-${spec.key}-paced` } } : {}) })) : undefined;
	return {
		ours: wf(`appbench${spec.key}ours`.slice(0, 21), `${spec.name}: Return All (package node)`, ours),
		http: wf(`appbench${spec.key}http`.slice(0, 21), `${spec.name}: Return All (HTTP Request node)`, http),
		paced: paced ? wf(`appbench${spec.key}pace`.slice(0, 21), `${spec.name}: Return All (HTTP Request node, paced)`, paced) : undefined,
		items: plan.items ?? [],
		note: plan.note,
	};
}

async function measure(app: N8nApp, remote: RemoteSandbox, spec: VendorSpec, side: Side, webhookPath: string, items: unknown[]): Promise<Measured> {
	const pid = app.pid!;
	await remote.resetLimits();
	await remote.takeLog();
	if (global.gc) global.gc();
	const rssBeforeMb = statusMb(pid, 'VmRSS');
	resetPeak(pid);
	const cpu0 = cpuMsOf(pid);
	const t0 = performance.now();
	const res = await app.waitForWebhook(webhookPath, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ items }) }, 60_000);
	const text = await res.text();
	const wallMs = performance.now() - t0;
	const cpuMs = cpuMsOf(pid) - cpu0;
	const peakRssMb = statusMb(pid, 'VmHWM');
	const { log } = await remote.takeLog();
	const counts = { requests: log.length, logins: log.filter((r) => spec.isLogin(r)).length };
	if (res.status !== 200) {
		const refused = log.filter((r) => r.status >= 400).map((r) => r.status);
		const error = `the execution failed (webhook ${res.status}${refused.length ? `; the API refused ${refused.length} request(s): ${[...new Set(refused)].join(', ')}` : ''})`;
		return { side, records: 0, wallMs, cpuMs, peakRssMb, rssBeforeMb, ...counts, error };
	}
	const body = JSON.parse(text) as unknown;
	const records = Array.isArray(body) ? body.length : 0;
	return { side, records, wallMs, cpuMs, peakRssMb, rssBeforeMb, ...counts };
}

const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;
const mb = (v: number) => `${Math.round(v)} MB`;
/** Peak RSS and how far above the RSS before the execution it went. */
const rss = (m: Measured) => `${mb(m.peakRssMb)} (+${mb(Math.max(0, m.peakRssMb - m.rssBeforeMb))})`;
const complete = (m: Measured) => (m.error ? ` — ${m.error}` : m.records === SIZE ? '' : ` — ${m.records.toLocaleString('en-US')} of ${SIZE.toLocaleString('en-US')} records!`);
const cell = (m: Measured) => `${ms(m.wallMs)} · ${ms(m.cpuMs)} · ${rss(m)} · ${m.requests} requests${complete(m)}`;
const ratio = (r: Row) => (Number.isNaN(r.ratio) ? '—' : `${r.ratio.toFixed(2)}×${r.httpPaced ? ' (paced)' : ''}`);

async function main(): Promise<void> {
	const started = Date.now();
	const install = ensureN8nInstalled();
	buildPackage();
	const specs = VENDORS.filter((v) => v.httpRequest && (ONLY.length === 0 || ONLY.includes(v.key)));
	const root = tempDir('n8n-bookings-app-bench-');
	const userFolder = path.join(root, 'n8n');
	installPackage(userFolder);
	const app = new N8nApp(install, {
		userFolder,
		env: {
			// What a production instance keeps of a successful run is the user's choice; both sides pay the same.
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
			N8N_LOG_LEVEL: 'warn',
			N8N_PAYLOAD_SIZE_MAX: '1024',
		},
	});
	const remotes = new Map<string, RemoteSandbox>();
	const rows: Row[] = [];
	const stopAll = async () => {
		await app.stop().catch(() => undefined);
		for (const r of remotes.values()) await r.stop().catch(() => undefined);
		fs.rmSync(root, { recursive: true, force: true });
	};
	process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
	try {
		const credentials: CredentialImport[] = [];
		const flows: WorkflowJson[] = [];
		const plans = new Map<string, ReturnType<typeof workflows>>();
		for (const spec of specs) {
			const remote = await RemoteSandbox.start(spec.key);
			remotes.set(spec.key, remote);
			const info = await remote.seed(SIZE);
			await remote.setLatency(LATENCY);
			const credential = { id: `appbench${spec.key}cred`.slice(0, 21), name: `${spec.name} (app bench)` };
			credentials.push({ ...credential, type: spec.credentialType, data: spec.credential(remote.baseUrl, info) });
			const plan = workflows(spec, remote.baseUrl, info, credential);
			plans.set(spec.key, plan);
			flows.push(plan.ours, plan.http, ...(plan.paced ? [plan.paced] : []));
		}
		step(`emulators seeded with ${SIZE.toLocaleString('en-US')} records each, ${LATENCY} ms per answer`);
		await app.importCredentials(credentials);
		await app.importWorkflows(flows);
		for (const wf of flows) await app.publish(wf.id);
		await app.start();
		step(`n8n up at ${app.baseUrl} (pid ${app.pid})`);
		for (const spec of specs) {
			const remote = remotes.get(spec.key)!;
			const plan = plans.get(spec.key)!;
			const sides: Array<[Side, string, unknown[]]> = [
				['package node', `app-bench-${spec.key}-ours`, []],
				['HTTP Request node', `app-bench-${spec.key}-http`, plan.items],
			];
			for (const [side, hook, items] of sides) await measure(app, remote, spec, side, hook, items); // warm-up
			const best: Partial<Record<Side, Measured>> = {};
			for (let r = 0; r < REPEAT; r++) {
				const order = r % 2 === 0 ? sides : [...sides].reverse();
				for (const [side, hook, items] of order) {
					const m = await measure(app, remote, spec, side, hook, items);
					const better = !best[side] || (best[side]!.error && !m.error) || (!m.error === !best[side]!.error && m.wallMs < best[side]!.wallMs);
					if (better) best[side] = m;
				}
			}
			const ours = best['package node']!;
			const http = best['HTTP Request node']!;
			let httpPaced: Row['httpPaced'];
			if (http.error && plan.paced) {
				for (let r = 0; r < REPEAT; r++) {
					const m = await measure(app, remote, spec, 'HTTP Request node', `app-bench-${spec.key}-paced`, plan.items);
					if (!httpPaced || m.wallMs < httpPaced.wallMs) httpPaced = { ...m, intervalMs: PACED_INTERVAL_MS(spec) };
				}
			}
			const completed = httpPaced ?? http;
			const row: Row = { vendor: spec.name, size: SIZE, latencyMs: LATENCY, ours, http, httpPaced, ratio: completed.error || ours.error ? NaN : completed.wallMs / ours.wallMs, note: plan.note };
			rows.push(row);
			step(`${spec.name}: package ${cell(ours)} · HTTP Request ${cell(http)}${httpPaced ? ` · paced ${httpPaced.intervalMs} ms: ${cell(httpPaced)}` : ''} · ${ratio(row)}`);
		}
	} finally {
		await stopAll();
	}
	const load = os.loadavg()[0].toFixed(1);
	const table = [
		`Real n8n app (2.41.1, regular mode), Return All of ${SIZE.toLocaleString('en-US')} records, ${LATENCY} ms per answer, best of ${REPEAT} (load average ${load}, ${os.cpus().length} cores):`,
		'',
		'| vendor | package node: wall · CPU · peak RSS (+ above the RSS before) · requests | HTTP Request node: the same | its wall ÷ ours |',
		'|---|---|---|---|',
		...rows.map((r) => `| ${r.vendor} | ${cell(r.ours)} | ${cell(r.http)}${r.httpPaced ? `; with ${r.httpPaced.intervalMs} ms between pages: ${cell(r.httpPaced)}` : ''} | ${ratio(r)} |`),
	].join('\n');
	process.stdout.write(`\n${table}\n`);
	const out = path.join(repoRoot, 'bench-results', 'app.json');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), size: SIZE, latencyMs: LATENCY, repeat: REPEAT, load, rows }, null, 2));
	step(`written ${path.relative(repoRoot, out)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	const incomplete = rows.filter((r) => r.ours.records !== SIZE);
	if (incomplete.length) process.exitCode = 1;
}

main().catch((error: Error) => {
	process.stderr.write(`app bench failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
