import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { planningPmeBaseUrl } from '../nodes/PlanningPme/baseUrl';
import { accountKey, renewOnce } from '../nodes/shared/renewal';
import { redact } from '../nodes/shared/redact';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const LANGUAGES: Array<[string, string]> = [
	['Danish', 'da'],
	['Dutch', 'nl'],
	['English', 'en'],
	['Finnish', 'fi'],
	['French', 'fr'],
	['German', 'de'],
	['Italian', 'it'],
	['Japanese', 'ja'],
	['Norwegian', 'no'],
	['Polish', 'pl'],
	['Portuguese', 'pt'],
	['Russian', 'ru'],
	['Spanish', 'es'],
	['Swedish', 'sv'],
];

export class PlanningPmeApi implements ICredentialType {
	name = 'planningPmeApi';

	displayName = 'PlanningPME API';

	icon: Icon = {
		light: 'file:../icons/planningpme.svg',
		dark: 'file:../icons/planningpme.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/blob/main/docs/planningpme.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Brand Key',
			name: 'brand',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'mycompany',
			description:
				'Your PlanningPME brand: for the brand "MyCompany" enter mycompany (case does not matter). ' +
				'It is the part after the server in your API address.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production (api.planningpme.com)', value: 'production' },
				{ name: 'Trial (try.planningpme.com)', value: 'trial' },
				{ name: 'Custom Server', value: 'custom' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://planning.example.com',
			description: 'Server address without the brand (the brand key is added after it)',
			displayOptions: { show: { environment: ['custom'] } },
		},
		// The app key identifies the paying PlanningPME customer to the API (X-APPKEY): a secret, kept masked. Its
		// name says so ("apiKey"), which is how n8n's scanner tells a secret field from one masked by mistake.
		{
			displayName: 'App Key',
			name: 'appApiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The application key (sent as X-APPKEY). Find it in your PlanningPME account, or ask PlanningPME support.',
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{
					name: 'User Name and Password',
					value: 'password',
					description: 'Traditional authentication (grant_type=password)',
				},
				{
					name: 'Account Token',
					value: 'accountToken',
					description: 'Account authentication with a service account token (JWT bearer grant)',
				},
			],
			default: 'password',
		},
		{
			displayName: 'User Name',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: { show: { authMode: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['password'] } },
		},
		{
			displayName: 'Account Token',
			name: 'accountToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The service account token copied from the PlanningPME account application',
			displayOptions: { show: { authMode: ['accountToken'] } },
		},
		{
			displayName: 'Response Language',
			name: 'language',
			type: 'options',
			options: [
				{ name: 'Server Default', value: '' },
				...LANGUAGES.map(([name, value]) => ({ name, value })),
			],
			default: '',
			description: 'Language of PlanningPME messages such as errors (Accept-Language)',
		},
		{
			displayName: 'Planning Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'Europe/Paris',
			description:
				'IANA time zone of your planning. Planned task times carry no offset; ' +
				"they are read and written in this zone. Empty: the workflow's time zone.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Logs in once per token lifetime: n8n calls this when the token is empty and again after a 401. When
	 * several requests see the same expired token (pages fetched in parallel, executions at once in one worker),
	 * the first one logs in and the others take its fresh token (nodes/shared/renewal.ts).
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const base = planningPmeBaseUrl(credentials);
		const account = accountKey([
			base,
			credentials.appApiKey,
			credentials.authMode,
			credentials.username,
			credentials.password,
			credentials.accountToken,
		]);
		const result = await renewOnce(
			account,
			String(credentials.accessToken ?? ''),
			() => login.call(this, base, credentials),
			(r) => (r.expiresIn - 60) * 1000,
		);
		return { accessToken: result.accessToken };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = {
			...(requestOptions.headers ?? {}),
			'X-APPKEY': String(credentials.appApiKey ?? ''),
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		};
		if (credentials.language) headers['Accept-Language'] = String(credentials.language);
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{(($credentials.environment === "custom" ? $credentials.baseUrl : ($credentials.environment === "trial" ? "https://try.planningpme.com" : "https://api.planningpme.com")) || "").trim().replace(/\\/+$/, "") + "/" + ($credentials.brand || "").trim().toLowerCase()}}',
			url: '/api/config',
			headers: { Accept: 'application/json' },
		},
	};
}

/** `POST <brand>/token`, form-encoded, with the app key. */
async function login(
	this: IHttpRequestHelper,
	base: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; expiresIn: number }> {
	const form: Record<string, string> =
		credentials.authMode === 'accountToken'
			? { grant_type: JWT_BEARER_GRANT, assertion: String(credentials.accountToken ?? '') }
			: {
					grant_type: 'password',
					username: String(credentials.username ?? ''),
					password: String(credentials.password ?? ''),
				};
	const headers: Record<string, string> = {
		'X-APPKEY': String(credentials.appApiKey ?? ''),
		'Content-Type': 'application/x-www-form-urlencoded',
		Accept: 'application/json',
	};
	if (credentials.language) headers['Accept-Language'] = String(credentials.language);
	let answer: { statusCode: number; body: unknown };
	try {
		answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${base}/token`,
			headers,
			body: new URLSearchParams(form).toString(),
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		// Network failures: report without the request (it holds the password or token).
		throw loginError(undefined, undefined, (error as Error).message, secretsOf(credentials));
	}
	const body = (typeof answer.body === 'string' ? safeJson(answer.body) : answer.body) as
		| IDataObject
		| undefined;
	const token = body && typeof body.access_token === 'string' ? body.access_token : undefined;
	if (answer.statusCode >= 300 || !token)
		throw loginError(answer.statusCode, body, undefined, secretsOf(credentials));
	const expiresIn = typeof body?.expires_in === 'number' ? body.expires_in : 8 * 3600;
	return { accessToken: token, expiresIn };
}

/** The credential's secret values, masked in a login error (it may reach n8n's credential test directly). */
function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return [
		credentials.appApiKey,
		credentials.password,
		credentials.accountToken,
		credentials.accessToken,
	].filter((v): v is string => typeof v === 'string');
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * A failed login as an error n8n and the nodes can read (status and the OAuth error body), with no part of
 * the request: the form holds the password or the account token.
 */
function loginError(
	status: number | undefined,
	body: IDataObject | undefined,
	networkMessage: string | undefined,
	secrets: string[],
): Error {
	const code = body && typeof body.error === 'string' ? body.error : undefined;
	const description =
		body && typeof body.error_description === 'string' ? body.error_description : undefined;
	const text =
		networkMessage !== undefined
			? `The PlanningPME login could not be reached: ${networkMessage}`
			: `PlanningPME refused the login${status ? ` (${status}${code ? ` ${code}` : ''})` : ''}: ` +
				`${description ?? body?.Message ?? 'no token in the answer'}`;
	// The login's answer may echo what was sent (the password, the app key, the account token).
	const error = new Error(redact(text, secrets)) as Error & {
		response?: unknown;
		httpCode?: string;
	};
	if (status !== undefined) {
		error.response = { status, headers: {}, data: redact(body ?? null, secrets) };
		error.httpCode = String(status);
	}
	return error;
}
