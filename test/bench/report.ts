/** Text tables for `npm run bench` (one per vendor) from the machine-readable result. */
import type { BenchResult, RunStats, VendorResult } from './run';

/** The issue's targets (see docs/performance.md). */
export const TARGETS = {
	wallOverBound: 1.15,
	fasterThanHttpRequest: 2,
	cpuShareAt20ms: 0.05,
	heapOverJson: 2,
};

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
	const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
	return [line(header), rule, ...rows.map(line)].join('\n');
}

function httpFor(vendor: VendorResult, run: RunStats): RunStats | undefined {
	return vendor.runs.find((r) => r.client === 'httpRequest' && r.latencyMs === run.latencyMs && r.size === run.size);
}

export function vendorTable(vendor: VendorResult): string {
	const out: string[] = [];
	out.push(`### ${vendor.name}`);
	out.push('');
	out.push(`Listing: ${vendor.listing}. Rate limit: ${vendor.rateLimit}. Lower bound assumes concurrency ${vendor.concurrency} (${vendor.concurrencyWhy}).`);
	out.push('');
	if (vendor.skipped) {
		out.push(`Skipped: ${vendor.skipped}.`);
		return out.join('\n');
	}
	const rows = vendor.runs
		.filter((r) => r.client === 'node')
		.map((r) => {
			const http = httpFor(vendor, r);
			const speedup = http && http.ok && r.ok ? http.wallMs / r.wallMs : NaN;
			return [
				String(r.size),
				`${r.latencyMs}`,
				`${r.dataRequests - r.failedRequests} / ${r.minimumDataRequests}${r.failedRequests ? ` +${r.failedRequests}×${r.rateLimited ? '429' : 'refused'}` : ''}`,
				`${r.loginRequests}`,
				`${Math.round(r.wallMs)}`,
				`${Math.round(r.lowerBoundMs)}`,
				fixed(r.wallMs / r.lowerBoundMs),
				fixed(r.wallMs / r.lowerBoundWithServerMs),
				`${Math.round(r.criticalPathMs)}`,
				`${Math.round(r.recordsPerSecond)}`,
				fixed(r.cpuMsPer1000, 1),
				fixed(r.records ? (r.parseCpuMs / r.records) * 1000 : NaN, 1),
				`${fixed(r.cpuShareOfWall * 100, 1)}%`,
				`${Math.round(r.serverCpuMs)}`,
				mb(r.peakHeapDeltaBytes),
				mb(r.peakRssDeltaBytes),
				mb(r.resultJsonBytes),
				fixed(r.peakHeapDeltaBytes / r.resultJsonBytes),
				fixed(r.parsedHeapBytes / r.resultJsonBytes),
				http ? `${Math.round(http.wallMs)}${http.ok ? '' : ' (failed)'}` : '–',
				http ? `${http.requests}/${http.loginRequests}` : '–',
				http ? fixed(speedup) : '–',
				r.ok ? 'ok' : `FAIL: ${r.error}`,
			];
		});
	out.push(
		table(
			['records', 'lat ms', 'data req / min', 'logins', 'wall ms', 'bound ms', '×bound', '×bound incl. emulator', 'crit. path ms', 'rec/s', 'CPU ms/1k', 'parse ms/1k', 'CPU/wall', 'emulator CPU ms', 'heap Δ MB', 'RSS Δ MB', 'JSON MB', 'heap/JSON', 'parsed/JSON', 'HTTP Req. ms', 'HTTP req/logins', 'HTTP ÷ ours', 'result'],
			rows,
		),
	);
	const http = vendor.runs.filter((r) => r.client === 'httpRequest');
	if (http.length) {
		out.push('');
		out.push(`HTTP Request node: ${vendor.httpRequestNote ?? ''}.`);
		for (const f of http.filter((r) => !r.ok || r.retry)) {
			out.push(`- ${f.size} records @${f.latencyMs} ms: ${[f.ok ? '' : `failed (${f.error})`, f.retry ?? ''].filter(Boolean).join('; ')}`);
		}
		const cpu = http.map((r) => `${r.size}@${r.latencyMs}: ${fixed(r.cpuMsPer1000, 1)} CPU ms/1k, heap Δ ${mb(r.peakHeapDeltaBytes)} MB`);
		out.push(`- its own cost: ${cpu.join('; ')}`);
	}
	if (vendor.sessions) {
		const s = vendor.sessions;
		out.push('');
		out.push(
			`Sessions: ${s.executions} consecutive executions with one ${s.lifetime.split(':')[0]} credential → ${s.logins} login(s) (${s.loginRequests} login request(s) at the emulator), ${s.failed} failed, ${Math.round(s.wallMs)} ms in all. Lifetime: ${s.lifetime}.`,
		);
	}
	return out.join('\n');
}

export function printReport(bench: BenchResult): string {
	const out: string[] = [];
	out.push('');
	out.push(`## Benchmark (${bench.startedAt}, ${bench.durationS} s, ${bench.machine.node}, ${bench.machine.cpus} CPUs)`);
	out.push('');
	const http = bench.httpRequestNode;
	out.push(http && 'version' in http ? `Anchor: n8n-nodes-base ${http.version} HTTP Request node, same engine, same emulator.` : `Anchor: HTTP Request node not compared (${http && 'missing' in http ? http.missing : 'disabled'}).`);
	out.push('');
	for (const vendor of bench.vendors) {
		out.push(vendorTable(vendor));
		out.push('');
	}
	if (bench.packageCost) {
		const p = bench.packageCost;
		out.push('### Package cost');
		out.push('');
		out.push(
			`Packed ${(p.packedBytes / 1024).toFixed(1)} kB (${(p.unpackedBytes / 1024).toFixed(1)} kB unpacked, ${p.files} files); n8n loads its ${p.nodes} nodes and ${p.credentials} credentials (PackageDirectoryLoader.loadAll, fresh process) in ${p.loadMs.median.toFixed(0)} ms median (${p.loadMs.min.toFixed(0)}–${p.loadMs.max.toFixed(0)} ms over ${p.loadMs.loads} loads).`,
		);
		out.push('');
	}
	out.push(targetSummary(bench));
	out.push('');
	return out.join('\n');
}

/** One line per target: which runs meet it. */
export function targetSummary(bench: BenchResult): string {
	const lines: string[] = ['### Targets', ''];
	for (const vendor of bench.vendors.filter((v) => !v.skipped)) {
		const node = vendor.runs.filter((r) => r.client === 'node');
		const count = (pred: (r: RunStats) => boolean, of = node) => `${of.filter(pred).length}/${of.length}`;
		const at20 = node.filter((r) => r.latencyMs === 20);
		const speedups = node
			.map((r) => {
				const http = httpFor(vendor, r);
				return http && http.ok && r.ok ? http.wallMs / r.wallMs : NaN;
			})
			.filter(Number.isFinite);
		lines.push(
			`- ${vendor.name}: requests = minimum ${count((r) => r.atMinimum)}; wall ≤ ${TARGETS.wallOverBound}× bound ${count((r) => r.wallMs <= TARGETS.wallOverBound * r.lowerBoundMs)} (incl. emulator time ${count((r) => r.wallMs <= TARGETS.wallOverBound * r.lowerBoundWithServerMs)}); CPU < 5% of wall at 20 ms ${count((r) => r.cpuShareOfWall < TARGETS.cpuShareAt20ms, at20)} (JSON.parse alone ${fixed(Math.min(...at20.map((r) => (r.parseCpuMs / r.wallMs) * 100)), 1)}–${fixed(Math.max(...at20.map((r) => (r.parseCpuMs / r.wallMs) * 100)), 1)}% of wall); heap ≤ 2× JSON ${count((r) => r.peakHeapDeltaBytes <= TARGETS.heapOverJson * r.resultJsonBytes)}; vs HTTP Request ${speedups.length ? `${fixed(Math.min(...speedups))}–${fixed(Math.max(...speedups))}×` : '–'}${vendor.sessions ? `; logins over ${vendor.sessions.executions} executions: ${vendor.sessions.logins}` : ''}`,
		);
	}
	return lines.join('\n');
}
