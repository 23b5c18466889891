/**
 * Base URLs and tenant names come from users; a crafted value must not send credentials to another host.
 * https only (plain http for loopback addresses, used by local test servers), no user info, query, fragment,
 * control characters or white space.
 */
export function checkBaseUrl(raw: unknown, field: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text)
		invalid(`${field} is empty. Enter the API address, for example https://api.example.com/v1.`);
	if (
		/[\s\\]/.test(text) ||
		[...text].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
	) {
		invalid(
			`${field} contains spaces, line breaks or backslashes. Enter a plain address such as https://api.example.com/v1.`,
		);
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		invalid(
			`${field} "${text.slice(0, 80)}" is not a valid address. Enter it with https://, for example https://api.example.com/v1.`,
		);
	}
	if (url.username || url.password || text.includes('@')) {
		invalid(
			`${field} must not contain a user name, password or "@". Put secrets in the credential's own fields.`,
		);
	}
	if (url.search || url.hash || text.includes('#') || text.includes('?')) {
		invalid(`${field} must not contain "?" or "#". Enter only the address up to the API path.`);
	}
	const loopback = isLoopbackHost(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		invalid(
			`${field} must start with https:// (plain http is only allowed for 127.0.0.1 or localhost).`,
		);
	}
	return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
}

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A tenant, brand or customer name that becomes part of a host name or path: letters, digits and dashes only. */
export function checkName(raw: unknown, field: string, example: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(text)) {
		invalid(
			`${field} "${text.slice(0, 60)}" is not a plain name. ` +
				`Enter only the name (letters, digits and dashes), for example "${example}", not an address or path.`,
		);
	}
	return text;
}

/**
 * These checks run inside credential and request code that has no node at hand; vendorRequest turns the
 * message into a NodeOperationError that names the credential.
 */
function invalid(message: string): never {
	throw new Error(message);
}
