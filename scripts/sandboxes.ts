/**
 * Starts every vendor emulator that exists (test/sandbox/<vendor>.ts) on free 127.0.0.1 ports and prints their
 * URLs and the credential values that point at them; Ctrl-C stops them.
 *
 *   npm run n8n:sandboxes [-- --json]   (--json: one JSON line {vendor: {baseUrl, credentials}} on stdout)
 */
import { loadVendors, sandboxModules, startSandboxModule } from './lib/vendors';
import type { RunningSandbox } from '../test/e2e/lib/types';
import type { CredentialImport } from './lib/n8n';

/** Secrets stay out of the terminal (they are the sandbox's test keys, but the habit matters): --json has them. */
function masked(data: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(data).map(([k, v]) => [k, /(password|secret|token|apikey|appkey)$/i.test(k) ? '***' : v]),
	);
}

async function main(): Promise<void> {
	const json = process.argv.includes('--json');
	const running: RunningSandbox[] = [];
	const report: Record<string, { baseUrl: string; credentials: CredentialImport[] }> = {};
	const adapted = new Set<string>();
	// Vendors with an adapter start the way `npm start` starts them; the rest through their factory.
	for (const v of loadVendors()) {
		adapted.add(v.adapter.vendor);
		const sb = await v.adapter.startSandbox();
		running.push(sb);
		report[v.adapter.vendor] = { baseUrl: sb.baseUrl, credentials: v.adapter.credentials(sb) };
	}
	for (const m of sandboxModules().filter((s) => !adapted.has(s.vendor))) {
		const sb = await startSandboxModule(m.vendor, m.file);
		running.push(sb);
		report[m.vendor] = { baseUrl: sb.baseUrl, credentials: [] };
	}
	if (json) process.stdout.write(JSON.stringify(report) + '\n');
	else {
		for (const [vendor, r] of Object.entries(report)) {
			console.log(`${vendor.padEnd(12)} ${r.baseUrl}`);
			for (const c of r.credentials)
				console.log(`${''.padEnd(12)} credential ${c.type}: ${JSON.stringify(masked(c.data))}`);
		}
		if (running.length === 0) console.log('no vendor sandbox exists yet (test/sandbox/<vendor>.ts)');
		console.log('Ctrl-C stops the sandboxes.');
	}
	const stop = async () => {
		for (const sb of running) await sb.stop().catch(() => undefined);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(`sandboxes failed: ${(error as Error).message}`);
	process.exit(1);
});
