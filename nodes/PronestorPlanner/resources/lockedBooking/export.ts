import { DateTime } from 'luxon';
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { parseDate, requireDate, toIso } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { fieldValue } from '../../../shared/fieldReader';
import { mapLimited } from '../../../shared/pool';
import { simplifyOutput, simplifyProperties } from '../../../shared/normalize';
import type { Operation } from '../../../shared/types';
import { FIELDS } from '../../contract';
import { normalizePronestorBooking, SIMPLIFY_CONTRACT } from '../../normalize';
import {
	fetchWindow,
	firstClockSensitive,
	floorSecond,
	lockWindows,
	OPEN_WINDOW_MARGIN_EXPORT,
	serverClock,
	sortByLockTime,
	type LockWindow,
} from '../../lockWindows';

/**
 * Windows fetched at once. Pronestor documents no rate limit and each window is one read that answers its whole
 * window, so the export asks for all of them together — the HTTP Request node's way is one window after another —
 * and the export's critical path is one login and one window. The bound, 6, is what a browser opens to one site
 * (HTTP/1.1, 6 connections per host): the server sees no more parallel requests than one user of the Planner web
 * app causes, and a 3-year range (6 windows) still goes in one round. Longer ranges queue behind it.
 */
const WINDOW_CONCURRENCY = 6;

/** The 400 a window whose bounds the server judges by its own clock may get (see fetchAll). */
interface Refused {
	refused: unknown;
}

/**
 * Fetches every window, at most WINDOW_CONCURRENCY at once, and returns one page per window in window order. There is
 * no login first: when the credential holds no session (or an expired one), the requests that find it so share one
 * login (credentials/PronestorPlannerApi.credentials.ts, nodes/shared/renewal.ts), so the export logs in once.
 *
 * The windows from `sensitive` on are those whose bounds the server judges by its own clock (firstClockSensitive),
 * planned with n8n's clock. When the server refuses one of them (400: an end it calls future, a start it calls not
 * past, more than 6 months up to its now), that part of the range is planned again from the server's clock (its
 * Date header) and fetched once more; a second refusal is the error the user sees. Every other failure is.
 */
async function fetchAll(
	this: IExecuteFunctions,
	windows: LockWindow[],
	sensitive: number,
	end: DateTime | undefined,
	i: number,
): Promise<IDataObject[][]> {
	const answers = await mapLimited(
		windows,
		WINDOW_CONCURRENCY,
		async (w, k): Promise<IDataObject[] | Refused> => {
			try {
				return await fetchWindow.call(this, w, i);
			} catch (error) {
				if (sensitive >= 0 && k >= sensitive && (error as { httpCode?: string }).httpCode === '400')
					return { refused: error };
				// The vendor request's NodeOperationError / NodeApiError: n8n hands the same error back when it is
				// wrapped again, so it is shown as it is.
				if (error instanceof NodeOperationError)
					throw new NodeOperationError(this.getNode(), error);
				throw new NodeApiError(this.getNode(), error as JsonObject);
			}
		},
	);
	const tail = sensitive < 0 ? [] : answers.slice(sensitive);
	const refused = tail.find((a): a is Refused => !Array.isArray(a));
	if (!refused) return answers as IDataObject[][];
	const serverNow = await serverClock.call(this, i);
	// The refusal (a NodeApiError of the vendor request) is the error when the server's clock cannot be read.
	if (!serverNow) throw refused.refused;
	const replanned = lockWindows(
		windows[sensitive].start,
		end && end < serverNow ? end : undefined,
		serverNow,
		OPEN_WINDOW_MARGIN_EXPORT,
	);
	const again = await mapLimited(
		replanned,
		WINDOW_CONCURRENCY,
		async (w) => await fetchWindow.call(this, w, i),
	);
	return [...(answers.slice(0, sensitive) as IDataObject[][]), ...again];
}

export const operation: Operation = {
	name: 'Export',
	value: 'export',
	action: 'Export locked bookings',
	description:
		'Get the bookings locked in a period (immutable, priced, with cost centres) for the finance system',
	properties: [
		{
			displayName: 'Start Lock Time',
			name: 'startLockTime',
			type: 'string',
			required: true,
			default: '',
			placeholder: '2026-01-31T23:59:59Z',
			description:
				'Bookings locked after this time (exclusive: a booking locked exactly at this time is ' +
				'not included). To continue an earlier export, use the latest LockedTime it returned. ' +
				"Times without an offset are read in the workflow's time zone.",
		},
		{
			displayName: 'End Lock Time',
			name: 'endLockTime',
			type: 'string',
			default: '',
			placeholder: '2026-02-28T23:59:59Z',
			description:
				'Bookings locked up to and including this time. Leave empty for "up to now"; a time in ' +
				'the future is treated as now. Ranges longer than 6 months are fetched in consecutive ' +
				'6-month windows.',
		},
		...simplifyProperties,
	],
	async execute(this: IExecuteFunctions, i: number) {
		const node = this.getNode();
		const zone = this.getTimezone();
		const start = requireDate(
			node,
			this.getNodeParameter('startLockTime', i, ''),
			'Start Lock Time',
			i,
			{ zone },
		);
		const end = parseDate(node, this.getNodeParameter('endLockTime', i, ''), 'End Lock Time', i, {
			zone,
		});
		const now = DateTime.utc();
		if (floorSecond(start) >= floorSecond(now)) {
			throw fieldError(
				node,
				'Start Lock Time',
				`${toIso(start)} is not in the past`,
				'Bookings are locked in the past: enter an earlier start.',
				i,
			);
		}
		if (end && floorSecond(end) <= floorSecond(start)) {
			throw fieldError(
				node,
				'End Lock Time',
				`${toIso(end)} is not after Start Lock Time ${toIso(start)}`,
				'Make End Lock Time later than Start Lock Time (whole seconds), or leave it empty for "up to now".',
				i,
			);
		}
		const windows = lockWindows(start, end, now, OPEN_WINDOW_MARGIN_EXPORT);
		const pages = await fetchAll.call(this, windows, firstClockSensitive(windows, now), end, i);
		// Windows share no instant, but a server that rounds differently must still not produce a booking twice.
		const seen = new Set<string>();
		const bookings: IDataObject[] = [];
		for (const page of pages) {
			for (const booking of sortByLockTime(page)) {
				const id = fieldValue(booking, FIELDS.booking.id);
				if (id !== undefined && id !== null) {
					if (seen.has(String(id))) continue;
					seen.add(String(id));
				}
				bookings.push(booking);
			}
		}
		return simplifyOutput(
			this,
			i,
			bookings,
			(r) => normalizePronestorBooking(r, 'lockedBooking'),
			SIMPLIFY_CONTRACT,
		);
	},
};
