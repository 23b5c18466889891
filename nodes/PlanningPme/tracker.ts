import type { IDataObject } from 'n8n-workflow';

/**
 * Change detection for a rolling window without an update stamp: PlanningPME's planned tasks carry no
 * "modified" field, so an entry's version is a hash of its content. The state is `{scope, versions}` where
 * `versions` maps each key in the current window to its last emitted version — bounded by the window.
 *
 * Overlapping polls of the same workflow in one process each get their own copy of the static data, and
 * either may finish first. A process-wide table (per state scope) holds the view of the last committed poll
 * and the ticket of that poll; tickets are taken before the request, so they order the answers by age:
 * - a poll whose answer is newer than the committed view compares against that view (not against its own,
 *   possibly stale, copy of the static data), emits what differs and commits its answer as the new view;
 * - a poll whose answer is older than the committed view (it started first and finished last) emits nothing
 *   and writes the committed view into its static data, so storing it can never bring back stale versions
 *   or forget what the newer poll emitted.
 * After a restart the table is empty and the saved versions take over.
 */
interface Committed {
	ticket: number;
	versions: Record<string, string>;
}
const COMMITTED = new Map<string, Committed>();
const MAX_SCOPES = 200;
let lastTicket = 0;

/** A process-wide, strictly increasing poll ticket: take it before the request whose answer is tracked. */
export function pollTicket(): number {
	lastTicket += 1;
	return lastTicket;
}

export interface Tracked<T> {
	key: string;
	version: string;
	record: T;
}

export function changeTracker(state: IDataObject, ticket: number = pollTicket()) {
	if (typeof state.scope !== 'string') state.scope = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	const scope = state.scope as string;
	return {
		/** The entries that are new or changed since they were last emitted; updates the state in place. */
		take<T>(entries: Array<Tracked<T>>, opts: { emitOnFirstRun: boolean }): Array<Tracked<T> & { change: 'new' | 'changed' }> {
			const committed = COMMITTED.get(scope);
			if (committed && committed.ticket > ticket) {
				// An older answer than the one already committed: nothing in it is news; keep the newer view.
				state.versions = { ...committed.versions };
				return [];
			}
			const savedVersions = state.versions as Record<string, string> | undefined | null;
			const firstRun = !committed && (savedVersions === undefined || savedVersions === null);
			const known: Record<string, string> = committed ? committed.versions : firstRun ? {} : (savedVersions as Record<string, string>);
			const current: Record<string, string> = {};
			const fresh: Array<Tracked<T> & { change: 'new' | 'changed' }> = [];
			for (const entry of entries) {
				if (current[entry.key] !== undefined) continue;
				current[entry.key] = entry.version;
				if (known[entry.key] === entry.version) continue;
				if (firstRun && !opts.emitOnFirstRun) continue;
				fresh.push({ ...entry, change: known[entry.key] === undefined ? 'new' : 'changed' });
			}
			// Keep only what is in the window now: the state never grows past the window.
			state.versions = current;
			COMMITTED.delete(scope);
			COMMITTED.set(scope, { ticket, versions: { ...current } });
			while (COMMITTED.size > MAX_SCOPES) COMMITTED.delete(COMMITTED.keys().next().value as string);
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
