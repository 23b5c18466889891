import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { redact, redactAndCut } from './redact';
import { secretsOf } from './secrets';
import { reportLine } from './messages';

export { redact } from './redact';

/** The parts of a failed HTTP exchange we can read, whatever wrapped it (axios error, NodeApiError). */
export interface HttpFailure {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
	/** Network-level code (ECONNRESET, ETIMEDOUT, ...). */
	code?: string;
	message: string;
	/** How much of a text body an error shows (default 2,000 characters); cut after redaction. */
	bodyLimit?: number;
}

/** Extracts status, headers and body from an error thrown by n8n's request helpers. */
interface ErrorLike {
	cause?: unknown;
	reason?: unknown;
	response?: {
		status?: number;
		statusCode?: number;
		headers?: unknown;
		data?: unknown;
		body?: unknown;
	};
	httpCode?: unknown;
	statusCode?: unknown;
	code?: unknown;
	message?: unknown;
}

export function readHttpFailure(error: unknown): HttpFailure {
	const candidates: ErrorLike[] = [];
	let current = error as ErrorLike | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
		candidates.push(current);
		current = (current.cause ?? current.reason) as ErrorLike | undefined;
	}
	const withResponse = candidates.find((c) => c?.response && typeof c.response === 'object');
	const response = withResponse?.response;
	let status: number | undefined = response?.status ?? response?.statusCode;
	if (status === undefined) {
		for (const c of candidates) {
			const code = Number(c?.httpCode ?? c?.statusCode);
			if (Number.isInteger(code) && code >= 100) {
				status = code;
				break;
			}
		}
	}
	const headers: Record<string, string> = {};
	const rawHeaders = (response?.headers ?? {}) as { toJSON?: () => object };
	const entries: Array<[string, unknown]> = Object.entries(
		typeof rawHeaders.toJSON === 'function' ? rawHeaders.toJSON() : rawHeaders,
	);
	for (const [key, value] of entries)
		headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	const code = candidates
		.map((c) => c?.code)
		.find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	const message = String(
		candidates.map((c) => c?.message).find((m) => typeof m === 'string' && m) ?? 'Request failed',
	);
	return { status, headers, body: response?.data ?? response?.body, code, message };
}

/** What the retries did, when that is what the user needs to know (a wait too long to make, several attempts). */
function retryNote(
	vendor: string,
	status: number | undefined,
	retry?: { attempts: number; waitTooLongMs?: number },
): string {
	if (!retry) return '';
	if (retry.waitTooLongMs !== undefined) {
		const until = new Date(Date.now() + retry.waitTooLongMs).toISOString().replace(/\.\d+Z$/, 'Z');
		return (
			`${vendor} asked to wait ${formatWait(retry.waitTooLongMs)} (Retry-After) before the next request — ` +
			'longer than the node waits (at most 1 minute) — so no retry was made. ' +
			`Run the workflow again after ${until}.`
		);
	}
	if (retry.attempts > 1 && status !== undefined && (status === 429 || status >= 500))
		return `The node tried ${retry.attempts} times.`;
	return '';
}

/** A wait in the largest unit that reads naturally: "45 seconds", "12 minutes", "about 1 hour 5 minutes". */
export function formatWait(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 120) return `${seconds} seconds`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} minutes`;
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return `about ${hours} hour${hours > 1 ? 's' : ''}${rest ? ` ${rest} minute${rest > 1 ? 's' : ''}` : ''}`;
}

/**
 * A listing that cannot prove it is complete (see collectPages): what was expected against what was received, why,
 * and the contract line that does not hold for this tenant, with where it lives and how to check it.
 */
export function listingError(
	node: INode,
	opts: {
		vendor: string;
		/** What was listed: a path or a window. */
		what: string;
		expected: number;
		received: number;
		reason: string;
		/** The contract line, as API Contract → Check names it ("total", "pageBase", "windowCap"). */
		line: string;
		itemIndex?: number;
	},
): NodeOperationError {
	// Every error builder redacts what it shows with the node's registered secrets: the reason may quote records.
	const secrets = secretsOf(node);
	return new NodeOperationError(
		node,
		redact(
			`${opts.vendor}: the listing of ${opts.what} is not complete: ` +
				`expected ${opts.expected} records, received ${opts.received} (${opts.reason})`,
			secrets,
		),
		{
			itemIndex: opts.itemIndex,
			description:
				`The tenant does not answer as the contract line "${opts.line}" says, so the node cannot prove it ` +
				'read every record and returns none. Run it again (records may have changed while the pages were ' +
				`read); if it repeats, narrow the listing (a shorter date range, filters) and ${reportLine(opts.line)}.`,
		},
	);
}

/**
 * A field a feature reads (a filter, a trigger key, Simplify's ID) that no record of an answer carries under any
 * of its names: the feature cannot work on this tenant, and saying so beats keeping every record, keying every
 * record alike or giving empty IDs. Names the field, the names tried, a few names the records do carry and the
 * contract line to fix.
 */
export function missingFieldError(
	node: INode,
	opts: {
		vendor: string;
		/** What needs the field, in the user's words ("Hide Deleted", "the trigger's booking key"). */
		feature: string;
		/** The field in words ("the deleted flag"). */
		field: string;
		/** The names it is read by (contract name first). */
		names: readonly string[];
		/** How many records the answer had. */
		count: number;
		/** A few names the records carry. */
		seen: readonly string[];
		/** The contract line the field is read by, as a user can report it ("FIELDS.account.deleted"). */
		line: string;
		/** What the user can do meanwhile (a node option), when there is something. */
		advice?: string;
		itemIndex?: number;
	},
): NodeOperationError {
	const records = opts.count === 1 ? 'the record' : `any of the ${opts.count} records`;
	const carry = opts.count === 1 ? 'does not carry it' : 'carry none';
	const seen = opts.seen.length ? opts.seen.join(', ') : 'no field names';
	const names = `${opts.names.join(', ')}, in any case or word style`;
	// The names the records carry are the vendor's text: redacted like every vendor text in an error.
	const secrets = secretsOf(node);
	return new NodeOperationError(
		node,
		`${opts.feature} needs ${opts.field}, and ${records} ${opts.vendor} answered ${carry} (read as ${names})`,
		{
			itemIndex: opts.itemIndex,
			description: redact(
				`The records carry ${seen}. This tenant names the field differently or leaves it out, and the node ` +
					`stops rather than give a wrong result. ${opts.advice ? `${opts.advice} ` : ''}` +
					`${reportLine(opts.line, true)} (it compares the contract line with your tenant's records).`,
				secrets,
			),
		},
	);
}

/** How to fix a failure, by HTTP status, in the user's words. */
export function hintForStatus(status: number | undefined, vendor: string, attempts = 1): string {
	switch (status) {
		case 400:
			return `${vendor} refused the request as invalid. Check the fields named in the message and their formats.`;
		case 401:
			return (
				`${vendor} did not accept the credentials. ` +
				`Open the ${vendor} credential, check the key or login, and test it.`
			);
		case 403:
			return (
				`The ${vendor} credential is valid but not allowed to do this (for example a read-only key). ` +
				'Use a key or user with the needed rights.'
			);
		case 404:
			return (
				`${vendor} has no record at this address. ` +
				'Check the ID (it may have been deleted) and the base URL in the credential.'
			);
		case 409:
			return `${vendor} reported a conflict with existing data. Reload the record and try again.`;
		case 429:
			return (
				`${vendor}'s rate limit was reached${attempts > 1 ? ' and the retries did not get through' : ''}. ` +
				'Run the workflow later or less often.'
			);
		default:
			if (status !== undefined && status < 300)
				return (
					'The answer did not have the expected format. ' +
					`Check that the base URL in the credential points at the ${vendor} API itself; if it does, try again later.`
				);
			if (status !== undefined && status >= 500)
				return `${vendor} had a server problem. Try again later; the node already retried safe requests.`;
			return (
				`The request to ${vendor} could not be completed. ` +
				'Check the base URL in the credential and your network or proxy settings.'
			);
	}
}

export interface VendorErrorDetails {
	/** The vendor's own message. */
	message?: string;
	/** The vendor's own error code. */
	code?: string | number;
	/** A fix specific to this vendor error (overrides the status hint). */
	hint?: string;
}

/**
 * Builds the NodeApiError a user sees for a failed vendor request: what happened, the vendor's message and
 * code, and how to fix it. Built from a clean object so request headers (keys, cookies) never travel along.
 * Every text is redacted with the secrets the request layer registered for the node (and any passed here)
 * before it is cut.
 */
export function vendorApiError(
	node: INode,
	failure: HttpFailure,
	opts: {
		vendor: string;
		itemIndex?: number;
		details?: VendorErrorDetails;
		secrets?: Array<string | undefined>;
		/** How the retries ended (attempts made; a Retry-After too long to wait). */
		retry?: { attempts: number; waitTooLongMs?: number };
	},
): NodeApiError {
	const { vendor, details = {} } = opts;
	const secrets = [...(opts.secrets ?? []), ...secretsOf(node)];
	const status = failure.status;
	const what =
		status !== undefined && status < 300
			? details.code !== undefined
				? // An error document (with the vendor's own code) sent with a success status.
					`${vendor} refused the request: ${details.message ?? failure.message}`
				: `${vendor} sent an unusable answer: ${details.message ?? failure.message}`
			: status !== undefined
				? `${vendor} answered ${status}${details.message ? `: ${details.message}` : ''}`
				: `${vendor} could not be reached${failure.code ? ` (${failure.code})` : ''}: ${failure.message}`;
	const code = details.code !== undefined ? ` [${vendor} code ${details.code}]` : '';
	const description = [
		retryNote(vendor, status, opts.retry),
		details.hint ?? hintForStatus(status, vendor, opts.retry?.attempts),
	]
		.filter(Boolean)
		.join(' ');
	const errorResponse: JsonObject = redact(
		{
			message: what + code,
			httpCode: status !== undefined ? String(status) : null,
			vendorCode: details.code ?? null,
			vendorMessage: details.message ?? null,
			body: sanitizeBody(failure.body, failure.bodyLimit ?? 2000, secrets),
		} as JsonObject,
		secrets,
	);
	const failureKind =
		status === 429
			? { cause: 'rate-limited' as const }
			: status === 401
				? { cause: 'credential-invalid' as const }
				: status !== undefined && status >= 500
					? { cause: 'temporarily-unavailable' as const }
					: undefined;
	return new NodeApiError(node, errorResponse, {
		message: redact(what + code, secrets),
		description: redact(description, secrets),
		httpCode: status !== undefined ? String(status) : undefined,
		itemIndex: opts.itemIndex,
		...(failureKind ? { failure: failureKind } : {}),
	});
}

/** The body an error shows: redacted first, then (a text) cut to `limit` characters. */
function sanitizeBody(body: unknown, limit: number, secrets: Array<string | undefined>): unknown {
	if (body === undefined || body === null) return null;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') return redactAndCut(body, limit, secrets);
	return body;
}

/** A validation error for one field of one item: what is wrong and how to fix it. */
export function fieldError(
	node: INode,
	field: string,
	problem: string,
	fix: string,
	itemIndex?: number,
): NodeOperationError {
	const secrets = secretsOf(node);
	return new NodeOperationError(node, redact(`${field}: ${problem}`, secrets), {
		description: redact(fix, secrets),
		itemIndex,
	});
}

/**
 * A successful answer without the list (or record) the API promises — an empty body, an unrelated document:
 * reported as an error, never read as "no more records" (that would present a partial listing as complete).
 */
export function unexpectedAnswer(
	node: INode,
	vendor: string,
	body: unknown,
	expected: string,
	itemIndex?: number,
	/** Where the contract line of the answer's shape is written (the vendor's reader of this answer). */
	where?: string,
): NodeApiError {
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: (JSON.stringify(body ?? null) ?? String(body));
	// The whole text goes in: vendorApiError redacts it with the node's secrets, then cuts it.
	return vendorApiError(
		node,
		{
			status: 200,
			headers: {},
			body: text,
			bodyLimit: 200,
			message: `the answer is not ${expected}${text.trim() === '' ? ' (it is empty)' : ''}`,
		},
		{
			vendor,
			itemIndex,
			details: where
				? {
						hint:
							`The answer does not have the shape the contract line "answer shape" (${where}) expects: ` +
							`${expected}. Meanwhile reach the endpoint with Custom API Call → Make an API Call. ` +
							`${reportLine('answer shape', true)}.`,
					}
				: undefined,
		},
	);
}

/**
 * Masks secrets in an error that is about to leave the node, in place: message, description, stack, and every
 * text it carries (the vendor's answer, context, causes). The last line of defence for errors built anywhere.
 */
export function scrubError<E>(error: E, secrets: string[]): E {
	if (secrets.length === 0 || error === null || typeof error !== 'object') return error;
	const seen = new WeakSet<object>();
	const scrub = (target: Record<string, unknown>, depth: number) => {
		if (seen.has(target) || depth > 6) return;
		seen.add(target);
		for (const key of ['message', 'description', 'stack']) {
			const value = target[key];
			if (typeof value === 'string') setQuietly(target, key, redact(value, secrets));
		}
		for (const key of Object.keys(target)) {
			if (key === 'node' || key === 'message' || key === 'description' || key === 'stack') continue;
			const value = target[key];
			if (typeof value === 'string') target[key] = redact(value, secrets);
			else if (Array.isArray(value)) target[key] = redact(value, secrets);
			else if (value instanceof Error)
				scrub(value as unknown as Record<string, unknown>, depth + 1);
			else if (value && typeof value === 'object') {
				if (!Buffer.isBuffer(value) && Object.getPrototypeOf(value) === Object.prototype)
					target[key] = redact(value, secrets);
				else scrub(value as Record<string, unknown>, depth + 1);
			}
		}
	};
	scrub(error as unknown as Record<string, unknown>, 0);
	return error;
}

function setQuietly(target: Record<string, unknown>, key: string, value: string): void {
	try {
		target[key] = value;
	} catch {
		Object.defineProperty(target, key, { value, writable: true, configurable: true });
	}
}
