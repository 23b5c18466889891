import type { IDataObject } from 'n8n-workflow';

/**
 * The one reader of a list answer's envelope, for every vendor: no fixed names. A vendor's page reader asks it for
 * the records, the total, the echoed page size and page number, wherever the answer carries them:
 * - the records: a bare array, or the one array of records in the envelope (at the top, or one object down);
 * - the total: any key naming a total or a count, in any case and spelling (`total`, `totalCount`, `total_items`,
 *   `TotalItems`, `count`, `recordCount`, …), at the top or inside a metadata object (`meta`, `metaData`,
 *   `pagination`, `paging`, `_meta`, `page`, …). A bare array has no total.
 * Numbers under names it does not know are listed (`unknownNumbers`): API Contract → Check reports them, since a
 * total under an unknown name is a total the node does not read.
 */
export interface Envelope {
	items: IDataObject[];
	/** Where the envelope names one: the number of records in the whole listing. */
	total?: number;
	/** Where the envelope names one: the number of pages in the whole listing. */
	pages?: number;
	/** The page size the server says it used. */
	size?: number;
	/** The number of the page the server says it served. */
	page?: number;
	/** Where the records were ("" for a bare array). */
	recordsKey: string;
	/** The key the total was read from ("meta.totalCount"), if any. */
	totalKey?: string;
	/** Numeric keys at the top or in a metadata object that no rule above reads ("meta.n = 1200"). */
	unknownNumbers: string[];
}

/** A key without case, `_`, `-`, `$`, `@` or `.`: `total_items`, `TotalItems`, `@odata.count` → comparable. */
const plain = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const TOTAL = new Set([
	'total',
	'count',
	'totalcount',
	'totalitems',
	'totalrecords',
	'totalrows',
	'totalresults',
	'totalelements',
	'totalhits',
	'totalsize',
	'totalnumber',
	'totalnumberofrecords',
	'numberofrecords',
	'recordcount',
	'recordscount',
	'itemcount',
	'itemscount',
	'resultcount',
	'resultscount',
	'rowcount',
	'elementcount',
	'hitcount',
	'numfound',
	'numresults',
	'odatacount',
	'fullcount',
	'totalentries',
	'entrycount',
]);
/**
 * Names that some APIs give the number of records of the page itself, not of the listing: such a number equal to
 * the page's own record count proves nothing and is not read as the total (the listing then ends on the
 * completeness rule, at most one request later); any other value of it is the total.
 */
const DOUBTFUL = new Set([
	'count',
	'itemcount',
	'itemscount',
	'resultcount',
	'resultscount',
	'rowcount',
	'elementcount',
	'hitcount',
	'entrycount',
	'numresults',
]);
const PAGES = new Set(['totalpages', 'pagecount', 'pages', 'numberofpages', 'totalpage']);
const SIZE = new Set([
	'pagesize',
	'size',
	'limit',
	'perpage',
	'row',
	'rows',
	'pagelength',
	'itemsperpage',
	'top',
]);
const PAGE = new Set(['page', 'pagenumber', 'currentpage', 'pageindex', 'pageno', 'number']);
/** Keys that hold numbers but no paging fact (not reported as unknown totals). */
const OTHER = new Set([
	'offset',
	'skip',
	'start',
	'from',
	'status',
	'code',
	'version',
	'timestamp',
]);
const META = /^(meta|metadata|pagination|paging|page|pageinfo|pager|info|links|cursor)$/;

const isRecord = (v: unknown): v is IDataObject =>
	v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);

const number = (v: unknown): number | undefined => {
	if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
	if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
	return undefined;
};

/** The arrays of records directly in `body`: arrays of objects, or empty arrays. */
function recordArrays(body: IDataObject): Array<[string, IDataObject[]]> {
	return Object.entries(body).filter(
		(entry): entry is [string, IDataObject[]] =>
			Array.isArray(entry[1]) && (entry[1].length === 0 || entry[1].every(isRecord)),
	);
}

const RECORDS = /^(items|data|records|results|result|value|values|content|list|rows|entries|hits)$/;

/** The one array of records: alone at the top, else the one a records name marks, else one object down. */
function findRecords(body: IDataObject): [string, IDataObject[]] | undefined {
	const top = recordArrays(body);
	const nonEmpty = top.filter(([, list]) => list.length > 0);
	if (top.length === 1) return top[0];
	if (nonEmpty.length === 1 && top.every(([k, l]) => l.length > 0 || !RECORDS.test(plain(k))))
		return nonEmpty[0];
	const named = top.filter(([key]) => RECORDS.test(plain(key)));
	if (named.length === 1) return named[0];
	if (top.length > 1) return undefined;
	for (const [key, value] of Object.entries(body)) {
		if (!isRecord(value)) continue;
		const inner = findRecords(value);
		if (inner) return [`${key}.${inner[0]}`, inner[1]];
	}
	return undefined;
}

/** Keys that make an object an error document, whatever arrays it carries (never read as a list). */
const ERROR_KEYS = new Set([
	'error',
	'errors',
	'errorcode',
	'errormessage',
	'errordescription',
	'exception',
]);

/**
 * Reads a list answer; undefined when it is neither a bare array nor an object holding one array of records, or
 * when it is an error document (an `error`, `errors`, `ErrorCode`… key with a value, at the top): its arrays are
 * not records (an empty `errors: []` beside the records is no error).
 */
export function readEnvelope(answer: unknown): Envelope | undefined {
	if (Array.isArray(answer)) {
		if (!answer.every(isRecord)) return undefined;
		return { items: answer, recordsKey: '', unknownNumbers: [] };
	}
	if (!isRecord(answer)) return undefined;
	const carried = (v: unknown) =>
		v !== null &&
		v !== undefined &&
		v !== '' &&
		v !== false &&
		!(Array.isArray(v) && v.length === 0);
	if (Object.entries(answer).some(([key, v]) => ERROR_KEYS.has(plain(key)) && carried(v)))
		return undefined;
	const found = findRecords(answer);
	if (!found) return undefined;
	const out: Envelope = { items: found[1], recordsKey: found[0], unknownNumbers: [] };
	const holder = found[0].includes('.') ? found[0].split('.')[0] : undefined;
	// The top first, then metadata objects by name, then any other object (never the records themselves).
	const places: Array<[string, IDataObject]> = [['', answer]];
	const objects = Object.entries(answer).filter(
		(e): e is [string, IDataObject] => isRecord(e[1]) && e[0] !== holder,
	);
	places.push(...objects.filter(([k]) => META.test(plain(k))));
	places.push(...objects.filter(([k]) => !META.test(plain(k))));
	if (holder && isRecord(answer[holder])) places.push([holder, answer[holder] as IDataObject]);
	for (const [prefix, place] of places) {
		for (const [key, value] of Object.entries(place)) {
			const n = number(value);
			if (n === undefined) continue;
			const name = plain(key);
			const path = prefix ? `${prefix}.${key}` : key;
			if (TOTAL.has(name)) {
				const pageCount = DOUBTFUL.has(name) && n === out.items.length;
				if (out.total === undefined && !pageCount) [out.total, out.totalKey] = [n, path];
			} else if (PAGES.has(name)) out.pages ??= n;
			else if (SIZE.has(name)) out.size ??= n;
			else if (PAGE.has(name) || (prefix && META.test(plain(prefix)) && name === 'current'))
				out.page ??= n;
			else if (!OTHER.has(name) && (prefix === '' || META.test(plain(prefix))))
				out.unknownNumbers.push(`${path} = ${n}`);
		}
	}
	return out;
}
