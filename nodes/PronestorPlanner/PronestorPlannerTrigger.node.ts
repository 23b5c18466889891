import { DateTime } from 'luxon';
import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { parseDate } from '../shared/dates';
import { fieldError } from '../shared/errors';
import { requireField } from '../shared/fieldReader';
import { normalizeAll, shapeRecord } from '../shared/normalize';
import { includesNormalized, triggerOutputMode, versionedTriggerOptions } from '../shared/output';
import {
	advanceCursor,
	mergeCursor,
	take,
	type CursorRule,
	type CursorState,
} from '../shared/cursorPoll';
import { contentVersion, PollState, type Committed } from '../shared/pollState';
import {
	diffWindow,
	madeFor,
	previewWindow,
	upgradeEpochState,
	type WindowDiffOptions,
	type WindowState,
} from '../shared/windowDiff';
import { MAX_WINDOW, REQUIRED } from './contract';
import { normalizePronestorBooking, SIMPLIFY_CONTRACT } from './normalize';
import {
	addMeetings,
	findBookingsByType,
	readResourceType,
	resourceTypeProperty,
} from './bookingSearch';
import {
	bookingId,
	byLockTime,
	fetchWindow,
	floorSecond,
	lockedMs,
	lockWindows,
	OPEN_WINDOW_MARGIN,
	sortByLockTime,
} from './lockWindows';

/**
 * What the trigger keeps between polls (node static data): each event is its own rule with its own key, so
 * starting one afresh never touches the other's state (switching the event and back continues where it was).
 * - `lockedBooking`, "New Locked Booking" (a lock-time cursor):
 *   - `from`: the start the user picked (exclusive); nothing locked at or before it is ever emitted;
 *   - `cursor`: the latest lock time emitted (or the end of a window fully read), the next exclusive start;
 *   - `recent`: `<lock second>:<id>` of bookings emitted within the look-back before the cursor, so re-reading
 *     that stretch (look-back, a poll stopped halfway through bookings sharing one lock time, overlapping polls)
 *     never emits a booking twice.
 * - `booking`, "New or Changed Booking": the shared window-diff state (nodes/shared/windowDiff.ts), bounded by
 *   the window — the run (`scope`), the settings (`settings`: resource type, days ahead; changing them starts
 *   afresh), the version of every booking in the window (`versions`) and the keys and versions seen (`seen`: each
 *   booking is new once and each version is emitted once, also when it leaves the window and comes back).
 */
interface LockedState extends IDataObject {
	from?: string;
	cursor?: string;
	recent?: string[];
}

interface TriggerState extends IDataObject {
	lockedBooking?: LockedState;
	booking?: WindowState;
}

/**
 * Before each event had its own key, both kept their keys side by side at the top of the node's state (and
 * starting one cleared the other's). Such a state (or activation record) is moved under the event's key and the
 * booking event's state brought to the window-diff shape: the run continues, nothing lost or emitted again.
 */
const FLAT_KEYS: Array<{ event: 'lockedBooking' | 'booking'; keys: string[] }> = [
	{ event: 'lockedBooking', keys: ['from', 'cursor', 'recent'] },
	{ event: 'booking', keys: ['epoch', 'scope', 'known', 'seen'] },
];

function upgradeStored(stored: TriggerState): void {
	for (const { event, keys } of FLAT_KEYS) {
		const found = keys.filter((key) => key in stored);
		if (found.length === 0) continue;
		if (!stored[event] || typeof stored[event] !== 'object') {
			const moved: IDataObject = {};
			for (const key of found) moved[key] = stored[key];
			stored[event] = moved;
		}
		for (const key of found) delete stored[key];
	}
	if (stored.booking && typeof stored.booking === 'object') upgradeEpochState(stored.booking);
}

const DEFAULT_DAYS_AHEAD = 7;

const DEFAULT_MAX_PER_POLL = 1000;
const DEFAULT_LOOK_BACK_SECONDS = 60;

export class PronestorPlannerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pronestor Planner Trigger',
		name: 'pronestorPlannerTrigger',
		icon: { light: 'file:../../icons/pronestor.svg', dark: 'file:../../icons/pronestor.dark.svg' },
		group: ['trigger'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{$parameter["event"] === "booking" ? "New or changed booking" : "New locked booking"}}',
		description:
			'Starts the workflow when bookings are locked in Pronestor Planner (ready for ' +
			'invoicing), or when bookings of a resource type (rooms…) are made or changed',
		defaults: { name: 'Pronestor Planner Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'pronestorPlannerApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Locked Booking',
						value: 'lockedBooking',
						description: 'A booking was locked (it is final and priced)',
					},
					{
						name: 'New or Changed Booking',
						value: 'booking',
						description:
							'A booking of a resource type (rooms by default) from now to some days ahead was made or ' +
							'changed (e.g. for door locks)',
					},
				],
				default: 'lockedBooking',
			},
			{
				...resourceTypeProperty,
				displayOptions: { show: { event: ['booking'] } },
			},
			{
				displayName:
					'The first poll after activation remembers the bookings already in the window; later ' +
					'polls emit each new booking and each changed version once',
				name: 'notice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['booking'] } },
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				displayOptions: { show: { event: ['lockedBooking'] } },
				default: '',
				description:
					'On first activation, emit bookings locked after this time. Leave empty to start from ' +
					'the moment the workflow is activated. Later polls continue from the last booking ' +
					'emitted, across restarts.',
			},
			...versionedTriggerOptions(
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Days Ahead',
							name: 'daysAhead',
							type: 'number',
							typeOptions: { minValue: 1, maxValue: 366 },
							default: DEFAULT_DAYS_AHEAD,
							description:
								'How many days from now the watched window reaches; a booking further ahead counts as ' +
								'new when the window reaches it',
							displayOptions: { show: { '/event': ['booking'] } },
						},
						{
							displayName: 'Include Meeting',
							name: 'includeMeeting',
							type: 'boolean',
							default: false,
							description:
								'Whether to add the booking\'s meeting (title, times, participants) as "Meeting"',
							displayOptions: { show: { '/event': ['booking'] } },
						},
						{
							displayName: 'Include Owner',
							name: 'includeOwner',
							type: 'boolean',
							default: false,
							description:
								'Whether to add the meeting\'s owner (the user who booked) as "Meeting.Owner"; includes ' +
								'the meeting too',
							displayOptions: { show: { '/event': ['booking'] } },
						},
						{
							displayName: 'Look-Back (Seconds)',
							name: 'lookBackSeconds',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: DEFAULT_LOOK_BACK_SECONDS,
							description:
								'How far before the last lock time each poll looks again, to catch bookings the server ' +
								'stored late; bookings already emitted are skipped',
							displayOptions: { show: { '/event': ['lockedBooking'] } },
						},
						{
							displayName: 'Max Bookings per Poll',
							name: 'maxPerPoll',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: DEFAULT_MAX_PER_POLL,
							description:
								'A larger backlog is emitted over the following polls, in lock-time order, without gaps or repeats',
							displayOptions: { show: { '/event': ['lockedBooking'] } },
						},
					],
				},
				{
					displayName: 'Simplify',
					name: 'simplify',
					type: 'boolean',
					default: false,
					description:
						'Whether to add a "normalized" object (booking ID, locked time, resource, start/end, ' +
						'owner, cost centre, amount) next to the original fields',
				},
			),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'lockedBooking') as string;
		if (event === 'booking') return await pollBookings.call(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const output = triggerOutputMode(this.getNode(), options);
		const simplify = includesNormalized(output);
		const toItems = (bookings: IDataObject[]): INodeExecutionData[][] => [
			bookings.map((b) => ({
				json: shapeRecord(b, output, (r) => normalizePronestorBooking(r, 'lockedBooking')),
			})),
		];
		const now = DateTime.utc();

		if (this.getMode() === 'manual') {
			// "Fetch test event": the latest locked booking as a sample; the saved position is not touched.
			const recent = await fetchWindow.call(this, { start: floorSecond(now.minus({ days: 30 })) });
			const sample = recent.length
				? recent
				: await fetchWindow.call(this, {
						start: floorSecond(now.minus(MAX_WINDOW).plus(OPEN_WINDOW_MARGIN)),
					});
			if (sample.length === 0) return null;
			return toItems([[...sample].sort(byLockTime)[sample.length - 1]]);
		}

		const pollState = new PollState<TriggerState>(this);
		const stored = pollState.load(
			(s) => typeof s.lockedBooking?.cursor === 'string',
			upgradeStored,
		);
		if (!stored.lockedBooking || typeof stored.lockedBooking !== 'object')
			stored.lockedBooking = {};
		const state = stored.lockedBooking;
		// A poll that starts the state (no cursor yet) is a baseline: n8n may drop it (see shared/pollState.ts).
		const baseline = !state.cursor;
		if (!state.cursor) {
			const picked = parseDate(
				this.getNode(),
				this.getNodeParameter('startFrom', ''),
				'Start From',
				undefined,
				{ zone: this.getTimezone() },
			);
			if (picked && picked > now)
				throw fieldError(
					this.getNode(),
					'Start From',
					'is in the future',
					'Pick a time in the past, or leave it empty to start now.',
				);
			const from = floorSecond(picked ?? now).toISO({ suppressMilliseconds: true }) as string;
			state.from = from;
			state.cursor = from;
			state.recent = [];
			// Starting "now": nothing can be new yet (the start is committed in case n8n drops this poll's state).
			if (!picked) {
				pollState.commit(stored, { baseline });
				return null;
			}
		}

		const lookBackMs =
			Math.max(1, Math.floor(Number(options.lookBackSeconds ?? DEFAULT_LOOK_BACK_SECONDS))) * 1000;
		const max = Math.max(1, Math.floor(Number(options.maxPerPoll ?? DEFAULT_MAX_PER_POLL)));
		const budgetMs = this.getPollBudgetMs?.() ?? 5 * 60_000;
		const started = Date.now();
		const windowStart = DateTime.fromISO(state.cursor, { zone: 'utc' }).minus({
			milliseconds: lookBackMs,
		});
		const windows = lockWindows(windowStart, undefined, now);
		const out: IDataObject[] = [];

		for (const window of windows) {
			// Leave the rest of a long backlog to the next poll rather than overrun the poll's time budget.
			if (out.length > 0 && Date.now() - started > budgetMs / 2) break;
			let bookings: IDataObject[];
			try {
				bookings = await fetchWindow.call(this, window);
			} catch (error) {
				// What is already taken is emitted (the cursor covers exactly that); the next poll retries the rest.
				if (out.length > 0) break;
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			}
			try {
				checkLocked(this, bookings, simplify);
			} catch (error) {
				// What earlier windows took is emitted (their state is committed); the next poll stops here first.
				if (out.length > 0) break;
				throw error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error);
			}
			// From here to the end of the loop body nothing awaits: the committed state is read and advanced at
			// once, so overlapping polls never take the same booking twice.
			const cursor = state as CursorState;
			mergeCursor(cursor, pollState.latest()?.state.lockedBooking as CursorState | undefined);
			const rule = lockRule(cursor, lookBackMs, max);
			const full = take(cursor, lockChanges(bookings), out, rule);
			if (full && window.end) advanceCursor(cursor, window.end.toMillis(), rule);
			pollState.commit(stored, { baseline });
			if (!full) break;
		}
		return out.length > 0 ? toItems(out) : null;
	}
}

/**
 * The fields the trigger keys and moves its cursor by (Id, LockedTime: read in any case) must be on the records of
 * an answer, and with Simplify so must what Simplify reads: else the poll fails naming the field, rather than key
 * every booking alike (emit one, then nothing) or move the cursor blindly.
 */
function checkLocked(ctx: IPollFunctions, bookings: IDataObject[], simplify: boolean): void {
	const node = ctx.getNode();
	requireField(node, bookings, REQUIRED.bookingId("The trigger's key of each booking"));
	requireField(node, bookings, REQUIRED.lockedTime("The trigger's position (the last lock time)"));
	if (simplify)
		normalizeAll(node, bookings, (r) => normalizePronestorBooking(r, 'lockedBooking'), {
			contract: SIMPLIFY_CONTRACT,
		});
}

/**
 * New Locked Booking is the shared cursor rule (nodes/shared/cursorPoll.ts) on the lock time: Pronestor stamps
 * whole seconds, Start From and each window's start are exclusive (a time already read), and a backlog beyond
 * Max Bookings per Poll waits for the next poll. Keys are `<lock second>:<id>`.
 */
function lockRule(state: CursorState, lookBackMs: number, max: number): CursorRule {
	return {
		startMs: Date.parse(state.from as string),
		lookBackMs,
		exclusive: true,
		unitMs: 1000,
		max,
	};
}

/** The bookings of an answer as changes, in lock-time order (then by id). */
function lockChanges(bookings: IDataObject[]) {
	return sortByLockTime(bookings).map((booking) => ({
		id: bookingId(booking),
		ms: lockedMs(booking),
		record: booking,
	}));
}

// ------------------------------------------------------------------------------- New or Changed Booking

interface BookingEvent {
	booking: IDataObject;
	event: 'new' | 'changed';
}

/**
 * "New or Changed Booking": polls FindBookingsByResourceType for [now, now + Days Ahead] and emits each booking
 * once per version (its content hash). The first poll of a run is a baseline: it remembers what is already in
 * the window and emits nothing ("from now", as n8n users expect). "Fetch test event" returns the first booking of
 * the window as a sample and saves nothing.
 */
async function pollBookings(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const type = readResourceType(node, this.getNodeParameter('resourceType', 1));
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const daysAhead = readDaysAhead(this, options.daysAhead);
	const withOwner = options.includeOwner === true;
	const withMeeting = withOwner || options.includeMeeting === true;
	const output = triggerOutputMode(node, options);
	const simplify = includesNormalized(output);
	const start = floorSecond(DateTime.utc());
	const end = start.plus({ days: daysAhead });
	const toItems = (list: BookingEvent[]): INodeExecutionData[][] => [
		list.map(({ booking, event }) => ({
			json: shapeRecord(booking, output, (r) => normalizePronestorBooking(r, 'booking'), {
				triggerEvent: event,
			}),
		})),
	];

	if (this.getMode() === 'manual') {
		const bookings = await findBookingsByType.call(this, type, start, end);
		if (bookings.length === 0) return null;
		const sample = [bookings[0]];
		if (withMeeting) await addMeetings.call(this, sample, withOwner);
		return toItems([{ booking: sample[0], event: 'new' }]);
	}

	// The ticket is taken before the request, so an overlapping poll's answers are ordered by age.
	const pollState = new PollState<TriggerState>(this);
	const bookings = await findBookingsByType.call(this, type, start, end);
	requireField(node, bookings, REQUIRED.bookingId("The trigger's key of each booking"));
	if (simplify)
		normalizeAll(node, bookings, (r) => normalizePronestorBooking(r, 'booking'), {
			contract: SIMPLIFY_CONTRACT,
		});
	const settings = JSON.stringify({ type, daysAhead });
	const belongs = (s: TriggerState) => madeFor(settings)(s.booking ?? {});
	// Versions are hashed as FindBookingsByResourceType answers, before the meeting is added: a changed meeting
	// alone (its title, its owner) is not a new version of the booking.
	const records = bookings.map((booking) => ({
		key: bookingId(booking),
		version: contentVersion(booking),
		record: booking,
	}));
	const rule: WindowDiffOptions = {
		emitOnFirstRun: false,
		settings,
		oncePerVersion: true,
		// A booking gone from the window (cancelled, moved away) is forgotten, not emitted.
		wants: (event) => event !== 'deleted',
	};

	const looked = new Set<string>();
	if (withMeeting) {
		// A preview says which bookings will be emitted; only their meetings are fetched, and before the state is
		// decided on (a failed look-up then leaves the state untouched).
		const stored = pollState.load(belongs, upgradeStored);
		const { emit } = previewWindow(
			stored.booking ?? {},
			bookingRule(pollState.latest()),
			pollState.ticket,
			records,
			rule,
		);
		await addMeetings.call(
			this,
			emit.map((e) => e.record as IDataObject),
			withOwner,
		);
		for (const e of emit) looked.add(e.key);
	}

	// From here on nothing awaits: the state is loaded, decided on and committed in one go.
	const stored = pollState.load(belongs, upgradeStored);
	if (!stored.booking || typeof stored.booking !== 'object') stored.booking = {};
	const diff = diffWindow(
		stored.booking,
		bookingRule(pollState.latest()),
		pollState.ticket,
		records,
		{
			...rule,
			// A booking whose meeting was not fetched (an overlapping poll changed the picture meanwhile) is left for
			// the next poll rather than emitted without it.
			ready: withMeeting ? (key) => looked.has(key) : undefined,
		},
	);
	if (!diff.stale) pollState.commit(stored, { baseline: diff.baseline });
	const emitted = diff.emit.map((e) => ({
		booking: e.record as IDataObject,
		event: e.change as BookingEvent['event'],
	}));
	return emitted.length ? toItems(emitted) : null;
}

/** What the newest overlapping poll committed for the booking event, as the window diff reads it. */
function bookingRule(
	latest: Committed<TriggerState> | undefined,
): Committed<WindowState> | undefined {
	return latest?.state.booking ? { ...latest, state: latest.state.booking } : undefined;
}

/** Days Ahead as a whole number from 1 to 366; names the field when it is not one. */
function readDaysAhead(ctx: IPollFunctions, value: unknown): number {
	if (value === undefined || value === null || value === '') return DEFAULT_DAYS_AHEAD;
	const days = Number(value);
	if (!Number.isInteger(days) || days < 1 || days > 366) {
		throw fieldError(
			ctx.getNode(),
			'Days Ahead',
			`${JSON.stringify(value).slice(0, 40)} is not a whole number of days from 1 to 366`,
			'Enter how many days from now the trigger watches, for example 7.',
		);
	}
	return days;
}
