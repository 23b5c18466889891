/**
 * Child process that hosts one vendor emulator for the benchmark, so the emulator's own CPU and memory
 * (serialising 50,000 records) never count against the node being measured. Driven over IPC by
 * test/bench/sandbox-client.ts; listens on 127.0.0.1 with a free port and exits with its parent.
 */
import { DateTime } from 'luxon';
import type { Sandbox } from '../sandbox/framework';
import { BookingsOneSandbox, createBookingsOneSandbox } from '../sandbox/bookingsone';
import { BrpSandbox, createBrpSandbox } from '../sandbox/brp';
import { createHubPlannerSandbox, HubPlannerSandbox } from '../sandbox/hubplanner';
import { createPlanningPmeSandbox, PlanningPmeSandbox } from '../sandbox/planningpme';
import { createPronestorSandbox, PronestorSandbox } from '../sandbox/pronestor';

export type VendorKey = 'hubplanner' | 'pronestor' | 'planningpme' | 'brp' | 'bookingsone';

/** What the bench needs to know about a seeded data set (dates to ask for, where the API lives). */
export type SeedInfo = Record<string, string | number>;

interface HostSpec {
	create(): Sandbox;
	/** Replace the listed records with `n` records; answer what the node parameters need. */
	seed(sandbox: Sandbox, n: number): SeedInfo;
	/** Forget rate-limit windows between scenarios (each scenario stands for a separate run). */
	resetLimits?(sandbox: Sandbox): void;
}

/** BRP bookings are spread over one year of Stockholm days (a year the seed's own bookings do not touch). */
export const BRP_YEAR = { start: '2027-01-01', end: '2028-01-01' };

const HOSTS: Record<VendorKey, HostSpec> = {
	hubplanner: {
		create: () => createHubPlannerSandbox({ bookings: 0 }),
		seed(sandbox, n) {
			(sandbox as HubPlannerSandbox).seedBookings(n);
			return { apiKey: HubPlannerSandbox.READ_KEY };
		},
		resetLimits: (sandbox) => (sandbox as HubPlannerSandbox).resetRateLimits(),
	},
	pronestor: {
		create: () => createPronestorSandbox({ lockedBookings: 0, openBookings: 0 }),
		seed(sandbox, n) {
			(sandbox as PronestorSandbox).seedLockedBookings(n);
			// Everything is locked within the two years before now: one request per 6-month window.
			const start = DateTime.utc().minus({ years: 2, days: 1 }).startOf('second');
			return { startLockTime: start.toISO({ suppressMilliseconds: true }) as string, username: PronestorSandbox.USERNAME, password: PronestorSandbox.PASSWORD };
		},
	},
	planningpme: {
		create: () => createPlanningPmeSandbox({ tasks: 0 }),
		seed(sandbox, n) {
			const ppme = sandbox as PlanningPmeSandbox;
			ppme.seedEntity('task', n);
			// An account of its own for the 100-execution session test: its first token request is a real one
			// (the credential keeps a process-wide renewal cache per account).
			ppme.users['bench.sessions'] = 'bench-sessions-pw';
			return {
				appApiKey: PlanningPmeSandbox.APP_KEY,
				username: PlanningPmeSandbox.USER,
				password: PlanningPmeSandbox.PASSWORD,
				sessionUsername: 'bench.sessions',
				sessionPassword: 'bench-sessions-pw',
			};
		},
		resetLimits: (sandbox) => (sandbox as PlanningPmeSandbox).resetQuotas(),
	},
	brp: {
		create: () => createBrpSandbox(),
		seed(sandbox, n) {
			const brp = sandbox as BrpSandbox;
			const zone = 'Europe/Stockholm';
			brp.data.serviceBookings = brp.data.serviceBookings.filter((b) => b.start < Date.parse(`${BRP_YEAR.start}T00:00:00Z`) - 86_400_000);
			const first = DateTime.fromISO(BRP_YEAR.start, { zone });
			const days = Math.round(DateTime.fromISO(BRP_YEAR.end, { zone }).diff(first, 'days').days);
			const resources = [8, 7, 20];
			for (let i = 0; i < n; i++) {
				const day = first.plus({ days: Math.floor((i * days) / n) });
				const start = day.set({ hour: 7 + (i % 12), minute: (i % 4) * 15 });
				brp.addServiceBooking({ ownerPersonId: 101 + (i % 3), resourceIds: [resources[i % 3]], start: start.toMillis(), withParticipant: i % 4 === 0 });
			}
			return { apiKey: BrpSandbox.KEYS.level3, apiUrl: brp.apiUrl, startDate: BRP_YEAR.start, endDate: BRP_YEAR.end, maxRangeDays: brp.maxRangeDays };
		},
	},
	bookingsone: {
		create: () => createBookingsOneSandbox({ appointments: 0 }),
		seed(sandbox, n) {
			(sandbox as BookingsOneSandbox).seedAppointments(n);
			return { token: BookingsOneSandbox.TOKEN };
		},
	},
};

export type HostRequest =
	| { id: number; cmd: 'start'; vendor: VendorKey }
	| { id: number; cmd: 'seed'; n: number }
	| { id: number; cmd: 'latency'; ms: number }
	| { id: number; cmd: 'resetLimits' }
	| { id: number; cmd: 'takeLog' }
	| { id: number; cmd: 'stop' };

export interface CompactRequest {
	method: string;
	path: string;
	status: number;
	query: Record<string, string | string[]>;
}

let sandbox: Sandbox | undefined;
let cpuMark = process.cpuUsage();
let host: HostSpec | undefined;

async function handle(msg: HostRequest): Promise<unknown> {
	switch (msg.cmd) {
		case 'start':
			host = HOSTS[msg.vendor];
			sandbox = host.create();
			await sandbox.start();
			return { baseUrl: sandbox.baseUrl };
		case 'seed': {
			const info = host!.seed(sandbox!, msg.n);
			sandbox!.resetLog();
			return info;
		}
		case 'latency':
			sandbox!.latencyMs = msg.ms;
			return null;
		case 'resetLimits':
			host!.resetLimits?.(sandbox!);
			return null;
		case 'takeLog': {
			const log: CompactRequest[] = sandbox!.log.map((r) => ({ method: r.method, path: r.path, status: r.status, query: r.query }));
			sandbox!.resetLog();
			const cpu = process.cpuUsage(cpuMark);
			cpuMark = process.cpuUsage();
			return { log, cpuMs: (cpu.user + cpu.system) / 1000 };
		}
		case 'stop':
			await sandbox?.stop();
			setImmediate(() => process.exit(0));
			return null;
	}
}

if (require.main === module) {
	process.on('message', (msg: HostRequest) => {
		handle(msg).then(
			(result) => process.send?.({ id: msg.id, result }),
			(error: Error) => process.send?.({ id: msg.id, error: error.message }),
		);
	});
	process.on('disconnect', () => process.exit(0));
}
