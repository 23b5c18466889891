import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { checkBaseUrl } from '../shared/url';

/** Every API path hangs below `<server>/API/external`. */
export const API_ROOT = '/API/external';

/** The server's own address from the credential: https (http only for loopback test servers), without /API/external. */
export function serverUrl(credentials: ICredentialDataDecryptedObject): string {
	const base = checkBaseUrl(credentials.serverUrl, 'Server URL');
	return base.replace(/\/API\/external$/i, '');
}

/** The root every Bookings ONE path hangs from. */
export function bookingsOneBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return serverUrl(credentials) + API_ROOT;
}
