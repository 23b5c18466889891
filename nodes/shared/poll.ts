import type { IDataObject } from 'n8n-workflow';

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
		this.order = Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string').slice(-max) : [];
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

/**
 * Emits each record once per version: a record is new when its key (id + version, e.g. its update time)
 * was not emitted before. Mutates `state[stateKey]` in place (n8n persists static data after the poll).
 */
export function takeUnseen<T>(
	state: IDataObject,
	records: T[],
	keyOf: (record: T) => string,
	opts: { stateKey?: string; max?: number } = {},
): T[] {
	const stateKey = opts.stateKey ?? 'seen';
	const seen = new RecentKeys(state[stateKey], opts.max);
	const fresh: T[] = [];
	const batch = new Set<string>();
	for (const record of records) {
		const key = keyOf(record);
		if (seen.has(key) || batch.has(key)) continue;
		batch.add(key);
		fresh.push(record);
	}
	for (const key of batch) seen.add(key);
	state[stateKey] = seen.toJSON();
	return fresh;
}

/**
 * n8n 2.41 runs one poll when a workflow is activated and keeps what that poll stored only if it emitted
 * something; a baseline taken by an activation poll that found nothing new is discarded, so the first
 * scheduled poll would start from scratch and miss what arrived in between. Triggers therefore carry their
 * state in this process as well: `restoreState` refills an empty static data object from it, and
 * `carryState` records it after every poll.
 */
const CARRIED = new Map<string, { json: string; at: number }>();
const CARRY_TTL_MS = 24 * 60 * 60_000;
const CARRY_MAX = 500;

interface PollIdentity {
	getWorkflow(): { id?: string | number };
	getNode(): { id?: string; name: string };
}

/** The workflow and the node's stable id (kept when the node is renamed; a copied workflow gets new ids). */
function carryKey(ctx: PollIdentity): string {
	const node = ctx.getNode();
	return `${ctx.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
}

/** Refills empty static data with the state this process last carried for the node; true when it did. */
export function restoreState(ctx: PollIdentity, state: IDataObject): boolean {
	if (Object.keys(state).length > 0) return false;
	const carried = CARRIED.get(carryKey(ctx));
	if (!carried || Date.now() - carried.at > CARRY_TTL_MS) return false;
	Object.assign(state, JSON.parse(carried.json) as IDataObject);
	return true;
}

export function carryState(ctx: PollIdentity, state: IDataObject): void {
	const key = carryKey(ctx);
	CARRIED.delete(key);
	CARRIED.set(key, { json: JSON.stringify(state), at: Date.now() });
	while (CARRIED.size > CARRY_MAX) CARRIED.delete(CARRIED.keys().next().value as string);
}
