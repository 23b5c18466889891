import type { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { assertOrdered, parseDate, toIso } from '../../shared/dates';
import { fieldError } from '../../shared/errors';
import {
	idList,
	locatorProperty,
	numericIdList,
	readLimit,
	requiredString,
	returnAllProperties,
} from '../../shared/fields';
import { fieldValue } from '../../shared/fieldReader';
import {
	pick,
	simplifyOutput,
	simplifyProperties,
	type NormalizedBooking,
	type SimplifyContract,
} from '../../shared/normalize';
import type { Operation } from '../../shared/types';
import { bookingsOneList, bookingsOneRequest, bookingsOneWholeList } from '../transport';
import { reportLine } from '../../shared/messages';

/**
 * Bookings ONE's search endpoints differ only in path and filters, so each is described as data: the
 * filter list below is the query-parameter table of the Bookings ONE External API (v1) reference, and one builder turns it into fields and a
 * paged request.
 */
export type FilterKind =
	/** Whole-number ids: a comma-separated text or a list from an expression; sent as "1,2,3". */
	| 'ids'
	/** Like ids, and the word "null" (records without one). */
	| 'idsOrNull'
	/** Text values (access ids, uids, codes): a comma-separated text or a list. */
	| 'strings'
	/** Names chosen from a list; sent comma-separated. */
	| 'enum'
	/** A date (ISO 8601, plain date, n8n DateTime) or "now". */
	| 'date'
	| 'text'
	| 'boolean'
	| 'number';

export interface Filter {
	/** Query parameter name. */
	name: string;
	displayName: string;
	kind: FilterKind;
	description?: string;
	options?: INodePropertyOptions[];
	/**
	 * The document gives the values only as examples ("e.g. meetingRoom, phoneBooth"): the known ones are offered,
	 * and any other value (typed in an expression) is sent as it is.
	 */
	open?: boolean;
}

const ID_HINT = 'Comma-separated, e.g. 1,2,3 (or a list from an expression)';

export const F = {
	ids: (name: string, displayName: string, what: string): Filter => ({
		name,
		displayName,
		kind: 'ids',
		description: `${what}. ${ID_HINT}.`,
	}),
	strings: (name: string, displayName: string, what: string): Filter => ({
		name,
		displayName,
		kind: 'strings',
		description: `${what}. Comma-separated or a list.`,
	}),
	enum: (name: string, displayName: string, values: string[], what: string): Filter => ({
		name,
		displayName,
		kind: 'enum',
		description: what,
		options: values.map((v) => ({ name: titleCase(v), value: v })),
	}),
	/** An enum whose values the document only gives as examples: the known values, and any other accepted. */
	openEnum: (name: string, displayName: string, values: string[], what: string): Filter => ({
		...F.enum(
			name,
			displayName,
			values,
			`${what}. Other values your server uses can be given with an expression.`,
		),
		open: true,
	}),
	from: (): Filter => ({
		name: 'from',
		displayName: 'From',
		kind: 'date',
		description:
			'Only records that end after this time: a date, a date and time (ISO 8601) or "now"',
	}),
	to: (): Filter => ({
		name: 'to',
		displayName: 'To',
		kind: 'date',
		description:
			'Only records that start before this time: a date, a date and time (ISO 8601) or "now"',
	}),
	searchText: (what: string): Filter => ({
		name: 'searchText',
		displayName: 'Search Text',
		kind: 'text',
		description: `Text to look for in ${what}`,
	}),
	isDeleted: (): Filter => ({
		name: 'isDeleted',
		displayName: 'Is Deleted',
		kind: 'boolean',
		description: 'Whether to return only deleted records (on) or only current ones (off)',
	}),
};

function titleCase(value: string): string {
	const spaced = value.replace(/([a-z])([A-Z])/g, '$1 $2');
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The "Filters" collection of a search operation. */
export function filtersProperty(filters: Filter[]): INodeProperties {
	const options: INodeProperties[] = filters.map((f) => {
		const base = { displayName: f.displayName, name: f.name, description: f.description };
		switch (f.kind) {
			case 'enum':
				return {
					...base,
					type: 'multiOptions',
					options: f.options ?? [],
					default: [],
				} as INodeProperties;
			case 'boolean':
				return { ...base, type: 'boolean', default: false } as INodeProperties;
			case 'number':
				return { ...base, type: 'number', default: 0 } as INodeProperties;
			case 'date':
				return {
					...base,
					type: 'string',
					default: '',
					placeholder: 'e.g. 2026-03-01T08:00:00+08:00 or now',
				} as INodeProperties;
			case 'ids':
			case 'idsOrNull':
				return {
					...base,
					type: 'string',
					default: '',
					placeholder: 'e.g. 1,2,3',
				} as INodeProperties;
			default:
				return { ...base, type: 'string', default: '' } as INodeProperties;
		}
	});
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Reads the Filters collection into the query string Bookings ONE expects (lists comma-separated, dates ISO). */
export function readFilters(
	ctx: IExecuteFunctions,
	filters: Filter[],
	itemIndex: number,
	param = 'filters',
): IDataObject {
	const given = ctx.getNodeParameter(param, itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const dates: Record<string, DateTime | undefined> = {};
	for (const f of filters) {
		const value = given[f.name];
		if (value === undefined || value === null || value === '') continue;
		switch (f.kind) {
			case 'ids':
			case 'idsOrNull': {
				const ids = numericIdList(ctx.getNode(), value, {
					label: f.displayName,
					noun: 'an ID',
					hint: `Enter whole-number IDs separated by commas, e.g. 1,2,3${f.kind === 'idsOrNull' ? ' (or null)' : ''}.`,
					allow: (id) => f.kind === 'idsOrNull' && id.toLowerCase() === 'null',
					itemIndex,
				});
				if (ids.length) qs[f.name] = ids.join(',');
				break;
			}
			case 'strings': {
				const values = idList(value);
				if (values.length) qs[f.name] = values.join(',');
				break;
			}
			case 'enum': {
				const values = idList(value);
				const allowed = (f.options ?? []).map((o) => String(o.value));
				for (const v of values) {
					if (!f.open && !allowed.includes(v))
						throw fieldError(
							ctx.getNode(),
							f.displayName,
							`"${v}" is not one of ${allowed.join(', ')}`,
							'Choose values from the list.',
							itemIndex,
						);
				}
				if (values.length) qs[f.name] = values.join(',');
				break;
			}
			case 'date': {
				if (typeof value === 'string' && value.trim().toLowerCase() === 'now') {
					qs[f.name] = 'now';
					break;
				}
				const parsed = parseDate(ctx.getNode(), value, f.displayName, itemIndex, {
					zone: ctx.getTimezone(),
					allowNow: true,
				});
				if (parsed) {
					dates[f.name] = parsed;
					qs[f.name] = toIso(parsed);
				}
				break;
			}
			case 'boolean':
				qs[f.name] = value === true || value === 'true';
				break;
			case 'number': {
				const n = Number(value);
				if (!Number.isInteger(n))
					throw fieldError(
						ctx.getNode(),
						f.displayName,
						`${String(value)} is not a whole number`,
						'Enter a whole number.',
						itemIndex,
					);
				qs[f.name] = n;
				break;
			}
			default:
				qs[f.name] = String(value);
		}
	}
	assertOrdered(ctx.getNode(), dates.from, dates.to, ['From', 'To'], itemIndex);
	return qs;
}

/** A search operation: its Filters, Return All/Limit, optional Simplify, and the paged request. */
export function filteredSearchOperation(spec: {
	noun: string;
	plural: string;
	path: string;
	filters: Filter[];
	/** Offers Simplify, adding this normalized booking. */
	normalize?: (record: IDataObject) => NormalizedBooking;
	/** Where Simplify's names come from (for the error when every record lacks one). */
	simplifyContract?: SimplifyContract;
	description?: string;
	/**
	 * The endpoint answers the whole list at once (a bare JSON array, no page/row parameters documented): one
	 * request, and Limit keeps the first records of it.
	 */
	unpaged?: boolean;
}): Operation {
	return {
		name: 'Search',
		value: 'search',
		action: `Search ${spec.plural}`,
		description: spec.description ?? `Find ${spec.plural} by filters, all of them or up to a limit`,
		properties: [
			...returnAllProperties(),
			filtersProperty(spec.filters),
			...(spec.normalize ? simplifyProperties : []),
		],
		async execute(this: IExecuteFunctions, i: number) {
			const qs = readFilters(this, spec.filters, i);
			const limit = readLimit(this, i);
			const records = spec.unpaged
				? await bookingsOneWholeList.call(this, { path: spec.path, qs, limit, itemIndex: i })
				: await bookingsOneList.call(this, { path: spec.path, qs, limit, itemIndex: i });
			return spec.normalize
				? simplifyOutput(this, i, records, spec.normalize, spec.simplifyContract)
				: records;
		},
	};
}

/** A get-by-ID operation whose ID comes from a text field or a resource locator. */
export function getByIdOperation(spec: {
	noun: string;
	idProperty: INodeProperties;
	path: (id: string) => string;
	description?: string;
	/** IDs are whole numbers (default); false accepts any text (e.g. a badge UID). */
	numeric?: boolean;
}): Operation {
	return {
		name: 'Get',
		value: 'get',
		action: `Get a ${spec.noun}`,
		description: spec.description ?? `Get one ${spec.noun} by ID`,
		properties: [spec.idProperty],
		async execute(this: IExecuteFunctions, i: number) {
			const id =
				spec.numeric === false
					? requiredString(this, spec.idProperty.name, spec.idProperty.displayName, i)
					: readId(this, spec.idProperty.name, spec.idProperty.displayName, i);
			return (await bookingsOneRequest.call(this, {
				method: 'GET',
				path: spec.path(id),
				itemIndex: i,
			})) as IDataObject;
		},
	};
}

/** A record picked from a searchable list, or entered by ID (whole numbers). */
export function bookingsOneLocator(
	name: string,
	displayName: string,
	searchMethod: string,
	opts: { required?: boolean; description?: string } = {},
): INodeProperties {
	return locatorProperty({
		name,
		displayName,
		searchMethod,
		idPattern: '^\\s*\\d+\\s*$',
		idError: 'Not a Bookings ONE ID (a whole number)',
		placeholder: 'e.g. 12',
		...opts,
	});
}

/** A whole-number ID from a locator or text field; names the field when it is not one. */
export function readId(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const id = requiredString(ctx, name, label, itemIndex);
	if (!/^\d+$/.test(id))
		throw fieldError(
			ctx.getNode(),
			label,
			`"${id.slice(0, 40)}" is not an ID`,
			'Enter the whole-number ID, or pick the record from the list.',
			itemIndex,
		);
	return id;
}

/** One value a write sent, and where the answer must carry it. */
export interface SentValue {
	/** In the user's words ("name"). */
	label: string;
	/** Where the answer carries it ("a.b" for nested). */
	name: string;
	/** The contract line, as a user can report it ("DEVICE_FIELDS.name"). */
	line: string;
	/** What was sent (undefined, null or '': not sent, not checked). */
	sent: unknown;
	/** Whether the value that came back is the one sent (default: same text). */
	same?: (sent: unknown, back: unknown) => boolean;
}

/**
 * A write checked against the record Bookings ONE answers: every value sent must come back under the name of its
 * contract line. One that comes back missing, empty or different is an error naming the field, what came back and
 * the contract line to fix — never a success that stored less than was sent. An answer that is not a record cannot
 * be checked and is returned as it is.
 */
export function verifiedAnswer(
	ctx: IExecuteFunctions,
	opts: { record: string; action: string; answer: unknown; checks: SentValue[]; itemIndex: number },
): IDataObject {
	const { answer, itemIndex } = opts;
	if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return answer as IDataObject;
	const stored = answer as IDataObject;
	for (const check of opts.checks) {
		const value = check.sent;
		if (value === undefined || value === null || value === '') continue;
		const back = pick(stored, [check.name]);
		const same = check.same ?? ((a: unknown, b: unknown) => String(a) === String(b));
		if (back.found && back.value !== null && back.value !== '' && same(value, back.value)) continue;
		const got = !back.found
			? `has no ${check.name}`
			: `has ${check.name} = ${JSON.stringify(back.value)}`;
		const id = fieldValue(stored, ['id', 'deviceId']);
		throw new NodeOperationError(
			ctx.getNode(),
			`Bookings ONE did not keep the ${check.label}: ${check.name} = ${JSON.stringify(value)} was sent, the ${opts.record}${id === undefined ? '' : ` ${String(id)}`} ${got}`,
			{
				itemIndex,
				description: `It was ${opts.action} without it. This server may name the field differently (its answer carries ${Object.keys(stored).join(', ')}). Set the ${check.label} in Bookings ONE, or send it with Custom API Call under the server's field name; ${reportLine(check.line)}.`,
			},
		);
	}
	return stored;
}
