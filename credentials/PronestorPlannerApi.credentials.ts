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
import { methodPath, NO_SESSION, pronestorBaseUrl } from '../nodes/PronestorPlanner/baseUrl';
import { CREDENTIAL_TEST_METHOD, LOGIN } from '../nodes/PronestorPlanner/contract';
import { accountKey, renewOnce } from '../nodes/shared/renewal';

/**
 * Pronestor Planner: every API call needs the cookie(s) the Authenticate method sets. The cookie jar is kept in
 * the hidden expirable field `sessionToken`: n8n logs in when it is empty, stores it (encrypted) for later
 * executions, and logs in again once when a call answers 401 (the session expired).
 */
export class PronestorPlannerApi implements ICredentialType {
	name = 'pronestorPlannerApi';

	displayName = 'Pronestor Planner API';

	icon: Icon = { light: 'file:../icons/pronestor.svg', dark: 'file:../icons/pronestor.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/blob/main/docs/pronestor.md#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Site',
			name: 'deployment',
			type: 'options',
			options: [
				{ name: 'Pronestor Cloud (<tenant>.pronestor.com)', value: 'cloud' },
				{ name: 'Custom URL (on-premise)', value: 'custom' },
			],
			default: 'cloud',
		},
		{
			displayName: 'Tenant Name',
			name: 'tenant',
			type: 'string',
			default: '',
			placeholder: 'customername',
			description:
				'The name in your site address: for https://customername.pronestor.com enter customername (a name, not an address)',
			displayOptions: { show: { deployment: ['cloud'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://planner.example.com',
			description: 'Address of your Pronestor Planner site (the part before /api.mvc)',
			displayOptions: { show: { deployment: ['custom'] } },
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Username and Password',
					value: 'session',
					description: 'Log in with the Authenticate method (the usual case)',
				},
				{
					name: 'None (Authentication Bypass)',
					value: 'none',
					description:
						'Only for on-premise sites with AllowAuthenticationBypass set to true in AppSetting.config',
				},
			],
			default: 'session',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: { show: { authentication: ['session'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['session'] } },
		},
		// The logged-in session cookie works like a password until it expires: a secret, kept masked. Its name
		// says so ("token"), which is how n8n's scanner tells a secret field from one masked by mistake.
		{
			displayName: 'Session Cookie',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * When several requests find the same expired session at once (executions at once in one worker), the first
	 * one logs in and the others take its cookie (nodes/shared/renewal.ts): while that login is in flight, and for
	 * a few seconds after it for requests that failed with the same old session. A first login (no session yet,
	 * e.g. a credential test) is shared only while in flight, so a test always really logs in.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const base = pronestorBaseUrl(credentials);
		if (credentials.authentication === 'none') return { sessionToken: NO_SESSION };
		const account = accountKey([base, credentials.username, credentials.password]);
		const failed = String(credentials.sessionToken ?? '');
		const sessionToken = await renewOnce(
			account,
			failed,
			() => login.call(this, base, credentials),
			() => (failed ? SHARE_RELOGIN_MS : 0),
		);
		return { sessionToken };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const cookie = String(credentials.sessionToken ?? '');
		if (credentials.authentication === 'none' || !cookie || cookie === NO_SESSION)
			return requestOptions;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Cookie: cookie } };
	}

	// The test logs in (n8n runs preAuthentication first) and reads the departments with the new session.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.deployment === "custom" ? $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api\\.mvc(\\/v1)?$/i, "") : "https://" + $credentials.tenant.trim().toLowerCase() + ".pronestor.com"}}',
			url: methodPath(CREDENTIAL_TEST_METHOD),
			headers: { Accept: 'application/json' },
		},
	};
}

/** How long after a re-login its cookie is handed to requests that failed with the same old session. */
const SHARE_RELOGIN_MS = 10_000;

/** `POST Authenticate` with the username and password: the session's cookie jar ("name=value; name=value"). */
async function login(
	this: IHttpRequestHelper,
	base: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const username = String(credentials.username ?? '').trim();
	const password = String(credentials.password ?? '');
	if (!username || !password) {
		throw new Error(
			'Pronestor Planner needs a username and password: enter both in the credential (or ' +
				'choose Authentication: None for a site with AllowAuthenticationBypass).',
		);
	}
	let answer: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${base}${methodPath(LOGIN.method)}`,
			body: { [LOGIN.user]: username, [LOGIN.password]: password },
			headers: { Accept: 'application/json' },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A server that never answers must fail the login, not hang the execution.
			timeout: 30_000,
		})) as typeof answer;
	} catch (error) {
		// A fresh error: the original one carries the request, password included.
		const code = (error as { code?: unknown }).code;
		throw new Error(
			`Could not reach Pronestor Planner at ${base} to log ` +
				`in${typeof code === 'string' ? ` (${code})` : ''}. Check the tenant name or base URL ` +
				'and your network or proxy settings.',
		);
	}
	const status = answer.statusCode;
	const refused = (answer.body as IDataObject | undefined)?.Success === false;
	if (status === 401 || status === 403 || refused) {
		// httpCode lets the node report "answered 401" with its fix; there is deliberately no `response`, so n8n
		// does not take it for an expired session and try the same refused login again.
		throw Object.assign(
			new Error(
				'Pronestor Planner refused the login: check the username and password of the API user.',
			),
			{ httpCode: String(status === 403 ? 403 : 401) },
		);
	}
	if (status >= 300) {
		throw new Error(
			`Pronestor Planner answered ${status} to the login at ${base}. Check the tenant name or ` +
				'base URL (it should be your site address, without /api.mvc).',
		);
	}
	const raw = answer.headers['set-cookie'];
	const lines = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
	// The cookies are an opaque jar: every name=value pair is kept and sent back.
	const jar = lines
		.map((line) => line.split(';')[0].trim())
		.filter((pair) => /^[^=\s]+=/.test(pair));
	if (jar.length === 0) {
		throw new Error(
			'Pronestor Planner accepted the login but set no session cookie. If your on-premise site ' +
				'has AllowAuthenticationBypass, choose Authentication: None; otherwise check the base ' +
				'URL.',
		);
	}
	return jar.join('; ');
}
