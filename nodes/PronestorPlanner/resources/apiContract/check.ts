import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { readEnvelope } from '../../../shared/envelope';
import { fieldValue } from '../../../shared/fieldReader';
import {
	apiContractResource,
	clockLine,
	clockOffsetMs,
	confirmed,
	DATES_FIX,
	contradicted,
	datesLine,
	fieldsLine,
	notCheckable,
	pathLine,
	short,
	windowCapLine,
	writesLine,
	type ContractLine,
	type Prober,
} from '../../../shared/contractCheck';
import {
	ACCOUNT_FIELDS,
	FIELDS,
	LOCKED_BOOKING_FIELDS,
	MAX_WINDOW,
	HELP_PAGE_METHODS,
	PARAMS,
	PATHS,
} from '../../contract';
import { parseHelpPage } from '../../fields';
import { formatLockTime, methodPath, pronestorClient, pronestorRequest } from '../../transport';
import { accountsCapLine } from '../../accountsCap';
import { WINDOW_CAP_WHERE } from '../../lockWindows';
import { REPORT_CHECK } from '../../../shared/messages';

const SOURCE = 'nodes/PronestorPlanner/contract.ts';
const NORMALIZE_SOURCE = 'nodes/PronestorPlanner/normalize.ts normalizePronestorBooking';
const B = FIELDS.booking;

async function helpPage(p: Prober) {
	const answer = await p.get('/api.mvc', {}, { json: false });
	if (!answer.ok) throw new Error(`GET /api.mvc: ${answer.message ?? 'failed'}`);
	const body = Buffer.isBuffer(answer.body) ? answer.body.toString('utf8') : String(answer.body);
	const parsed = parseHelpPage(body);
	if (parsed.methods.size === 0)
		throw new Error(
			`GET /api.mvc answered, but no method could be read from it: ${short(body, 120)}`,
		);
	return parsed;
}

/** One type of the help page against the field names the node reads. */
function typeLine(opts: {
	line: string;
	type: string | RegExp;
	label: string;
	where: string;
	fields: string[];
	/** Names of which one is enough (alternatives the node reads). */
	oneOf?: string[][];
}): ContractLine {
	return {
		line: `helpPage.${opts.line}`,
		where: opts.where,
		assumption:
			`The /api.mvc page lists ${opts.label} with ` +
			`${[...opts.fields, ...(opts.oneOf ?? []).map((g) => g.join(' or '))].join(', ')}`,
		fix:
			`Your site's /api.mvc page lists ${opts.label} with other field names than the node reads: until it ` +
			'reads them, take the values from the vendor\'s own fields in each item rather than "normalized", and ' +
			`${REPORT_CHECK}.`,
		async probe(p) {
			const { types } = await helpPage(p);
			const name =
				typeof opts.type === 'string'
					? opts.type
					: [...types.keys()].find((k) => (opts.type as RegExp).test(k));
			const props = name ? types.get(name) : undefined;
			if (!name || !props)
				return notCheckable(
					`The page lists no type ${opts.label} (types: ${[...types.keys()].join(', ')})`,
				);
			const missing = [
				...opts.fields.filter((f) => !props.includes(f)),
				...(opts.oneOf ?? [])
					.filter((g) => !g.some((f) => props.includes(f)))
					.map((g) => g.join(' or ')),
			];
			const listed = `${name}: ${props.join(', ')}`;
			return missing.length === 0
				? confirmed(listed)
				: contradicted(`missing ${missing.join(', ')}; the page lists ${listed}`);
		},
	};
}

/** "Now" by the server's clock (Date header), so a window that ends at "now" fits the server's rule. */
async function serverNow(p: Prober): Promise<DateTime> {
	const offset = await p.once('serverClockOffset', async () => {
		const before = Date.now();
		const answer = await p.getFresh(methodPath(PATHS.getDepartments));
		return clockOffsetMs(answer.headers, (before + Date.now()) / 2) ?? 0;
	});
	return DateTime.utc().plus({ milliseconds: offset });
}

/** Up to 20 bookings locked in the last month (one request per run). */
async function lockedSample(p: Prober): Promise<IDataObject[]> {
	return await p.once('lockedSample', async () => {
		const start = (await serverNow(p)).minus({ months: 1 });
		const answer = await p.get(methodPath(PATHS.findLockedBookings), {
			[PARAMS.startLockTime]: formatLockTime(start),
		});
		if (!answer.ok) throw new Error(answer.message);
		return Array.isArray(answer.body) ? (answer.body as IDataObject[]).slice(0, 20) : [];
	});
}

const where = (key: string) => `${SOURCE} PATHS.${key}`;

/** A GET of one record by an id read from a sample (a query parameter, as Pronestor's methods take it). */
function byIdLine(
	key: 'getMeeting' | 'getUser' | 'getBillingAccountsByDepartment',
	param: string,
	what: string,
	idOf: (p: Prober) => Promise<unknown>,
	qs: IDataObject = {},
): ContractLine {
	const line = pathLine({
		line: `path.${key}`,
		where: `${where(key)}, PARAMS.${param}`,
		path: methodPath(PATHS[key]),
		what: `${what} by ${param}`,
	});
	return {
		...line,
		async probe(p) {
			const id = await idOf(p);
			if (id === undefined || id === null)
				return notCheckable('No record was listed whose ID could be read');
			const answer = await p.get(methodPath(PATHS[key]), { ...qs, [param]: String(id) });
			if (answer.ok) return confirmed(`HTTP ${answer.status} for ${param}=${String(id)}`);
			return answer.status === 404 || answer.status === 405 || answer.status === 400
				? contradicted(answer.message ?? '')
				: notCheckable(answer.message ?? 'failed');
		},
	};
}
/** A list answer as the node reads it: a bare list or the records under any name (shared/envelope.ts). */
const isList = (body: unknown) => (readEnvelope(body) ? undefined : 'the answer is not a list');

const lines: ContractLine[] = [
	{
		line: 'helpPage.methods',
		where: `${SOURCE} PATHS`,
		assumption: `The /api.mvc page lists ${HELP_PAGE_METHODS.map(([k, v]) => `${v} ${PATHS[k]}`).join(', ')}`,
		fix:
			"Your site's /api.mvc page does not list a method the node calls: an operation that uses it will fail. " +
			'Call the method your site lists with Custom API Call → Make an API Call, and ' +
			`${REPORT_CHECK}.`,
		async probe(p) {
			const { methods } = await helpPage(p);
			const missing = HELP_PAGE_METHODS.filter(
				([k, verb]) => !methods.get(PATHS[k])?.has(verb),
			).map(([k, verb]) => `${verb} ${PATHS[k]}`);
			const listed = [...methods].map(([m, v]) => `${[...v].join('/')} ${m}`).join(', ');
			return missing.length === 0
				? confirmed(`${methods.size} methods listed: ${listed}`)
				: contradicted(short(`not listed: ${missing.join(', ')}; the page lists ${listed}`, 600));
		},
	},
	typeLine({
		line: 'ApiBooking',
		type: 'ApiBooking',
		label: 'ApiBooking',
		where: `${SOURCE} FIELDS.booking`,
		fields: [
			B.id,
			B.lockedTime,
			B.meetingId,
			B.resourceId,
			B.resourceName,
			B.start,
			B.end,
			B.totalPrice,
			B.currency,
		],
		oneOf: [[B.costCenter, B.billingAccount]],
	}),
	typeLine({
		line: 'ApiMeeting',
		type: 'ApiMeeting',
		label: 'ApiMeeting',
		where: `${SOURCE} FIELDS.meeting`,
		fields: [FIELDS.meeting.id, FIELDS.meeting.title, FIELDS.meeting.ownerId],
	}),
	typeLine({
		line: 'ApiUser',
		type: 'ApiUser',
		label: 'ApiUser',
		where: `${SOURCE} FIELDS.user`,
		fields: [FIELDS.user.id, FIELDS.user.name, FIELDS.user.email],
	}),
	typeLine({
		line: 'billingAccount',
		type: /BillingAccount/,
		label: 'the billing account type',
		where: `${SOURCE} FIELDS.account`,
		fields: [
			FIELDS.account.id,
			FIELDS.account.name,
			FIELDS.account.code,
			FIELDS.account.departmentId,
		],
	}),
	pathLine({
		line: 'path.getDepartments',
		where: where('getDepartments'),
		path: methodPath(PATHS.getDepartments),
		what: 'the departments (also shows that Authenticate and its session cookie work)',
		shape: isList,
	}),
	pathLine({
		line: 'path.getBillingAccounts',
		where: where('getBillingAccounts'),
		path: methodPath(PATHS.getBillingAccounts),
		what: 'the billing accounts',
		shape: isList,
	}),
	byIdLine(
		'getBillingAccountsByDepartment',
		PARAMS.departmentId,
		'the billing accounts of a department (with hideDeleted=False)',
		async (p) => {
			const answer = await p.get(methodPath(PATHS.getDepartments));
			const first = Array.isArray(answer.body) ? (answer.body[0] as IDataObject) : undefined;
			return fieldValue(first, FIELDS.department.id);
		},
		{ [PARAMS.hideDeleted]: 'False' },
	),
	{
		...pathLine({
			line: 'path.findBookingsByResourceType',
			where: `${where('findBookingsByResourceType')}, PARAMS.periodStart/periodEnd`,
			path: methodPath(PATHS.findBookingsByResourceType),
			what: `the bookings of type 1 (rooms) in a period given as ${PARAMS.periodStart}/${PARAMS.periodEnd}`,
			shape: isList,
		}),
		async probe(p) {
			const now = DateTime.utc();
			const answer = await p.get(methodPath(PATHS.findBookingsByResourceType), {
				[PARAMS.resourceType]: 1,
				[PARAMS.periodStart]: formatLockTime(now.minus({ days: 7 })),
				[PARAMS.periodEnd]: formatLockTime(now.plus({ days: 7 })),
			});
			if (answer.ok)
				return Array.isArray(answer.body)
					? confirmed(`HTTP ${answer.status}, ${answer.body.length} bookings`)
					: contradicted(`HTTP ${answer.status}, but the answer is not a list`);
			return answer.status === 404 || answer.status === 400
				? contradicted(answer.message ?? '')
				: notCheckable(answer.message ?? 'failed');
		},
	},
	pathLine({
		line: 'path.findLockedBookings',
		where: where('findLockedBookings'),
		path: methodPath(PATHS.findLockedBookings),
		qs: () => ({ [PARAMS.startLockTime]: formatLockTime(DateTime.utc().minus({ days: 7 })) }),
		what: 'the bookings locked after startLockTime (yyyy-MM-dd HH:mm:ssZ), up to now',
		shape: isList,
	}),
	byIdLine('getMeeting', PARAMS.meetingId, 'one ApiMeeting', async (p) => {
		const [b] = await lockedSample(p);
		return fieldValue(b, B.meetingId) ?? fieldValue(b, `${B.meeting}.${FIELDS.meeting.id}`);
	}),
	byIdLine('getUser', PARAMS.userId, 'one ApiUser', async (p) => {
		const [b] = await lockedSample(p);
		return fieldValue(b, `${B.meeting}.${FIELDS.meeting.ownerId}`);
	}),
	writesLine({
		where: `${SOURCE} PATHS.createBillingAccount, updateBillingAccount, deleteBillingAccounts`,
		assumption:
			'Billing accounts are created, updated and deleted with the documented POST methods and the assumed bodies',
	}),
	{
		line: 'rangeLimit',
		where: `${SOURCE} MAX_WINDOW`,
		assumption: `FindLockedBookings accepts at most ${MAX_WINDOW.months} calendar months per request (stated)`,
		fix:
			`Your site accepts another lock-time range per request than the ${MAX_WINDOW.months} months the node ` +
			'asks for. Wider: nothing goes wrong (the node only asks more often). Narrower: a long Export is refused ' +
			"with the site's message; export shorter ranges (one month at a time) until the node knows your " +
			`range, and ${REPORT_CHECK}.`,
		async probe(p) {
			const now = await serverNow(p);
			const inside = now.minus(MAX_WINDOW).plus({ minutes: 10 });
			const outside = now.minus(MAX_WINDOW).minus({ days: 1 });
			const ask = (start: DateTime) =>
				p.get(methodPath(PATHS.findLockedBookings), {
					[PARAMS.startLockTime]: formatLockTime(start),
				});
			const a = await ask(inside);
			const b = await ask(outside);
			const text =
				`start ${formatLockTime(inside)} → ` +
				`${a.ok ? `accepted (${Array.isArray(a.body) ? a.body.length : '?'} bookings)` : a.message}; ` +
				`start ${formatLockTime(outside)} → ${b.ok ? 'accepted' : b.message}`;
			if (a.ok && !b.ok && b.status === 400) return confirmed(text);
			if (!a.ok && a.status !== 400) return notCheckable(text);
			return contradicted(text);
		},
	},
	accountsCapLine(),
	windowCapLine({
		where: WINDOW_CAP_WHERE,
		credentialType: pronestorClient.credentialType,
		endpoint: PATHS.findLockedBookings,
		window: `${PATHS.findLockedBookings} over the last ${MAX_WINDOW.months} months`,
		async read(p, part) {
			const now = (await serverNow(p)).startOf('second');
			const start = now.minus(MAX_WINDOW).plus({ minutes: 10 }).startOf('second');
			const middle = start.plus({ seconds: Math.floor(now.diff(start, 'seconds').seconds / 2) });
			const qs: IDataObject =
				part === 0
					? { [PARAMS.startLockTime]: formatLockTime(start) }
					: part === 1
						? {
								[PARAMS.startLockTime]: formatLockTime(start),
								[PARAMS.endLockTime]: formatLockTime(middle),
							}
						: { [PARAMS.startLockTime]: formatLockTime(middle) };
			const answer = await p.get(methodPath(PATHS.findLockedBookings), qs);
			if (!answer.ok) return answer.message ?? 'refused';
			const envelope = readEnvelope(answer.body);
			if (!envelope) return 'the answer is not a list';
			return envelope.items.map((b) => String(fieldValue(b, FIELDS.booking.id)));
		},
	}),
	fieldsLine({
		line: 'fields.billingAccount',
		where: `${SOURCE} FIELDS.account`,
		record: 'A billing account (GetBillingAccounts; Create and Update send the same names)',
		aliases: ACCOUNT_FIELDS,
		sample: async (p) => {
			const answer = await p.get(methodPath(PATHS.getBillingAccounts));
			if (!answer.ok) throw new Error(answer.message);
			return Array.isArray(answer.body) ? answer.body.slice(0, 20) : [];
		},
	}),
	fieldsLine({
		line: 'fields.lockedBooking',
		where: NORMALIZE_SOURCE,
		record: 'A locked booking',
		aliases: LOCKED_BOOKING_FIELDS,
		sample: lockedSample,
	}),
	datesLine({
		line: 'dates.lockedBooking',
		where: 'nodes/PronestorPlanner/transport.ts parseVendorDate',
		assumption:
			'LockedTime, Start and End are ISO 8601 (zone-less: UTC), yyyy-MM-dd HH:mm:ssZ or /Date(ms)/',
		fix: DATES_FIX,
		fields: [B.lockedTime, B.start, B.end],
		accepted: [
			'ISO 8601 with offset',
			'ISO 8601 without offset',
			'yyyy-MM-dd HH:mm:ssZ',
			'/Date(ms)/',
		],
		sample: lockedSample,
	}),
	clockLine({
		where: `${SOURCE} MAX_WINDOW (windows ending "now")`,
		path: methodPath(PATHS.getDepartments),
		fix:
			'The server\'s "now" decides whether a lock-time window is in the future or longer than ' +
			'6 months: correct the clock of the n8n host (NTP), or narrow the range, until the node ' +
			'takes "now" from the server.',
	}),
];

export const apiContract = apiContractResource({
	vendor: 'Pronestor Planner',
	request: pronestorRequest,
	lines,
});
