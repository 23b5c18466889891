/**
 * Secrets in errors (issue 14, finding 10; issue 21, part 4): a secret must be masked in every form a vendor
 * may echo it (escaped once or twice in JSON, `\u0022` escapes, URL- and form-encoded, XML entities, base64 of
 * HTTP Basic), before any text is cut, and without each call site passing the secrets: the request layer
 * registers them for the node and every error builder masks them.
 */
import type { INode } from 'n8n-workflow';
import {
	fieldError,
	redact,
	scrubError,
	unexpectedAnswer,
	vendorApiError,
} from '../../nodes/shared/errors';
import { redactAndCut } from '../../nodes/shared/redact';
import { registerSecrets, secretsOf } from '../../nodes/shared/secrets';

let nodeCount = 0;
const newNode = (): INode => ({
	id: `n${++nodeCount}`,
	name: 'Pronestor Planner',
	type: 'n8n-nodes-bookings.pronestorPlanner',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});
const node = newNode();

const SECRETS = ['pa"ss\\w0rd', 'k&y<with>xml', 'sp ace+plus/slash'];
/** A canary with every character that changes form somewhere: quote, backslash, slash, &, =, +, %, space, non-ASCII. */
const CANARY = 'Zq7"\\/&=+% ÿé✓日x-9';

/** Every 6-character piece of the canary (raw): none may survive anywhere. */
function pieces(secret: string, size = 6): string[] {
	const chars = [...secret];
	return chars.slice(0, chars.length - size + 1).map((_, i) => chars.slice(i, i + size).join(''));
}
function leaks(text: string, secret = CANARY): string[] {
	return pieces(secret).filter((p) => text.includes(p));
}

const jsonOnce = (s: string) => JSON.stringify(s).slice(1, -1);
const uEscaped = (s: string) =>
	[...s]
		.map((c) =>
			/[A-Za-z0-9]/.test(c)
				? c
				: [...Array(c.length).keys()]
						.map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`)
						.join(''),
		)
		.join('');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('redaction: the forms a secret takes', () => {
	const forms: Array<[string, string]> = [
		['as it is', CANARY],
		['JSON-escaped once', jsonOnce(CANARY)],
		['JSON-escaped twice', jsonOnce(jsonOnce(CANARY))],
		['\\u0022-style escapes', uEscaped(CANARY)],
		[
			'\\u escapes, upper-case hex',
			uEscaped(CANARY).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u${h.toUpperCase()}`),
		],
		['\\u escapes escaped again', jsonOnce(uEscaped(CANARY))],
		['URL-encoded', encodeURIComponent(CANARY)],
		['URL-encoded twice', encodeURIComponent(encodeURIComponent(CANARY))],
		['form-encoded (+ for spaces)', new URLSearchParams({ p: CANARY }).toString().slice(2)],
		['XML-escaped', CANARY.replace(/&/g, '&amp;').replace(/"/g, '&quot;')],
		[
			'form-encoded, then \\u-escaped (a form body echoed in JSON by .NET)',
			uEscaped(new URLSearchParams({ p: CANARY }).toString().slice(2)),
		],
		[
			'form-encoded, then URL-encoded (a form body in a redirect URL)',
			encodeURIComponent(new URLSearchParams({ p: CANARY }).toString().slice(2)),
		],
		['JSON-escaped, then URL-encoded', encodeURIComponent(jsonOnce(CANARY))],
		[
			'numeric entities',
			[...CANARY].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `&#${c.codePointAt(0)};`)).join(''),
		],
	];
	for (const [label, form] of forms) {
		it(`masks it ${label}`, () => {
			const out = redact(`before ${form} after`, [CANARY]);
			expect(out).toBe('before *** after');
		});
	}

	it('masks it inside a JSON document that is itself a JSON string value (twice escaped on the wire)', () => {
		const inner = JSON.stringify({ password: CANARY, user: 'anna' });
		const wire = JSON.stringify({ detail: inner });
		const out = redact(wire, [CANARY]);
		expect(leaks(out)).toEqual([]);
		expect(out).toContain('anna');
		// And in the parsed object, at every depth, in values and keys.
		const parsed = redact({ detail: inner, [CANARY]: [CANARY], nested: { deep: `x${CANARY}y` } }, [
			CANARY,
		]);
		expect(leaks(JSON.stringify(parsed))).toEqual([]);
		expect(leaks(Object.keys(parsed).join(' '))).toEqual([]);
	});

	describe('base64 (HTTP Basic)', () => {
		for (const user of ['', 'a', 'an', 'anna@example.se', 'x:y']) {
			const basic = `${user}:${CANARY}`;
			it(`masks the whole token of base64("${user}:<secret>"), standard, URL-safe, with and without padding`, () => {
				for (const token of [
					b64(basic),
					b64(basic).replace(/=+$/, ''),
					b64url(basic),
					encodeURIComponent(b64(basic)),
				]) {
					const out = redact(`Authorization: Basic ${token}, next`, [CANARY]);
					expect(out).toBe('Authorization: Basic ***, next');
				}
			});
		}
		it('masks base64 of the password alone, and base64 of the password followed by more bytes', () => {
			expect(redact(`k=${b64(CANARY)}&x=1`, [CANARY])).toBe('k=***&x=1');
			expect(redact(`k=${b64url(`${CANARY}:tail-of-something`)}&x=1`, [CANARY])).toBe('k=***&x=1');
		});
		it('masks a base64 token cut short after part of the secret', () => {
			const token = b64(`anna:${CANARY}`);
			const out = redact(`Basic ${token.slice(0, token.length - 12)}`, [CANARY]);
			expect(out).toBe('Basic ***');
		});
	});

	it('leaves short values and non-string values alone', () => {
		expect(redact({ n: 1234, ok: true, s: 'abc' }, ['abc', undefined])).toEqual({
			n: 1234,
			ok: true,
			s: 'abc',
		});
	});

	it('masks a secret with quotes and backslashes wherever it sits in an error body (values, nested, keys)', () => {
		const body = {
			message: `login for pa"ss\\w0rd refused`,
			echo: { request: `{"password":"pa\\"ss\\\\w0rd"}`, ['pa"ss\\w0rd']: true },
			list: ['x pa"ss\\w0rd y'],
		};
		const error = vendorApiError(
			newNode(),
			{ status: 401, headers: {}, body, message: 'Unauthorized' },
			{ vendor: 'Pronestor Planner', secrets: SECRETS },
		);
		const everything = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
		});
		expect(everything).not.toMatch(/ss\\\\w0rd|ss\\\\\\\\w0rd|pa\\"ss/);
		expect(JSON.stringify(error.errorResponse)).toContain('***');
	});

	it('masks the URL-encoded and XML-escaped forms a vendor may echo', () => {
		const text =
			'user=a&password=sp%20ace%2Bplus%2Fslash <x>k&amp;y&lt;with&gt;xml</x> sp+ace%2Bplus%2Fslash';
		expect(redact(text, SECRETS)).toBe('user=a&password=*** <x>***</x> ***');
	});
});

describe('redaction before truncation', () => {
	/** An HTML page whose secret starts `before` characters before the mark `at` (so it runs across it). */
	const page = (at: number, before = 8, secret = CANARY) => {
		const head = '<html><body>' + 'x'.repeat(at - 12 - before);
		return head + secret + 'y'.repeat(3000) + '</body></html>';
	};

	it('a secret across the cut leaves no prefix behind (2,000 characters of an error body)', () => {
		for (const before of [6, 8, 11, 15]) {
			const text = page(2000, before);
			expect(text.indexOf(CANARY)).toBe(2000 - before);
			const cut = redactAndCut(text, 2000, [CANARY]);
			expect(leaks(cut)).toEqual([]);
			expect(cut.length).toBeLessThanOrEqual(2001);
			// Before the fix the body was cut first: the first characters of the secret survived at the cut.
			expect(leaks(text.slice(0, 2000)).length).toBeGreaterThan(0);
		}
	});

	it('a text that already ends, or starts, in part of a secret loses that part (a vendor or proxy cut it)', () => {
		const chars = [...CANARY];
		for (let k = 4; k < chars.length; k++) {
			const prefix = chars.slice(0, k).join('');
			const suffix = chars.slice(chars.length - k).join('');
			expect(redact(`error near ${prefix}`, [CANARY])).toBe('error near ***');
			expect(redact(`${suffix} was refused`, [CANARY])).toBe('*** was refused');
			expect(redact(`cut ${jsonOnce(prefix)}… then more`, [CANARY])).toBe('cut ***… then more');
		}
	});

	it('vendorApiError redacts the body first and then cuts it (also with bodyLimit)', () => {
		const n = newNode();
		registerSecrets(n, [CANARY]);
		for (const limit of [undefined, 200]) {
			const at = limit ?? 2000;
			const error = vendorApiError(
				n,
				{ status: 500, headers: {}, body: page(at), message: 'failed', bodyLimit: limit },
				{ vendor: 'X' },
			);
			const body = String((error.errorResponse as { body: string }).body);
			expect(body.length).toBeLessThanOrEqual(at + 1);
			expect(leaks(body)).toEqual([]);
		}
	});
});

describe('secrets registered for the node reach every error builder', () => {
	it('unexpectedAnswer masks the secrets the request layer registered (none passed at the call site)', () => {
		const n = newNode();
		registerSecrets(n, [CANARY, undefined, 42]);
		const echo = {
			status: 'ok',
			echo: { apikey: CANARY, basic: `Basic ${b64(`anna:${CANARY}`)}` },
			pad: 'p'.repeat(150),
		};
		const error = unexpectedAnswer(n, 'Vendor', echo, 'a page of bookings');
		const text = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
			stack: error.stack,
		});
		expect(leaks(text)).toEqual([]);
		expect(text).not.toContain(b64(`anna:${CANARY}`).slice(0, 12));
	});

	it('an HTML page of 200 characters or more with the secret across the 200 mark leaves nothing', () => {
		const n = newNode();
		registerSecrets(n, [CANARY]);
		const html = '<html>' + 'x'.repeat(186) + CANARY + 'y'.repeat(500);
		const error = unexpectedAnswer(n, 'Vendor', html, 'a list');
		expect(leaks(JSON.stringify(error.errorResponse))).toEqual([]);
	});

	it('fieldError and scrubError mask them too; another node is not affected', () => {
		const n = newNode();
		registerSecrets(n, [CANARY]);
		const e1 = fieldError({ ...n }, 'ID', `"${CANARY}" is not an id`, 'Use an id.');
		expect(leaks(`${e1.message} ${String(e1.description)}`)).toEqual([]);
		const plain = Object.assign(new Error(`vendor said ${CANARY}`), {
			context: { data: { echo: CANARY } },
			cause: new Error(uEscaped(CANARY)),
		});
		scrubError(plain, secretsOf(n));
		expect(
			leaks(
				JSON.stringify({
					m: plain.message,
					s: plain.stack,
					c: plain.context,
					cause: (plain.cause as Error).message,
				}),
			),
		).toEqual([]);
		expect(secretsOf(newNode())).toEqual([]);
	});

	it('cookie jars: each cookie value is registered on its own', () => {
		const n = newNode();
		registerSecrets(n, ['ASP.NET_SessionId=abcdefgh12345678; auth=zyxwvuts87654321']);
		expect(secretsOf(n)).toEqual(expect.arrayContaining(['abcdefgh12345678', 'zyxwvuts87654321']));
		expect(redact('cookie auth=zyxwvuts87654321 was refused', secretsOf(n))).toBe(
			'cookie auth=*** was refused',
		);
	});

	it('is fast enough for an error body of 2 MB', () => {
		const started = Date.now();
		redactAndCut('a'.repeat(2_000_000) + CANARY, 2000, [CANARY, ...SECRETS]);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

// Keep the shared node used above referenced (a node with no secrets registered masks nothing).
test('a node without registered secrets masks nothing', () => {
	expect(redact('plain text', secretsOf(node))).toBe('plain text');
});
