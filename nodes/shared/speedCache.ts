/**
 * Process-memory caches that only make things faster. Losing one (a restart, another worker in queue mode) costs
 * a few extra requests, logins or conversions and never changes a result, so none of this belongs in n8n's stores. The
 * maps live here, not in vendor folders, so that every piece of process memory the package holds is in
 * nodes/shared (see also pollState.ts): a vendor module asks for a named cache and keeps only the handle.
 */
const CACHES = new Map<string, Map<string | number, { value: unknown; at: number }>>();

export interface SpeedCache<V, K extends string | number = string> {
	/** The cached value, or undefined when absent or older than the cache's lifetime. */
	get(key: K): V | undefined;
	set(key: K, value: V): void;
	delete(key: K): void;
	/** Forgets every entry (as a restarted process would). */
	clear(): void;
}

/**
 * The cache named `name` (one per purpose, shared by every caller in the process): at most `max` entries
 * (the oldest go first), each kept for `lifetimeMs` (default: until evicted). Keys are texts, or numbers where a
 * caller looks up by a number (no text to build per look-up).
 */
export function speedCache<V, K extends string | number = string>(
	name: string,
	opts: { max: number; lifetimeMs?: number },
): SpeedCache<V, K> {
	let map = CACHES.get(name);
	if (!map) {
		map = new Map();
		CACHES.set(name, map);
	}
	const entries = map;
	return {
		get(key) {
			const entry = entries.get(key);
			if (!entry) return undefined;
			if (opts.lifetimeMs !== undefined && Date.now() - entry.at > opts.lifetimeMs) {
				entries.delete(key);
				return undefined;
			}
			return entry.value as V;
		},
		set(key, value) {
			entries.delete(key);
			entries.set(key, { value, at: Date.now() });
			while (entries.size > opts.max) entries.delete(entries.keys().next().value as K);
		},
		delete(key) {
			entries.delete(key);
		},
		clear() {
			entries.clear();
		},
	};
}
