/**
 * Runs operations of one vendor against tenants (the proxy switched to each in turn), judges each run and keeps
 * the tally: per operation, tenants that completed, failed clearly, or gave a finding. A finding's tenant is
 * reduced greedily (mutations dropped while the finding stays) so that it names the mutation that causes it.
 */
import * as fs from 'fs';
import type { IDataObject } from 'n8n-workflow';
import type { Harness } from '../harness';
import { judge, judgeEmitted, judgeError, type Verdict } from './property';
import { TenantProxy } from './proxy';
import { classesOf, describeTenant, IDENTITY, type Tenant } from './tenant';
import type { FuzzVendor, Operation, PollSpec } from './vendors';

/** Listing requests one run may make before the proxy stops answering (a listing that never ends). */
export const REQUEST_BUDGET = 400;

export interface Finding {
	vendor: string;
	operation: string;
	finding: string;
	count: number;
	/** The smallest tenant found that still shows it, and the index of the first generated tenant that did. */
	tenant: Tenant;
	example: number;
}

export interface OperationTally {
	complete: number;
	failedClearly: number;
	findings: number;
	/** Mutation class → tenants using it, and those of them that gave a finding. */
	classes: Record<string, number>;
	failedByClass: Record<string, number>;
}

export class VendorRun {
	readonly tally = new Map<string, OperationTally>();
	readonly findings = new Map<string, Finding>();
	private proxy!: TenantProxy;
	private n = 0;

	constructor(
		private readonly harness: Harness,
		readonly vendor: FuzzVendor,
	) {}

	async start(): Promise<void> {
		this.proxy = new TenantProxy(this.vendor.upstream, this.vendor.protocol, IDENTITY);
		await this.proxy.start();
	}

	async stop(): Promise<void> {
		await this.proxy.stop();
		await this.vendor.stop();
	}

	/** One operation against one tenant, through n8n's engine, with a new credential at a new address. */
	async runOnce(op: Operation, tenant: Tenant, fresh = true): Promise<Verdict> {
		this.proxy.tenant = tenant;
		if (fresh || op.poll?.credentialExtra) await this.newCredential(op);
		this.proxy.served = 0;
		this.proxy.budget = REQUEST_BUDGET;
		if (op.poll) return await this.runPoll(op, op.poll);
		const result = await this.harness.runNode({
			type: this.vendor.nodeType,
			parameters: op.parameters as never,
			credentials: [this.vendor.credentialType],
		});
		if (this.proxy.served > REQUEST_BUDGET)
			return {
				ok: false,
				finding: `more than ${REQUEST_BUDGET} listing requests (a listing that never ends)`,
			};
		return judge(this.vendor, op, tenant, await op.expected(), result);
	}

	/**
	 * A new credential at a new address (nothing learned for another tenant applies). For every other credential
	 * of a vendor with date windows, API Contract → Check runs first, as a user does after setting it up (its
	 * outcome is Check's own); the others start as a fresh process does, knowing nothing.
	 */
	private async newCredential(op: Operation): Promise<void> {
		const credential = {
			...this.vendor.credential(`${this.proxy.baseUrl}/t${++this.n}`),
			...(op.poll?.credentialExtra ?? {}),
		};
		this.harness.setNewCredential(this.vendor.credentialType, credential);
		if (!this.vendor.checkFirst || process.env.FUZZ_NO_CHECK || this.n % 2 === 0) return;
		await this.harness.runNode({
			type: this.vendor.nodeType,
			parameters: { resource: 'apiContract', operation: 'check' } as never,
			credentials: [this.vendor.credentialType],
		});
	}

	/** A trigger poll on fresh static data: activation, records added, the next poll must emit exactly them. */
	private async runPoll(op: Operation, spec: PollSpec): Promise<Verdict> {
		const staticData: IDataObject = {};
		const poll = async (activation?: 'activate') =>
			await this.harness.poll({
				type: spec.triggerType,
				parameters: op.parameters as never,
				credentials: [this.vendor.credentialType],
				staticData,
				activation,
			});
		const first = await poll('activate');
		if (first.error) return judgeError(first.error, 0);
		const ids = spec.insert();
		try {
			const next = await poll();
			if (this.proxy.served > REQUEST_BUDGET)
				return {
					ok: false,
					finding: `more than ${REQUEST_BUDGET} listing requests (a listing that never ends)`,
				};
			const items = (next.items ?? []).flat();
			if (next.error) return judgeError(next.error, items.length);
			return judgeEmitted(
				this.vendor,
				ids,
				items.map((i) => i.json),
			);
		} finally {
			spec.remove(ids);
		}
	}

	/** Runs every operation against a tenant (one credential, as one user's) and records the outcome. */
	async check(tenant: Tenant, index: number): Promise<void> {
		// A reduction runs other tenants on new credentials: the next operation then needs this tenant's own again
		// (its Check learned about another tenant).
		let fresh = true;
		for (const op of this.vendor.operations) {
			const t = this.tallyOf(op.name);
			for (const c of classesOf(tenant)) t.classes[c] = (t.classes[c] ?? 0) + 1;
			const verdict = await this.runOnce(op, tenant, fresh);
			fresh = false;
			if (verdict.ok) {
				if (verdict.outcome === 'complete') t.complete++;
				else t.failedClearly++;
				continue;
			}
			t.findings++;
			for (const c of classesOf(tenant)) t.failedByClass[c] = (t.failedByClass[c] ?? 0) + 1;
			const key = `${op.name}|${verdict.finding}`;
			const known = this.findings.get(key);
			if (known) {
				known.count++;
				continue;
			}
			this.findings.set(key, {
				vendor: this.vendor.name,
				operation: op.name,
				finding: verdict.finding,
				count: 1,
				tenant: await this.reduce(op, tenant, verdict.finding),
				example: index,
			});
			fresh = true;
		}
	}

	/** Drops one mutation at a time while the same finding stays. */
	private async reduce(op: Operation, tenant: Tenant, finding: string): Promise<Tenant> {
		let current = tenant;
		for (const key of Object.keys(IDENTITY) as Array<keyof Tenant>) {
			if (current[key] === IDENTITY[key]) continue;
			const candidate = { ...current, [key]: IDENTITY[key] } as Tenant;
			if (key === 'pageBase') candidate.baseMode = IDENTITY.baseMode;
			const verdict = await this.runOnce(op, candidate);
			if (!verdict.ok && verdict.finding === finding) current = candidate;
		}
		return current;
	}

	private tallyOf(name: string): OperationTally {
		let t = this.tally.get(name);
		if (!t)
			this.tally.set(
				name,
				(t = { complete: 0, failedClearly: 0, findings: 0, classes: {}, failedByClass: {} }),
			);
		return t;
	}

	/** Short lines: per operation the counts; per finding its count and smallest tenant. */
	summary(tenants: number, regressions: number): string[] {
		const lines = [
			`${this.vendor.name}: ${tenants} generated tenants + ${regressions} fixed regressions`,
		];
		for (const [op, t] of this.tally)
			lines.push(
				`  ${op}: ${t.complete} complete, ${t.failedClearly} failed naming a contract line, ${t.findings} findings`,
			);
		for (const f of this.findings.values())
			lines.push(
				`  FINDING ${f.operation}: ${f.finding} ` +
					`(×${f.count}; e.g. tenant #${f.example}, reduced: ${describeTenant(f.tenant)})`,
			);
		return lines;
	}
}

/** Appends a run's tally and findings to the JSON file FUZZ_SUMMARY names (for docs and reports). */
export function writeSummary(seed: number, runs: VendorRun[], tenants: number): void {
	const file = process.env.FUZZ_SUMMARY;
	if (!file) return;
	const out: IDataObject = { seed, tenants, vendors: {} };
	for (const run of runs)
		(out.vendors as IDataObject)[run.vendor.name] = {
			tally: Object.fromEntries(run.tally),
			findings: [...run.findings.values()].map((f) => ({
				...f,
				reduced: describeTenant(f.tenant),
			})),
		} as unknown as IDataObject;
	fs.writeFileSync(file, JSON.stringify(out, null, 2));
}
