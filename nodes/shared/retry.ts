import { sleep } from 'n8n-workflow';
import { readHttpFailure, type HttpFailure } from './errors';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	attempts: number;
	/** First backoff step in ms (doubles each attempt; the wait is jittered, see backoffMs). */
	baseDelayMs: number;
	/** Longest single wait; a Retry-After beyond it fails at once instead of stalling the workflow. */
	maxDelayMs: number;
	/** Statuses worth another attempt. */
	retryStatuses: number[];
}

export const DEFAULT_RETRY: RetryPolicy = {
	attempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 60_000,
	retryStatuses: [429, 502, 503, 504],
};

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ECONNREFUSED',
]);

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": the step is base·2^(attempt-1), capped at maxDelayMs, and the wait is a
 * random point in its upper half [step/2, step] — never (almost) zero, so a retry storm still spreads out.
 */
export function backoffMs(
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryDecision {
	retry: boolean;
	waitMs: number;
	failure: HttpFailure;
}

/** Whether a failed attempt is worth another one, and after how long. */
export function decideRetry(
	error: unknown,
	attempt: number,
	idempotent: boolean,
	policy: RetryPolicy,
): RetryDecision {
	const failure = readHttpFailure(error);
	const retryAfter = parseRetryAfter(failure.headers['retry-after']);
	const transient =
		(failure.status !== undefined && policy.retryStatuses.includes(failure.status)) ||
		(failure.status === undefined && failure.code !== undefined && NETWORK_CODES.has(failure.code));
	// A 429 means the request was not processed, so even a non-idempotent request may be repeated.
	const safe = idempotent || failure.status === 429;
	if (!transient || !safe || attempt >= policy.attempts)
		return { retry: false, waitMs: 0, failure };
	const waitMs = retryAfter ?? backoffMs(attempt, policy);
	if (waitMs > policy.maxDelayMs) return { retry: false, waitMs, failure };
	return { retry: true, waitMs, failure };
}

/** How the retries of a failed request ended. */
export interface RetryOutcome {
	/** Attempts made, the first included. */
	attempts: number;
	/** The vendor asked (Retry-After) to wait longer than the policy allows, so no further attempt was made. */
	waitTooLongMs?: number;
}

/** What `withRetry` ends with: the value, or the last failure and how the retries ended. */
export type RetryResult<T> =
	| { ok: true; value: T }
	| { ok: false; error: unknown; outcome: RetryOutcome };

/**
 * Runs `attempt` until it succeeds or a failure is not worth retrying, and returns the value or the last failure
 * with its outcome (attempts made, a wait that was too long): the caller (vendorRequest) turns a failure into the
 * NodeApiError the user sees. Waits with n8n's `sleep` (allowed in community nodes, and cancellable with the
 * execution).
 */
export async function withRetry<T>(
	attempt: (n: number) => Promise<T>,
	opts: { idempotent: boolean; policy?: RetryPolicy },
): Promise<RetryResult<T>> {
	const policy = opts.policy ?? DEFAULT_RETRY;
	for (let n = 1; ; n++) {
		let waitMs: number;
		try {
			return { ok: true, value: await attempt(n) };
		} catch (error) {
			const decision = decideRetry(error, n, opts.idempotent, policy);
			if (!decision.retry) {
				const tooLong =
					decision.waitMs > policy.maxDelayMs ? { waitTooLongMs: decision.waitMs } : {};
				return { ok: false, error, outcome: { attempts: n, ...tooLong } };
			}
			waitMs = decision.waitMs;
		}
		await sleep(waitMs);
	}
}
