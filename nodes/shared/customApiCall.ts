import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { fieldError } from './errors';
import { jsonParameter } from './fields';
import type { VendorRequest } from './request';
import type { Operation, Resource } from './types';

export type RequestFunction = (this: IExecuteFunctions, request: VendorRequest) => Promise<unknown>;

/**
 * "Custom API Call": any method and path of the vendor's API through the node's credential, session
 * handling, retries and error messages — for what the node does not model (yet).
 */
export function customApiCallResource(opts: {
	vendor: string;
	request: RequestFunction;
	pathPlaceholder: string;
	pathHint: string;
	/** Extra fields, e.g. a response format. */
	extraProperties?: Operation['properties'];
	/** Adds vendor-specific settings to the request from the extra fields. */
	prepare?: (this: IExecuteFunctions, request: VendorRequest, itemIndex: number) => VendorRequest;
}): Resource {
	const call: Operation = {
		name: 'Make an API Call',
		value: 'call',
		action: `Make a ${opts.vendor} API call`,
		description: `Call any ${opts.vendor} API method with this node's credential`,
		properties: [
			{
				displayName: 'Method',
				name: 'method',
				type: 'options',
				options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
				default: 'GET',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				required: true,
				default: '',
				placeholder: opts.pathPlaceholder,
				description: opts.pathHint,
			},
			{
				displayName: 'Query Parameters (JSON)',
				name: 'query',
				type: 'json',
				default: '{}',
				description: 'Query parameters as a JSON object; arrays repeat the parameter',
			},
			{
				displayName: 'Body (JSON)',
				name: 'body',
				type: 'json',
				default: '',
				displayOptions: { show: { method: ['PATCH', 'POST', 'PUT', 'DELETE'] } },
				description: 'Request body as JSON; leave empty to send none',
			},
			...(opts.extraProperties ?? []),
			{
				displayName: 'Split Arrays Into Items',
				name: 'splitArrays',
				type: 'boolean',
				default: true,
				description: 'Whether to output one item per element when the answer is an array',
			},
		],
		async execute(this: IExecuteFunctions, i: number) {
			const method = this.getNodeParameter('method', i) as IHttpRequestMethods;
			const path = String(this.getNodeParameter('path', i, '')).trim();
			if (!path)
				throw fieldError(
					this.getNode(),
					'Path',
					'is empty',
					`Enter the API path, for example ${opts.pathPlaceholder}.`,
					i,
				);
			const query = jsonParameter(this, 'query', 'Query Parameters (JSON)', i, {});
			if (typeof query !== 'object' || query === null || Array.isArray(query)) {
				throw fieldError(
					this.getNode(),
					'Query Parameters (JSON)',
					'must be a JSON object',
					'Enter an object such as {"page": 0}.',
					i,
				);
			}
			const body =
				method === 'GET' ? undefined : jsonParameter(this, 'body', 'Body (JSON)', i, undefined);
			let request: VendorRequest = {
				method,
				path,
				qs: query as IDataObject,
				body,
				itemIndex: i,
				arrayFormat: 'repeat',
			};
			if (opts.prepare) request = opts.prepare.call(this, request, i);
			const answer = await opts.request.call(this, request);
			const split = this.getNodeParameter('splitArrays', i, true) as boolean;
			if (Array.isArray(answer) && split)
				return answer.map((entry) => (isObject(entry) ? entry : { value: entry }));
			if (isObject(answer)) return answer;
			if (answer === undefined || answer === null || answer === '') return { success: true };
			return { value: answer };
		},
	};
	return { name: 'Custom API Call', value: 'customApiCall', operations: [call] };
}

function isObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)
	);
}
