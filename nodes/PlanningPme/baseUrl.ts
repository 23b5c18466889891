import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { checkBaseUrl, checkName } from '../shared/url';

/** Server addresses of the two PlanningPME environments; a custom one replaces them (the brand is appended). */
export const ENVIRONMENTS = {
	production: 'https://api.planningpme.com',
	trial: 'https://try.planningpme.com',
} as const;

/**
 * `<server>/<brand>` — the root every PlanningPME path hangs from (`/token`, `/api/...`). The brand key is
 * case-insensitive, so it is sent in lower case.
 */
export function planningPmeBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment ?? 'production');
	const server =
		environment === 'custom'
			? checkBaseUrl(credentials.baseUrl, 'Base URL')
			: environment === 'trial'
				? ENVIRONMENTS.trial
				: ENVIRONMENTS.production;
	const brand = checkName(credentials.brand, 'Brand Key', 'mycompany').toLowerCase();
	return `${server}/${brand}`;
}
