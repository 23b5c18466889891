import type { IDataObject } from 'n8n-workflow';
import type { HttpFailure, VendorErrorDetails } from '../shared/errors';
import type { VendorClient } from '../shared/request';
import { brpBaseUrl } from './baseUrl';
import { ERROR_CODES } from './contract';
import { brpErrors, parseAnswer } from './xml';

/** BRP's client for the shared request function: credential, base URL, secrets, and how answers and errors read. */
export function textOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body && typeof body === 'object') return JSON.stringify(body);
	return undefined;
}

/** BRP's `<errors>` (code, name, message, debug info) from any answer, whatever its status. */
export function errorDetails(body: unknown): VendorErrorDetails | undefined {
	const text = textOf(body);
	if (!text) return undefined;
	let parsed: IDataObject;
	try {
		parsed = parseAnswer(text);
	} catch {
		return undefined;
	}
	const errors = brpErrors(parsed);
	if (!errors || errors.length === 0) return undefined;
	const first = errors[0];
	const code = Number(first.code);
	const known = ERROR_CODES[code];
	const parts = errors.map((e) => {
		const c = Number(e.code);
		const name = ERROR_CODES[c]?.name ?? (e.message ? String(e.message) : 'error');
		const detail = [e.message && e.message !== name ? e.message : undefined, e.debuginfo]
			.filter(Boolean)
			.join(' — ');
		return `${Number.isFinite(c) ? `${c} ` : ''}${name}${detail ? `: ${detail}` : ''}`;
	});
	return {
		message: parts.join('; '),
		code: Number.isFinite(code) ? code : first.code,
		hint: known?.hint ?? 'Check the fields named in the message.',
	};
}

export const brpClient: VendorClient = {
	vendor: 'BRP',
	credentialType: 'brpApi',
	baseUrl: brpBaseUrl,
	secretFields: ['apiKey', 'password'],
	errorDetails: (failure: HttpFailure) => errorDetails(failure.body),
	// Every answer is parsed once, here: an error document or an unreadable answer (status 200) is a failure,
	// anything else is what brpRequest returns.
	readAnswer(body, full) {
		const text = textOf(body) ?? '';
		try {
			const parsed = parseAnswer(text);
			if (brpErrors(parsed))
				return {
					failure: {
						status: full.statusCode,
						headers: full.headers,
						body: text,
						message: 'BRP refused the request',
					},
				};
			return { value: parsed };
		} catch (error) {
			return {
				failure: {
					status: full.statusCode,
					headers: full.headers,
					body: text,
					bodyLimit: 200,
					message: `${(error as Error).message}. Check that the Base URL in the credential points at BRP's API (…/api/ver2/)`,
				},
			};
		}
	},
};
