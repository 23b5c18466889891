import type { IDataObject } from 'n8n-workflow';

export { contentVersion, stableStringify } from './hash';

/**
 * The one owner of polling-trigger state. Each trigger keeps only its vendor rule (a cursor, a window, content
 * versions); loading, committing, the activation record and the content hash live here.
 *
 * What must outlive an execution is the node's static data. When n8n (2.41.1) saves it:
 * - a poll that emits: `__emit` in TriggerExecutionContextFactory.getExecutePollFunctions (packages/cli) calls
 *   WorkflowStaticDataService.saveStaticData(workflow) before the execution starts;
 * - a scheduled poll that emits nothing: PollTriggerExecutor.create (packages/core) calls commitStagedCursor,
 *   which saves only a *staged* cursor (a poller_state row, N8N_POLLER_DURABLE_CURSORS_ENABLED with the
 *   scheduler); without one nothing is written to the database — the state lives on in the main's Workflow
 *   object until the next emitting poll saves it, or is lost with a restart;
 * - the activation poll (executePollTrigger(true) in ActiveWorkflowTriggers.activatePollTrigger) is never
 *   committed by the executor when it emits nothing. Its node state reaches the database only through the
 *   activation's closing saveStaticData(workflow) (WorkflowTriggerActivator.activateInternal,
 *   ActiveWorkflowManager.add), and only when the poll wrote into the Workflow object: with a staged cursor
 *   (resolveNodeStaticData answers the staging snapshot) the activation poll's node state is dropped;
 * - "Fetch test event" (manual) is never saved.
 * So the baseline an activation poll takes (what is already there) may be dropped, and a first scheduled poll
 * an hour, a week or a month later would start afresh and miss what arrived in between.
 *
 * The activation record: a poll that starts the state afresh (a baseline) also writes a copy of it into the
 * workflow's *global* static data, keyed by the node's id (`bookingsPollBaselines`). Global static data is
 * never staged (PollContext.getWorkflowStaticData answers `global` from the Workflow object), so the
 * activation's closing saveStaticData(workflow) writes it in every mode, as does any later emitting poll.
 * `load` puts the record back when the node's own state is empty or belongs to other settings; the first poll
 * that continues from a state removes the record (the node's state carries the run from then on). Nothing
 * here depends on process memory, so neither time nor restarts nor other triggers can lose the baseline.
 *
 * Process memory holds only what is safe to lose: per trigger, the state the newest poll committed, because n8n
 * may start a poll while the previous one still runs, each with its own copy of the static data, and either may
 * finish first. `latest` shows a poll what an overlapping poll already committed, with the ticket that orders
 * the two answers by age (tickets are taken before the request).
 */

/** Where the activation records live in the workflow's global static data. */
const RECORDS_KEY = 'bookingsPollBaselines';
/** Overlapping polls are minutes apart: what is older is of no use to them. */
const LIFETIME_MS = 24 * 60 * 60_000;
/** At most this many triggers are remembered for overlapping polls (oldest first out). */
const MAX_TRIGGERS = 500;

interface Remembered {
	json: string;
	ticket: number;
	baseline: boolean;
	at: number;
}

/** Process memory (see above): per trigger, the last committed state, for overlapping polls only. */
const MEMORY = new Map<string, Remembered>();
/** Strictly increasing across the process, so tickets of overlapping polls of one trigger compare by age. */
let lastTicket = 0;

/** What identifies a trigger: n8n's poll context (or anything that answers the same questions). */
export interface PollIdentity {
	getWorkflow(): { id?: string | number };
	getNode(): { id?: string; name: string };
	getWorkflowStaticData(type: string): IDataObject;
}

export interface Committed<T> {
	state: T;
	ticket: number;
	/** The committing poll started the state afresh. */
	baseline: boolean;
}

/** The node's stable id (kept when the node is renamed; a copied workflow gets new ids). */
function nodeKeyOf(ctx: PollIdentity): string {
	const node = ctx.getNode();
	return node.id ?? node.name;
}

function remembered(key: string): Remembered | undefined {
	const entry = MEMORY.get(key);
	if (entry && Date.now() - entry.at > LIFETIME_MS) {
		MEMORY.delete(key);
		return undefined;
	}
	return entry;
}

/** The activation records of the workflow (global static data), or undefined where there is none. */
function records(ctx: PollIdentity): IDataObject | undefined {
	const global = ctx.getWorkflowStaticData('global');
	const all = global[RECORDS_KEY];
	return all && typeof all === 'object' && !Array.isArray(all) ? (all as IDataObject) : undefined;
}

function copyOf<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** Empties the process memory of poll states (as a restarted n8n process would). For tests. */
export function forgetPollMemory(): void {
	MEMORY.clear();
}

/**
 * One poll's view of its trigger's state. Open it before the request (that takes the poll's ticket); `load`
 * after the request, so an overlapping poll that finished meanwhile is seen; then decide and `commit` without
 * awaiting in between.
 */
export class PollState<T extends IDataObject> {
	readonly ticket: number;
	private readonly key: string;
	private readonly nodeKey: string;

	constructor(private readonly ctx: PollIdentity) {
		lastTicket += 1;
		this.ticket = lastTicket;
		this.nodeKey = nodeKeyOf(ctx);
		this.key = `${ctx.getWorkflow().id ?? ''}:${this.nodeKey}`;
	}

	/**
	 * The node's static data (mutate it in place: n8n saves it after the poll). When it is empty, or
	 * `belongs` says it was made for other settings, the activation record of this node (a baseline n8n may
	 * have dropped from the node's state) is put back — if it belongs to the current settings.
	 * `upgrade` (optional) brings a state stored by an earlier version of the trigger to today's shape, in place;
	 * it is applied to the node's state and to the record before either is judged.
	 */
	load(belongs: (state: T) => boolean = () => true, upgrade?: (stored: T) => void): T {
		const state = this.ctx.getWorkflowStaticData('node') as T;
		upgrade?.(state);
		if (Object.keys(state).length > 0 && belongs(state)) return state;
		const record = records(this.ctx)?.[this.nodeKey] as IDataObject | undefined;
		if (!record?.state || typeof record.state !== 'object') return state;
		const kept = copyOf(record.state as T);
		upgrade?.(kept);
		if (!belongs(kept)) return state;
		for (const key of Object.keys(state)) delete state[key];
		Object.assign(state, kept);
		return state;
	}

	/** What the newest poll of this trigger in this process committed (a copy), if anything. */
	latest(): Committed<T> | undefined {
		const entry = remembered(this.key);
		if (!entry) return undefined;
		return { state: JSON.parse(entry.json) as T, ticket: entry.ticket, baseline: entry.baseline };
	}

	/**
	 * Records the state this poll arrived at; `baseline` when this poll started the state afresh (then the
	 * activation record is written), otherwise the activation record, if any, has served and is removed.
	 */
	commit(state: T, opts: { baseline: boolean }): void {
		const previous = remembered(this.key);
		MEMORY.delete(this.key);
		MEMORY.set(this.key, {
			json: JSON.stringify(state),
			ticket: Math.max(this.ticket, previous?.ticket ?? 0),
			baseline: opts.baseline,
			at: Date.now(),
		});
		while (MEMORY.size > MAX_TRIGGERS) MEMORY.delete(MEMORY.keys().next().value as string);
		this.keepRecord(opts.baseline ? state : undefined);
	}

	private keepRecord(state: T | undefined): void {
		const global = this.ctx.getWorkflowStaticData('global');
		const all = records(this.ctx);
		if (state === undefined) {
			if (!all || !(this.nodeKey in all)) return;
			const rest = { ...all };
			delete rest[this.nodeKey];
			if (Object.keys(rest).length === 0) delete global[RECORDS_KEY];
			else global[RECORDS_KEY] = rest;
			return;
		}
		const record = { state: copyOf(state), at: new Date().toISOString() };
		global[RECORDS_KEY] = { ...(all ?? {}), [this.nodeKey]: record };
	}
}

/**
 * A bounded set of keys remembered across polls (FIFO), kept in the trigger's static data as a plain array
 * so it survives restarts. Used to skip records already emitted when polls overlap or windows overlap.
 */
export class RecentKeys {
	private readonly order: string[];
	private readonly set: Set<string>;

	constructor(
		saved: unknown,
		private readonly max = 5000,
	) {
		this.order = Array.isArray(saved)
			? saved.filter((k): k is string => typeof k === 'string').slice(-max)
			: [];
		this.set = new Set(this.order);
	}

	has(key: string): boolean {
		return this.set.has(key);
	}

	add(key: string): void {
		if (this.set.has(key)) return;
		this.order.push(key);
		this.set.add(key);
		while (this.order.length > this.max) this.set.delete(this.order.shift() as string);
	}

	/** Keeps only the keys the predicate accepts (e.g. those still inside the window). */
	retain(keep: (key: string) => boolean): void {
		const kept = this.order.filter(keep);
		this.order.length = 0;
		this.order.push(...kept);
		this.set.clear();
		for (const k of kept) this.set.add(k);
	}

	get size(): number {
		return this.order.length;
	}

	toJSON(): string[] {
		return [...this.order];
	}
}
