import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { serverUrl } from '../nodes/BookingsOne/baseUrl';

export class BookingsOneApi implements ICredentialType {
	name = 'bookingsOneApi';

	displayName = 'Bookings ONE API';

	icon: Icon = {
		light: 'file:../icons/bookingsone.svg',
		dark: 'file:../icons/bookingsone.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/blob/main/docs/bookingsone.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'serverUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://bookings.example.com',
			description:
				'Address of your own Bookings ONE server (https). The API paths under /API/external are added by the node.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Created in the Bookings ONE Management console → Settings → API authentication. It is ' +
				'shown only once; tokens can be limited to IP addresses and can expire.',
		},
		{
			displayName: 'Send Token As',
			name: 'authMethod',
			type: 'options',
			options: [
				{
					name: 'Authorization Header',
					value: 'header',
					description: 'Authorization: <token> (no "Bearer")',
				},
				{
					name: 'HTTP Basic (Token as User Name)',
					value: 'basic',
					description: 'Basic authentication with the token as user name and no password',
				},
			],
			default: 'header',
		},
	];

	/**
	 * The Server URL is checked here too, as the node does: the credential test builds its request from it
	 * directly, and a crafted address (user info, "?", "#", line breaks, other schemes, plain http outside
	 * 127.0.0.1/localhost) must not receive the token. The message names the field.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		serverUrl(credentials);
		// A pasted "Bearer " prefix would be refused: Bookings ONE expects the bare token.
		const token = String(credentials.accessToken ?? '')
			.trim()
			.replace(/^Bearer\s+/i, '');
		const authorization =
			credentials.authMethod === 'basic'
				? `Basic ${Buffer.from(`${token}:`).toString('base64')}`
				: token;
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), Authorization: authorization },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			// authenticate() has checked the address (https only, plain http only for 127.0.0.1/localhost).
			baseURL:
				'={{$credentials.serverUrl.trim().replace(/\\/+$/, "").replace(/\\/API\\/external$/i, "")}}/API/external',
			url: '/system/v1/information',
			headers: { Accept: 'application/json' },
		},
	};
}
