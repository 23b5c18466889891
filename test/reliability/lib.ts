/**
 * Shared pieces of the reliability suite: the vendor table (emulator + credential with canary secrets + one
 * paged listing per vendor), a recorder of everything the nodes produce (outputs, errors, n8n logs) for the
 * secret scan, and the tally that prints one summary line per area at the end.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import { LoggerProxy, type IDataObject } from 'n8n-workflow';
import { Harness, type RunNodeResult } from '../harness';
import type { Sandbox, SandboxRequest } from '../sandbox/framework';
import { DateTime } from 'luxon';
import { BrpSandbox, STOCKHOLM } from '../sandbox/brp';
import { BOOKINGS_ONE, BRP, HUB_PLANNER, PLANNING_PME, PRONESTOR, TEST_VENDORS, type VendorKey } from '../vendors';

export const ROOT = path.resolve(__dirname, '../..');

// ------------------------------------------------------------------------------------------------ canaries
/** One unique value per secret field of every credential; none may ever show up in what the nodes produce. */
export const CANARY = {
	hubPlannerApiKey: 'cnry-hp-apikey-7c1e93b5d2',
	pronestorPassword: 'cnry-pn-password-8d2e4b61',
	planningPmeAppKey: 'cnry-pp-appkey-6a1f9c3d07',
	planningPmePassword: 'cnry-pp-password-2b7e5591',
	planningPmeAccountToken: 'cnry-pp-accttoken-5c8d0e2a',
	brpApiKey: 'cnry-brp-apikey-4e1d7a3f',
	brpLevel3Key: 'cnry-brp-l3key-91ab6c20',
	brpPassword: 'cnry-brp-password-9f3b0c',
	bookingsOneToken: 'cnry-b1-token-7d2c8e40',
} as const;

/** Secrets handed out at run time (session cookies, access tokens, webhook secrets): scanned for as well. */
export const runtimeSecrets = new Set<string>();

// ------------------------------------------------------------------------------------------------ recorder
/** Everything the nodes produced during the suite, as text (outputs, errors with descriptions, n8n's run data). */
const observed: string[] = [];
/** Everything n8n's logger received (any level, also below the configured one). */
export const logLines: string[] = [];

export function observe(...values: unknown[]): void {
	for (const value of values) observed.push(describe(value));
}

export function observeRun(result: Partial<RunNodeResult> & { items?: unknown; error?: unknown }): void {
	observe(result.items, result.error, result.runError, result.run?.data?.resultData);
}

export function describe(value: unknown): string {
	if (value === undefined) return '';
	if (value instanceof Error) {
		const e = value as Error & { description?: unknown; context?: unknown; cause?: unknown };
		return [e.message, String(e.description ?? ''), e.stack ?? '', safeJson(e), safeJson(e.context), safeJson(e.cause)].join('\n');
	}
	return typeof value === 'string' ? value : safeJson(value);
}

function safeJson(value: unknown): string {
	const seen = new WeakSet();
	try {
		return (
			JSON.stringify(value, (_k, v: unknown) => {
				if (typeof v === 'object' && v !== null) {
					if (seen.has(v)) return '[circular]';
					seen.add(v);
				}
				if (typeof v === 'bigint') return v.toString();
				return v;
			}) ?? ''
		);
	} catch {
		return String(value);
	}
}

/** Where each secret was found (empty: none). */
export function secretFindings(
	sources: Array<readonly [string, string[]]> = [
		['outputs/errors', observed],
		['logs', logLines],
	],
): Array<{ secret: string; where: string; sample: string }> {
	const secrets = [...Object.values(CANARY), ...[...runtimeSecrets].filter((s) => s.length >= 8)];
	const out: Array<{ secret: string; where: string; sample: string }> = [];
	for (const [where, texts] of sources) {
		for (const text of texts) {
			for (const secret of secrets) {
				const at = text.indexOf(secret);
				if (at >= 0) out.push({ secret: mask(secret), where, sample: text.slice(Math.max(0, at - 80), at).replace(/\s+/g, ' ') + '<SECRET>' });
			}
		}
	}
	return out;
}

export function observedCount(): { outputs: number; logs: number } {
	return { outputs: observed.length, logs: logLines.length };
}

const mask = (s: string) => `${s.slice(0, 8)}…(${s.length})`;

let capturing = false;
/** Captures every message n8n's logger and LoggerProxy receive, whatever the log level, and the console. */
export function captureLogs(): void {
	if (capturing) return;
	capturing = true;
	wrapLoggers(Container.get(Logger), LoggerProxy);
	for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		const original = console[level];
		console[level] = (...args: unknown[]) => {
			logLines.push(`console.${level} ${args.map(describe).join(' ')}`);
			original.apply(console, args as []);
		};
	}
}

/** Wraps a logger (and n8n-workflow's LoggerProxy) of one module registry so every message is recorded. */
export function wrapLoggers(...targets: unknown[]): void {
	for (const [i, target] of targets.entries()) {
		const t = target as Record<string, unknown>;
		for (const level of ['error', 'warn', 'info', 'debug', 'verbose']) {
			const original = t[level];
			if (typeof original !== 'function') continue;
			t[level] = (...args: unknown[]) => {
				logLines.push(`${i === 0 ? 'logger' : 'proxy'}.${level} ${args.map(describe).join(' ')}`);
				return (original as (...a: unknown[]) => unknown).apply(t, args);
			};
		}
	}
}

// ------------------------------------------------------------------------------------------------ tally
export type Area = 'faults' | 'contract variants' | 'triggers' | 'bad input' | 'secret echo' | 'secrets' | 'addresses' | 'audit';
export const AREAS: Area[] = ['faults', 'contract variants', 'triggers', 'bad input', 'secret echo', 'secrets', 'addresses', 'audit'];
interface AreaTally {
	run: number;
	failed: number;
	skipped: number;
	notes: string[];
	failures: string[];
}
export const tally: Record<Area, AreaTally> = Object.fromEntries(
	AREAS.map((a) => [a, { run: 0, failed: 0, skipped: 0, notes: [], failures: [] }]),
) as unknown as Record<Area, AreaTally>;

/** Runs one case of an area: counts it, and records a failure (with its reason) before rethrowing. */
export async function runCase(area: Area, name: string, fn: () => Promise<void> | void): Promise<void> {
	tally[area].run++;
	const started = Date.now();
	try {
		await fn();
		if (process.env.RELIABILITY_VERBOSE) process.stderr.write(`ok   ${area}: ${name} (${Date.now() - started} ms)\n`);
	} catch (error) {
		if (process.env.RELIABILITY_VERBOSE) process.stderr.write(`FAIL ${area}: ${name} (${Date.now() - started} ms)\n`);
		tally[area].failed++;
		tally[area].failures.push(`${name}: ${String((error as Error).message ?? error).split('\n').slice(0, 6).join(' | ').slice(0, 400)}`);
		throw error;
	}
}

export function skipCase(area: Area, name: string, reason: string): void {
	tally[area].skipped++;
	tally[area].notes.push(`skipped ${name}: ${reason}`);
}

/** The closing lines: one per area; also written as JSON where RELIABILITY_SUMMARY points. */
export function summary(): string {
	const lines = AREAS.map((area) => {
		const t = tally[area];
		const extra = t.notes.filter((n) => !n.startsWith('skipped')).join('; ');
		return `reliability ${area}: ${t.run} cases run, ${t.failed} failures${t.skipped ? `, ${t.skipped} skipped` : ''}${extra ? ` (${extra})` : ''}`;
	});
	const skips = AREAS.flatMap((a) => tally[a].notes.filter((n) => n.startsWith('skipped')).map((n) => `  ${a}: ${n}`));
	const fails = AREAS.flatMap((a) => tally[a].failures.map((f) => `  ${a} FAILED ${f}`));
	const total = AREAS.reduce((s, a) => s + tally[a].run, 0);
	const failed = AREAS.reduce((s, a) => s + tally[a].failed, 0);
	const text = [...lines, ...skips, ...fails, `reliability: ${total} cases run, ${failed} failures`].join('\n');
	if (process.env.RELIABILITY_SUMMARY) {
		fs.writeFileSync(process.env.RELIABILITY_SUMMARY, JSON.stringify({ tally, total, failed, text }, null, 2));
	}
	return text;
}

// ------------------------------------------------------------------------------------------------ vendors
export type { VendorKey };

export interface Listing {
	/** Parameters of a "Return All" listing that needs several requests. */
	parameters: IDataObject;
	/** The data requests of that listing (faults are aimed at these). */
	dataPath: RegExp;
	/** Identity of one output record. */
	idOf(json: IDataObject): string;
	/** The answer format, to build broken answers of the right kind. */
	format: 'json' | 'xml';
	/** The records the listing must return, read from the emulator's own data (never from the node). */
	emulatorRecords(): IDataObject[];
	/** Simplify's normalized keys and the emulator's record field each stands for (from the vendor documents). */
	simplified: Record<string, string>;
}

export interface VendorContext {
	key: VendorKey;
	name: string;
	sandbox: Sandbox;
	credType: string;
	nodeType: string;
	/** Stores the credential with canary secrets (plus overrides). */
	useCredential(extra?: IDataObject): void;
	run(parameters: IDataObject, extra?: { items?: IDataObject[]; continueOnFail?: boolean }): Promise<RunNodeResult>;
	listing: Listing;
	/** Prepares the emulator's data for the listing (several pages). */
	seedListing(): void;
	/** A knob that ends the session / invalidates the token; `recovers` says whether the node can log in again. */
	expireAuth?: { apply(): void; recovers: boolean; undo?(): void };
	/** The login (session or token) request, for vendors that log in. */
	loginPath?: RegExp;
	/** Resets knobs between cases. */
	reset(): void;
}

/**
 * Every vendor's node and trigger must be registered in package.json and compiled in dist/: a missing build
 * fails the suite (run `npm run build` first) instead of passing as "not landed yet".
 */
export function assertBuilt(): void {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	const missing = VENDORS.flatMap(({ dir, node }) => [`dist/nodes/${dir}/${node}.node.js`, `dist/nodes/${dir}/${node}Trigger.node.js`]).filter(
		(f) => !pkg.n8n.nodes.includes(f) || !fs.existsSync(path.join(ROOT, f)),
	);
	if (missing.length > 0) throw new Error(`Not built or not registered in package.json: ${missing.join(', ')}. Run npm run build first.`);
}

/**
 * Test tuning of a compiled vendor client: a short timeout (a server that never answers costs seconds, not
 * minutes) and a short backoff step (retries of 5xx and dropped connections are immediate). Attempt counts,
 * which statuses are retried and Retry-After handling stay as shipped.
 */
export function shortenTimeout(dir: string, clientName: string, ms: number, load: (id: string) => unknown = require): void {
	const transport = load(path.join(ROOT, 'dist/nodes', dir, 'transport.js')) as Record<string, { timeoutMs?: number; policy?: Record<string, unknown> }>;
	const retry = load(path.join(ROOT, 'dist/nodes/shared/retry.js')) as { DEFAULT_RETRY: Record<string, unknown> };
	const client = transport[clientName];
	if (!client) return;
	client.timeoutMs = ms;
	client.policy = { ...(client.policy ?? retry.DEFAULT_RETRY), baseDelayMs: BACKOFF_STEP_MS };
}

/** Every vendor client, for tuning a freshly loaded copy of the package (a simulated restart). */
export const CLIENTS: Array<[string, string]> = TEST_VENDORS.map((v) => [v.dir, v.client]);
export const BACKOFF_STEP_MS = 20;

export interface VendorSpec {
	key: VendorKey;
	name: string;
	dir: string;
	node: string;
	start(harness: Harness): Promise<VendorContext>;
}

export const TIMEOUT_MS = 1200;

const runner = (harness: Harness, nodeType: string, credType: string) => async (parameters: IDataObject, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) => {
	const result = await harness.runNode({ type: nodeType, parameters: parameters as never, credentials: [credType], ...extra });
	observeRun(result);
	return result;
};

/** The names every suite shares (test/vendors): key, display name, folder and node file stem. */
const specOf = (v: { key: VendorKey; name: string; dir: string; stem: string }) => ({ key: v.key, name: v.name, dir: v.dir, node: v.stem });

export const VENDORS: VendorSpec[] = [
	{
		...specOf(HUB_PLANNER),
		async start(harness) {
			const sandbox = await HUB_PLANNER.startEmulator({ apiKeys: { [CANARY.hubPlannerApiKey]: 'write' }, burstLimit: 1_000_000, dailyLimit: 1_000_000_000 });
			shortenTimeout(HUB_PLANNER.dir, HUB_PLANNER.client, TIMEOUT_MS);
			const useCredential = (extra: IDataObject = {}) =>
				harness.setCredential(HUB_PLANNER.credentialType, HUB_PLANNER.credential(sandbox, { apiKey: CANARY.hubPlannerApiKey, ...extra }));
			return {
				key: HUB_PLANNER.key,
				name: HUB_PLANNER.name,
				sandbox,
				credType: HUB_PLANNER.credentialType,
				nodeType: HUB_PLANNER.nodeType,
				useCredential,
				run: runner(harness, HUB_PLANNER.nodeType, HUB_PLANNER.credentialType),
				listing: {
					parameters: { resource: 'booking', operation: 'getAll', returnAll: true },
					dataPath: /\/v1\/booking$/,
					idOf: (j) => String(j._id),
					format: 'json',
					emulatorRecords: () => sandbox.data.bookings.filter((b) => !b.deleted) as unknown as IDataObject[],
					simplified: { title: 'title', start: 'start', end: 'end', resource: 'resource' },
				},
				seedListing: () => sandbox.seedBookings(2300),
				expireAuth: {
					apply: () => delete sandbox.apiKeys[CANARY.hubPlannerApiKey],
					undo: () => (sandbox.apiKeys[CANARY.hubPlannerApiKey] = 'write'),
					recovers: false,
				},
				reset: () => {
					sandbox.clearFaults();
					sandbox.resetLog();
					sandbox.apiKeys[CANARY.hubPlannerApiKey] = 'write';
					useCredential();
				},
			};
		},
	},
	{
		...specOf(PRONESTOR),
		async start(harness) {
			const sandbox = await PRONESTOR.startEmulator({ password: CANARY.pronestorPassword, lockedBookings: 900 });
			shortenTimeout(PRONESTOR.dir, PRONESTOR.client, TIMEOUT_MS);
			const useCredential = (extra: IDataObject = {}) =>
				harness.setCredential(PRONESTOR.credentialType, PRONESTOR.credential(sandbox, { password: CANARY.pronestorPassword, ...extra }));
			const twoYearsAgo = new Date(Date.now() - 2 * 365 * 86_400_000 - 86_400_000).toISOString();
			return {
				key: PRONESTOR.key,
				name: PRONESTOR.name,
				sandbox,
				credType: PRONESTOR.credentialType,
				nodeType: PRONESTOR.nodeType,
				useCredential,
				run: runner(harness, PRONESTOR.nodeType, PRONESTOR.credentialType),
				listing: {
					parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: twoYearsAgo, endLockTime: '' },
					dataPath: /FindLockedBookings$/,
					// The id in the tenant's key style (the emulator's keyCase variants answer `id`).
					idOf: (j) => String(j.Id ?? j.id),
					format: 'json',
					emulatorRecords: () => sandbox.lockedBetween(Date.parse(twoYearsAgo), Date.now()) as unknown as IDataObject[],
					simplified: { start: 'Start', end: 'End', amount: 'TotalPrice', costCenter: 'CostCenter', lockedAt: 'LockedTime' },
				},
				seedListing: () => undefined,
				expireAuth: { apply: () => sandbox.expireSessions(), recovers: true },
				loginPath: /Authenticate$/,
				reset: () => {
					sandbox.clearFaults();
					sandbox.resetLog();
					sandbox.rateLimit = undefined;
					useCredential();
				},
			};
		},
	},
	{
		...specOf(PLANNING_PME),
		async start(harness) {
			const sandbox = await PLANNING_PME.startEmulator({
				appKeys: { [CANARY.planningPmeAppKey]: 1_000_000_000 },
				users: { planner: CANARY.planningPmePassword },
				accountTokens: { [CANARY.planningPmeAccountToken]: 'service.account' },
			});
			shortenTimeout(PLANNING_PME.dir, PLANNING_PME.client, TIMEOUT_MS);
			const useCredential = (extra: IDataObject = {}) =>
				harness.setCredential(
					PLANNING_PME.credentialType,
					PLANNING_PME.credential(sandbox, {
						appApiKey: CANARY.planningPmeAppKey,
						username: 'planner',
						password: CANARY.planningPmePassword,
						accountToken: CANARY.planningPmeAccountToken,
						...extra,
					}),
				);
			return {
				key: PLANNING_PME.key,
				name: PLANNING_PME.name,
				sandbox,
				credType: PLANNING_PME.credentialType,
				nodeType: PLANNING_PME.nodeType,
				useCredential,
				run: runner(harness, PLANNING_PME.nodeType, PLANNING_PME.credentialType),
				listing: {
					parameters: { resource: 'task', operation: 'getAll', returnAll: true },
					dataPath: /\/api\/task$/,
					idOf: (j) => String(j.key),
					format: 'json',
					emulatorRecords: () => sandbox.data.task as unknown as IDataObject[],
					simplified: { title: 'label' },
				},
				seedListing: () => sandbox.seedEntity('task', 2300),
				expireAuth: { apply: () => sandbox.expireTokens(), recovers: true },
				loginPath: /\/token$/,
				reset: () => {
					sandbox.clearFaults();
					sandbox.resetLog();
					useCredential();
				},
			};
		},
	},
	{
		...specOf(BRP),
		async start(harness) {
			const sandbox = await BRP.startEmulator({ maxRangeDays: 31 });
			sandbox.apiKeys[CANARY.brpApiKey] = 2;
			sandbox.apiKeys[CANARY.brpLevel3Key] = 3;
			const anna = sandbox.data.persons.find((p) => p.id === BrpSandbox.PERSON.id)!;
			anna.password = CANARY.brpPassword;
			shortenTimeout(BRP.dir, BRP.client, TIMEOUT_MS);
			const useCredential = (extra: IDataObject = {}) =>
				harness.setCredential(BRP.credentialType, BRP.credential(sandbox, { apiKey: CANARY.brpApiKey, username: anna.email, password: CANARY.brpPassword, ...extra }));
			return {
				key: BRP.key,
				name: BRP.name,
				sandbox,
				credType: BRP.credentialType,
				nodeType: BRP.nodeType,
				useCredential,
				run: runner(harness, BRP.nodeType, BRP.credentialType),
				listing: {
					parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, startDate: '2026-03-01', endDate: '2026-11-15' },
					dataPath: /servicebookings\.(xml|json)$/,
					idOf: (j) => String(j.id),
					format: 'xml',
					emulatorRecords: () => {
						// Service bookings of the logged-in person starting in [startdate, enddate) (Stockholm days).
						const at = (d: string) => DateTime.fromISO(d, { zone: STOCKHOLM }).toMillis();
						const [from, to] = [at('2026-03-01'), at('2026-11-15')];
						return sandbox.data.serviceBookings.filter(
							(b) => b.ownerPersonId === anna.id && b.start >= from && b.start < to,
						) as unknown as IDataObject[];
					},
					simplified: { start: 'start', end: 'end' },
				},
				seedListing: () => undefined,
				expireAuth: {
					apply: () => delete sandbox.apiKeys[CANARY.brpApiKey],
					undo: () => (sandbox.apiKeys[CANARY.brpApiKey] = 2),
					recovers: false,
				},
				reset: () => {
					sandbox.clearFaults();
					sandbox.resetLog();
					sandbox.errorsWithStatus200 = false;
					sandbox.maxRangeDays = 31;
					sandbox.apiKeys[CANARY.brpApiKey] = 2;
					useCredential();
				},
			};
		},
	},
	{
		...specOf(BOOKINGS_ONE),
		async start(harness) {
			const sandbox = await BOOKINGS_ONE.startEmulator({ tokens: [CANARY.bookingsOneToken] });
			shortenTimeout(BOOKINGS_ONE.dir, BOOKINGS_ONE.client, TIMEOUT_MS);
			const useCredential = (extra: IDataObject = {}) =>
				harness.setCredential(BOOKINGS_ONE.credentialType, BOOKINGS_ONE.credential(sandbox, { accessToken: CANARY.bookingsOneToken, ...extra }));
			return {
				key: BOOKINGS_ONE.key,
				name: BOOKINGS_ONE.name,
				sandbox,
				credType: BOOKINGS_ONE.credentialType,
				nodeType: BOOKINGS_ONE.nodeType,
				useCredential,
				run: runner(harness, BOOKINGS_ONE.nodeType, BOOKINGS_ONE.credentialType),
				listing: {
					parameters: { resource: 'appointment', operation: 'search', returnAll: true },
					dataPath: /resourceAppointment$/,
					// The id in the tenant's key style (the emulator's appointmentKeyCase variants answer `Id`).
					idOf: (j) => String(j.id ?? j.Id),
					format: 'json',
					emulatorRecords: () => sandbox.data.appointments as unknown as IDataObject[],
					simplified: { title: 'subject', start: 'start', end: 'end' },
				},
				seedListing: () => sandbox.seedAppointments(2300),
				expireAuth: { apply: () => sandbox.expiredTokens.add(CANARY.bookingsOneToken), undo: () => sandbox.expiredTokens.clear(), recovers: false },
				reset: () => {
					sandbox.clearFaults();
					sandbox.resetLog();
					sandbox.expiredTokens.clear();
					useCredential();
				},
			};
		},
	},
];

/** A match function for the n-th request (1-based) on a path; `effect` runs instead of faulting when given. */
export function nth(path: RegExp, n: number, effect?: () => void): (req: SandboxRequest) => boolean {
	let seen = 0;
	return (req) => {
		if (!path.test(req.path)) return false;
		seen++;
		if (seen !== n) return false;
		if (effect) {
			effect();
			return false;
		}
		return true;
	};
}

/** A promise with its resolve function (to hold an emulator answer until the test says so). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
	let resolve!: (v: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

/** Is this error one a user can act on: a message that says what happened and a description with the fix? */
export function clearError(error: unknown): string | undefined {
	const e = error as { message?: string; description?: string | null } | undefined;
	if (!e) return 'no error';
	const message = String(e.message ?? '');
	const text = `${message} ${String(e.description ?? '')}`;
	if (message.trim().length < 12) return `message too short: "${message}"`;
	if (/\bundefined\b|\[object Object\]|Cannot read prop|is not a function|TypeError|ReferenceError/.test(text)) return `internal error text: "${text.slice(0, 200)}"`;
	if (!e.description || String(e.description).trim().length < 12) return `no description with a fix (message: "${message.slice(0, 160)}")`;
	return undefined;
}

export type { Harness };
