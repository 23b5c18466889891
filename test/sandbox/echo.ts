/**
 * The echo knob every emulator shares: a server (or a gateway in front of it) that sends back what the request
 * carried — its headers, the decoded HTTP Basic login, the bearer token, each cookie, the query and the body —
 * in every place an answer has room for: a JSON body, a text body, response headers, the URL of a redirect or
 * a Location header, base64 (as in HTTP Basic), and an HTML error page over 2,000 characters with the value
 * near and across the 200-, 300- and 2,000-character marks, or a body cut off in the middle of the value.
 * The emulator does not know which value is the secret: it echoes everything (transport headers aside).
 */
import type { SandboxRequest, SandboxResponse } from './framework';

export type EchoPlace = 'json' | 'text' | 'headers' | 'redirect' | 'location' | 'html' | 'cut';
export const ECHO_PLACES: EchoPlace[] = [
	'json',
	'text',
	'headers',
	'redirect',
	'location',
	'html',
	'cut',
];

export interface EchoSpec {
	place: EchoPlace;
	/** Status of the answer that carries the echo (for 'redirect': of the page the redirect leads to). */
	status: number;
	/** A piece of text: the echoed value holding it goes at the marks of the HTML page and at the cut. */
	focus?: string;
}

/** The path the redirect leads to; the framework answers it with the echo of its own URL. */
export const ECHO_PATH = '/__echo/redirected';

const TRANSPORT = new Set([
	'host',
	'connection',
	'content-length',
	'accept-encoding',
	'user-agent',
	'accept',
	'content-type',
	'transfer-encoding',
]);

/** Every value the request carried (at least 4 characters), as the server decoded it. */
export function echoValues(req: SandboxRequest): string[] {
	const out: string[] = [];
	for (const [name, raw] of Object.entries(req.headers)) {
		if (TRANSPORT.has(name) || raw === undefined) continue;
		const value = Array.isArray(raw) ? raw.join(', ') : raw;
		out.push(value);
		if (name === 'authorization') {
			const basic = /^Basic\s+(.+)$/i.exec(value);
			const bearer = /^Bearer\s+(.+)$/i.exec(value);
			if (basic) {
				const login = Buffer.from(basic[1], 'base64').toString('utf8');
				out.push(login, login.slice(login.indexOf(':') + 1));
			} else if (bearer) out.push(bearer[1]);
		}
		if (name === 'cookie')
			for (const pair of value.split(/;\s*/)) out.push(pair.slice(pair.indexOf('=') + 1));
	}
	for (const value of Object.values(req.query))
		out.push(...(Array.isArray(value) ? value : [value]));
	const strings = (v: unknown): void => {
		if (typeof v === 'string') out.push(v);
		else if (Array.isArray(v)) v.forEach(strings);
		else if (v && typeof v === 'object') Object.values(v).forEach(strings);
	};
	strings(req.body);
	if (req.rawBody.length > 0) out.push(req.rawBody.toString('utf8'));
	return [...new Set(out.filter((v) => v.length >= 4))];
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** Every character but letters, digits and spaces as a \u escape (as .NET's serializer writes `"` as \u0022). */
const uEscape = (s: string) =>
	s.replace(/[^A-Za-z0-9 ]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The forms a value takes in an echo: escaped in JSON once and twice, \u escapes, URL and form encoding, base64. */
export function echoForms(value: string): Record<string, string> {
	const once = JSON.stringify(value).slice(1, -1);
	return {
		plain: value,
		jsonOnce: once,
		jsonTwice: JSON.stringify(once).slice(1, -1),
		unicode: uEscape(value),
		url: encodeURIComponent(value),
		form: new URLSearchParams({ v: value }).toString().slice(2),
		base64: b64(value),
		base64url: b64url(value),
		basic: `Basic ${b64(`gateway-user:${value}`)}`,
		basicUrlSafe: b64url(`gateway-user:${value}`),
	};
}

/** A header value that is safe to send (Latin-1); anything else URL-encoded. */
const headerSafe = (s: string) => (/^[\t\x20-\x7e\x80-\xff]*$/.test(s) ? s : encodeURIComponent(s));

function focused(values: string[], focus?: string): string {
	if (!focus) return values[0] ?? 'nothing';
	return (
		values.find((v) => v === focus) ??
		values.find((v) => v.includes(focus)) ??
		values[0] ??
		'nothing'
	);
}

function jsonEcho(req: SandboxRequest, values: string[]): Record<string, unknown> {
	const text = values.join(' | ');
	return {
		error: { message: `Refused: ${text}`, code: 'ECHO' },
		message: `Refused: ${text}`,
		Message: `Refused: ${text}`,
		error_description: text,
		request: {
			method: req.method,
			path: req.path,
			headers: req.headers,
			query: req.query,
			body: req.body ?? null,
		},
		raw: req.rawBody.toString('utf8'),
		embedded: JSON.stringify({ request: { headers: req.headers, body: req.body ?? null } }),
		forms: values.map(echoForms),
		[focused(values)]: 'the value as a key',
	};
}

function textEcho(req: SandboxRequest, values: string[]): string {
	const lines = [`${req.method} ${req.path} refused`];
	for (const value of values)
		for (const [form, text] of Object.entries(echoForms(value))) lines.push(`${form}: ${text}`);
	lines.push(
		`raw: ${req.rawBody.toString('utf8')}`,
		`json: ${JSON.stringify(jsonEcho(req, values))}`,
	);
	return lines.join('\n');
}

function echoUrl(base: string, values: string[], status: number): string {
	const url = new URL(`${base}${ECHO_PATH}`);
	url.searchParams.set('status', String(status));
	values.forEach((v, i) => {
		url.searchParams.set(`v${i}`, v);
		url.searchParams.set(`b${i}`, b64(`gateway-user:${v}`));
	});
	return url.toString();
}

/** An HTML error page over 2,000 characters: the focused value near and across the 200, 300 and 2,000 marks. */
function htmlEcho(values: string[], focus?: string): string {
	const value = focused(values, focus);
	let page =
		'<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><pre>';
	const padTo = (at: number) => {
		if (page.length < at)
			page += ' request-id 8f1c2e7a'
				.repeat(Math.ceil((at - page.length) / 20))
				.slice(0, at - page.length);
	};
	for (const mark of [200, 300]) {
		padTo(mark - 6);
		if (page.length === mark - 6) page += value;
	}
	padTo(2000 - 6 - value.length - 3);
	page += `${value}\n`;
	padTo(2000 - 6);
	page += value;
	page += `\n${values.map((v) => Object.values(echoForms(v)).join('\n')).join('\n')}\n`;
	padTo(5000);
	return `${page}</pre></body></html>`;
}

/** The answer of an echoing server to `req`. */
export function echoAnswer(req: SandboxRequest, spec: EchoSpec, base: string): SandboxResponse {
	const values = echoValues(req);
	const value = focused(values, spec.focus);
	switch (spec.place) {
		case 'json':
			return { status: spec.status, body: jsonEcho(req, values) };
		case 'text':
			return {
				status: spec.status,
				headers: { 'Content-Type': 'text/plain; charset=utf-8' },
				body: textEcho(req, values),
			};
		case 'headers': {
			const headers: Record<string, string | string[]> = {
				'WWW-Authenticate': `Basic realm="${headerSafe(value)}"`,
				'Set-Cookie': values.map((v, i) => `echo${i}=${encodeURIComponent(v)}; Path=/`),
				'X-Echo-Basic': echoForms(value).basic,
			};
			for (const [name, raw] of Object.entries(req.headers)) {
				if (!TRANSPORT.has(name) && raw !== undefined)
					headers[`X-Echo-${name}`] = headerSafe(String(raw));
			}
			values.forEach((v, i) => (headers[`X-Echo-Value-${i}`] = headerSafe(v)));
			return {
				status: spec.status,
				headers,
				body: { status: spec.status < 300 ? 'ok' : 'refused', see: 'headers' },
			};
		}
		case 'redirect':
			return { status: 302, headers: { Location: echoUrl(base, values, spec.status) }, body: '' };
		case 'location': {
			const url = echoUrl(base, values, spec.status);
			return {
				status: spec.status,
				headers: { Location: url, 'Content-Location': url },
				body: { message: 'Moved', location: url },
			};
		}
		case 'html':
			return {
				status: spec.status,
				headers: { 'Content-Type': 'text/html; charset=utf-8' },
				body: htmlEcho(values, spec.focus),
			};
		case 'cut': {
			const chars = [...value];
			const partial = chars.slice(0, Math.max(6, Math.ceil(chars.length * 0.6))).join('');
			return {
				status: spec.status,
				headers: { 'Content-Type': 'text/plain; charset=utf-8' },
				body: `Request refused for ${partial}`,
			};
		}
	}
}

/** The page a redirect of the echo leads to: its own URL (the values in the query), echoed in a JSON body. */
export function redirectedAnswer(req: SandboxRequest, base: string): SandboxResponse {
	const status = Number(req.query.status ?? 400);
	const url = `${base}${req.path}?${new URLSearchParams(req.query as Record<string, string>).toString()}`;
	return { status, body: { message: `Moved to ${url}`, url, query: req.query } };
}
