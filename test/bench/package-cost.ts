/**
 * Package cost: the packed size (`npm pack --dry-run --json`) and the time n8n takes to load the package's
 * nodes and credentials (n8n-core's PackageDirectoryLoader, as the app does at start-up), each load in a
 * fresh process so nothing is cached. Run as a script, this file performs one timed load and prints JSON.
 */
import { execFile, fork } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';

export interface PackageCost {
	packedBytes: number;
	unpackedBytes: number;
	files: number;
	/** Median over `loads` fresh processes: loadAll() of the package (n8n-core itself already imported). */
	loadMs: { median: number; min: number; max: number; loads: number };
	nodes: number;
	credentials: number;
}

export async function packageCost(repoRoot: string, loads = 5): Promise<PackageCost> {
	const packed = await new Promise<string>((resolve, reject) =>
		execFile('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
			error ? reject(error) : resolve(stdout),
		),
	);
	const info = (JSON.parse(packed) as Array<{ size: number; unpackedSize: number; entryCount: number }>)[0];
	const times: number[] = [];
	let counts = { nodes: 0, credentials: 0 };
	for (let i = 0; i < loads; i++) {
		const result = await loadOnce(repoRoot);
		times.push(result.ms);
		counts = { nodes: result.nodes, credentials: result.credentials };
	}
	times.sort((a, b) => a - b);
	return {
		packedBytes: info.size,
		unpackedBytes: info.unpackedSize,
		files: info.entryCount,
		loadMs: { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], loads },
		...counts,
	};
}

function loadOnce(repoRoot: string): Promise<{ ms: number; nodes: number; credentials: number }> {
	return new Promise((resolve, reject) => {
		const child = fork(__filename, [repoRoot], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: [] });
		child.on('message', (msg: { ms: number; nodes: number; credentials: number } | { error: string }) => {
			if ('error' in msg) reject(new Error(msg.error));
			else resolve(msg);
		});
		child.on('exit', (code) => {
			if (code !== 0) reject(new Error(`package load exited with ${code}`));
		});
	});
}

async function timedLoad(repoRoot: string): Promise<void> {
	require('reflect-metadata');
	const os = await import('os');
	const fs = await import('fs');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-bench-load-'));
	process.env.N8N_USER_FOLDER = folder;
	process.env.N8N_LOG_LEVEL ??= 'silent';
	try {
		const { PackageDirectoryLoader } = (await import('n8n-core')) as typeof import('n8n-core');
		const t0 = performance.now();
		const loader = new PackageDirectoryLoader(repoRoot);
		await loader.loadAll();
		const ms = performance.now() - t0;
		process.send?.({ ms, nodes: Object.keys(loader.nodeTypes).length, credentials: Object.keys(loader.credentialTypes).length });
	} finally {
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

if (require.main === module) {
	timedLoad(process.argv[2]).then(
		() => process.disconnect?.(),
		(error: Error) => {
			process.send?.({ error: error.message });
			process.exitCode = 1;
			process.disconnect?.();
		},
	);
}
