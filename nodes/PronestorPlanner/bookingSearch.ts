import { DateTime } from 'luxon';
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { fieldError, listingError } from '../shared/errors';
import { readCapped, spanFrom } from '../shared/windowCap';
import { fieldValue } from '../shared/fieldReader';
import { mapLimited } from '../shared/pool';
import type { RequestContext } from '../shared/types';
import { CONCURRENCY, FIELDS, PARAMS, PATHS, RESOURCE_TYPES } from './contract';
import {
	formatLockTime,
	listAnswer,
	methodPath,
	pronestorClient,
	pronestorRequest,
	vendorMs,
} from './transport';

/**
 * FindBookingsByResourceType and the look-ups that go with it (a booking's meeting, the meeting's owner): what
 * Booking → Get Many and the trigger's "New or Changed Booking" event share.
 */

/** The resource-type dropdown (Get Many and the trigger): which numbers are stated and which assumed. */
export const resourceTypeProperty: INodeProperties = {
	displayName: 'Resource Type',
	name: 'resourceType',
	type: 'options',
	options: RESOURCE_TYPES,
	default: 1,
	description:
		"Which kind of resource the bookings are for. Pronestor's API guide states only 1 = " +
		"rooms; the other numbers are assumed — check your site's /api.mvc page, and choose an " +
		'expression to enter another type number your site uses.',
};

/** The resource type as a whole number ≥ 1; names the field when it is not one (e.g. from an expression). */
export function readResourceType(node: INode, value: unknown, itemIndex?: number): number {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!/^\d+$/.test(text) || Number(text) < 1) {
		throw fieldError(
			node,
			'Resource Type',
			text ? `"${text.slice(0, 40)}" is not a resource type number` : 'is empty',
			'Choose a type from the list (Rooms is 1), or enter the whole number your site uses for the type.',
			itemIndex,
		);
	}
	return Number(text);
}

/**
 * The bookings of one resource type overlapping [start, end]. The method has no paging: the window-cap rule
 * (shared/windowCap.ts) reads a window whose answer may be cut silently again as two halves (at a whole second),
 * which must hold all of its bookings (a booking overlapping both halves is listed once).
 */
export async function findBookingsByType(
	this: RequestContext,
	type: number,
	start: DateTime,
	end: DateTime,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const fetchOnce = async ([from, to]: [DateTime, DateTime]): Promise<IDataObject[]> => {
		const answer = await pronestorRequest.call(this, {
			method: 'GET',
			path: methodPath(PATHS.findBookingsByResourceType),
			qs: {
				[PARAMS.resourceType]: type,
				[PARAMS.periodStart]: formatLockTime(from),
				[PARAMS.periodEnd]: formatLockTime(to),
			},
			itemIndex,
		});
		return listAnswer(this, answer, 'a list of bookings', itemIndex);
	};
	return await readCapped<[DateTime, DateTime], IDataObject>({
		window: [start, end],
		ctx: this,
		credentialType: pronestorClient.credentialType,
		endpoint: PATHS.findBookingsByResourceType,
		fetch: fetchOnce,
		// A wide window around this one: its answer raises the bound.
		wide: [start.minus({ days: 30 }), end.plus({ days: 90 })],
		split: ([from, to]) => {
			const seconds = Math.floor(to.diff(from, 'seconds').seconds);
			if (seconds < 2) return undefined;
			const middle = from.plus({ seconds: Math.floor(seconds / 2) }).startOf('second');
			return [
				[from, middle],
				[middle, to],
			];
		},
		between: {
			rangeOf: ([from, to]) => [from.toMillis(), to.toMillis()],
			spanOf: (booking) => spanFrom(booking, [FIELDS.booking.start, FIELDS.booking.end], vendorMs),
			cutAt: ([from, to], at) => {
				const cut = DateTime.fromMillis(at, { zone: 'utc' }).startOf('second');
				return cut > from && cut < to
					? [
							[from, cut],
							[cut, to],
						]
					: undefined;
			},
		},
		idOf: (booking) => {
			const id = fieldValue(booking, FIELDS.booking.id);
			return id === undefined || id === null ? JSON.stringify(booking) : String(id);
		},
		describe: ([from, to]) =>
			`${PATHS.findBookingsByResourceType} ${formatLockTime(from)} … ${formatLockTime(to)}`,
		fail: (shortfall) =>
			listingError(this.getNode(), {
				vendor: pronestorClient.vendor,
				what: 'bookings',
				...shortfall,
				line: 'windowCap',
				itemIndex,
			}),
	});
}

/**
 * Adds each booking's meeting (and its owner): one request per distinct meeting and owner, a few at a time.
 */
export async function addMeetings(
	this: RequestContext,
	bookings: IDataObject[],
	withOwner: boolean,
	itemIndex?: number,
): Promise<void> {
	const f = FIELDS.booking;
	const meetingIds = unique(bookings.map((b) => fieldValue(b, f.meetingId)));
	const meetings = new Map<string, IDataObject>();
	await mapLimited(meetingIds, CONCURRENCY, async (id) => {
		const meeting = await pronestorRequest.call(this, {
			method: 'GET',
			path: methodPath(PATHS.getMeeting),
			qs: { [PARAMS.meetingId]: id },
			itemIndex,
		});
		meetings.set(id, meeting as IDataObject);
	});
	if (withOwner) {
		const ownerIds = unique(
			[...meetings.values()].map((m) => fieldValue(m, FIELDS.meeting.ownerId)),
		);
		const owners = new Map<string, IDataObject>();
		await mapLimited(ownerIds, CONCURRENCY, async (id) => {
			const owner = await pronestorRequest.call(this, {
				method: 'GET',
				path: methodPath(PATHS.getUser),
				qs: { [PARAMS.userId]: id },
				itemIndex,
			});
			owners.set(id, owner as IDataObject);
		});
		for (const [id, meeting] of meetings) {
			const owner = owners.get(String(fieldValue(meeting, FIELDS.meeting.ownerId)));
			if (owner) meetings.set(id, { ...meeting, [FIELDS.meeting.owner]: owner });
		}
	}
	for (const booking of bookings) {
		const meeting = meetings.get(String(fieldValue(booking, f.meetingId)));
		if (meeting) booking[f.meeting] = meeting;
	}
}

function unique(values: unknown[]): string[] {
	return [...new Set(values.filter((v) => v !== undefined && v !== null && v !== '').map(String))];
}
