import type { IDataObject } from 'n8n-workflow';

export { contentVersion, stableStringify } from './hash';

/**
 * The one owner of polling-trigger state. Each trigger keeps only its vendor rule (a cursor, a window, content
 * versions); loading, committing, the process-memory copy and the content hash live here.
 *
 * What must outlive an execution is the node's static data (n8n saves it). Process memory additionally holds,
 * per trigger (workflow id + node id, one lifetime), a copy of the state the last poll committed, for two
 * things only n8n's behaviour makes necessary:
 * - n8n 2.41 keeps what the activation poll stored only when that poll emitted something: a baseline taken
 *   by an activation poll that found nothing new is discarded, so the first scheduled poll would start from
 *   scratch and miss what arrived in between. `load` puts such a baseline back. This is the whole n8n 2.41
 *   workaround: delete `restorable` handling when n8n keeps the activation poll's state.
 * - n8n may start a poll while the previous one still runs, each with its own copy of the static data, and
 *   either may finish first. `latest` shows a poll what an overlapping poll already committed, with the
 *   ticket that orders the two answers by age (tickets are taken before the request).
 * A restart loses this memory, and the saved static data takes over: nothing here is needed for correctness
 * across restarts.
 */

/** One lifetime for everything kept in process memory: a day (longer than any poll interval n8n offers). */
const LIFETIME_MS = 24 * 60 * 60_000;
/** At most this many triggers are remembered (oldest first out). */
const MAX_TRIGGERS = 500;

interface Remembered {
	json: string;
	ticket: number;
	/** Committed by a poll that started the state afresh (a baseline): may be put back if n8n dropped it. */
	restorable: boolean;
	at: number;
}

/** Process memory (see above): per trigger, the last committed state. */
const MEMORY = new Map<string, Remembered>();
/** Strictly increasing across the process, so tickets of overlapping polls of one trigger compare by age. */
let lastTicket = 0;

/** What identifies a trigger: n8n's poll context (or anything that answers the same two questions). */
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

/** The workflow and the node's stable id (kept when the node is renamed; a copied workflow gets new ids). */
function keyOf(ctx: PollIdentity): string {
	const node = ctx.getNode();
	return `${ctx.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
}

function remembered(key: string): Remembered | undefined {
	const entry = MEMORY.get(key);
	if (entry && Date.now() - entry.at > LIFETIME_MS) {
		MEMORY.delete(key);
		return undefined;
	}
	return entry;
}

/**
 * One poll's view of its trigger's state. Open it before the request (that takes the poll's ticket); `load`
 * after the request, so an overlapping poll that finished meanwhile is seen; then decide and `commit` without
 * awaiting in between.
 */
export class PollState<T extends IDataObject> {
	readonly ticket: number;
	private readonly key: string;

	constructor(private readonly ctx: PollIdentity) {
		lastTicket += 1;
		this.ticket = lastTicket;
		this.key = keyOf(ctx);
	}

	/**
	 * The node's static data (mutate it in place: n8n saves it after the poll). When it is empty, or
	 * `belongs` says it was made for other settings, a baseline this process committed for the trigger (and
	 * n8n dropped) is put back — if it belongs to the current settings.
	 */
	load(belongs: (state: T) => boolean = () => true): T {
		const state = this.ctx.getWorkflowStaticData('node') as T;
		const entry = remembered(this.key);
		if (!entry?.restorable) return state;
		if (Object.keys(state).length > 0 && belongs(state)) return state;
		const kept = JSON.parse(entry.json) as T;
		if (!belongs(kept)) return state;
		for (const key of Object.keys(state)) delete state[key];
		Object.assign(state, kept);
		return state;
	}

	/** What the newest poll of this trigger in this process committed (a copy), if anything. */
	latest(): Committed<T> | undefined {
		const entry = remembered(this.key);
		if (!entry) return undefined;
		return { state: JSON.parse(entry.json) as T, ticket: entry.ticket, baseline: entry.restorable };
	}

	/** Records the state this poll arrived at; `baseline` when this poll started the state afresh. */
	commit(state: T, opts: { baseline: boolean }): void {
		const previous = remembered(this.key);
		MEMORY.delete(this.key);
		MEMORY.set(this.key, {
			json: JSON.stringify(state),
			ticket: Math.max(this.ticket, previous?.ticket ?? 0),
			restorable: opts.baseline,
			at: Date.now(),
		});
		while (MEMORY.size > MAX_TRIGGERS) MEMORY.delete(MEMORY.keys().next().value as string);
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
