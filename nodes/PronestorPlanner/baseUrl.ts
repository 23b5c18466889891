import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { checkBaseUrl, checkName } from '../shared/url';
import { SITE } from './contract';

/**
 * What the credential needs (and nothing else of the transport): the site address and a method's path. Where a
 * site's API lives and how to log in are lines of the contract table (contract.ts: SITE, LOGIN,
 * CREDENTIAL_TEST_METHOD).
 */

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
