import type { IDataObject } from 'n8n-workflow';

/**
 * Change detection for a rolling window without an update stamp: PlanningPME's planned tasks carry no
 * "modified" field, so an entry's version is a hash of its content. The state is `{scope, versions}` where
 * `versions` maps each key in the current window to its last emitted version — bounded by the window.
 *
 * Overlapping polls of the same workflow in one process each get their own copy of the static data; a
 * process-wide claim table (per state scope) makes the later one skip what the earlier one just emitted.
 * After a restart the claims are gone and the saved versions take over.
 */
const CLAIMS = new Map<string, Map<string, string>>();
const MAX_SCOPES = 200;

export interface Tracked<T> {
	key: string;
	version: string;
	record: T;
}

export function changeTracker(state: IDataObject) {
	if (typeof state.scope !== 'string') state.scope = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	const scope = state.scope as string;
	let claims = CLAIMS.get(scope);
	if (!claims) {
		claims = new Map();
		CLAIMS.set(scope, claims);
		while (CLAIMS.size > MAX_SCOPES) CLAIMS.delete(CLAIMS.keys().next().value as string);
	}
	const claimed = claims;
	return {
		/** The entries that are new or changed since they were last emitted; updates the state in place. */
		take<T>(entries: Array<Tracked<T>>, opts: { emitOnFirstRun: boolean }): Array<Tracked<T> & { change: 'new' | 'changed' }> {
			const firstRun = state.versions === undefined || state.versions === null;
			const saved = (firstRun ? {} : state.versions) as Record<string, string>;
			const current: Record<string, string> = {};
			const fresh: Array<Tracked<T> & { change: 'new' | 'changed' }> = [];
			for (const entry of entries) {
				if (current[entry.key] !== undefined) continue;
				current[entry.key] = entry.version;
				const known = saved[entry.key] ?? claimed.get(entry.key);
				if (saved[entry.key] === entry.version || claimed.get(entry.key) === entry.version) continue;
				claimed.set(entry.key, entry.version);
				if (firstRun && !opts.emitOnFirstRun) continue;
				fresh.push({ ...entry, change: known === undefined ? 'new' : 'changed' });
			}
			// Keep only what is in the window now: the state never grows past the window.
			state.versions = current;
			for (const key of [...claimed.keys()]) if (current[key] === undefined) claimed.delete(key);
			return fresh;
		},
	};
}

/** A short, stable fingerprint of a record's content (key order does not matter). */
export function versionOf(record: unknown): string {
	const text = stableStringify(record);
	let h1 = 0x811c9dc5;
	let h2 = 5381;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
		h2 = (Math.imul(h2, 33) + c) >>> 0;
	}
	return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const entries = Object.keys(value as object)
		.sort()
		.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
	return `{${entries.join(',')}}`;
}
