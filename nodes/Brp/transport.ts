import { DateTime } from 'luxon';
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { fieldValue } from '../shared/fieldReader';
import { unexpectedAnswer, type HttpFailure, type VendorErrorDetails } from '../shared/errors';
import { vendorRequest, type VendorClient } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { brpBaseUrl } from './baseUrl';
import { ERROR_CODES, PARAMS, PATHS, READ_FORMAT, TIME_ZONE, WRITE_FORMAT } from './contract';
import { brpErrors, normalizeValue, parseAnswer } from './xml';

/** An answer's body as text (a string, a buffer or an already parsed object). */
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

/** BRP's client for the shared request function: credential, base URL, secrets, and how answers and errors read. */
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
					message:
						`${(error as Error).message}. Check that the Base URL in the credential ` +
						`points at BRP's API (…/api/ver2/)`,
				},
			};
		}
	},
};

export interface BrpRequest {
	method: IHttpRequestMethods;
	/** Path after the base URL, without or with the `.xml`/`.json` extension. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Default: XML for reads, JSON for writes. Ignored when the path has an extension. */
	format?: 'xml' | 'json';
	/** The list the answer must hold (e.g. "servicebookings"); an answer without it is an error, never "none". */
	list?: string;
	itemIndex?: number;
	/** `{body, headers, statusCode}` instead of the body (API Contract → Check quotes headers). */
	returnFullResponse?: boolean;
}

/** One BRP call; returns the answer as clean JSON (see xml.ts). */
export async function brpRequest(this: RequestContext, request: BrpRequest): Promise<IDataObject> {
	const path = request.path.replace(/^\/+/, '');
	const hasExtension = /\.(xml|json)$/i.test(path);
	const format = request.format ?? (request.method === 'GET' ? READ_FORMAT : WRITE_FORMAT);
	const headers: Record<string, string> = {
		Accept: (hasExtension ? /\.json$/i.test(path) : format === 'json')
			? 'application/json'
			: 'application/xml, text/xml',
	};
	if (request.body !== undefined) headers['Content-Type'] = 'application/json';
	const answer = (await vendorRequest.call(this, brpClient, {
		method: request.method,
		path: hasExtension ? path : `${path}.${format}`,
		qs: request.qs,
		body: request.body,
		headers,
		json: false,
		encoding: 'text',
		itemIndex: request.itemIndex,
		returnFullResponse: request.returnFullResponse,
	})) as IDataObject;
	if (request.returnFullResponse) return answer;
	if (request.list && !(request.list in answer)) {
		// The list under its name in any case or word style (the field reader), or a bare array (parseAnswer's
		// `items`). Another list (<persons> where <servicebookings> was asked) is another endpoint's answer: an
		// error naming the contract line of the answer's shape — never an empty list, never other records.
		const named = fieldValue(answer, request.list);
		const bare = Object.keys(answer).length === 1 ? answer.items : undefined;
		const list = named !== undefined ? named : bare;
		if (list === undefined || (list !== null && typeof list !== 'object'))
			throw unexpectedAnswer(
				this.getNode(),
				brpClient.vendor,
				answer,
				`a <${request.list}> list (it starts with <${Object.keys(answer)[0] ?? 'nothing'}>)`,
				request.itemIndex,
				'a BRP list answer under its <name>; another list usually means that the Base URL points elsewhere',
			);
		return { [request.list]: normalizeValue(request.list, list) as IDataObject[] };
	}
	return answer;
}

/** The records of a list answer (`{servicebookings: [...]}` → the array). */
export function listOf(answer: IDataObject, key: string): IDataObject[] {
	const value = answer[key];
	if (Array.isArray(value)) return value as IDataObject[];
	if (value && typeof value === 'object') return [value as IDataObject];
	return [];
}

/** Every business unit, hidden ones included (for the pickers: a workflow may need a hidden one). */
export async function listAllBusinessUnits(this: RequestContext): Promise<IDataObject[]> {
	const answer = await brpRequest.call(this, {
		method: 'GET',
		path: PATHS.businessUnits,
		qs: { [PARAMS.showAll]: true },
		list: 'businessunits',
	});
	return listOf(answer, 'businessunits');
}

/** A Stockholm calendar date for BRP's Date parameters. */
export function brpDate(value: DateTime): string {
	return value.setZone(TIME_ZONE).toFormat('yyyy-MM-dd');
}

/** The key level the user set in the credential (1–3). */
export async function keyLevel(this: RequestContext): Promise<{ level: number; login: boolean }> {
	const credentials = await this.getCredentials(brpClient.credentialType);
	return {
		level: Number(credentials.keyLevel ?? 2),
		login: typeof credentials.username === 'string' && credentials.username.trim() !== '',
	};
}
