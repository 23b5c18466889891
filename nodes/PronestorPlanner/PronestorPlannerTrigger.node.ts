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
import { withNormalized } from '../shared/normalize';
import { PollState, RecentKeys } from '../shared/pollState';
import { FIELDS, MAX_WINDOW } from './transport';
import { normalizePronestorBooking } from './common';
import {
	byLockTime,
	fetchWindow,
	floorSecond,
	lockedMs,
	lockWindows,
	OPEN_WINDOW_MARGIN,
	sortByLockTime,
} from './lockWindows';

/**
 * What the trigger keeps between polls (node static data):
 * - `from`: the start the user picked (exclusive); nothing locked at or before it is ever emitted;
 * - `cursor`: the latest lock time emitted (or the end of a window fully read), the next exclusive start;
 * - `recent`: `<lock second>:<id>` of bookings emitted within the look-back before the cursor, so re-reading
 *   that stretch (look-back, a poll stopped halfway through bookings sharing one lock time, overlapping polls)
 *   never emits a booking twice.
 */
interface TriggerState extends IDataObject {
	from?: string;
	cursor?: string;
	recent?: string[];
}

const RECENT_MAX = 20_000;

const DEFAULT_MAX_PER_POLL = 1000;
const DEFAULT_LOOK_BACK_SECONDS = 60;

export class PronestorPlannerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pronestor Planner Trigger',
		name: 'pronestorPlannerTrigger',
		icon: { light: 'file:../../icons/pronestor.svg', dark: 'file:../../icons/pronestor.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New locked booking',
		description:
			'Starts the workflow when bookings are locked in Pronestor Planner (ready for invoicing)',
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
				],
				default: 'lockedBooking',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description:
					'On first activation, emit bookings locked after this time. Leave empty to start from the moment the workflow is activated. Later polls continue from the last booking emitted, across restarts.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Look-Back (Seconds)',
						name: 'lookBackSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_LOOK_BACK_SECONDS,
						description:
							'How far before the last lock time each poll looks again, to catch bookings the server stored late; bookings already emitted are skipped',
					},
					{
						displayName: 'Max Bookings per Poll',
						name: 'maxPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_PER_POLL,
						description:
							'A larger backlog is emitted over the following polls, in lock-time order, without gaps or repeats',
					},
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: false,
						description:
							'Whether to add a "normalized" object (booking ID, locked time, resource, start/end, owner, cost centre, amount) next to the original fields',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const simplify = options.simplify === true;
		const toItems = (bookings: IDataObject[]): INodeExecutionData[][] => [
			bookings.map((b) => ({
				json: simplify
					? withNormalized(b, (r) => normalizePronestorBooking(r, 'lockedBooking'))
					: b,
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
		const state = pollState.load();
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
				pollState.commit(state, { baseline });
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
			// From here to the end of the loop body nothing awaits: the committed state is read and advanced at
			// once, so overlapping polls never take the same booking twice.
			mergeOverlapping(state, pollState.latest()?.state);
			const full = take(state, bookings, out, max, lookBackMs);
			if (full && window.end) advance(state, window.end.toMillis(), lookBackMs);
			pollState.commit(state, { baseline });
			if (!full) break;
		}
		return out.length > 0 ? toItems(out) : null;
	}
}

/** Takes over what an overlapping poll of the same trigger (same start) already emitted. */
function mergeOverlapping(state: TriggerState, live: TriggerState | undefined): void {
	if (!live || live.from !== state.from || !live.cursor) return;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	for (const k of live.recent ?? []) recent.add(k);
	state.recent = recent.toJSON();
	if (Date.parse(live.cursor) > Date.parse(state.cursor as string)) state.cursor = live.cursor;
}

/** Moves bookings not emitted yet into `out` (up to `max`), advancing the state; false when `out` is full. */
function take(
	state: TriggerState,
	bookings: IDataObject[],
	out: IDataObject[],
	max: number,
	lookBackMs: number,
): boolean {
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	const fromMs = Date.parse(state.from as string);
	let cursorMs = Date.parse(state.cursor as string);
	let complete = true;
	for (const booking of sortByLockTime(bookings)) {
		const ms = lockedMs(booking);
		const key = `${Number.isNaN(ms) ? '?' : Math.floor(ms / 1000)}:${String(booking[FIELDS.booking.id])}`;
		if (recent.has(key)) continue;
		// At or before the start, or before the look-back of a cursor another poll already moved: not new.
		if (!Number.isNaN(ms) && (ms <= fromMs || ms <= cursorMs - lookBackMs)) continue;
		if (out.length >= max) {
			complete = false;
			break;
		}
		out.push(booking);
		recent.add(key);
		if (ms > cursorMs) cursorMs = ms;
	}
	state.recent = recent.toJSON();
	advance(state, cursorMs, lookBackMs);
	return complete;
}

/** Sets the cursor (never backwards) and forgets emitted keys that fell out of the look-back. */
function advance(state: TriggerState, toMs: number, lookBackMs: number): void {
	const cursorMs = Math.max(Date.parse(state.cursor as string), toMs);
	state.cursor = DateTime.fromMillis(cursorMs, { zone: 'utc' }).toISO({
		suppressMilliseconds: true,
	}) as string;
	const oldest = Math.floor((cursorMs - lookBackMs) / 1000) - 1;
	const recent = new RecentKeys(state.recent, RECENT_MAX);
	recent.retain((key) => {
		const second = Number(key.slice(0, key.indexOf(':')));
		return Number.isNaN(second) || second >= oldest;
	});
	state.recent = recent.toJSON();
}
