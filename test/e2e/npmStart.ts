/**
 * The README's first command, as a user runs it: `npm start` (through npm, in its own user folder) must reach a
 * working editor with the example workflows, and a SIGINT sent to the npm process alone — not to a terminal's
 * process group — must stop n8n and the sandboxes.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import { N8nApp, OWNER, portTaken, repoRoot, tail, tempDir, until, type N8nInstall } from '../../scripts/lib/n8n';

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

function groupMembers(pgid: number): string {
	const ps = spawnSync('ps', ['-e', '-o', 'pgid=,pid=,args='], { encoding: 'utf8' });
	return ps.stdout
		.split('\n')
		.map((l) => l.trim().split(/\s+/))
		.filter((f) => Number(f[0]) === pgid)
		.map((f) => f.slice(1).join(' ').slice(0, 100))
		.join('; ');
}

export async function checkNpmStart(install: N8nInstall, expectedWorkflowIds: string[], log: (m: string) => void): Promise<void> {
	const userFolder = tempDir('n8n-bookings-npm-start-');
	const started = Date.now();
	const npm = spawn('npm', ['start', '--', '--user-folder', userFolder], {
		cwd: repoRoot,
		// dist/ was built by this run; the tools are compiled again by npm start itself.
		env: { ...process.env, N8N_BOOKINGS_SKIP_BUILD: '1', GENERIC_TIMEZONE: 'Europe/Stockholm' },
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, so a failed check can stop everything it started; the SIGINT below goes to npm alone.
		detached: true,
	});
	let output = '';
	npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
	npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
	const exited = new Promise<number | null>((resolve) => npm.on('close', (code) => resolve(code)));
	let exitCode: number | null | undefined;
	void exited.then((code) => (exitCode = code));
	let port = 0;
	try {
		port = await until(
			() => {
				if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}) before the editor was ready:\n${tail(output)}`);
				const m = /n8n editor: +http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
				return m ? Number(m[1]) : undefined;
			},
			() => `npm start printing the editor URL; output so far:\n${tail(output)}`,
			300_000,
		);
		log(`npm start: editor ready at http://127.0.0.1:${port}/ after ${((Date.now() - started) / 1000).toFixed(1)} s`);
		if (!/time zone: +Europe\/Stockholm \(GENERIC_TIMEZONE\)/.test(output)) {
			throw new Error(`npm start did not report the time zone from GENERIC_TIMEZONE:\n${tail(output)}`);
		}
		if (!/packed and installed into/.test(output)) throw new Error(`npm start did not install the packed package:\n${tail(output)}`);

		const editor = new N8nApp(install, { userFolder });
		editor.port = port;
		await editor.login(OWNER);
		const workflows = await editor.rest<Array<{ id: string }>>('GET', '/workflows');
		const ids = new Set(workflows.map((w) => w.id));
		const missing = expectedWorkflowIds.filter((id) => !ids.has(id));
		if (missing.length) throw new Error(`the editor lacks example workflows ${missing.join(', ')} (has ${[...ids].join(', ')})`);
		const types = await editor.getJson<Array<{ name: string }>>('/types/nodes.json');
		if (!types.some((t) => t.name.startsWith('n8n-nodes-bookings.'))) throw new Error('the editor lists no node of the package');
		log(`npm start: ${expectedWorkflowIds.length} example workflows in the editor, the package's nodes loaded`);

		// SIGINT to npm alone.
		const signalled = Date.now();
		npm.kill('SIGINT');
		const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
		if (code === 'timeout') throw new Error(`npm start was still running 60 s after a SIGINT to the npm process:\n${tail(output)}`);
		await until(async () => !(await portTaken(port)), `port ${port} to be free after npm start stopped`, 15_000);
		// Nothing npm start started may outlive it (n8n, its task runner, the sandboxes share npm's process group).
		await until(() => !groupAlive(npm.pid!), () => `every process of npm start's group to end; left: ${groupMembers(npm.pid!)}`, 30_000);
		log(`npm start: a SIGINT to npm stopped n8n and the sandboxes in ${((Date.now() - signalled) / 1000).toFixed(1)} s`);
	} finally {
		if (exitCode === undefined) {
			try {
				process.kill(-npm.pid!, 'SIGKILL');
			} catch {
				npm.kill('SIGKILL');
			}
			await exited;
		}
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}
