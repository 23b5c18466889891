import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { hubPlannerBaseUrl } from '../nodes/HubPlanner/baseUrl';

export class HubPlannerApi implements ICredentialType {
	name = 'hubPlannerApi';

	displayName = 'Hub Planner API';

	icon: Icon = { light: 'file:../icons/hubplanner.svg', dark: 'file:../icons/hubplanner.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/blob/main/docs/hubplanner.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'In Hub Planner: Settings → API → Generate key. A Read Only key can read; ' +
				'creating, changing, approving and deleting bookings and the trigger need a Read & Write key.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubplanner.com/v1',
			description: 'Leave as it is unless Hub Planner gave you another API address',
		},
	];

	/**
	 * Hub Planner expects the bare key, without "Bearer". The base URL is checked here too: the credential test
	 * builds its request from it directly, and a crafted address must not receive the key.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		hubPlannerBaseUrl(credentials);
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: String(credentials.apiKey ?? ''),
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/resource',
			qs: { limit: 1, page: 0 },
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
	};
}
