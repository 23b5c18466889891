/**
 * Triggers.
 * Polling: for each polling trigger, a long seeded simulation (≥ 1,000 poll cycles) against its emulator with
 * random inserts, updates and removals, records sharing one timestamp, records that become visible late,
 * injected faults, restarts and overlapping polls — then: 0 lost, 0 emitted twice, state bounded.
 * Persistence follows n8n: the in-memory static data lives on between polls of one process; what survives a
 * restart is what n8n saved (after the activation poll and after every emitting poll). A restart also drops
 * every in-process memory of the node (module-level maps): the package is loaded afresh in a new module
 * registry with a new harness.
 * Overlapping polls are interleaved deterministically: poll A's answer is computed and held by the emulator,
 * the data changes, poll B runs to the end, then A's answer is released (A finishes last and its state is
 * stored, as n8n does).
 * Webhook triggers: deliveries without or with a wrong secret get 401 and start nothing, the secret is
 * compared with crypto.timingSafeEqual, and deactivation removes the subscriptions.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { Harness } from '../harness';
import { seededRandom, type SandboxRequest } from '../sandbox/framework';
import type { PronestorSandbox } from '../sandbox/pronestor';
import type { BrpSandbox } from '../sandbox/brp';
import type { PlanningPmeSandbox } from '../sandbox/planningpme';
import type { HubPlannerSandbox } from '../sandbox/hubplanner';
import type { BookingsOneSandbox } from '../sandbox/bookingsone';
import { CANARY, CLIENTS, shortenTimeout, TIMEOUT_MS, deferred, observe, ROOT, wrapLoggers, runCase, runtimeSecrets, tally, VENDORS, type VendorContext, type VendorKey } from './lib';
import type { Shared } from './reliability.test';

const CYCLES = Number(process.env.RELIABILITY_POLL_CYCLES ?? 1000);
/** Every how many cycles an overlapping pair of polls and a restart happen (0: never) — for narrowing down a finding. */
const OVERLAP_EVERY = Number(process.env.RELIABILITY_OVERLAP_EVERY ?? 13);
const RESTART_EVERY = Number(process.env.RELIABILITY_RESTART_EVERY ?? 97);

interface PollModel {
	vendor: VendorKey;
	/** Which event, when a vendor's trigger has several polling events. */
	label?: string;
	triggerType: string;
	credType: string;
	parameters: IDataObject;
	dataPath: RegExp;
	/** Puts the emulator in a known state before the simulation. */
	prepare(ctx: VendorContext): void;
	/** One random change of the vendor's data. */
	mutate(ctx: VendorContext, rnd: () => number, step: number): void | Promise<void>;
	/** Identity of the record a delivered item is about. */
	idOf(json: IDataObject): string;
	/** The trigger emits deletions (then the simulation must have delivered some). */
	deletes?: boolean;
	/** Identity of the version delivered (a record changed twice is two versions). */
	versionOf(json: IDataObject): string;
	/**
	 * Versions that must have been delivered by the end (the current version of every record created or changed;
	 * for triggers with deletions, the deletion of every record delivered before and deleted since).
	 */
	mustDeliver(ctx: VendorContext, delivered: ReadonlyMap<string, number>): Set<string>;
	/** Versions that may be delivered at all (anything else is spurious: e.g. a record present before activation). */
	mayDeliver(version: string): boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Pronestor: locked bookings are immutable; the event is the lock. Late = locked seconds ago but stored now. */
function pronestorModel(): PollModel {
	const inserted = new Set<string>();
	return {
		vendor: 'pronestor',
		triggerType: 'pronestorPlannerTrigger',
		credType: 'pronestorPlannerApi',
		parameters: { event: 'lockedBooking', startFrom: iso(Date.now() - 10 * 60_000), options: { lookBackSeconds: 5, maxPerPoll: 7 } },
		dataPath: /FindLockedBookings$/,
		prepare: () => inserted.clear(),
		mutate(ctx, rnd) {
			const sandbox = ctx.sandbox as PronestorSandbox;
			// Whole seconds; up to 3 s in the past (inside the 5 s look-back): records that become visible late.
			const lockedAt = Math.floor((Date.now() - Math.floor(rnd() * 3000)) / 1000) * 1000;
			const count = 1 + Math.floor(rnd() * 3); // one meeting's bookings share one lock time
			for (let i = 0; i < count; i++) inserted.add(String(sandbox.insertLockedBooking(lockedAt).Id));
		},
		idOf: (json) => String(json.Id),
		versionOf: (json) => String(json.Id),
		mustDeliver: () => new Set(inserted),
		mayDeliver: (version) => inserted.has(version),
	};
}

/**
 * Pronestor, New or Changed Booking: room bookings from now to 7 days ahead; new, changed and cancelled bookings.
 * Versions are marked in Status. Seeded room bookings more than 6 days ahead are removed first: the window slides
 * while the simulation runs, and one it reached would be rightly new but not one the model made.
 */
function pronestorBookingsModel(): PollModel {
	let marker = 0;
	const touched = new Set<number>();
	const HOUR = 3_600_000;
	return {
		vendor: 'pronestor',
		label: 'New or Changed Booking',
		triggerType: 'pronestorPlannerTrigger',
		credType: 'pronestorPlannerApi',
		parameters: { event: 'booking', resourceType: 1, options: { daysAhead: 7 } },
		dataPath: /FindBookingsByResourceType$/,
		prepare(ctx) {
			touched.clear();
			const sandbox = ctx.sandbox as PronestorSandbox;
			const edge = Date.now() + 6 * 24 * HOUR;
			sandbox.data.bookings = sandbox.data.bookings.filter((b) => b.IsLocked || b.ResourceType !== 1 || Date.parse(b.Start) < edge);
		},
		mutate(ctx, rnd) {
			const sandbox = ctx.sandbox as PronestorSandbox;
			const mine = sandbox.data.bookings.filter((b) => touched.has(b.Id));
			const roll = rnd();
			if (roll < 0.5 || mine.length < 5) {
				// Whole hours 1 to 100 hours ahead: many bookings share one start.
				const booking = sandbox.insertOpenBooking(Math.ceil(Date.now() / HOUR) * HOUR + (1 + Math.floor(rnd() * 100)) * HOUR);
				booking.Status = `v${++marker}`;
				touched.add(booking.Id);
			} else if (roll < 0.9 && mine.length < 40) {
				mine[Math.floor(rnd() * mine.length)].Status = `v${++marker}`;
			} else {
				// Cancelled: gone from the answer (and from the state).
				const booking = mine[Math.floor(rnd() * mine.length)];
				sandbox.data.bookings.splice(sandbox.data.bookings.indexOf(booking), 1);
				touched.delete(booking.Id);
			}
		},
		idOf: (json) => String(json.Id),
		versionOf: (json) => `${String(json.Id)}@${String(json.Status ?? '')}`,
		mustDeliver: (ctx) =>
			new Set((ctx.sandbox as PronestorSandbox).data.bookings.filter((b) => touched.has(b.Id)).map((b) => `${b.Id}@${b.Status}`)),
		mayDeliver: (version) => /@v\d+$/.test(version),
	};
}

/** BRP: a window of service bookings; new and changed events. Versions are marked in the external message. */
function brpModel(): PollModel {
	let marker = 0;
	const touched = new Set<number>();
	return {
		vendor: 'brp',
		triggerType: 'brpTrigger',
		credType: 'brpApi',
		parameters: { events: ['new', 'changed'], scope: 'businessUnits', businessUnitIds: ['11', '12'], options: { daysAhead: 30 } },
		dataPath: /servicebookings\.(xml|json)$/,
		prepare(ctx) {
			touched.clear();
			ctx.useCredential({ apiKey: CANARY.brpLevel3Key, keyLevel: 3, username: '', password: '' });
		},
		mutate(ctx, rnd) {
			const sandbox = ctx.sandbox as BrpSandbox;
			const mine = sandbox.data.serviceBookings.filter((b) => touched.has(b.id));
			const roll = rnd();
			if (roll < 0.5 || mine.length < 5) {
				// Start times on a quarter-hour grid a few days ahead: many bookings share one start.
				const start = Math.ceil((Date.now() + (1 + Math.floor(rnd() * 20)) * 86_400_000) / 900_000) * 900_000 + Math.floor(rnd() * 4) * 900_000;
				const booking = sandbox.addServiceBooking({ ownerPersonId: 102, resourceIds: [rnd() < 0.5 ? 8 : 9], start, externalmessage: `v${++marker}` });
				touched.add(booking.id);
			} else if (roll < 0.9 && mine.length < 40) {
				const booking = mine[Math.floor(rnd() * mine.length)];
				booking.externalmessage = `v${++marker}`;
			} else {
				// Cancelled: leaves the window (and the state).
				const booking = mine[Math.floor(rnd() * mine.length)];
				sandbox.data.serviceBookings.splice(sandbox.data.serviceBookings.indexOf(booking), 1);
				touched.delete(booking.id);
			}
		},
		idOf: (json) => String(json.id),
		versionOf: (json) => `${String(json.id)}@${String(json.externalmessage ?? '')}`,
		mustDeliver: (ctx) =>
			new Set((ctx.sandbox as BrpSandbox).data.serviceBookings.filter((b) => touched.has(b.id)).map((b) => `${b.id}@${b.externalmessage}`)),
		mayDeliver: (version) => /@v\d+$/.test(version),
	};
}

/**
 * PlanningPME: planned tasks from 45 days back (the default look-back) to 14 days ahead; new entries, edits of past
 * and coming entries, deletions (emitted once, as `<key>@deleted`), and entries moved out of the window (never a
 * deletion: the trigger asks GET api/do/{key}). Versions are marked in the remark.
 */
function planningPmeModel(): PollModel {
	let marker = 0;
	const touched = new Set<number>();
	const removed = new Set<string>();
	const movedOut = new Set<string>();
	return {
		vendor: 'planningPme',
		triggerType: 'planningPmeTrigger',
		deletes: true,
		credType: 'planningPmeApi',
		parameters: { windowDays: 14, lookBackDays: 45, events: ['plannedTask', 'plannedTaskDeleted'], filters: {}, options: {} },
		dataPath: /\/api\/do\/list$/,
		prepare: () => {
			touched.clear();
			removed.clear();
			movedOut.clear();
		},
		mutate(ctx, rnd) {
			const sandbox = ctx.sandbox as PlanningPmeSandbox;
			const mine = sandbox.data.do.filter((r) => touched.has(r.key as number));
			const roll = rnd();
			if (roll < 0.45 || mine.length < 5) {
				// Past days (the billed work, inside the look-back) and coming days.
				const day = -30 + Math.floor(rnd() * 41);
				const hour = 8 + Math.floor(rnd() * 3); // few distinct start times: many entries share one
				const task = sandbox.insertPlannedTask({ start: sandbox.todayWall(day, hour), end: sandbox.todayWall(day, hour + 1), remark: `v${++marker}` });
				touched.add(task.key as number);
			} else if (roll < 0.85 && mine.length < 40) {
				const task = mine[Math.floor(rnd() * mine.length)];
				sandbox.updatePlannedTask(task.key as number, { remark: `v${++marker}` });
			} else if (roll < 0.95) {
				const task = mine[Math.floor(rnd() * mine.length)];
				sandbox.removePlannedTask(task.key as number);
				touched.delete(task.key as number);
				removed.add(String(task.key));
			} else {
				// Moved beyond the window: gone from the listing but not deleted (no event).
				const task = mine[Math.floor(rnd() * mine.length)];
				sandbox.updatePlannedTask(task.key as number, { start: sandbox.todayWall(40, 9), end: sandbox.todayWall(40, 10) });
				touched.delete(task.key as number);
				movedOut.add(String(task.key));
			}
		},
		idOf: (json) => String(json.key),
		versionOf: (json) => `${String(json.key)}@${json.changeType === 'deleted' ? 'deleted' : String(json.remark ?? '')}`,
		mustDeliver: (ctx, delivered) => {
			const seen = new Set([...delivered.keys()].filter((v) => /@v\d+$/.test(v)).map((v) => v.split('@')[0]));
			return new Set([
				...(ctx.sandbox as PlanningPmeSandbox).data.do.filter((r) => touched.has(r.key as number)).map((r) => `${String(r.key)}@${String(r.remark)}`),
				...[...removed].filter((key) => seen.has(key)).map((key) => `${key}@deleted`),
			]);
		},
		mayDeliver: (version) => /@v\d+$/.test(version) || (version.endsWith('@deleted') && removed.has(version.split('@')[0])),
	};
}

/**
 * Hub Planner (polling): new or updated bookings by updatedDate, deleted ones by deletedDate. Versions are marked
 * in the title; a deleted booking's version is `<id>@deleted`. Every write moves updatedDate (the emulator's
 * strictly increasing clock); a booking created and deleted between two polls owes only its deletion.
 */
function hubPlannerPollModel(): PollModel {
	let marker = 0;
	const touched = new Set<string>();
	const deleted = new Set<string>();
	return {
		vendor: 'hubPlanner',
		label: 'Polling',
		triggerType: 'hubPlannerPollTrigger',
		credType: 'hubPlannerApi',
		parameters: { events: ['updated', 'deleted'], options: { lookBackSeconds: 5 } },
		dataPath: /\/booking\/search$/,
		prepare() {
			touched.clear();
			deleted.clear();
		},
		mutate(ctx, rnd) {
			const sandbox = ctx.sandbox as HubPlannerSandbox;
			const mine = sandbox.data.bookings.filter((b) => touched.has(b._id) && !b.deleted);
			const roll = rnd();
			if (roll < 0.5 || mine.length < 5) {
				const { resources, projects } = sandbox.data;
				const day = new Date(Date.UTC(2026, 5, 1 + Math.floor(rnd() * 20))).toISOString().slice(0, 10);
				const booking = sandbox.insertBooking({ resource: resources[Math.floor(rnd() * resources.length)]._id, project: projects[0]._id, start: day, end: day, title: `v${++marker}` });
				touched.add(booking._id);
			} else if (roll < 0.9 && mine.length < 40) {
				sandbox.touchBooking(mine[Math.floor(rnd() * mine.length)]._id, { title: `v${++marker}` });
			} else {
				const booking = sandbox.removeBooking(mine[Math.floor(rnd() * mine.length)]._id);
				deleted.add(booking._id);
			}
		},
		idOf: (json) => String(json._id),
		versionOf: (json) => `${String(json._id)}@${json.triggerEvent === 'deleted' ? 'deleted' : String(json.title ?? '')}`,
		mustDeliver: (ctx) => {
			const live = (ctx.sandbox as HubPlannerSandbox).data.bookings.filter((b) => touched.has(b._id) && !b.deleted);
			return new Set([...live.map((b) => `${b._id}@${b.title}`), ...[...deleted].map((id) => `${id}@deleted`)]);
		},
		mayDeliver: (version) => touched.has(version.slice(0, version.indexOf('@'))) && /@(v\d+|deleted)$/.test(version),
	};
}

/**
 * Bookings ONE (polling): appointments from 1 day back to 14 days ahead; new, changed and removed ones. Versions are
 * marked in the subject; a removal is `<id>@removed`. A removal is owed only for an appointment a poll emitted
 * before it was removed (one created and removed between two polls was never seen).
 */
function bookingsOnePollModel(): PollModel {
	let marker = 0;
	const touched = new Set<number>();
	const removed = new Set<number>();
	const seen = new Set<string>();
	const HOUR = 3_600_000;
	const idOf = (json: IDataObject) => String(json.id ?? json.Id);
	return {
		vendor: 'bookingsOne',
		label: 'Polling',
		triggerType: 'bookingsOnePollTrigger',
		credType: 'bookingsOneApi',
		parameters: { events: ['new', 'changed', 'removed'], daysBack: 1, daysAhead: 14 },
		dataPath: /resourceAppointment$/,
		prepare(ctx) {
			touched.clear();
			removed.clear();
			seen.clear();
			const sandbox = ctx.sandbox as BookingsOneSandbox;
			// Only the model's appointments near now: a seeded one the window reaches would be rightly new.
			const near = (a: { start: string; end: string }) => Date.parse(a.end) > Date.now() - 2 * 24 * HOUR && Date.parse(a.start) < Date.now() + 16 * 24 * HOUR;
			sandbox.data.appointments = sandbox.data.appointments.filter((a) => !near(a));
		},
		async mutate(ctx, rnd) {
			const sandbox = ctx.sandbox as BookingsOneSandbox;
			const mine = sandbox.data.appointments.filter((a) => touched.has(a.id));
			const roll = rnd();
			if (roll < 0.5 || mine.length < 5) {
				const start = Math.ceil(Date.now() / HOUR) * HOUR + (1 + Math.floor(rnd() * 100)) * HOUR;
				const resource = sandbox.data.resources.filter((r) => !r.isDeleted)[Math.floor(rnd() * 3)];
				const a = await sandbox.createAppointment({ resourceId: resource.id, start: new Date(start).toISOString(), end: new Date(start + HOUR).toISOString(), subject: `v${++marker}` });
				touched.add(a.id);
			} else if (roll < 0.9 && mine.length < 40) {
				await sandbox.updateAppointment(mine[Math.floor(rnd() * mine.length)].id, { subject: `v${++marker}` });
			} else {
				const a = await sandbox.deleteAppointment(mine[Math.floor(rnd() * mine.length)].id);
				touched.delete(a.id);
				removed.add(a.id);
			}
		},
		idOf,
		versionOf: (json) => `${idOf(json)}@${json.triggerEvent === 'removed' ? 'removed' : String(json.subject ?? json.Subject ?? '')}`,
		mustDeliver: (ctx) => {
			const live = (ctx.sandbox as BookingsOneSandbox).data.appointments.filter((a) => touched.has(a.id));
			const owedRemovals = [...removed].filter((id) => seen.has(String(id)));
			return new Set([...live.map((a) => `${a.id}@${a.subject}`), ...owedRemovals.map((id) => `${id}@removed`)]);
		},
		mayDeliver: (version) => {
			const id = version.slice(0, version.indexOf('@'));
			if (/@v\d+$/.test(version)) seen.add(id);
			return /@(v\d+|removed)$/.test(version) && (touched.has(Number(id)) || removed.has(Number(id)));
		},
	};
}

const MODELS: Array<() => PollModel> = [pronestorModel, pronestorBookingsModel, brpModel, planningPmeModel, hubPlannerPollModel, bookingsOnePollModel];

/** Faults injected into polls: each poll must fail as a whole (state untouched) or work. */
const POLL_FAULTS: Array<{ name: string; fault: (path: RegExp, rnd: () => number) => Parameters<VendorContext['sandbox']['fault']>[0] }> = [
	{ name: '500', fault: (p) => ({ status: 500, body: { error: 'boom', Message: 'boom' }, match: (r) => p.test(r.path) }) },
	{ name: 'reset', fault: (p) => ({ reset: true, match: (r) => p.test(r.path) }) },
	{ name: 'reset x6', fault: (p) => ({ reset: true, times: 6, match: (r) => p.test(r.path) }) },
	{ name: '503 x2', fault: (p) => ({ status: 503, body: 'busy', times: 2, match: (r) => p.test(r.path) }) },
	{ name: '429 storm', fault: (p, rnd) => ({ status: 429, headers: { 'Retry-After': '0' }, body: 'slow down', times: 1 + Math.floor(rnd() * 7), match: (r) => p.test(r.path) }) },
	{ name: 'HTML 200', fault: (p) => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Maintenance</body></html>', match: (r) => p.test(r.path) }) },
	{ name: 'cut-off 200', fault: (p) => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"items": [{"key": 1', match: (r) => p.test(r.path) }) },
	{ name: 'empty 200', fault: (p) => ({ status: 200, body: '', match: (r) => p.test(r.path) }) },
	{ name: 'not-a-page 200', fault: (p) => ({ status: 200, body: { status: 'ok' }, match: (r) => p.test(r.path) }) },
	{ name: 'truncated transfer', fault: (p) => ({ status: 200, truncate: true, body: { items: [{ key: 1 }] }, match: (r) => p.test(r.path) }) },
];

interface SimStats {
	cycles: number;
	polls: number;
	emitted: number;
	deleted: number;
	lost: number;
	duplicates: number;
	spurious: number;
	failedPolls: number;
	faults: number;
	restarts: number;
	restartMs: number;
	overlaps: number;
	maxStateBytes: number;
	finalStateBytes: number;
	examples: string[];
}

/** A fresh copy of the package and n8n-core in a new module registry: a restarted n8n process. */
async function freshHarness(ctx: VendorContext, credentialsFrom: Harness): Promise<Harness> {
	let load!: () => Promise<Harness>;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Harness: Fresh } = require('../harness') as typeof import('../harness');
		load = async () => {
			const harness = await Fresh.load();
			// The restarted process logs through its own logger: capture it too (secret scan).
			/* eslint-disable @typescript-eslint/no-require-imports */
			const { Container } = require('@n8n/di') as typeof import('@n8n/di');
			const { Logger } = require('@n8n/backend-common') as typeof import('@n8n/backend-common');
			const { LoggerProxy } = require('n8n-workflow') as typeof import('n8n-workflow');
			/* eslint-enable @typescript-eslint/no-require-imports */
			wrapLoggers(Container.get(Logger), LoggerProxy);
			for (const [dir, client] of CLIENTS) if (fs.existsSync(path.join(ROOT, 'dist/nodes', dir, 'transport.js'))) shortenTimeout(dir, client, TIMEOUT_MS, require);
			return harness;
		};
	});
	const harness = await load();
	const stored = credentialsFrom.getCredential(ctx.credType) as IDataObject;
	harness.setCredential(ctx.credType, stored);
	return harness;
}

async function simulate(ctx: VendorContext, baseHarness: Harness, model: PollModel, cycles: number, seed: number): Promise<SimStats> {
	const rnd = seededRandom(seed);
	const stats: SimStats = { cycles, polls: 0, emitted: 0, deleted: 0, lost: 0, duplicates: 0, spurious: 0, failedPolls: 0, faults: 0, restarts: 0, restartMs: 0, overlaps: 0, maxStateBytes: 0, finalStateBytes: 0, examples: [] };
	ctx.reset();
	model.prepare(ctx);
	let harness = baseHarness;
	let memory: IDataObject = {};
	let saved: IDataObject = {};
	// The workflow's global static data: n8n saves it with the node's (one Workflow object, one column).
	let globalMemory: IDataObject = {};
	let globalSaved: IDataObject = {};
	const delivered = new Map<string, number>();
	const newEvents = new Map<string, number>();
	const note = (text: string) => {
		if (stats.examples.length < 8) stats.examples.push(text);
	};

	const record = (items: INodeExecutionData[][] | null | undefined) => {
		for (const item of items?.[0] ?? []) {
			stats.emitted++;
			const json = item.json;
			const version = model.versionOf(json);
			delivered.set(version, (delivered.get(version) ?? 0) + 1);
			if (delivered.get(version) === 2) {
				stats.duplicates++;
				note(`delivered twice: ${version}`);
			}
			const kind = (json.triggerEvent ?? json.changeType) as string | undefined;
			if (kind === 'deleted') stats.deleted++;
			if (kind === 'new') {
				const id = model.idOf(json);
				newEvents.set(id, (newEvents.get(id) ?? 0) + 1);
				if (newEvents.get(id) === 2) {
					stats.duplicates++;
					note(`"new" twice: ${id}`);
				}
			}
			if (!model.mayDeliver(version)) {
				stats.spurious++;
				note(`delivered but never created or changed after activation: ${version}`);
			}
		}
	};

	const nodeName = 'Trigger';
	const poll = async (state: IDataObject, activation?: 'activate') => {
		stats.polls++;
		// n8n keeps a node's id stable across polls and activations.
		const result = await harness.poll({ type: model.triggerType, name: nodeName, nodeId: 'reliability-trigger', parameters: model.parameters as never, credentials: [model.credType], staticData: state, globalStaticData: globalMemory, activation });
		observe(result.items, result.error);
		if (result.error) stats.failedPolls++;
		return result;
	};
	const persistIfSaved = (result: { saved: boolean }, state: IDataObject) => {
		if (!result.saved) return;
		saved = JSON.parse(JSON.stringify(state)) as IDataObject;
		globalSaved = JSON.parse(JSON.stringify(globalMemory)) as IDataObject;
	};
	const measure = () => {
		const bytes = JSON.stringify(memory).length;
		stats.maxStateBytes = Math.max(stats.maxStateBytes, bytes);
		return bytes;
	};

	// Activation, the worst case of n8n 2.41.1 (a staged cursor): the node state of an activation poll that
	// emitted nothing is dropped, so the scheduled polls start from the (empty) saved node state; the workflow's
	// global static data is saved at the end of activation (WorkflowTriggerActivator.activateInternal).
	const first = await poll(memory, 'activate');
	record(first.items);
	persistIfSaved(first, memory);
	if (!first.saved) memory = JSON.parse(JSON.stringify(saved)) as IDataObject;
	globalSaved = JSON.parse(JSON.stringify(globalMemory)) as IDataObject;

	for (let cycle = 1; cycle <= cycles; cycle++) {
		const changes = Math.floor(rnd() * 3);
		for (let i = 0; i < changes; i++) await model.mutate(ctx, rnd, cycle);

		if (rnd() < 0.06) {
			const pick = POLL_FAULTS[Math.floor(rnd() * POLL_FAULTS.length)];
			ctx.sandbox.fault(pick.fault(model.dataPath, rnd));
			stats.faults++;
		}

		if (RESTART_EVERY > 0 && cycle % RESTART_EVERY === 0) {
			// Restart: the process is gone; n8n reloads the saved static data (JSON) into a fresh process.
			stats.restarts++;
			ctx.sandbox.clearFaults();
			const t0 = Date.now();
			harness = await freshHarness(ctx, harness);
			stats.restartMs += Date.now() - t0;
			memory = JSON.parse(JSON.stringify(saved)) as IDataObject;
			globalMemory = JSON.parse(JSON.stringify(globalSaved)) as IDataObject;
		}

		if (OVERLAP_EVERY > 0 && cycle % OVERLAP_EVERY === 0) {
			// Overlapping polls: A's answer is held, the data changes, B runs to the end, then A finishes.
			stats.overlaps++;
			ctx.sandbox.clearFaults();
			const arrived = deferred();
			const release = deferred();
			ctx.sandbox.fault({ hold: release.promise, match: (r: SandboxRequest) => model.dataPath.test(r.path) && (arrived.resolve(), true) });
			const a = poll(memory);
			await arrived.promise;
			for (let i = 0; i < 1 + Math.floor(rnd() * 3); i++) await model.mutate(ctx, rnd, cycle);
			const b = await poll(memory);
			record(b.items);
			persistIfSaved(b, memory);
			release.resolve();
			const aResult = await a;
			record(aResult.items);
			persistIfSaved(aResult, memory);
		} else {
			const result = await poll(memory);
			record(result.items);
			persistIfSaved(result, memory);
		}
		ctx.sandbox.clearFaults();
		measure();
	}

	// Quiet end: no changes, no faults; drain what is left (Pronestor emits at most 7 per poll).
	let quiet = 0;
	for (let i = 0; i < 400 && quiet < 2; i++) {
		const result = await poll(memory);
		record(result.items);
		persistIfSaved(result, memory);
		quiet = result.items && result.items[0]?.length ? 0 : quiet + 1;
	}
	stats.finalStateBytes = measure();
	for (const version of model.mustDeliver(ctx, delivered)) {
		if (!delivered.has(version)) {
			stats.lost++;
			note(`never delivered: ${version}`);
		}
	}
	return stats;
}

/** Static-data ceilings: what each trigger documents as its bound, in bytes of JSON. */
const STATE_LIMIT_BYTES = 512 * 1024;

export function registerTriggers(shared: Shared): void {
	describe('triggers: polling', () => {
		for (const make of MODELS) {
			const model = make();
			const spec = VENDORS.find((v) => v.key === model.vendor)!;
			const name = model.label ? `${spec.name} (${model.label})` : spec.name;
			it(`${name}: ${CYCLES} poll cycles — 0 lost, 0 duplicates, bounded state`, async () => {
				await runCase('triggers', `${name}: ${CYCLES}-cycle simulation`, async () => {
					const ctx = shared.contexts.get(model.vendor)!;
					const started = Date.now();
					const stats = await simulate(ctx, shared.harness, model, CYCLES, 4242);
					const seconds = ((Date.now() - started) / 1000).toFixed(1);
					tally.triggers.notes.push(
						`${name}: ${stats.cycles} cycles, ${stats.polls} polls, ${stats.emitted} emitted${model.deletes ? ` (${stats.deleted} deletions)` : ''}, ${stats.lost} lost, ${stats.duplicates} duplicates, ${stats.spurious} spurious, ${stats.faults} faults (${stats.failedPolls} failed polls), ${stats.restarts} restarts (${(stats.restartMs / 1000).toFixed(1)} s), ${stats.overlaps} overlaps, state ≤ ${stats.maxStateBytes} B, ${seconds} s`,
					);
					expect({ lost: stats.lost, duplicates: stats.duplicates, spurious: stats.spurious, examples: stats.examples }).toEqual({ lost: 0, duplicates: 0, spurious: 0, examples: [] });
					expect(stats.emitted).toBeGreaterThan(CYCLES / 2);
					if (model.deletes) expect(stats.deleted).toBeGreaterThan(CYCLES / 50);
					expect(stats.maxStateBytes).toBeLessThan(STATE_LIMIT_BYTES);
				});
			});
		}
	});

	describe('triggers: webhooks', () => {
		registerWebhookCases(shared);
	});
}

// ------------------------------------------------------------------------------------------------ webhooks
interface WebhookModel {
	vendor: VendorKey;
	triggerType: string;
	parameters: (ctx: VendorContext) => IDataObject;
	/** How a delivery carries the secret. */
	deliver(secret: string | undefined): { headers?: Record<string, string>; query?: Record<string, string>; body: unknown };
	secretOf(staticData: IDataObject): string;
	/** Subscriptions the vendor still holds (active) for this trigger. */
	activeSubscriptions(ctx: VendorContext): number;
	/** Source of the compiled trigger (to check how the secret is compared). */
	file: string;
	/** Which event, where a trigger offers several (added to the case names). */
	event?: string;
}

const WEBHOOK_MODELS: WebhookModel[] = [
	{
		vendor: 'hubPlanner',
		triggerType: 'hubPlannerTrigger',
		parameters: () => ({ events: ['booking.create', 'booking.update'], options: {} }),
		deliver: (secret) => ({ headers: secret === undefined ? ({} as Record<string, string>) : { 'hubplanner-token': secret }, body: { event: 'booking.create', bookingId: 'b1' } }),
		secretOf: (s) => String(s.token ?? ''),
		activeSubscriptions: (ctx) => (ctx.sandbox as HubPlannerSandbox).data.subscriptions.length,
		file: 'dist/nodes/HubPlanner/HubPlannerTrigger.node.js',
	},
	{
		vendor: 'bookingsOne',
		triggerType: 'bookingsOneTrigger',
		parameters: (ctx) => ({ bookableResourceIds: [String((ctx.sandbox as BookingsOneSandbox).data.resources[0].id)], options: {} }),
		deliver: (secret) => ({ query: secret === undefined ? ({} as Record<string, string>) : { secret }, body: { bookableResourceId: 1, appointmentId: 1, changeType: 'created' } }),
		secretOf: (s) => String(s.secret ?? ''),
		activeSubscriptions: (ctx) => (ctx.sandbox as BookingsOneSandbox).activeSubscriptions().length,
		file: 'dist/nodes/BookingsOne/BookingsOneTrigger.node.js',
	},
	{
		vendor: 'bookingsOne',
		event: 'daily access key change',
		triggerType: 'bookingsOneTrigger',
		parameters: (ctx) => ({ event: 'dailyAccessKeyChange', bookableResourceIds: [String((ctx.sandbox as BookingsOneSandbox).data.resources[0].id)], accessKeyOptions: {} }),
		deliver: (secret) => ({ query: secret === undefined ? ({} as Record<string, string>) : { secret }, body: { bookableResourceId: 1, type: 'daily' } }),
		secretOf: (s) => String(s.secret ?? ''),
		activeSubscriptions: (ctx) => (ctx.sandbox as BookingsOneSandbox).activeSubscriptions(undefined, 'dailyAccessKey').length,
		file: 'dist/nodes/BookingsOne/BookingsOneTrigger.node.js',
	},
];

function registerWebhookCases(shared: Shared): void {
	for (const model of WEBHOOK_MODELS) {
		const found = VENDORS.find((v) => v.key === model.vendor)!;
		const spec = model.event ? { ...found, name: `${found.name} (${model.event})` } : found;
		it(`${spec.name}: 401 without or with a wrong secret, constant-time compare, subscriptions removed on deactivation`, async () => {
			const ctx = shared.contexts.get(model.vendor)!;
			ctx.reset();
			if (model.vendor === 'bookingsOne') {
				const b1 = ctx.sandbox as BookingsOneSandbox;
				b1.data.subscriptions.length = 0;
			} else {
				(ctx.sandbox as HubPlannerSandbox).data.subscriptions.length = 0;
			}
			const staticData: IDataObject = {};
			const lifecycle = shared.harness.webhook({ type: model.triggerType, parameters: model.parameters(ctx) as never, credentials: [ctx.credType], staticData });
			await lifecycle.listen();
			try {
				await runCase('triggers', `${spec.name}: activation subscribes`, async () => {
					await lifecycle.activate();
					expect(model.activeSubscriptions(ctx)).toBeGreaterThan(0);
				});
				const secret = model.secretOf(staticData);
				runtimeSecrets.add(secret);
				const forged: Array<[string, string | undefined]> = [
					['no secret', undefined],
					['empty secret', ''],
					['wrong secret', 'guess'],
					['wrong secret of the same length', secret.slice(0, -1) + (secret.endsWith('0') ? '1' : '0')],
					['secret with a prefix', `x${secret}`],
					['secret in other case', secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase()],
					['a canary of another credential', CANARY.hubPlannerApiKey],
				];
				for (const [label, value] of forged) {
					await runCase('triggers', `${spec.name}: delivery with ${label} → 401, nothing started`, async () => {
						const answer = await lifecycle.receive(model.deliver(value));
						observe(answer.body, answer.workflowData);
						expect(answer.status).toBe(401);
						expect(answer.workflowData).toBeUndefined();
						expect(JSON.stringify(answer.body ?? '')).not.toContain(secret);
					});
				}
				await runCase('triggers', `${spec.name}: the secret is compared with crypto.timingSafeEqual`, async () => {
					// The real module object (what the compiled trigger's require('crypto') returns), not an import wrapper.
					// eslint-disable-next-line @typescript-eslint/no-require-imports
					const spy = jest.spyOn(require('crypto') as typeof import('crypto'), 'timingSafeEqual');
					try {
						const sameLength = secret.slice(0, -1) + (secret.endsWith('0') ? '1' : '0');
						await lifecycle.receive(model.deliver(sameLength));
						expect(spy).toHaveBeenCalled();
						spy.mockClear();
						const good = await lifecycle.receive(model.deliver(secret));
						observe(good.workflowData);
						expect(spy).toHaveBeenCalled();
						expect(good.status).toBe(200);
					} finally {
						spy.mockRestore();
					}
					// And nowhere compared with == / === / startsWith in the compiled trigger.
					// The trigger compares through the one shared webhook-secret check, which uses timingSafeEqual.
					const source = fs.readFileSync(path.join(ROOT, model.file), 'utf8');
					expect(source).toMatch(/isWebhookSecret\)\(/);
					expect(source).not.toMatch(/(token|secret)\s*(===|!==|==|!=)\s*(given|provided|received|query|header)/i);
					const check = fs.readFileSync(path.join(ROOT, 'dist/nodes/shared/webhookSecret.js'), 'utf8');
					expect(check).toMatch(/timingSafeEqual\)\(/);
					expect(check).not.toMatch(/(given|expected)\s*(===|!==|==|!=)\s*(given|expected)/);
				});
				await runCase('triggers', `${spec.name}: deactivation removes the subscription and forgets the secret`, async () => {
					await lifecycle.delete();
					if (model.vendor === 'bookingsOne') {
						// No cancel call exists: the subscription is shortened to run out within a minute.
						(ctx.sandbox as BookingsOneSandbox).advance(2 * 60_000);
					}
					expect(model.activeSubscriptions(ctx)).toBe(0);
					expect(model.secretOf(staticData)).toBe('');
					const late = await lifecycle.receive(model.deliver(secret));
					expect(late.status).toBe(401);
					expect(late.workflowData).toBeUndefined();
				});
			} finally {
				await lifecycle.close();
			}
		});
	}
}
