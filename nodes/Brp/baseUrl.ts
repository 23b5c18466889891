import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { checkBaseUrl } from '../shared/url';

/**
 * The BRP API address from the credential: the shared checks (https, no user info, query, fragment or control
 * characters) and BRP's own rule that it ends with /api/ver2/. Used by the node and by the credential's
 * authenticate, so the credential test never sends the key to an address the node would refuse.
 */
export function brpBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const base = checkBaseUrl(credentials.baseUrl, 'Base URL');
	if (!/\/api\/ver2$/i.test(base)) {
		throw new Error(
			`Base URL must end with /api/ver2/ (for example https://yourcompany.brpsystems.com/brponline/api/ver2/), got "${base.slice(0, 100)}".`,
		);
	}
	return base;
}
