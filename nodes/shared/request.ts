import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	readHttpFailure,
	scrubError,
	vendorApiError,
	type HttpFailure,
	type VendorErrorDetails,
} from './errors';
import { DEFAULT_RETRY, parseRetryAfter, withRetry, type RetryPolicy } from './retry';
import { pauseLane, startRequest, tooLongMessage, type RateLimit } from './scheduler';
import { registerSecrets, secretsOf } from './secrets';
import type { RequestContext } from './types';

/** Everything that makes one vendor's HTTP different; each vendor's transport.ts defines one. */
export interface VendorClient {
	/** Display name used in messages, e.g. "Hub Planner". */
	vendor: string;
	credentialType: string;
	/** Base URL from the credential (validated by the vendor), without a trailing slash. */
	baseUrl(credentials: ICredentialDataDecryptedObject): string;
	/** Credential fields holding secrets, masked in every message. */
	secretFields: string[];
	/**
	 * Secret fields a login fills in during a request (a session, a token): when one is empty as a request
	 * starts, the credential is read again after it, so that the new value is masked too.
	 */
	sessionFields?: string[];
	headers?: Record<string, string>;
	/** The vendor's own message and code from a failed answer. */
	errorDetails?(failure: HttpFailure): VendorErrorDetails | undefined;
	/**
	 * Checks a successful answer (e.g. an HTML page or an error document sent with status 200) and returns a
	 * failure to report instead, or undefined when the answer is good.
	 */
	checkAnswer?(
		body: unknown,
		full: { headers: Record<string, string>; statusCode: number },
	): HttpFailure | undefined;
	/**
	 * For vendors whose answers must be parsed anyway (BRP's XML): reads a successful answer into what the
	 * request returns, or a failure to report instead. Takes the place of checkAnswer.
	 */
	readAnswer?(
		body: unknown,
		full: { headers: Record<string, string>; statusCode: number },
	): { value: unknown } | { failure: HttpFailure };
	policy?: RetryPolicy;
	timeoutMs?: number;
	/** The vendor's documented rate limits (its contract.ts): requests are paced under them (scheduler.ts). */
	rateLimits?: readonly RateLimit[];
}

export interface VendorRequest {
	method: IHttpRequestMethods;
	/** Path relative to the credential's base URL, e.g. "/booking/123". Absolute URLs are refused. */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	headers?: Record<string, string>;
	/** Parse the answer as JSON (default true). */
	json?: boolean;
	/** Safe to repeat after a 5xx or a dropped connection (default: GET, HEAD, PUT, DELETE, OPTIONS). */
	idempotent?: boolean;
	/** Return `{body, headers, statusCode}` instead of the body. */
	returnFullResponse?: boolean;
	encoding?: IHttpRequestOptions['encoding'];
	/** Repeated query keys (`sort=a&sort=b`) instead of brackets. */
	arrayFormat?: IHttpRequestOptions['arrayFormat'];
	/** For messages: the item the request belongs to. */
	itemIndex?: number;
	/** Secret values this request carries besides the credential's (a webhook secret): masked in every error. */
	secrets?: string[];
}

export interface FullResponse {
	body: unknown;
	headers: Record<string, string>;
	statusCode: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Joins a base URL and a relative path; refuses anything that would leave the base URL's host. */
export function joinUrl(base: string, path: string): string {
	if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || /[\r\n]/.test(path)) {
		throw new Error(
			`The path "${path}" must be relative to the base URL (like /booking/123), not a full URL.`,
		);
	}
	const cleanBase = base.replace(/\/+$/, '');
	const cleanPath = path.replace(/^\/+/, '');
	return cleanPath ? `${cleanBase}/${cleanPath}` : cleanBase;
}

/**
 * The one way this package talks to a vendor: n8n's httpRequestWithAuthentication (credentials, proxy, SSL,
 * preAuthentication and its 401 re-login stay n8n's), plus retry with backoff and clear, secret-free errors.
 */
export async function vendorRequest(
	this: RequestContext,
	client: VendorClient,
	request: VendorRequest,
): Promise<unknown> {
	const credentials = await this.getCredentials(client.credentialType);
	// Registered for the node, so that every error built for it masks them (nodes/shared/secrets.ts).
	const node = this.getNode();
	const secrets = [
		...client.secretFields.map((f) => credentials[f] as string | undefined),
		...(request.secrets ?? []),
	];
	registerSecrets(node, secrets);
	let base: string;
	try {
		base = client.baseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`${client.vendor} credential: ${(error as Error).message}`,
			{
				itemIndex: request.itemIndex,
				description: `Open the ${client.vendor} credential and correct the address.`,
			},
		);
	}
	let url: string;
	try {
		url = joinUrl(base, request.path);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex: request.itemIndex,
			description: 'Enter only the part after the base URL that the credential already holds.',
		});
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body as IHttpRequestOptions['body'],
		headers: { ...(client.headers ?? {}), ...(request.headers ?? {}) },
		json: request.json ?? true,
		returnFullResponse: true,
		timeout: client.timeoutMs ?? 120_000,
		...(request.encoding ? { encoding: request.encoding } : {}),
		...(request.arrayFormat ? { arrayFormat: request.arrayFormat } : {}),
	};
	if (options.body === undefined) delete options.body;
	const idempotent = request.idempotent ?? IDEMPOTENT.has(request.method.toUpperCase());
	const policy = client.policy ?? DEFAULT_RETRY;
	// One scheduler lane per credential (its id; the base URL where a test context has none).
	const lane = `${client.credentialType}:${node.credentials?.[client.credentialType]?.id ?? base}`;
	const settled = await withRetry<FullResponse>(
		async () => {
			const slot = await startRequest(lane, client.rateLimits ?? [], policy.maxDelayMs);
			if (!('done' in slot))
				throw new NodeOperationError(node, `${client.vendor}: ${tooLongMessage(slot)}`, {
					itemIndex: request.itemIndex,
					description:
						`No request was sent. Run the workflow again later, or spread its requests over more ` +
						`time (contract line "${slot.limit.line}").`,
				});
			const sent = this.helpers.httpRequestWithAuthentication.call(this, client.credentialType, {
				...options,
				headers: { ...(options.headers as IDataObject) },
			}) as Promise<FullResponse>;
			sent.then(
				() => slot.done(),
				(error: unknown) => {
					slot.done();
					const failure = readHttpFailure(error);
					const wait = parseRetryAfter(failure.headers['retry-after']);
					// Every request on the credential waits this out together (scheduler.ts).
					if (failure.status === 429 && wait !== undefined && wait <= policy.maxDelayMs)
						pauseLane(lane, wait);
				},
			);
			const answer = await sent;
			const headers = lowerCaseHeaders(answer.headers);
			if (client.readAnswer) {
				const read = client.readAnswer(answer.body, { headers, statusCode: answer.statusCode });
				if ('failure' in read) throw new AnswerError(read.failure);
				return { body: read.value, headers, statusCode: answer.statusCode };
			}
			const bad =
				client.checkAnswer?.(answer.body, { headers, statusCode: answer.statusCode }) ??
				(options.json && request.encoding === undefined
					? checkJsonAnswer(answer.body, headers, answer.statusCode)
					: undefined);
			if (bad) throw new AnswerError(bad);
			return { body: answer.body, headers, statusCode: answer.statusCode };
		},
		{ idempotent, policy },
	);
	if (settled.ok) {
		if (client.sessionFields?.some((f) => !credentials[f]))
			await registerCurrentSecrets(this, client, node);
		return request.returnFullResponse ? settled.value : settled.value.body;
	}
	// A login during the request may have replaced a session or token: its new value is masked too.
	await registerCurrentSecrets(this, client, node);
	const error = settled.error;
	if (error instanceof NodeOperationError)
		throw scrubError(new NodeOperationError(this.getNode(), error), secretsOf(node));
	const failure = error instanceof AnswerError ? error.failure : readHttpFailure(error);
	throw vendorApiError(this.getNode(), failure, {
		vendor: client.vendor,
		itemIndex: request.itemIndex,
		details: client.errorDetails?.(failure),
		secrets,
		retry: settled.outcome,
	});
}

/** Registers the credential's secret values as stored now (a failed read changes nothing). */
async function registerCurrentSecrets(
	ctx: RequestContext,
	client: VendorClient,
	node: ReturnType<RequestContext['getNode']>,
): Promise<void> {
	try {
		const now = await ctx.getCredentials(client.credentialType);
		registerSecrets(
			node,
			client.secretFields.map((f) => now[f]),
		);
	} catch {
		// The credential could not be read again: the values registered before the request still apply.
	}
}

/** A 2xx answer that is not what the API promises (an HTML page, a cut-off JSON document). */
class AnswerError extends Error {
	constructor(readonly failure: HttpFailure) {
		super(failure.message);
	}
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	const withJson = headers as { toJSON?: () => object } | undefined;
	const source =
		withJson && typeof withJson.toJSON === 'function' ? withJson.toJSON() : (headers ?? {});
	for (const [key, value] of Object.entries(source as object))
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	return out;
}

/** With JSON expected, a string body means the server sent something else (HTML, truncated JSON). */
function checkJsonAnswer(
	body: unknown,
	headers: Record<string, string>,
	statusCode: number,
): HttpFailure | undefined {
	if (typeof body !== 'string' || body.trim() === '') return undefined;
	const type = headers['content-type'] ?? '';
	if (type.includes('json')) {
		// n8n hands over a JSON string value ("sub-1") already parsed; only an object or array that does not
		// parse is a document that was cut off.
		if (!/^\s*[[{]/.test(body)) return undefined;
		try {
			JSON.parse(body);
			return undefined;
		} catch {
			return {
				status: statusCode,
				headers,
				body,
				bodyLimit: 200,
				message: 'The answer was cut off or is not valid JSON',
			};
		}
	}
	if (/^\s*</.test(body)) {
		return {
			status: statusCode,
			headers,
			body,
			bodyLimit: 200,
			message:
				'The answer was an HTML or XML page instead of JSON (a login page, a proxy or a maintenance page?)',
		};
	}
	return undefined;
}
