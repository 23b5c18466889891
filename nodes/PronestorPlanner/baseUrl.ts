import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { checkBaseUrl, checkName } from '../shared/url';

/**
 * What the credential needs (and nothing else of the transport): where a site's API lives and how to log in.
 * The contract table in transport.ts refers to these.
 */
export const SITE = {
	/** stated: methods live at https://<tenant>.pronestor.com/Api.mvc/v1/<Method>. */
	apiRoot: '/Api.mvc/v1',
	/** stated: cloud sites are https://<tenant>.pronestor.com. */
	cloudBaseUrl: (tenant: string) => `https://${tenant}.pronestor.com`,
} as const;

export const LOGIN = {
	/** stated: the method name. assumed: POST with a JSON body {username, password}; the answer sets the session cookie(s). */
	method: 'Authenticate',
	user: 'username', // assumed (Authenticate body)
	password: 'password', // assumed (Authenticate body)
} as const;

/** stated: GET. The credential test reads the departments with a fresh session. */
export const CREDENTIAL_TEST_METHOD = 'GetDepartments';

/** The value kept in the session field when the server needs no login (AllowAuthenticationBypass). */
export const NO_SESSION = 'no-session';

/** Site address from the credential: a cloud tenant name or a full custom (on-premise) URL, without /Api.mvc. */
export function pronestorBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	if ((credentials.deployment ?? 'cloud') === 'cloud') {
		const tenant = checkName(credentials.tenant, 'Tenant Name', 'customername');
		return SITE.cloudBaseUrl(tenant.toLowerCase());
	}
	const url = checkBaseUrl(credentials.baseUrl, 'Base URL');
	// Users often paste the API page itself; the methods live below it.
	return url.replace(/\/api\.mvc(\/v1)?$/i, '');
}

/** A method's path below the site address: Api.mvc/v1/<Method>. */
export function methodPath(method: string): string {
	return `${SITE.apiRoot}/${method}`;
}
