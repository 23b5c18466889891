/**
 * The suites hand out several ports before anything binds them (n8n's main, its task broker, the workers' health
 * ports). A CI run once got the same unbound port twice from the kernel and n8n's main refused to start ("Task
 * Broker's port ... is already in use"). freePort never hands out a port twice within one process.
 */
import * as net from 'net';
import { freePort } from '../../scripts/lib/n8n';

test('freePort hands out distinct ports on 127.0.0.1, even when none of them is bound yet', async () => {
	const ports: number[] = [];
	for (let i = 0; i < 300; i++) ports.push(await freePort());
	expect(new Set(ports).size).toBe(ports.length);
	for (const port of ports) {
		expect(port).toBeGreaterThan(0);
		expect(port).toBeLessThan(65536);
	}
});

test('a port freePort hands out can be bound on 127.0.0.1', async () => {
	const port = await freePort();
	const server = net.createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
