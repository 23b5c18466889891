import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { parseDate, requireDate, toIso } from '../../../shared/dates';
import { fieldError } from '../../../shared/errors';
import { simplifyOutput, simplifyProperty } from '../../../shared/normalize';
import { mapLimited } from '../../../shared/paging';
import type { Operation } from '../../../shared/types';
import { CONCURRENCY, FIELDS } from '../../transport';
import { normalizePronestorBooking } from '../../common';
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

/** Windows fetched at once: each answer is a full window, so two in flight keep the server's load modest. */
const WINDOW_CONCURRENCY = Math.min(2, CONCURRENCY);

/**
 * The windows whose bounds the server judges by its own clock (see firstClockSensitive), planned with n8n's
 * clock. When the server refuses one (400: an end it calls future, a start it calls not past, more than 6 months
 * up to its now), the rest of the range is planned again from the server's clock (its Date header) and fetched
 * once more; a second refusal is the error the user sees.
 */
async function fetchTail(
	this: IExecuteFunctions,
	tail: LockWindow[],
	end: DateTime | undefined,
	i: number,
): Promise<IDataObject[][]> {
	const pages: IDataObject[][] = [];
	try {
		for (const w of tail) pages.push(await fetchWindow.call(this, w, i));
		return pages;
	} catch (error) {
		// Errors here are already the NodeApiErrors of the vendor request, shown as they are.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		if ((error as { httpCode?: string }).httpCode !== '400') throw error;
		const serverNow = await serverClock.call(this, i);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		if (!serverNow) throw error;
		const replanned = lockWindows(
			tail[0].start,
			end && end < serverNow ? end : undefined,
			serverNow,
			OPEN_WINDOW_MARGIN_EXPORT,
		);
		const again: IDataObject[][] = [];
		for (const w of replanned) again.push(await fetchWindow.call(this, w, i));
		return again;
	}
}

export const exportLocked: Operation = {
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
				"Bookings locked after this time (exclusive: a booking locked exactly at this time is not included). To continue an earlier export, use the latest LockedTime it returned. Times without an offset are read in the workflow's time zone.",
		},
		{
			displayName: 'End Lock Time',
			name: 'endLockTime',
			type: 'string',
			default: '',
			placeholder: '2026-02-28T23:59:59Z',
			description:
				'Bookings locked up to and including this time. Leave empty for "up to now"; a time in the future is treated as now. Ranges longer than 6 months are fetched in consecutive 6-month windows.',
		},
		simplifyProperty,
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
		const sensitive = firstClockSensitive(windows, now);
		const safe = sensitive < 0 ? windows : windows.slice(0, sensitive);
		const tail = sensitive < 0 ? [] : windows.slice(sensitive);
		const pages: IDataObject[][] = [];
		if (safe.length) {
			// The first window alone: it logs in when there is no session yet, so the others do not log in twice.
			pages.push(await fetchWindow.call(this, safe[0], i));
			pages.push(
				...(await mapLimited(
					safe.slice(1),
					WINDOW_CONCURRENCY,
					async (w) => await fetchWindow.call(this, w, i),
				)),
			);
		}
		if (tail.length) pages.push(...(await fetchTail.call(this, tail, end, i)));
		// Windows share no instant, but a server that rounds differently must still not produce a booking twice.
		const seen = new Set<string>();
		const bookings: IDataObject[] = [];
		for (const page of pages) {
			for (const booking of sortByLockTime(page)) {
				const id = booking[FIELDS.booking.id];
				if (id !== undefined && id !== null) {
					if (seen.has(String(id))) continue;
					seen.add(String(id));
				}
				bookings.push(booking);
			}
		}
		return simplifyOutput(this, i, bookings, (r) => normalizePronestorBooking(r, 'lockedBooking'));
	},
};
