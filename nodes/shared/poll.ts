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
