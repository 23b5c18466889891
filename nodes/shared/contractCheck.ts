import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readField } from './fieldReader';
import type { RequestFunction } from './customApiCall';
import { redact } from './redact';
import { secretsOf } from './secrets';
import type { FullResponse, VendorRequest } from './request';
import { readEnvelope } from './envelope';
import { REPORT_CHECK } from './messages';
import { measureCap, rememberWindowCap, UNSPLITTABLE_FLOOR } from './windowCap';
import type { Operation, Resource } from './types';

/**
 * "API Contract → Check": read-only probes of a vendor's contract lines (the assumptions in its transport.ts)
 * against the user's own tenant. One output item per line; a probe never writes (GET reads, or a search the
 * vendor documents as read-only).
 */
export type ContractStatus = 'confirmed' | 'contradicted' | 'not checkable';

export interface ContractFinding {
	status: ContractStatus;
	/** What the tenant answered, short; never a secret. */
	evidence: string;
	/** Overrides the line's fix (e.g. with the value the tenant showed). */
	fix?: string;
}

export interface ContractLine {
	/** Short id, e.g. "pageBase". */
	line: string;
	/** File and constant, e.g. "nodes/BookingsOne/contract.ts PATHS.resourceAppointments" (for maintainers). */
	where: string;
	assumption: string;
	/**
	 * What the user does when the tenant contradicts the line: a node option, a credential field, a workaround,
	 * or where to report it (nodes/shared/messages.ts) — never a source file or constant.
	 */
	fix: string;
	probe(probe: Prober): Promise<ContractFinding>;
}

/** What a probe got: never throws for an HTTP status. */
export interface ProbeAnswer {
	ok: boolean;
	/** HTTP status (undefined when the server was not reached). */
	status?: number;
	headers: Record<string, string>;
	body: unknown;
	/** The node's error message when the request failed. */
	message?: string;
}

/** The read-only requests a probe may make, through the vendor's request function (credential, session, retries). */
export class Prober {
	private readonly cache = new Map<string, Promise<ProbeAnswer>>();
	private readonly memos = new Map<string, Promise<unknown>>();

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly itemIndex: number,
		private readonly request: RequestFunction,
	) {}

	/** A GET; the same GET twice is asked once per run. */
	async get(
		path: string,
		qs: IDataObject = {},
		extra: Partial<VendorRequest> = {},
	): Promise<ProbeAnswer> {
		const key = JSON.stringify([path, qs, extra]);
		let answer = this.cache.get(key);
		if (!answer) {
			answer = this.send({ ...extra, method: 'GET', path, qs });
			this.cache.set(key, answer);
		}
		return await answer;
	}

	/** What `compute` gives, computed once per run (a sample several lines compare with). */
	async once<T>(key: string, compute: () => Promise<T>): Promise<T> {
		let value = this.memos.get(key) as Promise<T> | undefined;
		if (!value) {
			value = compute();
			this.memos.set(key, value);
		}
		return await value;
	}

	/** A GET asked now, not from the cache (for the server clock: the Date header must be fresh). */
	async getFresh(path: string, qs: IDataObject = {}): Promise<ProbeAnswer> {
		return await this.send({ method: 'GET', path, qs });
	}

	/** A POST the vendor documents as a read-only search (never a write). */
	async search(path: string, body: unknown, qs: IDataObject = {}): Promise<ProbeAnswer> {
		return await this.send({ method: 'POST', path, qs, body, idempotent: true });
	}

	private async send(request: VendorRequest): Promise<ProbeAnswer> {
		try {
			const full = (await this.request.call(this.ctx, {
				...request,
				itemIndex: this.itemIndex,
				returnFullResponse: true,
			})) as FullResponse;
			// Probes quote what the tenant answered (cut short): the secrets are masked before anything is cut.
			const secrets = secretsOf(this.ctx.getNode());
			return {
				ok: true,
				status: full.statusCode,
				headers: redact(full.headers ?? {}, secrets),
				body: redact(full.body, secrets),
			};
		} catch (error) {
			const e = error as { httpCode?: string | null; message?: string };
			const status = e.httpCode ? Number(e.httpCode) : undefined;
			return {
				ok: false,
				status: Number.isFinite(status) ? status : undefined,
				headers: {},
				body: undefined,
				message: redact(e.message ?? String(error), secretsOf(this.ctx.getNode())),
			};
		}
	}
}

/** The API Contract resource with its one operation, Check. */
export function apiContractResource(opts: {
	vendor: string;
	request: RequestFunction;
	lines: ContractLine[];
}): Resource {
	const check: Operation = {
		name: 'Check',
		value: 'check',
		action: 'Check the API contract against your tenant',
		description: `Read-only probes of what this node assumes about the ${opts.vendor} API, one item per assumption`,
		properties: [
			{
				displayName:
					'Runs read-only requests against your tenant and reports, per assumption of this node, ' +
					'whether your tenant confirms or contradicts it. Nothing is written.',
				name: 'contractNotice',
				type: 'notice',
				default: '',
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const prober = new Prober(this, itemIndex, opts.request);
			const out: IDataObject[] = [];
			for (const line of opts.lines) {
				let finding: ContractFinding;
				try {
					finding = await line.probe(prober);
				} catch (error) {
					finding = { status: 'not checkable', evidence: short((error as Error).message) };
				}
				finding = redact(finding, secretsOf(this.getNode()));
				out.push({
					vendor: opts.vendor,
					line: line.line,
					where: line.where,
					assumption: line.assumption,
					status: finding.status,
					evidence: finding.evidence,
					fix: finding.status === 'confirmed' ? '' : (finding.fix ?? line.fix),
				});
			}
			return out;
		},
	};
	return {
		name: 'API Contract',
		value: 'apiContract',
		description: 'What this node assumes about the API, checked on your tenant',
		operations: [check],
	};
}

export const confirmed = (evidence: string): ContractFinding => ({ status: 'confirmed', evidence });
export const contradicted = (evidence: string, fix?: string): ContractFinding => ({
	status: 'contradicted',
	evidence,
	fix,
});
export const notCheckable = (evidence: string): ContractFinding => ({
	status: 'not checkable',
	evidence,
});

/** Evidence text: one line, at most 300 characters. */
export function short(text: unknown, max = 300): string {
	const s = (typeof text === 'string' ? text : (JSON.stringify(text) ?? String(text))).replace(
		/\s+/g,
		' ',
	);
	return s.length > max ? s.slice(0, max) + '…' : s;
}

/** "1 record", "3 records". */
export const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

/** What a successful answer held, in a few words for evidence (", 3 records"). */
export function bodySummary(body: unknown): string {
	if (Array.isArray(body)) return `, ${records(body.length)}`;
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		const list = Object.entries(body as IDataObject).find(([, v]) => Array.isArray(v));
		return list ? `, ${records((list[1] as unknown[]).length)} in "${list[0]}"` : ', an object';
	}
	return '';
}

/** The answer in words for evidence: status and the node's message. */
export function answerText(answer: ProbeAnswer): string {
	return answer.ok
		? `HTTP ${answer.status ?? '?'}`
		: `${answer.status !== undefined ? `HTTP ${answer.status}: ` : ''}${short(answer.message ?? 'failed', 200)}`;
}

/** What to do about a path the tenant does not serve (pathLine, and the vendors' own path lines). */
export const PATH_FIX =
	"Your tenant does not serve this path. If every path line says so, the credential's Base URL (or server) is " +
	'wrong: correct it and test the credential. Otherwise reach the endpoint with Custom API Call → Make an API ' +
	`Call under the path your tenant uses, and ${REPORT_CHECK}.`;

/**
 * A path the node reads: 2xx confirms, 404/405 contradicts, anything else (401, 403, 5xx, no network) cannot
 * decide.
 */
export function pathLine(opts: {
	line: string;
	where: string;
	path: string;
	/** For a path of one record: its id from an earlier read (undefined: no record to read). */
	id?: (p: Prober) => Promise<string | undefined>;
	/** Query (a function: computed when the check runs, e.g. a date window around today). */
	qs?: IDataObject | (() => IDataObject);
	what: string;
	fix?: string;
	/** A search the vendor documents as read-only, sent as POST with this body (or the function's). */
	searchBody?: unknown;
	/** Checks a 2xx body (e.g. that it is a list); a string is the contradiction. */
	shape?: (body: unknown) => string | undefined;
}): ContractLine {
	return {
		line: opts.line,
		where: opts.where,
		assumption:
			`${opts.searchBody === undefined ? 'GET' : 'POST (read-only search)'} ` +
			`${opts.path} answers: ${opts.what}`,
		fix: opts.fix ?? PATH_FIX,
		async probe(p) {
			let path = opts.path;
			if (opts.id) {
				const id = await opts.id(p);
				if (id === undefined) return notCheckable('No record was listed whose ID could be read');
				path = path.replace(/\{id\}|%7Bid%7D/, encodeURIComponent(id));
			}
			const qs = typeof opts.qs === 'function' ? opts.qs() : opts.qs;
			const body = opts.searchBody;
			const answer =
				body === undefined
					? await p.get(path, qs)
					: await p.search(path, typeof body === 'function' ? (body as () => unknown)() : body, qs);
			if (answer.ok) {
				const wrong = opts.shape?.(answer.body);
				return wrong
					? contradicted(`HTTP ${answer.status}, but ${wrong}`)
					: confirmed(`HTTP ${answer.status}${bodySummary(answer.body)}`);
			}
			if (answer.status === 404 || answer.status === 405) return contradicted(answerText(answer));
			return notCheckable(answerText(answer));
		},
	};
}

/** Server time minus local time in ms, from the `Date` header (whole seconds); undefined without one. */
export function clockOffsetMs(
	headers: Record<string, string>,
	localNow = Date.now(),
): number | undefined {
	const date = headers.date ?? headers.Date;
	if (!date) return undefined;
	const server = Date.parse(date);
	return Number.isFinite(server) ? server - localNow : undefined;
}

/**
 * The server's clock: where a rule depends on it (open windows "up to now", "not in the future"), an offset
 * over `toleranceMs` is reported as a contradiction of "the server's clock is n8n's".
 */
export function clockLine(opts: {
	where: string;
	path: string;
	qs?: IDataObject;
	toleranceMs?: number;
	fix?: string;
}): ContractLine {
	const tolerance = opts.toleranceMs ?? 5000;
	return {
		line: 'serverClock',
		where: opts.where,
		assumption: `The server's clock agrees with n8n's within ${tolerance / 1000} s (read from the Date header)`,
		fix:
			opts.fix ??
			'Correct the clock of the n8n host (NTP) or ask the vendor to; ' +
				"until then leave a margin in time windows that end at 'now'.",
		async probe(p) {
			const before = Date.now();
			const answer = await p.getFresh(opts.path, opts.qs);
			const after = Date.now();
			const offset = clockOffsetMs(answer.headers, (before + after) / 2);
			if (offset === undefined)
				return notCheckable(answer.ok ? 'The answer carried no Date header' : answerText(answer));
			// The Date header has whole seconds: up to 1 s of the offset is rounding.
			const text =
				`server clock ${offset >= 0 ? '+' : ''}${Math.round(offset / 1000)} s against n8n ` +
				`(Date: ${answer.headers.date})`;
			return Math.abs(offset) <= tolerance + 1000 ? confirmed(text) : contradicted(text);
		},
	};
}

/**
 * Reads a dotted path (`Meeting.Title`) from a record through the shared field reader (as written, then in any
 * case or word style): the check confirms a field where the node's features find it.
 */
export function pick(record: unknown, path: string): unknown {
	return readField(record, path).value;
}

/** Which names of an alias list a sample record carries (dotted paths allowed). */
export function namesPresent(record: unknown, aliases: string[]): string[] {
	return aliases.filter((name) => pick(record, name) !== undefined);
}

/** Normalized key → the vendor field names the node reads for it (first present wins). */
export type AliasTable = Record<string, string[]>;

/** What to do when a tenant names fields otherwise than the node reads them (fieldsLine). */
export const FIELDS_FIX =
	"The node reads these fields under other names than your tenant sends: what depends on them (Simplify's " +
	'"normalized", filters, trigger keys, the check of a write) stops with an error naming the field rather than ' +
	"guess. Until the node reads your names, take the values from the vendor's own fields in each item (the " +
	`evidence lists the names your tenant sends) instead of "normalized", and ${REPORT_CHECK}.`;

/**
 * Field names of sample records against the names the node reads: every normalized key must find at least
 * one of its names in at least one sample, else it would come out null (unmapped) for every record.
 */
export function fieldsFinding(
	samples: unknown[],
	aliases: AliasTable,
	/** Keys the vendor fills only for some records (absent: reported, not a contradiction). */
	optional: string[] = [],
): ContractFinding {
	if (samples.length === 0) return notCheckable('The tenant returned no record to compare with');
	const missing: string[] = [];
	const seen: string[] = [];
	for (const [key, names] of Object.entries(aliases)) {
		const found = new Set(samples.flatMap((s) => namesPresent(s, names)));
		if (found.size === 0 && optional.includes(key)) seen.push(`${key}←none (optional)`);
		else if (found.size === 0) missing.push(`${key} (reads ${names.join(' | ')})`);
		else seen.push(`${key}←${[...found].join('|')}`);
	}
	const keys = [...new Set(samples.flatMap((s) => topKeys(s)))].slice(0, 40).join(', ');
	if (missing.length === 0)
		return confirmed(short(`${samples.length} sample(s): ${seen.join('; ')}`, 400));
	return contradicted(
		short(`No source field for ${missing.join('; ')}. The sample carries: ${keys}`, 600),
		FIELDS_FIX,
	);
}

function topKeys(record: unknown, prefix = '', depth = 0): string[] {
	if (record === null || typeof record !== 'object' || Array.isArray(record)) return [];
	return Object.entries(record as IDataObject).flatMap(([k, v]) =>
		depth < 1 && v !== null && typeof v === 'object' && !Array.isArray(v)
			? [prefix + k, ...topKeys(v, `${prefix}${k}.`, depth + 1)]
			: [prefix + k],
	);
}

/** The format of a date value in words, for evidence and comparison. */
export function dateFormatOf(value: unknown): string {
	if (typeof value === 'number') return value > 1e11 ? 'epoch milliseconds' : 'epoch seconds';
	if (typeof value !== 'string') return value === undefined ? 'absent' : typeof value;
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value))
		return 'ISO 8601 with offset';
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value))
		return 'ISO 8601 without offset';
	if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?Z$/.test(value)) return 'yyyy-MM-dd HH:mm:ssZ';
	if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value)) return 'yyyy-MM-dd HH:mm[:ss]';
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'yyyy-MM-dd';
	if (/^\/Date\(-?\d+([+-]\d{4})?\)\/$/.test(value)) return '/Date(ms)/';
	return 'unknown';
}

/** What to do when a tenant sends dates in a form the node does not read (the vendors' dates lines). */
export const DATES_FIX =
	"The node does not read dates of this form: Simplify's start and end (and what is filtered or exported by " +
	"them) may be wrong or empty. Until it does, convert the vendor's own date fields in the workflow (a Date & " +
	`Time node) instead of using "normalized", and ${REPORT_CHECK}.`;

/**
 * Date fields of sample records against the formats the node reads: each present value must have one of
 * `accepted`.
 */
export function datesFinding(
	samples: unknown[],
	fields: string[],
	accepted: string[],
): ContractFinding {
	if (samples.length === 0) return notCheckable('The tenant returned no record to compare with');
	const seen = new Map<string, string>();
	for (const sample of samples)
		for (const field of fields) {
			const value = pick(sample, field);
			if (value !== undefined && value !== null && !seen.has(field))
				seen.set(field, `${dateFormatOf(value)} (${short(value, 40)})`);
		}
	if (seen.size === 0) return notCheckable(`None of ${fields.join(', ')} is in the sample records`);
	const evidence = [...seen].map(([f, v]) => `${f}: ${v}`).join('; ');
	const wrong = [...seen].filter(([, v]) => !accepted.some((a) => v.startsWith(a + ' (')));
	return wrong.length === 0
		? confirmed(evidence)
		: contradicted(`${evidence}; the node reads ${accepted.join(' or ')}`);
}

/** One page as a probe read it: the record ids in order, the total and page number the server reported. */
export interface PageSample {
	ids: string[];
	total?: number;
	/** The page number the server echoed, where it does. */
	echoed?: number;
	/** The failure, when the page was refused. */
	error?: string;
}

/** Reads one page (`page` undefined: the request without a page parameter) of `size` records. */
export type PageReader = (p: Prober, page: number | undefined, size: number) => Promise<PageSample>;

function pageText(page: number | undefined, size: number, s: PageSample): string {
	const ask = page === undefined ? `no page, size ${size}` : `page ${page}, size ${size}`;
	if (s.error) return `${ask} → ${s.error}`;
	return `${ask} → [${s.ids.join(', ')}]${s.echoed !== undefined ? ` (echoes page ${s.echoed})` : ''}`;
}

/**
 * The number of the first page. Page `base` of size 2 holds records x, y; page `base + 1` of size 1 must hold
 * y. When it holds x, the server counts from `base - 1`; an empty or refused page `base` while records exist
 * means it counts from `base + 1`. With `firstWithoutPage` the request without a page number (documented as
 * the first page) must start with x too.
 */
export function pageBaseLine(opts: {
	where: string;
	base: number;
	read: PageReader;
	firstWithoutPage?: boolean;
	fix: (actualBase: number | undefined) => string;
}): ContractLine {
	const { base, read } = opts;
	return {
		line: 'pageBase',
		where: opts.where,
		assumption: `Pages are numbered from ${base}`,
		fix: opts.fix(undefined),
		async probe(p) {
			const first = await read(p, base, 2);
			const evidence = [pageText(base, 2, first)];
			if (first.error) return contradicted(evidence.join('; '), opts.fix(base + 1));
			if (first.ids.length === 0) {
				const any = await read(p, base + 1, 2);
				evidence.push(pageText(base + 1, 2, any));
				if (any.ids.length > 0 || (first.total ?? 0) > 0)
					return contradicted(evidence.join('; '), opts.fix(base + 1));
				return notCheckable(`${evidence.join('; ')}: the list is empty`);
			}
			if (first.ids.length < 2)
				return notCheckable(`${evidence.join('; ')}: needs at least 2 records to compare pages`);
			const second = await read(p, base + 1, 1);
			evidence.push(pageText(base + 1, 1, second));
			let unpaged: PageSample | undefined;
			if (opts.firstWithoutPage) {
				unpaged = await read(p, undefined, 2);
				evidence.push(pageText(undefined, 2, unpaged));
			}
			const text = evidence.join('; ');
			const [x, y] = first.ids;
			const z = second.ids[0];
			if (z === x) return contradicted(text, opts.fix(base - 1));
			if (z !== y) return contradicted(text, opts.fix(undefined));
			if (unpaged && !unpaged.error && unpaged.ids[0] !== x)
				return contradicted(
					`${text}: the request without a page number (the first page) does not start with ${x}`,
					opts.fix(undefined),
				);
			if (first.echoed !== undefined && first.echoed !== base)
				return contradicted(
					`${text}: page ${base} echoes page ${first.echoed}`,
					opts.fix(undefined),
				);
			return confirmed(text);
		},
	};
}

/**
 * The largest page: page `base` of size `max` is accepted and holds `max` records, or every record when
 * fewer exist (by the reported total, else by an empty next page).
 */
export function largestPageLine(opts: {
	where: string;
	base: number;
	max: number;
	read: PageReader;
	fix?: string;
}): ContractLine {
	const { base, max, read } = opts;
	return {
		line: 'largestPage',
		where: opts.where,
		assumption: `A page may hold ${max} records (the node asks for ${max} per page in Return All)`,
		fix:
			opts.fix ??
			'Nothing to change for complete results: a listing that meets a smaller page asks once more, then ' +
				'remembers the smaller page for this credential and asks for it from then on. To spare that request, ' +
				`${REPORT_CHECK}.`,
		async probe(p) {
			const page = await read(p, base, max);
			const ask = `page ${base}, size ${max}`;
			if (page.error) {
				const unpaged = await read(p, undefined, max);
				return unpaged.error
					? contradicted(`${ask} → refused: ${page.error}`)
					: notCheckable(
							`${ask} → refused: ${page.error}; without a page number size ${max} is served (see the pageBase line)`,
						);
			}
			const got = page.ids.length;
			const served = `${ask} → ${got} records${page.total !== undefined ? ` of ${page.total} reported` : ''}`;
			if (got === max) return confirmed(served);
			if (got === 0 && (page.total ?? 0) > 0)
				return notCheckable(`${served}: the first page is empty (see the pageBase line)`);
			if (page.total !== undefined)
				return got >= page.total
					? confirmed(`${served} (all of them; a fuller page could not be tried)`)
					: contradicted(`${served}: the server caps a page at ${got}`);
			const next = await read(p, base + 1, max);
			if (next.ids.length > 0)
				return contradicted(
					`${served}, and page ${base + 1} still has ${next.ids.length}: the server caps a page at ${got}`,
				);
			return confirmed(
				`${served}, page ${base + 1} empty (all of them; a fuller page could not be tried)`,
			);
		},
	};
}

/** The write paths: listed, never probed (the check never writes). */
export function writesLine(opts: { where: string; assumption: string }): ContractLine {
	return {
		line: 'path.writes',
		where: opts.where,
		assumption: opts.assumption,
		fix:
			'Not probed: the check never writes. Try each write you use once in a test workflow; if one is refused ' +
			'with 404 or 405, send it with Custom API Call → Make an API Call under the path your tenant uses, and ' +
			`${REPORT_CHECK}.`,
		async probe() {
			return notCheckable('not probed: the check never writes');
		},
	};
}

/** Sample records against the field names Simplify reads (one alias list per normalized key). */
export function fieldsLine(opts: {
	line: string;
	where: string;
	record: string;
	aliases: AliasTable;
	optional?: string[];
	sample: (p: Prober) => Promise<unknown[]>;
}): ContractLine {
	return {
		line: opts.line,
		where: opts.where,
		assumption: `${opts.record} carries ${Object.values(opts.aliases)
			.map((n) => n.join('/'))
			.join(', ')} (read by Simplify)`,
		fix: FIELDS_FIX,
		async probe(p) {
			return fieldsFinding(await opts.sample(p), opts.aliases, opts.optional);
		},
	};
}

/** Sample records' date fields against the formats the node reads. */
export function datesLine(opts: {
	line: string;
	where: string;
	assumption: string;
	fix: string;
	fields: string[];
	accepted: string[];
	sample: (p: Prober) => Promise<unknown[]>;
}): ContractLine {
	return {
		line: opts.line,
		where: opts.where,
		assumption: opts.assumption,
		fix: opts.fix,
		async probe(p) {
			return datesFinding(await opts.sample(p), opts.fields, opts.accepted);
		},
	};
}

/**
 * Where a list answer carries its total (read by the one envelope reader, shared/envelope.ts): a total under
 * a name it knows confirms (or, for an API documented without totals, is noted); a number under a name it does not
 * know is a finding — a total the node would not read, so listings would cost an extra request or miss a check.
 */
export function totalLine(opts: {
	where: string;
	path: string;
	qs?: IDataObject;
	/** Whether the vendor documents a total (PlanningPME, Bookings ONE) or plain lists (Hub Planner). */
	documented: boolean;
	/** What the document names it ("totalItems"), for the assumption. */
	name?: string;
}): ContractLine {
	return {
		line: 'total',
		where: opts.where,
		assumption: opts.documented
			? `A list answer reports its total (as ${opts.name ?? 'a total'}; any name for a total or a count ` +
				'is read, at the top or in a metadata object)'
			: 'A list answer is a plain array without a total: a listing ends on an empty page or a short page ' +
				'below a page size served before',
		fix:
			'The node reads no total from this answer: listings still end only on proof (an empty page, or a ' +
			"short page below a size served before), at one more request. To have the node read your tenant's " +
			`total, ${REPORT_CHECK}.`,
		async probe(p) {
			const answer = await p.get(opts.path, opts.qs ?? {});
			if (!answer.ok) return notCheckable(answerText(answer));
			const envelope = readEnvelope(answer.body);
			if (!envelope) return contradicted(`HTTP ${answer.status}, but the answer is not a list`);
			const where = envelope.recordsKey ? `records in "${envelope.recordsKey}"` : 'a plain array';
			const unknown = envelope.unknownNumbers.length
				? `; numbers under names the node does not read: ${envelope.unknownNumbers.join(', ')}`
				: '';
			if (envelope.total !== undefined)
				return confirmed(
					`${where}, total ${envelope.total} under "${envelope.totalKey}"${unknown}`,
				);
			if (unknown) return contradicted(`${where}, no total the node reads${unknown}`);
			return opts.documented ? contradicted(`${where}, no total`) : confirmed(`${where}, no total`);
		},
	};
}

/**
 * Whether the tenant caps how many records one answer of an unpaged date window holds: a wide window (the widest
 * the caller can ask, so that it holds many records) against its two halves (shared/windowCap.ts measureCap).
 * Either a cap is found (one answer held fewer records than its halves together), or the answers are complete up
 * to at least the wide window's count (a bound). Either is remembered per credential and endpoint: listings then
 * read again as two halves only the windows whose answer reaches the cap or the bound.
 */
export function windowCapLine(opts: {
	where: string;
	credentialType: string;
	endpoint: string;
	/** The wide window in words ("FindLockedBookings over the last 6 months"). */
	window: string;
	/** The record ids of the wide window (`part` 0) or of its first or second half (1, 2); a string: why not. */
	read: (p: Prober, part: 0 | 1 | 2) => Promise<string[] | string>;
}): ContractLine {
	return {
		line: 'windowCap',
		where: opts.where,
		assumption:
			`One answer of ${opts.endpoint} holds every record of its date window ` +
			'(the API documents no paging and no cap); a tenant that caps answers caps them at ' +
			`${UNSPLITTABLE_FLOOR} records or more (only records sharing one second rely on this)`,
		fix:
			'Nothing to change: the cap is remembered for this credential, and listings now read every window ' +
			'whose answer reaches it again as two halves (more requests). Keep date ranges narrow where you can.',
		async probe(p) {
			const parts: string[][] = [];
			for (const part of [0, 1, 2] as const) {
				const ids = await opts.read(p, part);
				if (typeof ids === 'string') return notCheckable(ids);
				parts.push(ids);
			}
			const [whole, first, second] = parts;
			const { cap, bound, union } = measureCap(whole, [first, second]);
			const halves = `its halves ${first.length} + ${second.length} (${union} distinct)`;
			const text = `${opts.window}: ${records(whole.length)}; ${halves}`;
			if (cap !== undefined) {
				rememberWindowCap(p.ctx, opts.credentialType, opts.endpoint, { cap, bound: cap });
				return contradicted(`${text}: one answer holds at most ${cap} records`);
			}
			if (bound > 0) rememberWindowCap(p.ctx, opts.credentialType, opts.endpoint, { bound });
			if (union === 0) return notCheckable(`${text}: no records to compare`);
			return confirmed(
				`${text}: answers are complete up to at least ${bound} records ` +
					`(listings read again as two halves only a window whose answer holds ${bound} or more)`,
			);
		},
	};
}
