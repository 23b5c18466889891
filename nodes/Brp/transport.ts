import { DateTime } from 'luxon';
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { fieldValue } from '../shared/fieldReader';
import { unexpectedAnswer } from '../shared/errors';
import { vendorRequest } from '../shared/request';
import type { RequestContext } from '../shared/types';
import { brpClient } from './client';
import { normalizeValue } from './xml';
import { PARAMS, PATHS, READ_FORMAT, TIME_ZONE, WRITE_FORMAT } from './contract';

export * from './contract';
export { brpBaseUrl } from './baseUrl';
export { brpClient } from './client';

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
	})) as IDataObject;
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
