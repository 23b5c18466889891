/**
 * The compatibility stage: the packed package in an OLDER n8n release than the one the other stages run, smoke-tested
 * in the real app. One `n8n start` for the whole stage (no `n8n execute` processes), the vendor emulators of
 * test/sandbox/ and the e2e suite's vendor files (test/e2e/vendors/*.ts) for credentials, examples and checks:
 *
 *   loads    n8n lists every node and credential type of the package, and logs no error about it
 *   <vendor> one operation per vendor: the vendor's first Manual Trigger example, as a published copy whose Manual
 *            Trigger is a Webhook (test/queue/lib/workflows.ts), started over HTTP; it must pass the e2e suite's
 *            check for that example
 *   polling  one polling trigger (the first vendor's first polling case of its e2e file): activation from now,
 *            the next scheduled poll emits exactly the records added after it (up to a minute of waiting)
 *
 *   npm run test:compat [-- --keep]   (bash scripts/tool.sh compat; N8N_BOOKINGS_SKIP_BUILD=1 when dist/ is fresh)
 * Environment: COMPAT_N8N_VERSION (default 2.35.0), COMPAT_NODE_MAJOR (default 24), N8N_BOOKINGS_CACHE,
 * N8N_BOOKINGS_SHOW_N8N_LOG=1. The last line is `compat: N passed, M failed`.
 */
import 'reflect-metadata';
import * as fs from 'fs';
import {
	N8nApp,
	buildPackage,
	ensureN8nInstalled,
	installPackage,
	runError,
	tempDir,
	until,
	type CredentialImport,
	type ExecutionSummary,
	type RunData,
	type WorkflowJson,
} from '../../scripts/lib/n8n';
import { loadVendors } from '../../scripts/lib/vendors';
import { checkPackageLoads } from '../e2e/lib/cases';
import type { E2eCase, E2eContext, RunningSandbox } from '../e2e/lib/types';
import { CaseRunner, assert, seconds } from '../queue/lib/cases';
import { MANUAL_TRIGGER, onWorkers, workerCopyId, workerCopyPath } from '../queue/lib/workflows';

/** The oldest release tested (docs/development.md, "Compatibility stage", says why this one). */
export const COMPAT_N8N_VERSION = process.env.COMPAT_N8N_VERSION ?? '2.35.0';
/** n8n 2.35 needs Node >= 22.22: the Node 24 the other stages use. */
export const COMPAT_NODE_MAJOR = process.env.COMPAT_NODE_MAJOR ?? '24';

const keep = process.argv.includes('--keep') || process.env.COMPAT_KEEP === '1';
const runner = new CaseRunner('compat');

async function main(): Promise<number> {
	const started = Date.now();
	console.log(`compat: the package in n8n ${COMPAT_N8N_VERSION} on Node ${COMPAT_NODE_MAJOR} (one n8n start)`);
	const install = await runner.stage(`install n8n ${COMPAT_N8N_VERSION} (cached after the first run)`, () =>
		ensureN8nInstalled({ version: COMPAT_N8N_VERSION, nodeMajor: COMPAT_NODE_MAJOR }),
	);
	await runner.stage('build package', () => buildPackage());

	const vendors = loadVendors().filter((v) => !v.skipReason);
	assert(vendors.length > 0, 'no vendor is built (package.json lists no node whose dist/ file exists)');
	const userFolder = tempDir('n8n-bookings-compat-');
	const app = new N8nApp(install, { userFolder, encryptionKey: 'compat-encryption-key-not-secret' });
	const sandboxes = new Map<string, RunningSandbox>();
	const stopAll = async () => {
		await app.stop().catch(() => undefined);
		await Promise.all([...sandboxes.values()].map((sb) => sb.stop().catch(() => undefined)));
		if (keep) console.log(`  user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`\n  interrupted (${signal}): stopping n8n and the emulators`);
			void stopAll().finally(() => {
				console.log(runner.closingLine(1));
				process.exit(130);
			});
		});
	}

	try {
		await runner.stage('pack + install the package into n8n', () => installPackage(userFolder));
		// Per vendor: its emulator and credentials, the published copy of its first Manual Trigger example (the
		// operation) and, for the one polling case below, the vendor's trigger examples as they are.
		const credentials: CredentialImport[] = [];
		const workflows: WorkflowJson[] = [];
		const operations: Array<{ vendor: (typeof vendors)[number]; wf: WorkflowJson }> = [];
		const polling = vendors
			.map((v) => ({ vendor: v, c: (v.adapter.cases ?? []).find((c: E2eCase) => c.kind === 'polling') }))
			.find((p) => p.c !== undefined);
		await runner.stage('emulators + import (n8n CLI)', async () => {
			for (const v of vendors) {
				const sb = await v.adapter.startSandbox();
				sandboxes.set(v.adapter.vendor, sb);
				credentials.push(...v.adapter.credentials(sb));
				const manual = v.examples.find((wf) => wf.nodes.some((n) => n.type === MANUAL_TRIGGER));
				if (manual) {
					operations.push({ vendor: v, wf: manual });
					workflows.push(onWorkers(manual));
				}
				if (polling?.vendor === v) workflows.push(...v.examples.filter((wf) => !wf.nodes.some((n) => n.type === MANUAL_TRIGGER)));
			}
			await app.importCredentials(credentials);
			await app.importWorkflows(workflows);
		});
		await runner.stage('n8n start + owner', async () => {
			await app.start(180_000);
			await app.setupOwner();
		});
		console.log(`  n8n ${install.version} ready at ${app.baseUrl} (Node ${COMPAT_NODE_MAJOR})`);
		const context = (vendor: string, log: (m: string) => void, wfs: WorkflowJson[]): E2eContext => ({
			app,
			sandbox: sandboxes.get(vendor)!,
			workflows: new Map(wfs.map((w) => [w.id, w])),
			log,
		});

		await runner.run(`[loads] n8n ${install.version} lists every node and credential type of the package`, 60_000, async (log) => {
			const { nodes, credentials: creds } = await checkPackageLoads(app);
			log(`${nodes} node types, ${creds} credential types`);
		});

		for (const { vendor, wf } of operations) {
			await runner.run(`[${vendor.adapter.vendor}] example "${wf.name}" runs (Webhook start) and passes its e2e check`, 120_000, async (log) => {
				const id = workerCopyId(wf.id);
				await app.activate(id);
				try {
					const res = await fetch(`${app.baseUrl}/webhook/${workerCopyPath(wf.id)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
					await res.arrayBuffer();
					assert(res.ok, `starting the copy of ${wf.id} answered HTTP ${res.status}`);
					const execution = await until(
						async () => (await app.executions(id)).find((e: ExecutionSummary) => e.finished || e.stoppedAt),
						`the execution of ${id}`,
						90_000,
					);
					const error = runError({ data: execution.data });
					assert(execution.status === 'success', `execution ${execution.id} ended with status ${execution.status}${error ? `: ${error}` : ''}`);
					const check = vendor.adapter.checks?.[wf.id];
					if (check) await check({ data: execution.data } as RunData, context(vendor.adapter.vendor, log, [wf]));
					else log(`${wf.id} has no output check in test/e2e/vendors/${vendor.adapter.vendor}.ts: only success is asserted`);
				} finally {
					await app.deactivate(id);
				}
			});
		}

		if (polling?.c) {
			const { vendor, c } = polling;
			await runner.run(`[polling] ${vendor.adapter.displayName}: ${c.name}`, c.timeoutMs ?? 200_000, (log) =>
				c.run(context(vendor.adapter.vendor, log, vendor.examples)),
			);
		} else runner.fail('[polling] a polling trigger case', new Error('no vendor file of test/e2e/vendors has a pollingTriggerCase'));
	} catch (error) {
		runner.fail('compat setup', error as Error);
	} finally {
		await stopAll();
	}
	runner.printStages();
	console.log(`compat stage took ${seconds(Date.now() - started)} (n8n ${COMPAT_N8N_VERSION}, Node ${COMPAT_NODE_MAJOR})`);
	console.log(runner.closingLine());
	return runner.failed === 0 && runner.passed > 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		console.log('compat: 0 passed, 1 failed');
		process.exit(1);
	},
);
