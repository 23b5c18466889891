import { DateTime } from 'luxon';
import { fieldValue } from '../../../shared/fieldReader';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	answerText,
	apiContractResource,
	clockLine,
	confirmed,
	DATES_FIX,
	PATH_FIX,
	contradicted,
	datesLine,
	fieldsLine,
	notCheckable,
	records,
	writesLine,
	type ContractLine,
	windowCapLine,
	type ProbeAnswer,
	type Prober,
} from '../../../shared/contractCheck';
import type { VendorRequest } from '../../../shared/request';
import { remember } from '../../../shared/learned';
import { REPORT_CHECK } from '../../../shared/messages';
import {
	listFormat,
	recallRange,
	rememberRange,
	startOf,
	WINDOW_CAP_WHERE,
} from '../../rangeSearch';
import {
	ENDDATE_INCLUSIVE,
	LEARNED,
	MAX_RANGE_CODE,
	PARAMS,
	PATHS,
	READ_FORMAT,
	SERVICE_BOOKING_FIELDS,
	SERVICE_BOOKINGS_FORMAT,
	TIME_ZONE,
} from '../../contract';
import {
	brpClient,
	brpDate,
	brpRequest,
	keyLevel,
	listAllBusinessUnits,
	listOf,
} from '../../transport';

const SOURCE = 'nodes/Brp/contract.ts';
const NORMALIZE_SOURCE =
	'nodes/Brp/contract.ts SERVICE_BOOKING_ALIASES (read by normalizeServiceBooking)';
/** The window the check expects BRP to accept in one listing: a calendar month. */
const MONTH_DAYS = 31;
const WINDOWS = [1, 7, 14, MONTH_DAYS, 62, 92, 183, 366];

/** A raw BRP read for the check (path with its suffix): brpRequest, the node's own request (transport.ts). */
async function brpProbeRequest(this: IExecuteFunctions, request: VendorRequest): Promise<unknown> {
	return await brpRequest.call(this, {
		method: request.method,
		path: request.path,
		qs: request.qs,
		body: request.body as IDataObject | undefined,
		itemIndex: request.itemIndex,
		returnFullResponse: request.returnFullResponse,
	});
}

const read = (path: string) => `${path}.${READ_FORMAT}`;
const isRangeError = (a: ProbeAnswer) =>
	!a.ok && new RegExp(`\\b${MAX_RANGE_CODE}\\b`).test(a.message ?? '');

/** Filters the listing needs with this credential: a person login needs none, a level 3 key the business units. */
async function bookingFilters(p: Prober): Promise<IDataObject | string> {
	const { level, login } = await keyLevel.call(p.ctx);
	if (login) return {};
	if (level < 3) return 'Listing service bookings needs a person login or a level 3 key';
	const ids = (await listAllBusinessUnits.call(p.ctx)).map((u) => fieldValue(u, 'id'));
	return ids.length
		? { [PARAMS.businessUnitIds]: ids.join(',') }
		: 'No business unit to list bookings of';
}

/**
 * Lists service bookings from `from` (Stockholm days) over `days` days (in READ_FORMAT, or in `format`: the
 * window-cap measurement asks in the format listings use on this credential).
 */
async function listWindow(
	p: Prober,
	days: number,
	from?: DateTime,
	format?: 'json' | 'xml',
): Promise<ProbeAnswer | string> {
	const filters = await bookingFilters(p);
	if (typeof filters === 'string') return filters;
	const start = from ?? DateTime.now().setZone(TIME_ZONE).startOf('day');
	const path = format ? `${PATHS.serviceBookings}.${format}` : read(PATHS.serviceBookings);
	return await p.get(path, {
		...filters,
		[PARAMS.startDate]: brpDate(start),
		[PARAMS.endDate]: brpDate(start.plus({ days })),
	});
}

/** Up to 20 service bookings: the latest month that has any, looking back up to a year (14-day windows). */
async function sample(p: Prober): Promise<IDataObject[]> {
	return (await sampleWindow(p)).records;
}

/** The sample and the first day of the 14-day window it was found in (today's when none was). */
async function sampleWindow(p: Prober): Promise<{ records: IDataObject[]; from: DateTime }> {
	return await p.once('serviceBookingSample', () => findSample(p));
}

async function findSample(p: Prober): Promise<{ records: IDataObject[]; from: DateTime }> {
	const today = DateTime.now().setZone(TIME_ZONE).startOf('day');
	for (let back = 1; back <= 26; back++) {
		const from = today.minus({ days: 14 * back });
		const answer = await listWindow(p, 14, from);
		if (typeof answer === 'string') throw new Error(answer);
		if (!answer.ok) throw new Error(answer.message);
		const records = listOf((answer.body ?? {}) as IDataObject, 'servicebookings');
		if (records.length > 0) return { records: records.slice(0, 20), from };
	}
	return { records: [], from: today };
}

function listPath(opts: {
	line: string;
	where: string;
	what: string;
	list: string;
	ask: (p: Prober) => Promise<ProbeAnswer | string>;
}): ContractLine {
	return {
		line: opts.line,
		where: opts.where,
		assumption: `GET ${opts.what} answers a <${opts.list}> list`,
		fix: PATH_FIX,
		async probe(p) {
			const answer = await opts.ask(p);
			if (typeof answer === 'string') return notCheckable(answer);
			if (!answer.ok)
				return answer.status === 404
					? contradicted(answerText(answer))
					: notCheckable(answerText(answer));
			const body = (answer.body ?? {}) as IDataObject;
			return opts.list in body
				? confirmed(`HTTP ${answer.status}, ${records(listOf(body, opts.list).length)}`)
				: contradicted(
						`HTTP ${answer.status}, but no <${opts.list}> list (keys: ${Object.keys(body).join(', ')})`,
					);
		},
	};
}

const lines: ContractLine[] = [
	{
		line: 'format',
		where: `${SOURCE} READ_FORMAT, WRITE_FORMAT`,
		assumption: `Reads are answered as XML (<path>.xml); writes send JSON to <path>.json`,
		fix:
			`Your BRP does not answer reads as ${READ_FORMAT.toUpperCase()}: every read fails. Check the Base URL in ` +
			`the credential; if it is right, read with Custom API Call → Make an API Call and ${REPORT_CHECK}.`,
		async probe(p) {
			const xml = await p.get(`${PATHS.businessUnits}.xml`);
			const json = await p.get(`${PATHS.businessUnits}.json`);
			const text =
				`.xml → ${xml.ok ? `HTTP ${xml.status}, readable` : answerText(xml)}; ` +
				`.json → ${json.ok ? `HTTP ${json.status}, readable` : answerText(json)}`;
			const wanted = READ_FORMAT === 'xml' ? xml : json;
			if (wanted.ok) return confirmed(text);
			return (READ_FORMAT === 'xml' ? json : xml).ok
				? contradicted(
						text,
						`Your BRP answers reads only in the other format (the evidence shows which): every read ` +
							'of the node fails. Until the node reads that format, use Custom API Call → Make an API ' +
							`Call with that suffix, and ${REPORT_CHECK}.`,
					)
				: notCheckable(text);
		},
	},
	{
		line: 'format.serviceBookings',
		where: `${SOURCE} SERVICE_BOOKINGS_FORMAT`,
		assumption:
			`Service-booking listings are answered as ${SERVICE_BOOKINGS_FORMAT.toUpperCase()} ` +
			`(${PATHS.serviceBookings}.${SERVICE_BOOKINGS_FORMAT}); XML is the fallback`,
		fix:
			`Nothing to change: listings on this credential read ${PATHS.serviceBookings}.xml after one refused ` +
			`.json request and remember it (this check has remembered it too). To spare that request, ${REPORT_CHECK}.`,
		async probe(p) {
			const filters = await bookingFilters(p);
			if (typeof filters === 'string') return notCheckable(filters);
			const today = DateTime.now().setZone(TIME_ZONE).startOf('day');
			const qs = {
				...filters,
				[PARAMS.startDate]: brpDate(today),
				[PARAMS.endDate]: brpDate(today.plus({ days: 1 })),
			};
			const answered = async (suffix: 'json' | 'xml') => {
				const answer = await p.get(`${PATHS.serviceBookings}.${suffix}`, qs);
				const body = (answer.body ?? {}) as IDataObject;
				const ok = answer.ok && 'servicebookings' in body;
				return {
					ok,
					text: `.${suffix} → ${ok ? `HTTP ${answer.status}, a <servicebookings> list` : answerText(answer)}`,
				};
			};
			const wanted = await answered(SERVICE_BOOKINGS_FORMAT);
			const other = await answered(SERVICE_BOOKINGS_FORMAT === 'json' ? 'xml' : 'json');
			const text = `${wanted.text}; ${other.text}`;
			if (wanted.ok) return confirmed(text);
			if (!other.ok) return notCheckable(text);
			remember(
				p.ctx,
				brpClient.credentialType,
				LEARNED.format,
				SERVICE_BOOKINGS_FORMAT === 'json' ? 'xml' : 'json',
			);
			return contradicted(text);
		},
	},
	listPath({
		line: 'path.businessUnits',
		where: `${SOURCE} PATHS.businessUnits`,
		what: `${PATHS.businessUnits}.${READ_FORMAT}`,
		list: 'businessunits',
		ask: (p) => p.get(read(PATHS.businessUnits), { [PARAMS.showAll]: true }),
	}),
	listPath({
		line: 'path.resources',
		where: `${SOURCE} PATHS.resources`,
		what: `${PATHS.resources}.${READ_FORMAT}?${PARAMS.businessUnitIds}=…`,
		list: 'resources',
		ask: async (p) => {
			const units = await p.get(read(PATHS.businessUnits), { [PARAMS.showAll]: true });
			const [unit] = listOf((units.body ?? {}) as IDataObject, 'businessunits');
			if (!unit) return 'No business unit to list resources of';
			return await p.get(read(PATHS.resources), { [PARAMS.businessUnitIds]: String(unit.id) });
		},
	}),
	listPath({
		line: 'path.serviceBookings',
		where: `${SOURCE} PATHS.serviceBookings, PARAMS.startDate/endDate`,
		what:
			`${PATHS.serviceBookings}.${READ_FORMAT}?${PARAMS.startDate}=…&${PARAMS.endDate}=… ` +
			`(with the person login, or a level 3 key and business units)`,
		list: 'servicebookings',
		ask: (p) => listWindow(p, 1),
	}),
	listPath({
		line: 'path.persons',
		where: `${SOURCE} PATHS.persons`,
		what: `${PATHS.persons}.${READ_FORMAT}?email=… (level 3 key)`,
		list: 'persons',
		ask: async (p) => {
			const { level } = await keyLevel.call(p.ctx);
			if (level < 3) return 'Listing persons needs a level 3 key (the credential has a lower one)';
			return await p.get(read(PATHS.persons), { email: 'contract-check@example.invalid' });
		},
	}),
	writesLine({
		where: `${SOURCE} PATHS.serviceBookings, persons (PUT/POST .json)`,
		assumption:
			'Service booking updates (PUT servicebookings.json) and person create/update take the documented JSON bodies',
	}),
	{
		line: 'rangeLimit',
		where: 'nodes/Brp/rangeSearch.ts listServiceBookings',
		assumption:
			`A service-booking listing of a calendar month (${MONTH_DAYS} days) is accepted; ` +
			`wider ranges may be refused with ${MAX_RANGE_CODE} maxRangeExceeded (the node splits them)`,
		fix:
			`Your tenant refuses a month: the node splits ranges itself after a ${MAX_RANGE_CODE}, ` +
			`at the cost of refused requests. Keep Get Many ranges at or under the accepted width shown in the evidence.`,
		async probe(p) {
			const seen: string[] = [];
			let accepted = 0;
			let refusedAt = Infinity;
			for (const days of WINDOWS) {
				const answer = await listWindow(p, days);
				if (typeof answer === 'string') return notCheckable(answer);
				if (answer.ok) {
					accepted = days;
					seen.push(`${days} days accepted`);
					continue;
				}
				if (!isRangeError(answer)) {
					seen.push(`${days} days → ${answerText(answer)}`);
					return notCheckable(seen.join('; '));
				}
				seen.push(`${days} days → ${MAX_RANGE_CODE} maxRangeExceeded`);
				refusedAt = days;
				break;
			}
			// Listings on this credential start from what the check saw (nodes/shared/learned.ts).
			if (accepted > 0) rememberRange(p.ctx, { accepted, refused: refusedAt });
			const text = `${seen.join('; ')}${accepted === WINDOWS[WINDOWS.length - 1] ? ' (no limit up to a year)' : ''}`;
			return accepted >= MONTH_DAYS ? confirmed(text) : contradicted(text);
		},
	},
	windowCapLine({
		where: WINDOW_CAP_WHERE,
		credentialType: brpClient.credentialType,
		endpoint: PATHS.serviceBookings,
		window: 'service bookings of the widest accepted window around the sample',
		async read(p, part) {
			const width = Math.max(2, Math.min(recallRange(p.ctx).accepted || MONTH_DAYS, 366));
			const around = (await sampleWindow(p)).from.plus({ days: 7 });
			const start = around.minus({ days: Math.floor(width / 2) });
			const half = Math.ceil(width / 2);
			const [from, days] =
				part === 0
					? [start, width]
					: part === 1
						? [start, half]
						: [start.plus({ days: half }), width - half];
			const answer = await listWindow(p, days, from, listFormat(p.ctx));
			if (typeof answer === 'string') return answer;
			if (!answer.ok) return answerText(answer);
			return listOf((answer.body ?? {}) as IDataObject, 'servicebookings').map((b) =>
				String(fieldValue(b, 'id')),
			);
		},
	}),
	{
		line: 'enddate',
		where: `${SOURCE} ENDDATE_INCLUSIVE`,
		assumption:
			`${PARAMS.endDate} excludes its own day (bookings that start before that date); ` +
			`assumed: the document says "start before specified date"`,
		fix:
			'Nothing to change: listings notice an inclusive enddate from their answers and remember it per credential ' +
			'(this check has remembered it too), so windows then send their last day and no day is read twice.',
		async probe(p) {
			// A booking of the sample, listed again with startdate = enddate = its day: an exclusive enddate lists
			// nothing (an empty range), an inclusive one lists that booking.
			const [booking] = (await sample(p)).filter((b) => startOf(b) > 0);
			if (!booking) return notCheckable('No service booking in the last year to list again');
			const filters = await bookingFilters(p);
			if (typeof filters === 'string') return notCheckable(filters);
			const day = DateTime.fromMillis(startOf(booking), { zone: TIME_ZONE }).startOf('day');
			const answer = await p.get(read(PATHS.serviceBookings), {
				...filters,
				[PARAMS.startDate]: brpDate(day),
				[PARAMS.endDate]: brpDate(day),
			});
			if (!answer.ok) return notCheckable(answerText(answer));
			const listed = listOf((answer.body ?? {}) as IDataObject, 'servicebookings');
			const bookingId = String(fieldValue(booking, 'id'));
			const inclusive = listed.some((b) => String(fieldValue(b, 'id')) === bookingId);
			rememberRange(p.ctx, { inclusive });
			const text =
				`${PARAMS.startDate}=${PARAMS.endDate}=${brpDate(day)} listed ${records(listed.length)}` +
				(inclusive
					? `, booking ${bookingId} of that day among them: enddate is inclusive`
					: `, not booking ${bookingId} of that day: enddate is exclusive`);
			return inclusive === ENDDATE_INCLUSIVE ? confirmed(text) : contradicted(text);
		},
	},
	{
		line: 'errorStatus',
		where: 'nodes/Brp/transport.ts readAnswer (assumed: <errors> come with a 4xx/5xx status)',
		assumption: 'BRP sends its <errors> document with an HTTP error status (assumed)',
		fix:
			'Nothing to change for reads: the node reads <errors> in any answer. ' +
			'Retries rely on the status, so a 1112/1115 sent with 200 is not retried: run the workflow again.',
		async probe(p) {
			const filters = await bookingFilters(p);
			if (typeof filters === 'string') return notCheckable(filters);
			// A read BRP must refuse (enddate before startdate): shows the status its <errors> come with.
			const today = DateTime.now().setZone(TIME_ZONE);
			const answer = await p.get(read(PATHS.serviceBookings), {
				...filters,
				[PARAMS.startDate]: brpDate(today),
				[PARAMS.endDate]: brpDate(today.minus({ days: 2 })),
			});
			if (answer.ok) return notCheckable('BRP accepted an end date before the start date');
			const text = answerText(answer);
			if (answer.status === undefined) return notCheckable(text);
			return answer.status >= 400 ? confirmed(text) : contradicted(text);
		},
	},
	fieldsLine({
		line: 'fields.serviceBooking',
		where: NORMALIZE_SOURCE,
		record: 'A service booking',
		aliases: SERVICE_BOOKING_FIELDS,
		optional: ['amount', 'owner'],
		sample,
	}),
	datesLine({
		line: 'dates.serviceBooking',
		where: 'nodes/Brp/xml.ts timepointIso',
		assumption:
			'Service booking start/end (<timepoint>) are read as ISO 8601 with the Stockholm offset',
		fix: DATES_FIX,
		fields: ['start', 'end'],
		accepted: ['ISO 8601 with offset'],
		sample,
	}),
	clockLine({
		where: `${SOURCE} TIME_ZONE (default window "today")`,
		path: read(PATHS.businessUnits),
	}),
];

export const apiContract = apiContractResource({
	vendor: 'BRP',
	request: brpProbeRequest,
	lines,
});
