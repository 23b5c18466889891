import { randomBytes, timingSafeEqual } from 'crypto';

/** A new random secret for a webhook subscription (hex). */
export function newWebhookSecret(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

/**
 * Whether a delivery carries the subscription's secret: a string equal to the expected one, compared in
 * constant time (never with === or startsWith, which would leak how much of a guess was right).
 */
export function isWebhookSecret(given: unknown, expected: string | undefined): boolean {
	if (!expected || typeof given !== 'string') return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}
