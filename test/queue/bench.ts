/**
 * The throughput figure of issue 16: the same batch of Return All executions in n8n's regular mode (one process
 * executes everything), in queue mode with one worker and in queue mode with two workers — records per second
 * for each. Not part of `npm test` (three stack boots, 3 rounds of 200,000 records each: ~6 minutes).
 *
 *   npm run bench:queue [-- --executions 40 --records 5000 --latency 50 --rounds 3 --modes regular,1,2]
 *
 * Each mode gets a fresh PostgreSQL + Redis and its n8n processes (scripts: test/queue/lib/stack.ts), a
 * PlanningPME emulator with `--records` tasks answering after `--latency` ms, and the workflow Webhook →
 * PlanningPME Task → Get Many (Return All). One warm-up execution (login, first load), then `--rounds` rounds of
 * `--executions` webhook calls at once; a round's time runs from its first call to its last execution's stop
 * (n8n's own record). The median round is the figure (the machine may be shared: the load average is printed).
 * Writes bench-results/queue.json and prints a table.
 */
import 'reflect-metadata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPackage, ensureN8nInstalled, repoRoot, until, type N8nApp } from '../../scripts/lib/n8n';
import { createPlanningPmeSandbox, PlanningPmeSandbox } from '../sandbox/planningpme';
import { ensureQueueBinaries } from './lib/servers';
import { QueueStack } from './lib/stack';
import { THROUGHPUT, throughputWorkflow } from './lib/workflows';
import { PLANNING_PME } from '../vendors';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : (args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
};
const EXECUTIONS = Number(arg('executions', '40'));
const RECORDS = Number(arg('records', '5000'));
const LATENCY = Number(arg('latency', '50'));
const ROUNDS = Number(arg('rounds', '3'));
const MODES = arg('modes', 'regular,1,2')
	.split(',')
	.map((m) => (m === 'regular' ? 0 : Number(m)));

interface Row {
	mode: string;
	workers: number;
	executions: number;
	records: number;
	/** Of the median round. */
	wallMs: number;
	recordsPerSecond: number;
	range: number[];
	rounds: Array<{ wallMs: number; recordsPerSecond: number; load: number }>;
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
			[{ ...credential, type: 'planningPmeApi', data: PLANNING_PME.credential(sandbox) }],
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
		const seen = new Set([warmUp.id]);
		const rounds: Array<{ wallMs: number; recordsPerSecond: number; load: number }> = [];
		const perWorker: Record<string, number> = {};
		for (let round = 1; round <= ROUNDS; round++) {
			const started = Date.now();
			const answers = await Promise.all(Array.from({ length: EXECUTIONS }, (_, i) => stack.callWebhook(THROUGHPUT.path, { round, n: i })));
			if (answers.some((r) => !r.ok)) throw new Error(`webhook calls answered ${[...new Set(answers.map((r) => r.status))].join(', ')}`);
			let batch: ApiExecution[] = [];
			await until(
				async () => {
					batch = (await listExecutions(stack.main)).filter((e) => e.stoppedAt && !seen.has(e.id));
					return batch.length >= EXECUTIONS;
				},
				() => `${EXECUTIONS} finished executions of round ${round} (now ${batch.length})`,
				900_000,
			);
			for (const e of batch) seen.add(e.id);
			const failed = batch.filter((e) => e.status !== 'success');
			if (failed.length) throw new Error(`${failed.length} execution(s) failed: ${failed.map((e) => `${e.id} ${e.status}`).join(', ')}`);
			const wallMs = Math.max(...batch.map((e) => Date.parse(e.stoppedAt as string))) - started;
			rounds.push({ wallMs, recordsPerSecond: Math.round((EXECUTIONS * RECORDS) / (wallMs / 1000)), load: os.loadavg()[0] });
			for (const [name, ids] of stack.executionsByWorker()) perWorker[name] = (perWorker[name] ?? 0) + batch.filter((e) => ids.has(String(e.id))).length;
			if (round === 1) {
				// One execution's output, to be sure each fetched everything.
				const sample = await stack.main.api<{ data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: unknown[][] } }>> } } }>(
					'GET',
					`/executions/${batch[0].id}?includeData=true`,
				);
				const items = sample.data?.resultData?.runData?.[THROUGHPUT.node]?.[0]?.data?.main?.[0]?.length ?? 0;
				if (items !== RECORDS) throw new Error(`execution ${batch[0].id} returned ${items} records, not ${RECORDS}`);
			}
			console.log(`  round ${round}: ${EXECUTIONS} × ${RECORDS} records in ${(wallMs / 1000).toFixed(1)} s = ${rounds[rounds.length - 1].recordsPerSecond} records/s (load average ${os.loadavg()[0].toFixed(1)})`);
		}
		const sorted = [...rounds].sort((a, b) => a.recordsPerSecond - b.recordsPerSecond);
		const median = sorted[Math.floor(sorted.length / 2)];
		const row: Row = {
			mode,
			workers,
			executions: EXECUTIONS,
			records: EXECUTIONS * RECORDS,
			wallMs: median.wallMs,
			recordsPerSecond: median.recordsPerSecond,
			range: [sorted[0].recordsPerSecond, sorted[sorted.length - 1].recordsPerSecond],
			rounds,
			perWorker,
			bootMs: stack.bootMs,
			logins: sandbox.tokenStats.issued - loginsBefore,
			dataRequests: sandbox.log.length - requestsBefore,
		};
		console.log(
			`  median ${row.recordsPerSecond} records/s (${row.range.join('–')})` +
				`${workers ? `; executions per worker ${Object.entries(perWorker).map(([w, n]) => `${w} ${n}`).join(', ')}` : ''}; ${row.dataRequests} requests, ${row.logins} logins`,
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
	console.log(`\n| mode | records per round | wall s (median round) | records/s, median of ${ROUNDS} | range | executions per worker |`);
	console.log('|:--|--:|--:|--:|--:|:--|');
	for (const r of rows) {
		console.log(
			`| ${r.mode} | ${r.records} | ${(r.wallMs / 1000).toFixed(1)} | ${r.recordsPerSecond} | ${r.range.join('–')} | ${Object.entries(r.perWorker).map(([w, n]) => `${w} ${n}`).join(', ') || '–'} |`,
		);
	}
	const out = path.join(repoRoot, 'bench-results', 'queue.json');
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), executions: EXECUTIONS, records: RECORDS, latencyMs: LATENCY, rounds: ROUNDS, cpus: os.cpus().length, rows }, null, 2));
	console.log(`\nwritten to ${path.relative(repoRoot, out)}; took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
