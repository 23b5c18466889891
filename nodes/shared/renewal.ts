/**
 * One login per expired session per process. n8n stores a credential's session or token in its expirable field
 * (in the database, shared by every process) and calls the credential's preAuthentication when the field is
 * empty or a request answered 401. Requests that find the same stale session at the same time — pages fetched
 * in parallel, or executions running at once in one queue-mode worker — would each log in. This speed cache
 * (process memory, safe to lose: it costs one more login, never a wrong session) lets the first of them log in
 * and hands its result to the others that failed with the same session. n8n gives a node no lock across
 * processes, so with several workers each worker that meets the expiry logs in once: the fewest n8n allows.
 */
import { contentVersion } from './hash';
import { speedCache } from './speedCache';

interface Renewal {
	/** The session/token this login replaced ('' for a first login). */
	replaced: string;
	result: Promise<unknown>;
	/** Epoch ms until which the result is handed out. */
	until: number;
}

const RENEWALS = speedCache<Renewal>('logins', { max: 500 });

/**
 * Logs in with `login` unless a login for the same `account` that replaced the same `failed` session is in
 * flight or was done within its lifetime; then that login's result is returned. `lifetimeMs` says how long a
 * finished result may be handed out (e.g. the token's lifetime less a margin; 0: only while in flight).
 */
export async function renewOnce<T>(
	account: string,
	failed: string,
	login: () => Promise<T>,
	lifetimeMs: (result: T) => number,
): Promise<T> {
	const current = RENEWALS.get(account);
	if (current && current.replaced === failed && current.until > Date.now())
		return (await current.result) as T;
	const result = login();
	const entry: Renewal = { replaced: failed, result, until: Date.now() + 60_000 };
	RENEWALS.set(account, entry);
	result.then(
		(value) => (entry.until = Date.now() + Math.max(0, lifetimeMs(value))),
		// A failed login is not handed out: the next request tries again.
		() => RENEWALS.get(account) === entry && RENEWALS.delete(account),
	);
	return await result;
}

/** An opaque key for one account (a hash of its parts: no secret is kept as text). */
export function accountKey(parts: unknown[]): string {
	return contentVersion(parts.map(String));
}
