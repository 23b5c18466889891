/**
 * Runtime dependencies: `npm audit --omit=dev` must report no high or critical finding. When the registry
 * cannot be reached the case is reported as skipped, never as a pass.
 */
import { execFile } from 'child_process';
import { ROOT, runCase, skipCase, tally } from './lib';

interface AuditReport {
	metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
	vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
	error?: { code?: string; summary?: string };
}

function npmAudit(): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
			resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
		});
	});
}

export function registerAudit(): void {
	describe('runtime dependencies', () => {
		it('npm audit --omit=dev: no high or critical finding', async () => {
			const { stdout, stderr } = await npmAudit();
			let report: AuditReport | undefined;
			try {
				report = JSON.parse(stdout) as AuditReport;
			} catch {
				report = undefined;
			}
			const unreachable = !report || report.error !== undefined || !report.metadata?.vulnerabilities;
			if (unreachable) {
				const raw = (report as { message?: string } | undefined)?.message || report?.error?.summary || report?.error?.code || stderr.split('\n').find((l) => /ERR|error/i.test(l)) || 'no report';
				// The registry's address is not repeated in reports.
				const why = String(raw).replace(/https?:\/\/\S+/g, 'the audit endpoint').slice(0, 160);
				skipCase('audit', 'npm audit --omit=dev', `registry audit endpoint unreachable (${why})`);
				return;
			}
			await runCase('audit', 'npm audit --omit=dev', () => {
				const v = report!.metadata!.vulnerabilities!;
				tally.audit.notes.push(`${report!.metadata?.dependencies?.prod ?? '?'} runtime packages; findings: ${Object.entries(v).map(([k, n]) => `${k} ${n}`).join(', ')}`);
				const bad = Object.entries(report!.vulnerabilities ?? {}).filter(([, f]) => f.severity === 'high' || f.severity === 'critical');
				expect(bad.map(([name, f]) => `${name} (${f.severity})`)).toEqual([]);
				expect((v.high ?? 0) + (v.critical ?? 0)).toBe(0);
			});
		});
	});
}
