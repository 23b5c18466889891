/**
 * Shipped third-party code: the package has no runtime dependencies (n8n provides n8n-workflow and luxon); the
 * packages the build bundles into dist/ (listed in dist/THIRD-PARTY-LICENSES.md by scripts/build.mjs) ship with
 * it, and `npm audit` must report no high or critical finding for them. The audit runs while the suite is
 * collected, so that a registry without an audit endpoint (or no network) shows up as a skipped test in jest's
 * counts and in the summary — never as a pass.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, runCase, skipCase, tally } from './lib';

/** The packages bundled into dist/ (the build lists them with their licences). */
function bundledPackages(): string[] {
	const file = path.join(ROOT, 'dist', 'THIRD-PARTY-LICENSES.md');
	if (!fs.existsSync(file)) return [];
	return [...fs.readFileSync(file, 'utf8').matchAll(/^## Bundled: (\S+) /gm)].map((m) => m[1]);
}

interface AuditReport {
	message?: string;
	metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
	vulnerabilities?: Record<string, { severity: string }>;
	error?: { code?: string; summary?: string };
}

function npmAudit(): { report?: AuditReport; reason?: string } {
	const run = spawnSync('npm', ['audit', '--json'], { cwd: ROOT, timeout: 120_000, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
	let report: AuditReport | undefined;
	try {
		report = JSON.parse(run.stdout) as AuditReport;
	} catch {
		report = undefined;
	}
	if (report?.metadata?.vulnerabilities && !report.error) return { report };
	const raw = report?.message || report?.error?.summary || report?.error?.code || run.error?.message || (run.stderr ?? '').split('\n').find((l) => /ERR|error/i.test(l)) || 'no report';
	// The registry's address is not repeated in reports.
	return { reason: String(raw).replace(/https?:\/\/\S+/g, 'the audit endpoint').slice(0, 160) };
}

export function registerAudit(): void {
	describe('bundled third-party code', () => {
		const bundled = bundledPackages();
		const what = `npm audit of the bundled packages (${bundled.join(', ') || 'none'})`;
		const { report, reason } = npmAudit();
		if (!report) {
			it.skip(`${what}: skipped, the registry's audit endpoint is unreachable (${reason})`, () => undefined);
			skipCase('audit', what, `registry audit endpoint unreachable (${reason})`);
			return;
		}
		it(`${what}: no high or critical finding`, async () => {
			await runCase('audit', what, () => {
				const findings = Object.entries(report.vulnerabilities ?? {}).filter(([name]) => bundled.includes(name));
				tally.audit.notes.push(`${bundled.length} bundled packages; findings: ${findings.map(([n, f]) => `${n} ${f.severity}`).join(', ') || 'none'}`);
				const bad = findings.filter(([, f]) => f.severity === 'high' || f.severity === 'critical');
				expect(bad.map(([name, f]) => `${name} (${f.severity})`)).toEqual([]);
			});
		});
	});
}
