import type { IDataObject } from 'n8n-workflow';
import { fieldValue } from '../../../shared/fieldReader';
import {
	apiContractResource,
	clockLine,
	confirmed,
	DATES_FIX,
	contradicted,
	datesLine,
	fieldsLine,
	largestPageLine,
	notCheckable,
	pageBaseLine,
	pathLine,
	totalLine,
	writesLine,
	type ContractLine,
	type PageReader,
	type Prober,
} from '../../../shared/contractCheck';
import { readEnvelope } from '../../../shared/envelope';
import { REPORT_CHECK } from '../../../shared/messages';
import {
	BOOKING_DATE_FIELDS,
	BOOKING_FIELDS,
	CLIENT_FIELDS,
	FIRST_PAGE,
	PAGE_SIZE_MAX,
	PATHS,
	TIME_ENTRY_FIELDS,
} from '../../contract';
import { hubPlannerRequest } from '../../transport';

const SOURCE = 'nodes/HubPlanner/contract.ts';
const TRANSPORT_SOURCE = 'nodes/HubPlanner/transport.ts';
const NORMALIZE_SOURCE = 'nodes/HubPlanner/normalize.ts normalizeHubPlannerBooking';

/** A list answer as the node reads it: a bare list or the records under any name (shared/envelope.ts). */
const isList = (body: unknown) => (readEnvelope(body) ? undefined : 'the answer is not a list');

const readBookings: PageReader = async (p, page, size) => {
	const answer = await p.get(
		PATHS.bookings,
		page === undefined ? { limit: size } : { page, limit: size },
	);
	if (!answer.ok) return { ids: [], error: answer.message };
	const envelope = readEnvelope(answer.body);
	if (!envelope) return { ids: [], error: 'not a list' };
	return {
		ids: envelope.items.map((r) => String(fieldValue(r, '_id') ?? fieldValue(r, 'id'))),
		total: envelope.total,
	};
};

async function sample(p: Prober, path: string): Promise<IDataObject[]> {
	const answer = await p.get(path, { limit: 20 });
	if (!answer.ok) throw new Error(answer.message);
	return Array.isArray(answer.body) ? (answer.body as IDataObject[]) : [];
}
const firstId = (path: string) => async (p: Prober) => {
	const [record] = await sample(p, path);
	const id = fieldValue(record, '_id');
	return id === undefined ? undefined : String(id);
};

const listAndSearch = (
	key: 'bookings' | 'resources' | 'projects' | 'timeEntries' | 'clients',
	search: 'bookingSearch' | 'resourceSearch' | 'projectSearch' | 'timeEntrySearch' | 'clientSearch',
	item: 'booking' | 'resource' | 'project' | 'timeEntry' | 'client',
): ContractLine[] => [
	pathLine({
		line: `path.${key}`,
		where: `${SOURCE} PATHS.${key}`,
		path: PATHS[key],
		qs: { limit: 1 },
		what: `a list of ${key}`,
		shape: isList,
	}),
	pathLine({
		line: `path.${search}`,
		where: `${SOURCE} PATHS.${search}`,
		path: PATHS[search],
		qs: { limit: 1 },
		searchBody: {},
		what: `a list of ${key} (documented read-only search)`,
		shape: isList,
	}),
	pathLine({
		line: `path.${item}`,
		where: `${SOURCE} PATHS.${item}`,
		path: PATHS[item]('{id}'),
		id: firstId(PATHS[key]),
		what: `one ${item} by ID`,
	}),
];

const lines: ContractLine[] = [
	...listAndSearch('bookings', 'bookingSearch', 'booking'),
	...listAndSearch('resources', 'resourceSearch', 'resource'),
	...listAndSearch('projects', 'projectSearch', 'project'),
	...listAndSearch('timeEntries', 'timeEntrySearch', 'timeEntry'),
	...listAndSearch('clients', 'clientSearch', 'client'),
	pathLine({
		line: 'path.billingRates',
		where: `${SOURCE} PATHS.billingRates`,
		path: PATHS.billingRates,
		what: 'the billing rates (Billing Rate → Get Many, the booking rate pickers)',
		shape: isList,
	}),
	pathLine({
		line: 'path.subscriptions',
		where: `${SOURCE} PATHS.subscriptions`,
		path: PATHS.subscriptions,
		what: 'the webhook subscriptions (used by the trigger)',
		shape: isList,
	}),
	writesLine({
		where: `${SOURCE} PATHS.booking, bookings, timeEntry, timeEntries, clients, subscription(s)`,
		assumption:
			'Booking create/update/patch/approve/reject/delete, time entry create/update/delete, client create ' +
			'and subscribe/unsubscribe take the documented bodies (a Read & Write key); ' +
			'every create/update is checked against the record answered',
	}),
	pageBaseLine({
		where: `${TRANSPORT_SOURCE} hubPlannerList (firstPage: 0)`,
		base: FIRST_PAGE,
		read: readBookings,
		fix: (base) =>
			`${
				base === undefined
					? 'The pages do not follow each other as documented'
					: `Your tenant numbers pages from ${base}, the node from ${FIRST_PAGE}`
			}: ` +
			'listings cannot prove they read every record, so they stop with an error rather than return part of a ' +
			`list. Until the node pages your tenant's way, list with Custom API Call → Make an API Call (page and ` +
			`limit), and ${REPORT_CHECK}.`,
	}),
	largestPageLine({
		where: `${SOURCE} PAGE_SIZE_MAX`,
		base: FIRST_PAGE,
		max: PAGE_SIZE_MAX,
		read: readBookings,
	}),
	totalLine({
		where: `${TRANSPORT_SOURCE} hubPlannerList`,
		path: PATHS.bookings,
		qs: { limit: 1 },
		documented: false,
	}),
	fieldsLine({
		line: 'fields.booking',
		where: NORMALIZE_SOURCE,
		record: 'A booking',
		aliases: BOOKING_FIELDS,
		optional: ['amount'],
		sample: (p) => sample(p, PATHS.bookings),
	}),
	fieldsLine({
		line: 'fields.timeEntry',
		where: `${SOURCE} TIME_ENTRY_ALIASES`,
		record: 'A time entry',
		aliases: TIME_ENTRY_FIELDS,
		sample: (p) => sample(p, PATHS.timeEntries),
	}),
	fieldsLine({
		line: 'fields.client',
		where: `${SOURCE} CLIENT_ALIASES`,
		record: 'A client',
		aliases: CLIENT_FIELDS,
		sample: (p) => sample(p, PATHS.clients),
	}),
	datesLine({
		line: 'dates.booking',
		where: NORMALIZE_SOURCE,
		assumption:
			'Booking start/end are dates or wall times (yyyy-MM-dd, yyyy-MM-dd HH:mm) ' +
			"in the account's time zone, updatedDate is ISO 8601",
		fix: DATES_FIX,
		// Every name of the alias lists: a variant tenant's dates are checked under the name it uses.
		fields: BOOKING_DATE_FIELDS,
		accepted: [
			'yyyy-MM-dd',
			'yyyy-MM-dd HH:mm[:ss]',
			'ISO 8601 with offset',
			'ISO 8601 without offset',
		],
		sample: (p) => sample(p, PATHS.bookings),
	}),
	{
		line: 'rateLimitHeaders',
		where: 'nodes/shared/retry.ts (Retry-After, X-RateLimit-*)',
		assumption:
			'Answers carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (documented)',
		fix: 'Without these headers the node cannot see the daily limit coming: keep Return All runs few.',
		async probe(p) {
			const answer = await p.get(PATHS.resources, { limit: 1 });
			if (!answer.ok) return notCheckable(answer.message ?? 'failed');
			const names = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];
			const seen = names.filter((n) => answer.headers[n] !== undefined);
			const text = seen.map((n) => `${n}: ${answer.headers[n]}`).join('; ') || 'none of them';
			return seen.length === names.length ? confirmed(text) : contradicted(text);
		},
	},
	clockLine({
		where: `${TRANSPORT_SOURCE} (rate-limit reset times)`,
		path: PATHS.resources,
		qs: { limit: 1 },
	}),
];

export const apiContract = apiContractResource({
	vendor: 'Hub Planner',
	request: hubPlannerRequest,
	lines,
});
