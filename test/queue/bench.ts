/**
 * The throughput figure of issue 16: the same batch of Return All executions in n8n's regular mode (one process
 * executes everything), in queue mode with one worker and in queue mode with two workers — records per second
 * for each. Not part of `npm test` (three stack boots and 3 × 200,000 records take ~6 minutes).
 *
 *   npm run bench:queue [-- --executions 40 --records 5000 --latency 50 --modes regular,1,2]
 *
 * Each mode gets a fresh PostgreSQL + Redis and its n8n processes (scripts: test/queue/lib/stack.ts), a
 * PlanningPME emulator with `--records` tasks answering after `--latency` ms, and the workflow Webhook →
 * PlanningPME Task → Get Many (Return All). One warm-up execution (login, first load), then `--executions`
 * webhook calls at once; the time runs from the first call to the last execution's stop (n8n's own record).
 * Writes bench-results/queue.json and prints a table.
 */
import 'reflect-metadata';
import * as fs from 'fs';
import * as path from 'path';
import { buildPackage, ensureN8nInstalled, repoRoot, until, type N8nApp } from '../../scripts/lib/n8n';
import { createPlanningPmeSandbox, PlanningPmeSandbox } from '../sandbox/planningpme';
import { ensureQueueBinaries } from './lib/servers';
import { QueueStack } from './lib/stack';
import { planningPmeCredential, THROUGHPUT, throughputWorkflow } from './lib/workflows';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : (args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
};
const EXECUTIONS = Number(arg('executions', '40'));
const RECORDS = Number(arg('records', '5000'));
const LATENCY = Number(arg('latency', '50'));
const MODES = arg('modes', 'regular,1,2')
	.split(',')
	.map((m) => (m === 'regular' ? 0 : Number(m)));

interface Row {
	mode: string;
	workers: number;
	executions: number;
	records: number;
	wallMs: number;
	recordsPerSecond: number;
	perWorker: Record<string, number>;
	bootMs: Record<string, number>;
	logins: number;
	dataRequests: number;
}

interface ApiExecution {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
}

async function listExecutions(app: N8nApp): Promise<ApiExecution[]> {
	const res = await app.api<{ data: ApiExecution[] }>('GET', `/executions?workflowId=${THROUGHPUT.id}&limit=250`);
	return res.data;
}

async function runMode(workers: number, install: ReturnType<typeof ensureN8nInstalled>, binaries: ReturnType<typeof ensureQueueBinaries>): Promise<Row> {
	const mode = workers === 0 ? 'regular (one process)' : `queue, ${workers} worker${workers > 1 ? 's' : ''}`;
	console.log(`\n${mode}:`);
	const sandbox = createPlanningPmeSandbox({ tasks: RECORDS, appKeys: { [PlanningPmeSandbox.APP_KEY]: 10_000_000 } });
	const stack = new QueueStack({ install, binaries, workers });
	const stop = async () => {
		await stack.down();
		await sandbox.stop();
	};
	const onSignal = () => void stop().finally(() => process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		await sandbox.start();
		const credential = { id: 'qThroughputCred', name: 'PlanningPME (throughput)' };
		await stack.prepare();
		await stack.importData(
			[planningPmeCredential(credential, sandbox)],
			[throughputWorkflow(credential)],
		);
		await stack.up();
		console.log(`  up: ${Object.entries(stack.bootMs).map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
		await stack.main.activate(THROUGHPUT.id);
		// Warm-up: the login and the first load of the node in each process are not part of the figure.
		const warm = await stack.callWebhook(THROUGHPUT.path, { warmUp: true });
		if (!warm.ok) throw new Error(`the warm-up call answered ${warm.status}`);
		const [warmUp] = await until(async () => {
			const list = (await listExecutions(stack.main)).filter((e) => e.stoppedAt);
			return list.length > 0 ? list : undefined;
		}, 'the warm-up execution', 120_000);
		sandbox.latencyMs = LATENCY;
		const requestsBefore = sandbox.log.length;
		const loginsBefore = sandbox.tokenStats.issued;
		const started = Date.now();
		const answers = await Promise.all(Array.from({ length: EXECUTIONS }, (_, i) => stack.callWebhook(THROUGHPUT.path, { n: i })));
		if (answers.some((r) => !r.ok)) throw new Error(`webhook calls answered ${[...new Set(answers.map((r) => r.status))].join(', ')}`);
		let done: ApiExecution[] = [];
		await until(
			async () => {
				done = (await listExecutions(stack.main)).filter((e) => e.stoppedAt);
				return done.length >= EXECUTIONS + 1;
			},
			() => `${EXECUTIONS + 1} finished executions (now ${done.length})`,
			900_000,
		);
		const batch = done.filter((e) => e.id !== warmUp.id);
		const failed = batch.filter((e) => e.status !== 'success');
		if (failed.length) throw new Error(`${failed.length} execution(s) failed: ${failed.map((e) => `${e.id} ${e.status}`).join(', ')}`);
		const last = Math.max(...batch.map((e) => Date.parse(e.stoppedAt as string)));
		const wallMs = last - started;
		// One execution's output, to be sure each fetched everything.
		const sample = await stack.main.api<{ data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: unknown[][] } }>> } } }>(
			'GET',
			`/executions/${batch[0].id}?includeData=true`,
		);
		const items = sample.data?.resultData?.runData?.[THROUGHPUT.node]?.[0]?.data?.main?.[0]?.length ?? 0;
		if (items !== RECORDS) throw new Error(`execution ${batch[0].id} returned ${items} records, not ${RECORDS}`);
		const perWorker: Record<string, number> = {};
		for (const [name, ids] of stack.executionsByWorker()) perWorker[name] = batch.filter((e) => ids.has(String(e.id))).length;
		const row: Row = {
			mode,
			workers,
			executions: batch.length,
			records: batch.length * RECORDS,
			wallMs,
			recordsPerSecond: Math.round((batch.length * RECORDS) / (wallMs / 1000)),
			perWorker,
			bootMs: stack.bootMs,
			logins: sandbox.tokenStats.issued - loginsBefore,
			dataRequests: sandbox.log.length - requestsBefore,
		};
		console.log(
			`  ${row.executions} executions × ${RECORDS} records in ${(wallMs / 1000).toFixed(1)} s: ${row.recordsPerSecond} records/s` +
				`${workers ? ` (${Object.entries(perWorker).map(([w, n]) => `${w} ${n}`).join(', ')})` : ''}; ${row.dataRequests} requests, ${row.logins} logins`,
		);
		return row;
	} finally {
		process.removeListener('SIGINT', onSignal);
		process.removeListener('SIGTERM', onSignal);
		await stop();
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	console.log(`bench:queue — ${EXECUTIONS} executions × ${RECORDS} records (PlanningPME Task → Get Many, Return All), emulator latency ${LATENCY} ms`);
	const install = ensureN8nInstalled();
	const binaries = ensureQueueBinaries();
	buildPackage();
	const rows: Row[] = [];
	for (const workers of MODES) rows.push(await runMode(workers, install, binaries));
	console.log('\n| mode | executions | records | wall s | records/s | executions per worker |');
	console.log('|:--|--:|--:|--:|--:|:--|');
	for (const r of rows) {
		console.log(
			`| ${r.mode} | ${r.executions} | ${r.records} | ${(r.wallMs / 1000).toFixed(1)} | ${r.recordsPerSecond} | ${Object.entries(r.perWorker).map(([w, n]) => `${w} ${n}`).join(', ') || '–'} |`,
		);
	}
	const out = path.join(repoRoot, 'bench-results', 'queue.json');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), executions: EXECUTIONS, records: RECORDS, latencyMs: LATENCY, rows }, null, 2));
	console.log(`\nwritten to ${path.relative(repoRoot, out)}; took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
