/**
 * The queue-mode stage: the package on n8n's own scale-out engine. One stack — a fresh PostgreSQL cluster and
 * Redis, n8n 2.41.1 as main (`EXECUTIONS_MODE=queue`), two `n8n worker`s and one `n8n webhook` processor, all on
 * 127.0.0.1 and free ports — and the vendor emulators of test/sandbox/. Every bullet of issue 16 is a case:
 *
 *   examples   every Manual Trigger example runs on a worker (a published copy started by a webhook) and passes
 *              the same checks as in the single-process e2e stage
 *   batch      24 executions (Pronestor Planner session + PlanningPME token) spread over both workers, each
 *              result identical to a single-process `n8n execute` of the same workflow; one login per vendor
 *   expiry     both workers meet an expired session at once: logins counted, no execution fails
 *   webhooks   Hub Planner and Bookings ONE deliveries arrive at the webhook processor and run on workers; a
 *              missing or wrong secret gets 401 and starts nothing
 *   polling    Pronestor Planner and PlanningPME triggers emit each record exactly once on workers, across a
 *              restart of the main process (records added before and while it is down)
 *   renewal    the Bookings ONE subscription is renewed once per cron cycle, not once per process
 *   erp        Pronestor locked bookings into n8n's own Postgres node (lib/erp.ts): the nightly export run twice
 *              before and once after the main restart, the trigger across it (it is the polling case's Pronestor
 *              workflow, so `--only polling,erp`): each locked booking once in the table, amounts and cost centres exact
 *
 *   npm run test:queue [-- --keep] [--only batch,expiry]   (N8N_BOOKINGS_SKIP_BUILD=1, N8N_BOOKINGS_SHOW_N8N_LOG=1 as in e2e)
 * The last line is `queue: N passed, M failed`; before it, the figures (logins, executions per worker, times).
 */
import 'reflect-metadata';
import { buildPackage, ensureN8nInstalled, nodeItems, PACKAGE_NAME, availableNodeTypes, step, until, type CredentialImport, type ExecutionSummary, type RunData, type WorkflowJson } from '../../scripts/lib/n8n';
import { loadVendors } from '../../scripts/lib/vendors';
import type { RunningSandbox, E2eContext } from '../e2e/lib/types';
import { createPlanningPmeSandbox, PlanningPmeSandbox } from '../sandbox/planningpme';
import { createPronestorSandbox, PronestorSandbox } from '../sandbox/pronestor';
import { HubPlannerSandbox } from '../sandbox/hubplanner';
import { BOOKINGSONE_PATHS, BOOKINGSONE_PREFIX, type BookingsOneSandbox } from '../sandbox/bookingsone';
import { ensureQueueBinaries } from './lib/servers';
import { QueueStack } from './lib/stack';
import { BATCH, batchWorkflow, MANUAL_TRIGGER, onWorkers, workerCopyId, workerCopyPath } from './lib/workflows';
import { PLANNING_PME, PRONESTOR } from '../vendors';
import { assert, CaseRunner, seconds } from './lib/cases';
import { createErpDatabase, ERP, erpCredential, erpExportWorkflow, erpRows, erpTriggerWorkflow } from './lib/erp';

const args = process.argv.slice(2);
const keep = args.includes('--keep') || process.env.QUEUE_KEEP === '1';
const onlyIndex = args.indexOf('--only');
const only = (onlyIndex >= 0 ? args[onlyIndex + 1] : (process.env.QUEUE_ONLY ?? '')).split(',').filter(Boolean);
const WORKERS = 2;
const WORKER_CONCURRENCY = 5;
const BATCH_SIZE = 24;
const EXPIRY_SIZE = 10;
const EXPIRY_LATENCY_MS = 400;

const runner = new CaseRunner('queue', only);
const figures: string[] = [];

async function main(): Promise<number> {
	const started = Date.now();
	console.log(`queue: n8n's queue mode (PostgreSQL, Redis, main, ${WORKERS} workers, webhook processor)`);
	const install = await runner.stage('install n8n (cached after the first run)', () => ensureN8nInstalled());
	const binaries = await runner.stage('install Redis + PostgreSQL (cached after the first run)', () => ensureQueueBinaries());
	await runner.stage('build package', () => buildPackage());

	const needed = ['hubplanner', 'pronestor', 'planningpme', 'bookingsone'];
	const vendors = loadVendors().filter((v) => !v.skipReason);
	const missing = needed.filter((n) => !vendors.some((v) => v.adapter.vendor === n));
	if (missing.length) throw new Error(`vendor(s) not built or without an e2e adapter: ${missing.join(', ')}`);

	// Five jobs at once per worker (n8n's default is 10): a burst of 10 executions then always reaches both workers.
	const stack = new QueueStack({ install, binaries, workers: WORKERS, concurrency: WORKER_CONCURRENCY, keep });
	const sandboxes = new Map<string, RunningSandbox>();
	// The batch has emulators of its own, so their login counters see nothing but the batch.
	const batchPronestor = createPronestorSandbox();
	const batchPlanningPme = createPlanningPmeSandbox({ appKeys: { [PlanningPmeSandbox.APP_KEY]: 100_000 } });
	const stopAll = async () => {
		await stack.down();
		const started = Date.now();
		await Promise.all([...[...sandboxes.values()].map((sb) => sb.stop()), batchPronestor.stop(), batchPlanningPme.stop()].map((p) => p.catch(() => undefined)));
		step(`emulators stopped in ${seconds(Date.now() - started)}`);
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			console.log(`\n  interrupted (${signal}): stopping n8n, Redis, PostgreSQL and the emulators`);
			void stopAll().finally(() => {
				console.log(runner.closingLine(1));
				process.exit(130);
			});
		});
	}

	try {
		const credentials: CredentialImport[] = [];
		const workflows: WorkflowJson[] = [];
		const examples = new Map<string, { vendor: (typeof vendors)[number]; wf: WorkflowJson }>();
		await runner.stage('emulators', async () => {
			for (const v of vendors) {
				const sb = await v.adapter.startSandbox();
				sandboxes.set(v.adapter.vendor, sb);
				credentials.push(...v.adapter.credentials(sb));
				for (const wf of v.examples) {
					if (wf.nodes.some((n) => n.type === MANUAL_TRIGGER)) {
						workflows.push(onWorkers(wf));
						examples.set(wf.id, { vendor: v, wf });
					} else workflows.push(wf);
				}
			}
			await batchPronestor.start();
			await batchPlanningPme.start();
		});
		const batchCreds = { pronestor: { id: 'qPnBatchCred', name: 'Pronestor Planner (batch)' }, planningpme: { id: 'qPpBatchCred', name: 'PlanningPME (batch)' } };
		credentials.push(
			{ ...batchCreds.pronestor, type: 'pronestorPlannerApi', data: PRONESTOR.credential(batchPronestor) },
			{ ...batchCreds.planningpme, type: 'planningPmeApi', data: PLANNING_PME.credential(batchPlanningPme) },
		);
		workflows.push(batchWorkflow(batchCreds, 'webhook'), batchWorkflow(batchCreds, 'manual'));

		await runner.stage('PostgreSQL + Redis, import (n8n CLI)', async () => {
			await stack.prepare();
			// The finance example's database: a database, user and table of its own in the stage's cluster.
			credentials.push(erpCredential(createErpDatabase(stack.postgres!)));
			const pronestorExample = (id: string) => vendors.find((v) => v.adapter.vendor === 'pronestor')!.examples.find((w) => w.id === id)!;
			workflows.push(erpTriggerWorkflow(pronestorExample('pnNewLockedBookings')), erpExportWorkflow(pronestorExample('pnExportLockedCsv')));
			await stack.importData(credentials, workflows);
		});
		await runner.stage(`n8n up: main + ${WORKERS} workers + webhook processor`, () => stack.up());
		console.log(
			`  main ${stack.main.baseUrl}, webhook processor ${stack.webhookBaseUrl}, workers' health ${stack.workers.map((w) => w.port).join(', ')}; ` +
				`PostgreSQL :${stack.db!.port}, Redis :${stack.redis!.port}; boot ${Object.entries(stack.bootMs)
					.map(([n, ms]) => `${n} ${seconds(ms)}`)
					.join(', ')}`,
		);
		const { main: app } = stack;
		const sandbox = <S>(vendor: string) => sandboxes.get(vendor) as RunningSandbox<S>;
		const executions = (workflowId: string) => app.executions(workflowId);
		const finished = async (workflowId: string, count: number, what: string, timeoutMs = 120_000) => {
			let seen: ExecutionSummary[] = [];
			return await until(
				async () => {
					seen = (await executions(workflowId)).filter((e) => e.finished || e.stoppedAt);
					return seen.length >= count ? seen : undefined;
				},
				() => `${count} finished execution(s) of ${what} (now ${seen.length})`,
				timeoutMs,
			);
		};
		const ranOn = (list: ExecutionSummary[]) => list.map((e) => `${e.id}→${stack.workerOf(e.id) ?? 'no worker'}`).join(', ');
		const notOnWorkers = (list: ExecutionSummary[]) => list.filter((e) => !stack.workerOf(e.id));
		const webhook = (path: string, body: unknown = {}) => stack.callWebhook(path, body);

		// ------------------------------------------------------------------ the package in every process
		await runner.run('[stack] the package loads in the main; workers and the webhook processor run in queue mode', 30_000, async (log) => {
			const nodes = await app.getJson<Array<{ name: string }>>('/types/nodes.json');
			const known = new Set(nodes.map((n) => n.name));
			const notLoaded = [...availableNodeTypes()].filter((t) => !known.has(t));
			assert(notLoaded.length === 0, `the main did not load: ${notLoaded.join(', ')}`);
			for (const p of stack.processes) {
				const errors = p.app.log.filter((l) => /error/i.test(l) && l.includes(PACKAGE_NAME));
				assert(errors.length === 0, `${p.name} logged errors about the package:\n${errors.slice(0, 5).join('\n')}`);
			}
			for (const w of stack.workers) {
				assert(w.log.some((l) => l.includes(`Concurrency: ${WORKER_CONCURRENCY}`)), `a worker's log does not say "Concurrency: ${WORKER_CONCURRENCY}":\n${w.log.slice(-8).join('\n')}`);
			}
			log(`boot: ${Object.entries(stack.bootMs).map(([n, ms]) => `${n} ${seconds(ms)}`).join(', ')}`);
		});

		// ------------------------------------------------------------------ examples on workers
		await runner.run('[examples] every Manual Trigger example runs on a worker and passes its single-process e2e checks', 240_000, async (log) => {
			const ids = [...examples.keys()];
			for (const id of ids) await app.activate(workerCopyId(id));
			const answers = await Promise.all(ids.map((id) => webhook(workerCopyPath(id))));
			answers.forEach((res, i) => assert(res.ok, `starting ${ids[i]} answered HTTP ${res.status}`));
			const failures: string[] = [];
			for (const id of ids) {
				const { vendor, wf } = examples.get(id)!;
				const [execution] = await finished(workerCopyId(id), 1, `example ${id}`);
				const worker = stack.workerOf(execution.id);
				if (execution.status !== 'success') failures.push(`${id}: status ${execution.status}`);
				else if (!worker) failures.push(`${id}: execution ${execution.id} was not started by a worker`);
				else {
					const check = vendor.adapter.checks?.[id];
					const ctx: E2eContext = { app, sandbox: sandboxes.get(vendor.adapter.vendor)!, workflows: new Map([[wf.id, wf]]), log: (m) => log(`${id}: ${m}`) };
					try {
						await check?.({ data: execution.data } as RunData, ctx);
					} catch (error) {
						failures.push(`${id}: ${(error as Error).message}`);
					}
				}
				log(`${id}: execution ${execution.id} on ${worker ?? 'no worker'}`);
			}
			for (const id of ids) await app.deactivate(workerCopyId(id));
			assert(failures.length === 0, failures.join('\n'));
			const ran = await Promise.all(ids.map(async (id) => stack.workerOf((await executions(workerCopyId(id)))[0].id)));
			figures.push(`examples on workers: ${ids.length} of ${ids.length} pass their e2e checks (${stack.workers.map((_, i) => `worker-${i + 1} ${ran.filter((w) => w === `worker-${i + 1}`).length}`).join(', ')})`);
		});

		// ------------------------------------------------------------------ polling triggers: activation now, checks later
		const pn = sandbox<PronestorSandbox>('pronestor').handle;
		const pp = sandbox<PlanningPmeSandbox>('planningpme').handle;
		const polling = {
			// The trigger example followed by the ERP step (lib/erp.ts): the erp cases read its table.
			pronestor: { workflowId: ERP.triggerId, node: ERP.triggerNode, idOf: (i: Record<string, unknown>) => String(i.Id), added: [] as Array<{ id: string; when: string }> },
			planningpme: { workflowId: 'ppPlanningChanges', node: 'Planning Changed', idOf: (i: Record<string, unknown>) => String(i.key), added: [] as Array<{ id: string; when: string }> },
		};
		const addRecords = (when: string) => {
			polling.pronestor.added.push({ id: String(pn.insertLockedBooking(Math.ceil(Date.now() / 1000) * 1000 + 1000).Id), when });
			const n = polling.planningpme.added.length;
			polling.planningpme.added.push({ id: String(pp.insertPlannedTask({ label: `queue: ${when}`, start: pp.todayWall(1, 8 + n), end: pp.todayWall(1, 9 + n) }).key), when });
		};
		let pollingActive = false;
		await runner.run('[polling] Pronestor Planner and PlanningPME triggers activate on the main (baseline from now)', 120_000, async (log) => {
			await app.activate(polling.pronestor.workflowId);
			const windowEnd = pp.todayUtc(30);
			const before = pp.requests(/\/api\/do\/list$/, 'POST').length;
			await app.activate(polling.planningpme.workflowId);
			// The PlanningPME activation poll reads its 30-day window: records added after it are new to the next poll.
			await until(
				() => pp.requests(/\/api\/do\/list$/, 'POST').slice(before).some((r) => r.status === 200 && (r.body as { dateTo?: string })?.dateTo === windowEnd),
				'the PlanningPME activation poll to read its window',
				60_000,
			);
			addRecords('after activation');
			pollingActive = true;
			log(`added ${polling.pronestor.added[0].id} (Pronestor) and ${polling.planningpme.added[0].id} (PlanningPME); the next minute's poll must emit them`);
		});

		// ------------------------------------------------------------------ Bookings ONE renewal: activation (the cycle is checked later)
		const b1 = sandbox<BookingsOneSandbox>('bookingsone').handle;
		const subscribePath = BOOKINGSONE_PREFIX + BOOKINGSONE_PATHS.subscribeAppointmentChange;
		const b1Calls = () =>
			b1
				.requests(subscribePath, 'POST')
				.filter((r) => (r.body as { callbackUrl?: string }).callbackUrl?.startsWith(stack.webhookBaseUrl) && (r.body as { expireTime?: number }).expireTime === 1440);
		const quiet: Array<[number, number]> = []; // activation and restart: calls then are not cron ticks
		let b1Active = false;

		// ------------------------------------------------------------------ webhooks through the webhook processor
		await runner.run('[webhooks] Hub Planner: delivered to the webhook processor, run on a worker; missing/wrong token → 401, nothing started', 120_000, async (log) => {
			const hp = sandbox<HubPlannerSandbox>('hubplanner').handle;
			const workflowId = 'hpLogBookingChanges';
			await app.activate(workflowId);
			const subs = await until(() => {
				const s = hp.data.subscriptions.filter((x) => x.target_url.startsWith(stack.webhookBaseUrl));
				return s.length === 2 ? s : undefined;
			}, () => `two subscriptions pointing at the webhook processor ${stack.webhookBaseUrl} (sandbox has ${hp.data.subscriptions.map((s) => s.target_url).join(', ') || 'none'})`);
			const target = subs[0].target_url;
			const forged = [
				await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ event: 'booking.create', bookingId: 'x' }) }),
				await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json', 'hubplanner-token': 'forged' }, body: JSON.stringify({ event: 'booking.create', bookingId: 'x' }) }),
			].map((r) => r.status);
			assert(forged.every((s) => s === 401), `deliveries without / with a wrong token were answered ${forged.join(' / ')}`);
			const res = await fetch(`${hp.baseUrl}/v1/booking`, {
				method: 'POST',
				headers: { Authorization: HubPlannerSandbox.WRITE_KEY, 'Content-Type': 'application/json' },
				body: JSON.stringify({ resource: hp.data.resources[1]._id, project: hp.data.projects[0]._id, start: '2026-03-02 09:00', end: '2026-03-02 12:00', title: 'queue: booked through the API' }),
			});
			assert(res.status === 201, `creating a booking in the sandbox answered ${res.status}`);
			const created = (await res.json()) as { _id: string };
			const delivery = await until(() => hp.deliveries.find((d) => JSON.stringify(d).includes(created._id)), 'the sandbox to deliver the booking event');
			assert(delivery.status === 200, `the webhook processor answered the delivery ${delivery.status} ${delivery.error ?? ''}`);
			// The forged deliveries came first: if either had started an execution, there would be two now.
			const [execution, ...more] = await finished(workflowId, 1, 'the Hub Planner trigger');
			assert(more.length === 0, `${more.length + 1} executions: a forged delivery started one`);
			assert(execution.status === 'success', `the execution ended with status ${execution.status}`);
			const worker = stack.workerOf(execution.id);
			assert(worker, `execution ${execution.id} was not run by a worker`);
			const entries = nodeItems({ data: execution.data } as RunData, 'Change Log Entry');
			assert(entries.length === 1 && entries[0].bookingId === created._id && entries[0].title === 'queue: booked through the API', `unexpected output ${JSON.stringify(entries)}`);
			await app.deactivate(workflowId);
			await until(() => hp.data.subscriptions.filter((x) => x.target_url.startsWith(stack.webhookBaseUrl)).length === 0, 'the subscriptions removed after deactivation');
			log(`delivered to ${new URL(target).origin} (webhook processor), execution ${execution.id} on ${worker}; forged: ${forged.join(', ')}`);
		});

		await runner.run('[webhooks] Bookings ONE: delivered to the webhook processor, run on a worker; missing/wrong secret → 401, nothing started', 120_000, async (log) => {
			const workflowId = 'b1AppointmentChanges';
			const a0 = Date.now();
			await app.activate(workflowId);
			quiet.push([a0, Date.now() + 2_000]);
			b1Active = true;
			const live = () => b1.data.subscriptions.filter((s) => s.callbackUrl.startsWith(stack.webhookBaseUrl) && s.expiresAt > b1.now() + 2 * 60_000);
			await until(() => live().length === 2, () => `two subscriptions pointing at the webhook processor (now ${live().length})`);
			const url = new URL(live()[0].callbackUrl);
			const withoutSecret = new URL(url);
			withoutSecret.searchParams.delete('secret');
			const wrongSecret = new URL(url);
			wrongSecret.searchParams.set('secret', 'f'.repeat(48));
			const forged: number[] = [];
			for (const u of [withoutSecret, wrongSecret]) {
				forged.push((await fetch(u, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bookableResourceId: 101 }) })).status);
			}
			assert(forged.every((s) => s === 401), `callbacks without / with a wrong secret were answered ${forged.join(' / ')}`);
			const start = new Date(b1.now() + 26 * 3_600_000).toISOString();
			const end = new Date(b1.now() + 27 * 3_600_000).toISOString();
			const appointment = await b1.createAppointment({ resourceId: 101, start, end, subject: 'queue: board meeting' });
			const delivery = b1.deliveries[b1.deliveries.length - 1];
			assert(delivery?.status === 200, `the webhook processor answered the callback ${delivery?.status} ${delivery?.error ?? ''}`);
			const [execution, ...more] = await finished(workflowId, 1, 'the Bookings ONE trigger');
			assert(more.length === 0, `${more.length + 1} executions: a forged callback started one`);
			assert(execution.status === 'success', `the execution ended with status ${execution.status}`);
			const worker = stack.workerOf(execution.id);
			assert(worker, `execution ${execution.id} was not run by a worker`);
			const entries = nodeItems({ data: execution.data } as RunData, 'Door Sign Update');
			assert(entries.length === 1 && String(entries[0].appointmentId) === String(appointment.id), `unexpected output ${JSON.stringify(entries)}`);
			log(`callback to ${url.origin} (webhook processor), execution ${execution.id} on ${worker}; forged: ${forged.join(', ')}; stays active for the renewal case`);
		});

		// ------------------------------------------------------------------ the batch: spread over workers, identical results, one login
		const logins = () => ({ pronestor: batchPronestor.stats.logins, planningpme: batchPlanningPme.tokenStats.issued });
		let batchOk = false;
		await runner.run(`[batch] ${BATCH_SIZE} executions spread over ${WORKERS} workers, results identical to single-process mode, one login per vendor`, 300_000, async (log) => {
			await app.activate(BATCH.id);
			// One execution first: the credential has no session yet, so this one logs in and n8n stores the session.
			assert((await webhook(BATCH.path, { n: 0 })).ok, 'the first batch call failed');
			await finished(BATCH.id, 1, 'the first batch execution');
			const rest = await Promise.all(Array.from({ length: BATCH_SIZE - 1 }, (_, i) => webhook(BATCH.path, { n: i + 1 })));
			assert(rest.every((r) => r.ok), `batch calls answered ${[...new Set(rest.map((r) => r.status))].join(', ')}`);
			const list = await finished(BATCH.id, BATCH_SIZE, 'the batch', 240_000);
			const failed = list.filter((e) => e.status !== 'success');
			assert(failed.length === 0, `${failed.length} batch execution(s) failed: ${failed.map((e) => `${e.id} ${e.status}`).join(', ')}`);
			assert(notOnWorkers(list).length === 0, `not run by a worker: ${notOnWorkers(list).map((e) => e.id).join(', ')}`);
			const perWorker = countPerWorker(stack, list);
			assert(perWorker.every(([, n]) => n > 0), `the batch did not spread over both workers: ${perWorker.map(([w, n]) => `${w} ${n}`).join(', ')}`);
			const afterBatch = logins();
			// The single-process reference: the same workflow through `n8n execute` (regular mode, same database and credential).
			const reference = await app.execute(BATCH.referenceId);
			assert(reference.ok, `the single-process reference run failed: ${reference.stderr.slice(-500)}`);
			const expected = {
				pronestor: JSON.stringify(nodeItems(reference.run, BATCH.pronestorNode)),
				planningpme: JSON.stringify(nodeItems(reference.run, BATCH.planningPmeNode)),
			};
			assert(JSON.parse(expected.pronestor).length > 0 && JSON.parse(expected.planningpme).length > 0, 'the reference run returned no records');
			const differing = list.filter((e) => {
				const run = { data: e.data } as RunData;
				return JSON.stringify(nodeItems(run, BATCH.pronestorNode)) !== expected.pronestor || JSON.stringify(nodeItems(run, BATCH.planningPmeNode)) !== expected.planningpme;
			});
			assert(differing.length === 0, `${differing.length} execution(s) differ from the single-process run: ${differing.map((e) => e.id).join(', ')}`);
			const total = logins();
			assert(afterBatch.pronestor === 1, `Pronestor Planner logged in ${afterBatch.pronestor} times for the batch (expected once)`);
			assert(afterBatch.planningpme === 1, `PlanningPME issued ${afterBatch.planningpme} tokens for the batch (expected one)`);
			assert(total.pronestor === 1 && total.planningpme === 1, `the single-process run logged in again: ${JSON.stringify(total)}`);
			const line = `batch of ${BATCH_SIZE}: ${perWorker.map(([w, n]) => `${w} ran ${n}`).join(', ')}; logins: Pronestor Planner ${afterBatch.pronestor}, PlanningPME ${afterBatch.planningpme} (after the single-process run too: ${total.pronestor}, ${total.planningpme})`;
			figures.push(line);
			log(line);
			log(`every result equals the single-process run (${JSON.parse(expected.pronestor).length} departments, ${JSON.parse(expected.planningpme).length} tasks)`);
			batchOk = true;
		});

		await runner.run(`[expiry] both workers meet an expired session at once (${EXPIRY_SIZE} executions): logins counted, none fails`, 240_000, async (log) => {
			assert(batchOk, 'needs the batch case (skipped: it failed)');
			const before = logins();
			const known = (await executions(BATCH.id)).length;
			batchPronestor.expireSessions();
			batchPlanningPme.expireTokens();
			// Latency makes the executions overlap for sure: every one of them sends its first request with the
			// expired session before any answer (401) or new login is back.
			batchPronestor.latencyMs = EXPIRY_LATENCY_MS;
			batchPlanningPme.latencyMs = EXPIRY_LATENCY_MS;
			const answers = await Promise.all(Array.from({ length: EXPIRY_SIZE }, (_, i) => webhook(BATCH.path, { expired: i })));
			assert(answers.every((r) => r.ok), `calls answered ${[...new Set(answers.map((r) => r.status))].join(', ')}`);
			const list = (await finished(BATCH.id, known + EXPIRY_SIZE, 'the expiry batch', 180_000)).slice(0, EXPIRY_SIZE);
			batchPronestor.latencyMs = 0;
			batchPlanningPme.latencyMs = 0;
			const failed = list.filter((e) => e.status !== 'success');
			assert(failed.length === 0, `${failed.length} execution(s) failed after the expiry: ${failed.map((e) => `${e.id} ${e.status}`).join(', ')}`);
			const perWorker = countPerWorker(stack, list);
			const after = logins();
			const made = { pronestor: after.pronestor - before.pronestor, planningpme: after.planningpme - before.planningpme };
			const line = `simultaneous expiry (${EXPIRY_SIZE} executions at once, ${EXPIRY_LATENCY_MS} ms emulator latency: ${perWorker.map(([w, n]) => `${w} ${n}`).join(', ')}): logins Pronestor Planner ${made.pronestor}, PlanningPME ${made.planningpme}`;
			figures.push(line);
			log(line);
			assert(perWorker.every(([, n]) => n > 0), `only one worker met the expiry: ${perWorker.map(([w, n]) => `${w} ${n}`).join(', ')}`);
			// n8n gives a node no lock across processes: each worker that meets the expiry logs in; within a worker, one login.
			assert(made.planningpme >= 1 && made.planningpme <= WORKERS, `PlanningPME: ${made.planningpme} logins for ${WORKERS} workers (at most one per worker expected)`);
			assert(made.pronestor >= 1 && made.pronestor <= WORKERS, `Pronestor Planner: ${made.pronestor} logins for ${WORKERS} workers (at most one per worker expected)`);
			await app.deactivate(BATCH.id);
		});

		// ------------------------------------------------------------------ the finance example into PostgreSQL (lib/erp.ts)
		// Expected values come from the emulator: the export's day as it asked for it, the bookings locked in it, and
		// the records the polling case added (the trigger workflow is the polling case's Pronestor workflow).
		const exportDays: Array<{ start: number; end: number }> = [];
		let mainRestarted = false;
		const runErpExport = async (label: string) => {
			const known = (await executions(ERP.exportId)).length;
			const from = Date.now();
			assert((await webhook(ERP.exportPath)).ok, `starting the ERP export (${label}) failed`);
			const [execution] = await finished(ERP.exportId, known + 1, `the ERP export (${label})`);
			assert(execution.status === 'success', `the ERP export (${label}) ended with status ${execution.status}`);
			assert(stack.workerOf(execution.id), `the ERP export (${label}) did not run on a worker`);
			const at = (v: unknown) => Date.parse(String(v).replace(' ', 'T'));
			const day = pn
				.requests(/FindLockedBookings$/)
				.filter((r) => r.at >= from && r.status === 200 && r.query.endLockTime !== undefined)
				.map((r) => ({ start: at(r.query.startLockTime), end: at(r.query.endLockTime) }))
				.filter((w) => w.end - w.start >= 23 * 3_600_000 && w.end - w.start <= 25 * 3_600_000)
				.pop();
			assert(day, `the ERP export (${label}) asked the emulator for no day of locked bookings`);
			exportDays.push(day);
			return nodeItems({ data: execution.data } as RunData, ERP.node).length;
		};
		/** The table against the emulator: each booking once, values exact, writes = export runs covering it + 1 if the trigger emitted it. */
		const checkErpTable = (triggerDone: boolean) => {
			const locked = (b: { LockedTime: string | null }, d: { start: number; end: number }) => Date.parse(String(b.LockedTime)) > d.start && Date.parse(String(b.LockedTime)) <= d.end;
			const fromExport = new Set(exportDays.flatMap((d) => pn.lockedBetween(d.start, d.end).map((b) => String(b.Id))));
			const fromTrigger = new Set(polling.pronestor.added.map((a) => a.id));
			const rows = erpRows(stack.postgres!);
			const ids = rows.map((r) => r.bookingId);
			const problems: string[] = [];
			const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
			if (twice.length) problems.push(`more than once: ${twice.join(', ')}`);
			const missing = [...fromExport, ...(triggerDone ? fromTrigger : [])].filter((id) => !ids.includes(id));
			if (missing.length) problems.push(`missing: ${[...new Set(missing)].join(', ')}`);
			const extra = ids.filter((id) => !fromExport.has(id) && !fromTrigger.has(id));
			if (extra.length) problems.push(`not locked in an exported day nor emitted by the trigger: ${extra.join(', ')}`);
			for (const row of rows) {
				const b = pn.data.bookings.find((x) => String(x.Id) === row.bookingId);
				if (!b) continue;
				const expected = { amount: b.TotalPrice, costCenter: b.CostCenter, currency: b.Currency, resource: b.ResourceName, lockedAt: Date.parse(String(b.LockedTime)) };
				const writes = exportDays.filter((d) => locked(b, d)).length + (fromTrigger.has(row.bookingId) ? 1 : 0);
				const got = { amount: row.amount, costCenter: row.costCenter, currency: row.currency, resource: row.resource, lockedAt: row.lockedAt };
				if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`booking ${row.bookingId}: table ${JSON.stringify(got)}, emulator ${JSON.stringify(expected)}`);
				if (row.writes !== writes) problems.push(`booking ${row.bookingId} written ${row.writes} time(s), expected ${writes}`);
			}
			assert(problems.length === 0, `${ERP.table}: ${problems.slice(0, 8).join('; ')}`);
			const exported = rows.filter((r) => fromExport.has(r.bookingId)).length;
			return `${rows.length} rows: ${exported} from the export (written ${exportDays.length}× each), ${rows.length - exported} from the trigger (written once each)`;
		};
		await runner.run('[erp] the nightly Pronestor export → n8n\'s Postgres node (upsert on the booking id), run twice: each locked booking once, amounts and cost centres exact', 120_000, async (log) => {
			assert(pollingActive, 'needs the polling activation case (its Pronestor trigger writes to the same table): run --only polling,erp');
			await app.activate(ERP.exportId);
			const first = await runErpExport('first run');
			const second = await runErpExport('second run');
			assert(first > 0 && second === first, `the runs wrote ${first} and ${second} rows`);
			log(`${checkErpTable(false)}; day ${new Date(exportDays[0].start).toISOString()} – ${new Date(exportDays[0].end).toISOString()}`);
		});

		// ------------------------------------------------------------------ polling across a main restart
		await runner.run('[polling] each record emitted exactly once, on workers, across a restart of the main (records added before and while it is down)', 420_000, async (log) => {
			assert(pollingActive, 'needs the polling activation case (it failed)');
			const emitted = async () => {
				const out: Record<string, Array<{ id: string; execution: string }>> = { pronestor: [], planningpme: [] };
				const lists: ExecutionSummary[] = [];
				let pending = 0;
				for (const [vendor, p] of Object.entries(polling)) {
					for (const e of await executions(p.workflowId)) {
						if (['new', 'running', 'waiting'].includes(String(e.status)) && !e.stoppedAt) {
							pending++; // queued or running on a worker: counted once it has finished
							continue;
						}
						lists.push(e);
						if (e.status !== 'success') throw new Error(`polled execution ${e.id} (${vendor}) ended with status ${e.status}`);
						for (const item of nodeItems({ data: e.data } as RunData, p.node)) out[vendor].push({ id: p.idOf(item), execution: String(e.id) });
					}
				}
				return { out, lists, pending };
			};
			const allSeen = async () => {
				const { out, pending } = await emitted();
				return pending === 0 && Object.entries(polling).every(([vendor, p]) => p.added.every((a) => out[vendor].some((x) => x.id === a.id)));
			};
			const state = async () => {
				const { out } = await emitted();
				return Object.entries(polling)
					.map(([vendor, p]) => `${vendor}: added ${p.added.map((a) => a.id).join(',')}; emitted ${out[vendor].map((x) => x.id).join(',') || 'nothing'}`)
					.join('; ');
			};
			let snapshot = '';
			const waitAll = async (what: string) => {
				await until(
					async () => {
						snapshot = await state();
						return await allSeen();
					},
					() => `${what} (${snapshot})`,
					150_000,
				);
			};
			await waitAll('the first scheduled polls to emit the records added after activation');
			addRecords('before the restart');
			const r0 = Date.now();
			await app.stop();
			const down = Date.now();
			addRecords('while the main was down');
			await app.start(180_000);
			mainRestarted = true;
			const restartS = (Date.now() - r0) / 1000;
			if (b1Active) {
				// The restarted main starts the Bookings ONE trigger again, which renews once right away: that call is
				// not a cron tick (the renewal case counts the ticks). The quiet window ends at that call: a trigger()
				// started in a minute's last second has its first cron tick a moment later, and that tick counts.
				const renewal = await until(() => b1Calls().find((c) => c.at >= down), 'the Bookings ONE trigger to renew on the restarted main', 90_000);
				quiet.push([r0, renewal.at]);
			}
			await waitAll('the polls after the restart to emit the records added before and during it');
			// One more record: the poll that emits it must emit nothing else (no repeat of anything earlier).
			addRecords('after the restart');
			await waitAll('the next poll to emit the last record');
			const { out, lists } = await emitted();
			for (const [vendor, p] of Object.entries(polling)) {
				const ids = out[vendor].map((x) => x.id);
				const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
				const extra = ids.filter((id) => !p.added.some((a) => a.id === id));
				assert(dupes.length === 0, `${vendor}: emitted twice: ${[...new Set(dupes)].join(', ')}`);
				assert(extra.length === 0, `${vendor}: emitted records that existed before activation: ${extra.join(', ')}`);
				assert(ids.length === p.added.length, `${vendor}: ${ids.length} emitted for ${p.added.length} added`);
			}
			assert(notOnWorkers(lists).length === 0, `polled executions not run by a worker: ${notOnWorkers(lists).map((e) => e.id).join(', ')}`);
			for (const p of Object.values(polling)) await app.deactivate(p.workflowId);
			const line = `polling: ${Object.entries(out).map(([v, x]) => `${v} ${x.length} records in ${new Set(x.map((y) => y.execution)).size} executions`).join(', ')}, 0 lost, 0 twice; main restart ${restartS.toFixed(1)} s; executions ${ranOn(lists)}`;
			figures.push(line);
			log(line);
		});

		await runner.run('[erp] after the main restart: the export once more and the trigger\'s records from before, during and after it — the table still holds each locked booking once, values exact', 120_000, async (log) => {
			assert(exportDays.length === 2, 'needs the first erp case (it failed)');
			assert(mainRestarted, 'needs the polling case across the main restart: run --only polling,erp');
			await runErpExport('after the main restart');
			const line = `ERP table (Pronestor → Postgres node, upsert on booking_id): ${checkErpTable(true)}; 2 export runs before the main restart, 1 after`;
			figures.push(line);
			log(line);
			await app.deactivate(ERP.exportId);
		});

		await runner.run('[renewal] the Bookings ONE subscription is renewed once per cron cycle (only the main runs trigger()), not once per process', 200_000, async (log) => {
			assert(b1Active, 'needs the Bookings ONE webhook case (it failed)');
			const isQuiet = (at: number) => quiet.some(([a, b]) => at >= a && at <= b);
			const ticks = () => b1Calls().filter((c) => !isQuiet(c.at));
			// The trigger's cron fires once an hour at the minute after trigger() started: wait for at least one tick.
			await until(() => ticks().length > 0, () => `a cron renewal (subscribe calls so far: ${b1Calls().map((c) => new Date(c.at).toISOString().slice(11, 19)).join(', ')})`, 150_000);
			// Other processes would call in the same second; give them the rest of that minute's first 10 s.
			const first = ticks()[0];
			const minuteStart = Math.floor(first.at / 60_000) * 60_000;
			await until(() => Date.now() > minuteStart + 12_000, 'the end of the tick window', 20_000);
			const byMinute = new Map<number, number>();
			for (const c of ticks()) byMinute.set(Math.floor(c.at / 60_000), (byMinute.get(Math.floor(c.at / 60_000)) ?? 0) + 1);
			const counts = [...byMinute.values()];
			assert(counts.every((n) => n === 1), `renewals per cron tick: ${counts.join(', ')} (expected one each)`);
			assert(ticks().every((c) => c.at % 60_000 < 10_000), `a renewal outside a cron tick: ${ticks().map((c) => new Date(c.at).toISOString().slice(11, 19)).join(', ')}`);
			const all = b1Calls();
			const line = `Bookings ONE: ${all.length} subscribe calls — activation 1, restart ${all.filter((c) => isQuiet(c.at)).length - 1}, cron ticks ${counts.length} with ${counts.join('/')} call(s) each`;
			figures.push(line);
			log(line);
			await app.deactivate('b1AppointmentChanges');
		});
	} catch (error) {
		runner.fail('queue setup', error as Error);
	} finally {
		await runner.stage('stop everything', () => stopAll());
		if (keep) console.log(`  user folders kept: ${stack.root}`);
	}
	console.log('figures:');
	for (const f of figures) console.log(`  ${f}`);
	runner.printStages();
	console.log(`queue stage took ${seconds(Date.now() - started)}`);
	console.log(runner.closingLine());
	return runner.failed === 0 && runner.passed > 0 ? 0 : 1;
}

function countPerWorker(stack: QueueStack, list: ExecutionSummary[]): Array<[string, number]> {
	return [...stack.executionsByWorker().entries()].map(([name, ids]) => [name, list.filter((e) => ids.has(String(e.id))).length]);
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		console.log('queue: 0 passed, 1 failed');
		process.exit(1);
	},
);
