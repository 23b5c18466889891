/**
 * Runtime dependencies: `npm audit --omit=dev` must report no high or critical finding. The audit runs while
 * the suite is collected, so that a registry without an audit endpoint (or no network) shows up as a skipped
 * test in jest's counts and in the summary — never as a pass.
 */
import { spawnSync } from 'child_process';
import { ROOT, runCase, skipCase, tally } from './lib';

interface AuditReport {
	message?: string;
	metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
	vulnerabilities?: Record<string, { severity: string }>;
	error?: { code?: string; summary?: string };
}

function npmAudit(): { report?: AuditReport; reason?: string } {
	const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, timeout: 120_000, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
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
	describe('runtime dependencies', () => {
		const { report, reason } = npmAudit();
		if (!report) {
			it.skip(`npm audit --omit=dev: skipped, the registry's audit endpoint is unreachable (${reason})`, () => undefined);
			skipCase('audit', 'npm audit --omit=dev', `registry audit endpoint unreachable (${reason})`);
			return;
		}
		it('npm audit --omit=dev: no high or critical finding', async () => {
			await runCase('audit', 'npm audit --omit=dev', () => {
				const v = report.metadata!.vulnerabilities!;
				tally.audit.notes.push(`${report.metadata?.dependencies?.prod ?? '?'} runtime packages; findings: ${Object.entries(v).map(([k, n]) => `${k} ${n}`).join(', ')}`);
				const bad = Object.entries(report.vulnerabilities ?? {}).filter(([, f]) => f.severity === 'high' || f.severity === 'critical');
				expect(bad.map(([name, f]) => `${name} (${f.severity})`)).toEqual([]);
				expect((v.high ?? 0) + (v.critical ?? 0)).toBe(0);
			});
		});
	});
}
