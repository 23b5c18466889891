/**
 * Addresses: tenant names, brand keys and base URLs that try to smuggle another host, a path, credentials or
 * a header (`evil.example/`, `@`, `#`, `?`, CR/LF, other schemes) are refused — by the node and by the
 * credential test — before anything is sent; plain http is accepted only for loopback addresses.
 * "Another host" is a listener on this machine reachable as `localhost:<port>`: if a smuggled address were
 * followed, it would see a connection.
 */
import * as net from 'net';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';
import { observe, runCase, VENDORS, type VendorContext, type VendorKey } from './lib';
import type { Shared } from './reliability.test';

interface AddressField {
	/** Credential data that puts the value in place. */
	set(value: string): IDataObject;
	/** The field's display name, expected in the message. */
	field: RegExp;
	kind: 'url' | 'name';
	/** A cheap operation of the node. */
	operation: IDataObject;
}

const FIELDS: Record<VendorKey, AddressField[]> = {
	hubPlanner: [{ set: (v) => ({ baseUrl: v }), field: /Base URL/, kind: 'url', operation: { resource: 'resource', operation: 'getAll', returnAll: true } }],
	pronestor: [
		{ set: (v) => ({ deployment: 'custom', baseUrl: v }), field: /Base URL/, kind: 'url', operation: { resource: 'department', operation: 'getAll', returnAll: true } },
		{ set: (v) => ({ deployment: 'cloud', tenant: v }), field: /Tenant/, kind: 'name', operation: { resource: 'department', operation: 'getAll', returnAll: true } },
	],
	planningPme: [
		{ set: (v) => ({ environment: 'custom', baseUrl: v }), field: /Base URL/, kind: 'url', operation: { resource: 'task', operation: 'getAll', returnAll: false, limit: 1 } },
		{ set: (v) => ({ environment: 'production', brand: v }), field: /Brand/, kind: 'name', operation: { resource: 'task', operation: 'getAll', returnAll: false, limit: 1 } },
	],
	brp: [{ set: (v) => ({ baseUrl: v }), field: /Base URL/, kind: 'url', operation: { resource: 'businessUnit', operation: 'getAll', returnAll: true } }],
	bookingsOne: [{ set: (v) => ({ serverUrl: v }), field: /Server URL/, kind: 'url', operation: { resource: 'system', operation: 'getInformation' } }],
};

/** Smuggling attempts; `E` is replaced by the trap's port. */
const URLS = [
	'http://evil.example/',
	'https://api.example.com@localhost:E/',
	'https://user:pass@localhost:E/',
	'http://localhost:E@api.example.com/',
	'https://api.example.com/v1#@localhost:E',
	'https://api.example.com/v1?next=https://localhost:E',
	'https://api.example.com/v1\r\nHost: localhost:E',
	'https://api.example.com/v1\nX-Injected: 1',
	'https://api.example.com/v1%0d%0aX-Injected:%201#',
	'ftp://localhost:E/',
	'file:///etc/passwd',
	'javascript:alert(1)',
	'//localhost:E/v1',
	'http://localhost.evil.example:E/',
	'http://127.0.0.1.evil.example/',
	'http://[::ffff:a00:1]/',
	'https://api.example.com\\@localhost:E/',
	'',
];

const NAMES = [
	'evil.example/',
	'acme.evil.example',
	'acme@localhost:E',
	'acme#',
	'acme/../../x',
	'acme\r\nX-Injected: 1',
	'localhost:E/x?',
	'user:pw@acme',
	'%2e%2e',
	'acmé',
	'acme?x=1',
	'-acme',
	'',
];

async function startTrap(): Promise<{ port: number; connections: () => number; stop: () => Promise<void> }> {
	let count = 0;
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		count++;
		sockets.add(socket);
		socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		connections: () => count,
		stop: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

export function registerAddresses(shared: Shared): void {
	describe('addresses', () => {
		let trap: Awaited<ReturnType<typeof startTrap>>;
		beforeAll(async () => {
			trap = await startTrap();
		});
		afterAll(async () => {
			await trap.stop();
		});

		for (const spec of VENDORS) {
			it(`${spec.name}: smuggled hosts, paths, credentials and headers are refused`, async () => {
				const ctx = shared.contexts.get(spec.key)!;
				const problems: string[] = [];
				for (const field of FIELDS[spec.key]) {
					for (const raw of field.kind === 'url' ? URLS : NAMES) {
						const value = raw.replace(/\bE\b/g, String(trap.port));
						await runCase('addresses', `${spec.name} ${field.field.source} ${JSON.stringify(value)}`, async () => {
							const problem = await refused(shared, ctx, field, value, trap.connections);
							if (problem) {
								problems.push(problem);
								throw new Error(problem);
							}
						}).catch(() => undefined);
					}
				}
				ctx.reset();
				expect(problems).toEqual([]);
			});

			it(`${spec.name}: plain http is accepted for loopback only`, async () => {
				const ctx = shared.contexts.get(spec.key)!;
				await runCase('addresses', `${spec.name}: http for 127.0.0.1 works, http elsewhere is refused`, async () => {
					ctx.reset();
					const field = FIELDS[spec.key][0];
					const ok = await ctx.run(field.operation);
					expect(ok.error).toBeUndefined();
					const before = ctx.sandbox.log.length;
					ctx.useCredential(field.set('http://bookings.example.com'));
					const refusedRun = await ctx.run(field.operation);
					expect(refusedRun.error?.message).toMatch(field.field);
					expect(refusedRun.error?.message).toMatch(/https/);
					expect(ctx.sandbox.log.length).toBe(before);
					ctx.reset();
				});
			});
		}
	});
}

/** Undefined when the value is refused by the node and the credential test, naming the field, with nothing sent. */
async function refused(shared: Shared, ctx: VendorContext, field: AddressField, value: string, connections: () => number): Promise<string | undefined> {
	ctx.reset();
	ctx.useCredential(field.set(value));
	const trapBefore = connections();
	const sandboxBefore = ctx.sandbox.log.length;
	const result = await ctx.run(field.operation);
	let test: { status: string; message: string } | undefined;
	try {
		test = await shared.harness.testCredential(ctx.credType);
	} catch (error) {
		test = { status: 'Error', message: (error as Error).message };
	}
	observe(test);
	const label = `${JSON.stringify(value)} in ${field.field.source}`;
	if (!result.error) return `${label}: the node ran (${result.items.length} items)`;
	if (!field.field.test(result.error.message)) return `${label}: node error does not name the field: "${result.error.message.slice(0, 160)}"`;
	if (!result.error.description) return `${label}: node error has no fix`;
	if (test.status === 'OK') return `${label}: the credential test passed`;
	if (!field.field.test(test.message) && !/address|URL|name/i.test(test.message)) return `${label}: credential test message does not name the field: "${test.message.slice(0, 160)}"`;
	if (connections() !== trapBefore) return `${label}: a connection reached the other host`;
	if (ctx.sandbox.log.length !== sandboxBefore) return `${label}: a request reached the emulator`;
	return undefined;
}
