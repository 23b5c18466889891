/**
 * Masks secrets in text a vendor sent back, in every form a secret takes there: as it is; escaped once or
 * twice in JSON (`\"`, `\\\"`), as `\u0022` escapes (any case, any escaping depth), URL- or form-encoded
 * (`%22`, `+` for a space, twice encoded `%2522`), as XML/HTML entities (`&quot;`, `&#34;`, `&#x22;`), and in
 * base64 (the secret alone or after a prefix such as the `user:` of HTTP Basic, standard or URL-safe, with or
 * without padding: the whole base64 token is masked). A text cut short (at its start, at its end, or at a `…`
 * a truncation left) that ends with the first characters of a secret, or starts with its last ones, loses them
 * too. Values shorter than 4 characters are not secrets (too likely to be ordinary words).
 */

export const MASK = '***';
/** Shortest value treated as a secret; also the shortest partial secret masked at a cut. */
const MIN_SECRET = 4;
const MIN_PARTIAL = 4;
/** Shortest base64 run of a secret that is masked (shorter runs occur in ordinary text). */
const MIN_BASE64 = 6;
/** How much text past a cut is redacted with it (longer than any echoed secret form). */
const WINDOW_MARGIN = 10_000;

interface Compiled {
	/** One pattern per character: every form the character takes in echoed text. */
	chars: string[];
	/** The same, compiled sticky, to follow a partial match character by character. */
	sticky: RegExp[];
	/** The secret's UTF-8 bytes (for a base64 token cut short). */
	bytes: Buffer;
}

/** Compiled forms of recent secrets (a speed cache: it holds only what the caller already holds). */
const compiledCache = new Map<string, Compiled>();
const CACHE_MAX = 256;

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** A hex number matched in either case, with optional leading zeros. */
const hex = (n: number, width: number) =>
	n
		.toString(16)
		.padStart(width, '0')
		.replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
const NAMED: Record<string, string> = {
	'"': 'quot',
	'&': 'amp',
	'<': 'lt',
	'>': 'gt',
	"'": 'apos',
};

/*
 * The characters encodings introduce (backslash, `%`, `+`, `&`) may be encoded again by an outer layer: a form
 * body echoed inside JSON by .NET (`+` as \u002B), a JSON text URL-encoded into a redirect (backslash as %5C).
 */
const BS = '(?:\\\\|%(?:25)*5[cC]|&#0*92;)';
const PCT = '(?:%|\\\\*[uU]0025|&#0*37;)(?:25)*';
const PLUS = '(?:\\+|%(?:25)*2[bB]|\\\\*[uU]002[bB])';
const AMP = '(?:&|%(?:25)*26|\\\\*[uU]0026)(?:amp;)*';

/** Every form one character (one code point) takes in echoed text. */
function charPattern(ch: string): string {
	const cp = ch.codePointAt(0)!;
	const alts: string[] = [];
	const alnum = /^[A-Za-z0-9]$/.test(ch);
	if (ch === '\\') alts.push(`${BS}+`);
	else alts.push(esc(ch));
	// \uXXXX escapes (JSON, .NET, Java), also escaped again (\\u0022); surrogate pairs for astral characters.
	const units = [...Array(ch.length).keys()].map((i) => ch.charCodeAt(i));
	alts.push(units.map((u) => `${BS}*[uU]${hex(u, 4)}`).join(''));
	if (cp < 256) alts.push(`${BS}*x${hex(cp, 2)}`);
	// URL encoding of the UTF-8 bytes (and of the Latin-1 byte), also encoded twice (%2522).
	alts.push([...Buffer.from(ch, 'utf8')].map((b) => `${PCT}${hex(b, 2)}`).join(''));
	if (cp >= 128 && cp < 256) alts.push(`${PCT}${hex(cp, 2)}`);
	if (ch === ' ') alts.push(PLUS);
	// XML/HTML entities, also escaped again (&amp;quot;).
	const named = NAMED[ch] ? `|${NAMED[ch]};` : '';
	alts.push(`${AMP}(?:#0*${cp};|#[xX]0*${hex(cp, 1)};${named})`);
	// Any form may be preceded by escaping backslashes (themselves maybe encoded): `\"` URL-encoded is %5C%22.
	return alnum ? `(?:${alts.join('|')})` : `(?:${BS}*(?:${alts.join('|')}))`;
}

function compile(secret: string): Compiled {
	let compiled = compiledCache.get(secret);
	if (compiled) return compiled;
	const chars = [...secret].map(charPattern);
	compiled = {
		chars,
		sticky: chars.map((c) => new RegExp(c, 'y')),
		bytes: Buffer.from(secret, 'utf8'),
	};
	if (compiledCache.size >= CACHE_MAX) compiledCache.delete(compiledCache.keys().next().value!);
	compiledCache.set(secret, compiled);
	return compiled;
}

/** The base64 runs that encode a secret wherever it sits in the encoded bytes (after 0, 1 or 2 other bytes). */
function base64Runs(bytes: Buffer): string[] {
	const runs = new Set<string>();
	for (const lead of [0, 1, 2]) {
		const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
		// The first group mixes in bytes before the secret (unknown) unless the secret starts it.
		const skip = lead === 0 ? 0 : 4;
		const full = encoded.slice(skip).replace(/=+$/, '');
		// The last group mixes in bytes after the secret, unless the secret ends the encoded text.
		const whole = (lead + bytes.length) % 3 === 0 ? full : full.slice(0, -(full.length % 4 || 4));
		for (const run of [full, whole]) if (run.length >= MIN_BASE64) runs.add(run);
	}
	return [...runs];
}

/** A base64 character as it may appear in echoed text (standard, URL-safe, URL-encoded or JSON-escaped). */
function base64CharPattern(c: string): string {
	if (c === '+' || c === '-') return '(?:\\+|-|%(?:25)*2[bB]|\\\\*[uU]002[bB])';
	if (c === '/' || c === '_') return '(?:\\\\*\\/|_|%(?:25)*2[fF]|\\\\*[uU]002[fF])';
	return c;
}

/** Characters that may belong to a base64 token (standard, URL-safe, URL-encoded, JSON-escaped). */
const BASE64_ISH = /[A-Za-z0-9+/_\-%\\]/;

/** Widens a masked range over the whole base64 token around it (the `user:` part of Basic, the padding). */
function widen(text: string, start: number, end: number): [number, number] {
	while (start > 0 && BASE64_ISH.test(text[start - 1])) start--;
	while (end < text.length && BASE64_ISH.test(text[end])) end++;
	const padding = /^(?:=|%(?:25)*3[dD]){1,2}/.exec(text.slice(end, end + 12));
	return [start, end + (padding?.[0].length ?? 0)];
}

interface Matcher {
	secrets: string[];
	full: RegExp;
	base64?: RegExp;
}

function matcher(secrets: Array<string | undefined>): Matcher | undefined {
	const list = [
		...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET)),
	].sort((a, b) => b.length - a.length);
	if (list.length === 0) return undefined;
	const full = new RegExp(list.map((s) => compile(s).chars.join('')).join('|'), 'g');
	const runs = [...new Set(list.flatMap((s) => base64Runs(compile(s).bytes)))].sort(
		(a, b) => b.length - a.length,
	);
	const base64 = runs.length
		? new RegExp(runs.map((r) => [...r].map(base64CharPattern).join('')).join('|'), 'g')
		: undefined;
	return { secrets: list, full, base64 };
}

/** Masks whole occurrences, then base64 tokens holding a secret, then partial secrets at the cuts. */
function scrubText(text: string, m: Matcher): string {
	let out = text.replace(m.full, MASK);
	if (m.base64) {
		const ranges: Array<[number, number]> = [];
		for (const hit of out.matchAll(m.base64))
			ranges.push(widen(out, hit.index, hit.index + hit[0].length));
		for (const [start, end] of ranges.reverse()) out = out.slice(0, start) + MASK + out.slice(end);
	}
	return out
		.split('…')
		.map((segment) => scrubEdges(segment, m))
		.join('…');
}

/** A segment that starts with the end of a secret or ends with its start (a cut went through it). */
function scrubEdges(segment: string, m: Matcher): string {
	let out = segment;
	for (const secret of m.secrets) {
		const { sticky, bytes } = compile(secret);
		out = maskTail(out, sticky);
		out = maskHead(out, sticky);
		out = maskBase64Tail(out, bytes);
	}
	return out;
}

/** Follows the secret's characters from `k` at `pos`; the end position, and how many characters matched. */
function follow(
	text: string,
	sticky: RegExp[],
	pos: number,
	k: number,
): { pos: number; k: number } {
	while (k < sticky.length) {
		const r = sticky[k];
		r.lastIndex = pos;
		const hit = r.exec(text);
		if (!hit || hit[0].length === 0) break;
		pos += hit[0].length;
		k++;
	}
	return { pos, k };
}

function maskTail(text: string, sticky: RegExp[]): string {
	if (sticky.length <= MIN_PARTIAL) return text;
	// The earliest start whose run of the secret's first characters reaches the end of the text (an encoded
	// character is at most a few dozen characters long).
	for (let i = Math.max(0, text.length - sticky.length * 32); i < text.length; i++) {
		const { pos, k } = follow(text, sticky, i, 0);
		if (pos === text.length && k >= MIN_PARTIAL && k < sticky.length)
			return text.slice(0, i) + MASK;
	}
	return text;
}

function maskHead(text: string, sticky: RegExp[]): string {
	if (sticky.length <= MIN_PARTIAL) return text;
	for (let from = 1; from <= sticky.length - MIN_PARTIAL; from++) {
		const { pos, k } = follow(text, sticky, 0, from);
		if (k === sticky.length) return MASK + text.slice(pos);
	}
	return text;
}

/** A base64 token at the end of the text, cut short, whose bytes end with the start of the secret. */
function maskBase64Tail(text: string, bytes: Buffer): string {
	let end = text.length;
	while (end > 0 && text[end - 1] === '=') end--;
	let start = end;
	while (start > 0 && /[A-Za-z0-9+/_-]/.test(text[start - 1])) start--;
	if (end - start < 8) return text;
	const standard = text.slice(start, end).replace(/-/g, '+').replace(/_/g, '/');
	for (const lead of [0, 1, 2, 3]) {
		const decoded = Buffer.from(standard.slice(lead), 'base64');
		if (decoded.includes(bytes)) return text.slice(0, start) + MASK;
		for (let k = Math.min(decoded.length, bytes.length - 1); k >= MIN_PARTIAL; k--) {
			if (decoded.subarray(decoded.length - k).equals(bytes.subarray(0, k)))
				return text.slice(0, start) + MASK;
		}
	}
	return text;
}

/**
 * Replaces every occurrence of any secret with a mask, in a string or in every string (value or key) of an
 * object or array, in all the forms listed above.
 */
export function redact<T>(value: T, secrets: Array<string | undefined>): T {
	const m = matcher(secrets);
	if (!m) return value;
	const walk = (v: unknown, depth: number): unknown => {
		if (typeof v === 'string') return scrubText(v, m);
		if (Buffer.isBuffer(v)) return scrubText(v.toString('utf8'), m);
		if (v === null || typeof v !== 'object' || depth > 20) return v;
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) out[scrubText(k, m)] = walk(x, depth + 1);
		return out;
	};
	return walk(value, 0) as T;
}

/** Redacts first, then cuts to `max` characters (a cut never leaves part of a secret behind). */
export function redactAndCut(
	text: string,
	max: number,
	secrets: Array<string | undefined>,
): string {
	// A long text is first narrowed to a window past the cut: a secret cut at the window's end is masked as
	// a partial one, like any text that ends in part of a secret.
	const window = text.length > max + WINDOW_MARGIN ? text.slice(0, max + WINDOW_MARGIN) : text;
	const clean = redact(window, secrets);
	if (clean.length <= max) return clean;
	// The redacted text holds no secret; the cut cannot create one, only a partial mask.
	return redact(clean.slice(0, max), secrets) + '…';
}
