/**
 * One login per expired session per process. n8n stores a credential's session or token in its expirable field
 * (in the database, shared by every process) and calls the credential's preAuthentication when the field is
 * empty or a request answered 401. Requests that find the same stale session at the same time — pages fetched
 * in parallel, or executions running at once in one queue-mode worker — would each log in. This table (process
 * memory; safe to lose) lets the first of them log in and hands its result to the others that failed with the
 * same session. n8n gives a node no lock across processes, so with several workers each worker that meets the
 * expiry logs in once: the fewest logins n8n allows.
 */
interface Renewal {
	/** The session/token this login replaced ('' for a first login). */
	replaced: string;
	result: Promise<unknown>;
	/** Epoch ms until which the result is handed out. */
	until: number;
}

const RENEWALS = new Map<string, Renewal>();
const MAX_ENTRIES = 200;

/**
 * Logs in with `login` unless a login for the same `account` that replaced the same `failed` session is in
 * flight or was done within its lifetime; then that login's result is returned. `lifetimeMs` says how long a
 * result may be handed out (e.g. the token's lifetime less a margin).
 */
export async function renewOnce<T>(account: string, failed: string, login: () => Promise<T>, lifetimeMs: (result: T) => number): Promise<T> {
	const current = RENEWALS.get(account);
	if (current && current.replaced === failed && current.until > Date.now()) return (await current.result) as T;
	const result = login();
	const entry: Renewal = { replaced: failed, result, until: Date.now() + 60_000 };
	RENEWALS.delete(account);
	RENEWALS.set(account, entry);
	while (RENEWALS.size > MAX_ENTRIES) RENEWALS.delete(RENEWALS.keys().next().value as string);
	result.then(
		(value) => (entry.until = Date.now() + Math.max(0, lifetimeMs(value))),
		// A failed login is not handed out: the next request tries again.
		() => RENEWALS.get(account) === entry && RENEWALS.delete(account),
	);
	return await result;
}

/** An opaque key for one account (a hash of its parts: no secret is kept as text). */
export function accountKey(parts: unknown[]): string {
	const text = parts.map(String).join('|');
	let h1 = 0x811c9dc5;
	let h2 = 5381;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
		h2 = (Math.imul(h2, 33) + c) >>> 0;
	}
	return `${h1.toString(16)}-${h2.toString(16)}`;
}
