import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { brpBaseUrl } from '../nodes/Brp/baseUrl';

/**
 * BRP API2: the API key goes in the `apikey` query parameter of every call; calls made as a person add that
 * person's login as HTTP Basic authentication (user name = e-mail, card number or customer number). There is
 * no session to keep: nothing is logged in per execution.
 */
export class BrpApi implements ICredentialType {
	name = 'brpApi';

	displayName = 'BRP API';

	icon: Icon = { light: 'file:../icons/brp.svg', dark: 'file:../icons/brp.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/blob/main/docs/brp.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://yourcompany.brpsystems.com/brponline/api/ver2/',
			description: 'Your BRP API address up to and including /api/ver2/ (BRP calls it APIURL)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API key BRP gave you; it is sent as the apikey parameter of every call',
		},
		{
			displayName: 'Key Level',
			name: 'keyLevel',
			type: 'options',
			options: [
				{ name: 'Level 1 (Public Information)', value: 1 },
				{ name: 'Level 2 (Logged-in Persons)', value: 2 },
				{ name: 'Level 3 (Integration: Any Person, Resource Bookings)', value: 3 },
			],
			default: 2,
			description:
				'The level BRP gave the key. Level 3 may list every booking of a resource or business unit, ' +
				'act for any person (Person ID) and list persons.',
		},
		{
			displayName: 'Person Login',
			name: 'username',
			type: 'string',
			default: '',
			placeholder: 'name@example.com',
			description:
				'Optional: e-mail, card number or customer number of the person the calls are made as ' +
				'(needed for "my bookings" without a level 3 key)',
		},
		{
			displayName: 'Person Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { hide: { username: [''] } },
		},
	];

	/**
	 * The base URL is checked here too (the same checks as the node: https, no user info, query or fragment,
	 * ending with /api/ver2/): the credential test builds its request from it directly, and a crafted address
	 * must not receive the key.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		brpBaseUrl(credentials);
		const qs = { ...(requestOptions.qs ?? {}), apikey: String(credentials.apiKey ?? '') };
		const username = typeof credentials.username === 'string' ? credentials.username.trim() : '';
		if (!username) return { ...requestOptions, qs };
		return {
			...requestOptions,
			qs,
			auth: { username, password: String(credentials.password ?? '') },
		};
	}

	/**
	 * Without a person login: the business units (any key level may read them). With one: that person's own
	 * service bookings (BRP's default window, today + 14 days) — a read that needs the person logged in, so a
	 * wrong person password fails the test; business units are public information that a BRP install may serve
	 * without checking the login at all.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{ String($credentials.username ?? "").trim() ? "/servicebookings.xml" : "/businessunits.xml" }}',
			headers: { Accept: 'application/xml' },
		},
	};
}
