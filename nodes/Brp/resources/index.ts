import { apiContract } from './apiContract/check';
import type { IExecuteFunctions } from 'n8n-workflow';
import { customApiCallResource } from '../../shared/customApiCall';
import type { VendorRequest } from '../../shared/request';
import type { Resource } from '../../shared/types';
import { brpRequest } from '../transport';
import { operation as getBusinessUnits } from './businessUnit/getAll';
import { operation as createPerson } from './person/create';
import { operation as getPerson } from './person/get';
import { operation as getPersons } from './person/getAll';
import { operation as updatePerson } from './person/update';
import { operation as getResources } from './resource/getAll';
import { operation as getServiceBookings } from './serviceBooking/getAll';
import { operation as updateServiceBooking } from './serviceBooking/update';

/** Custom API Call through the BRP credential: the answer is parsed like every other (XML or JSON → clean JSON). */
async function customRequest(this: IExecuteFunctions, request: VendorRequest): Promise<unknown> {
	const answer = await brpRequest.call(this, {
		method: request.method,
		path: request.path,
		qs: request.qs,
		body: request.body as never,
		itemIndex: request.itemIndex,
	});
	// A list document ({"servicebookings": [...]}) becomes its records.
	const keys = Object.keys(answer);
	if (keys.length === 1 && Array.isArray(answer[keys[0]])) return answer[keys[0]];
	return answer;
}

const DEFAULT_SERVICE_BOOKING_OPERATION = 'getAll';

export const resources: Resource[] = [
	{
		name: 'Service Booking',
		value: 'serviceBooking',
		operations: [getServiceBookings, updateServiceBooking],
		defaultOperation: DEFAULT_SERVICE_BOOKING_OPERATION,
	},
	{
		name: 'Person',
		value: 'person',
		operations: [getPerson, getPersons, createPerson, updatePerson],
		defaultOperation: 'get',
	},
	{ name: 'Business Unit', value: 'businessUnit', operations: [getBusinessUnits] },
	{ name: 'Resource', value: 'resource', operations: [getResources] },
	apiContract,
	customApiCallResource({
		vendor: 'BRP',
		request: customRequest,
		pathPlaceholder: 'products',
		pathHint:
			'Path after the base URL, e.g. products or persons/23 ' +
			'(the format’s .xml or .json is added unless the path has one)',
		extraProperties: [
			{
				displayName: 'Format',
				name: 'format',
				type: 'options',
				options: [
					{ name: 'XML', value: 'xml' },
					{ name: 'JSON', value: 'json' },
				],
				default: 'xml',
				description:
					'The format BRP answers in (the path’s extension); both are turned into the same clean JSON',
			},
		],
		prepare(this: IExecuteFunctions, request: VendorRequest, itemIndex: number): VendorRequest {
			const format = this.getNodeParameter('format', itemIndex, 'xml') as string;
			const path = request.path.replace(/^\/+/, '');
			return { ...request, path: /\.(xml|json)$/i.test(path) ? path : `${path}.${format}` };
		},
	}),
];
