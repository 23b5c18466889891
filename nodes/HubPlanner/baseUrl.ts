import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { checkBaseUrl } from '../shared/url';

/** Hub Planner's API root, unless the credential names another (a proxy, a test server). */
export const DEFAULT_BASE_URL = 'https://api.hubplanner.com/v1';

/** The root every Hub Planner path hangs from: https (http only for loopback test servers). */
export function hubPlannerBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return checkBaseUrl(credentials.baseUrl ?? DEFAULT_BASE_URL, 'Base URL');
}
