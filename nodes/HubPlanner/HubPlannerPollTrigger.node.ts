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
import {
	askFrom,
	mergeCursor,
	startCursor,
	takeChanges,
	type Change,
	type CursorState,
} from '../shared/cursorPoll';
import { fieldValue, requireField } from '../shared/fieldReader';
import { reportLine } from '../shared/messages';
import { normalizeAll, shapeRecord } from '../shared/normalize';
import { includesNormalized, triggerOutputMode, versionedTriggerOptions } from '../shared/output';
import { PollState } from '../shared/pollState';
import { BOOKING_ALIASES, PAGE_SIZE_MAX, PATHS } from './contract';
import { HUB_PLANNER_SIMPLIFY, normalizeHubPlannerBooking } from './normalize';
import { hubPlannerList } from './transport';

/**
 * The search this trigger relies on (Sections/bookings.md, stated): POST booking/search takes `updatedDate` and
 * `deletedDate` with $gt/$gte/$lt/$lte, `{"deleted": true}` answers only deleted bookings, `updatedDate` is
 * sortable (`sort=updatedDate`), `deletedDate` is not. A deleted booking's time is read from `deletedDate`
 * (the field the search filters on; assumed to be on the record).
 */
const SEARCH = {
	updated: 'updatedDate',
	deleted: 'deleted',
	deletedDate: 'deletedDate',
	sortUpdated: 'updatedDate',
} as const;
const DELETED_AT = ['deletedDate', 'deletedAt'] as const;

type EventName = 'updated' | 'deleted';

/** What the trigger keeps (node static data): one cursor rule per event, from one start. */
interface TriggerState extends IDataObject {
	scope?: string;
	/** ISO time the run started (activation): nothing at or before it is news. */
	from?: string;
	updated?: CursorState;
	deleted?: CursorState;
}

const DEFAULT_LOOK_BACK_SECONDS = 60;

export class HubPlannerPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hub Planner Polling Trigger',
		name: 'hubPlannerPollTrigger',
		icon: {
			light: 'file:../../icons/hubplanner.svg',
			dark: 'file:../../icons/hubplanner.dark.svg',
		},
		group: ['trigger'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when bookings are created, updated or deleted in Hub Planner (polls; no webhook needed)',
		defaults: { name: 'Hub Planner Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hubPlannerApi', required: true }],
		properties: [
			{
				displayName:
					'Polls Hub Planner for bookings changed since the last poll (for an n8n Hub Planner cannot ' +
					'reach; the webhook trigger needs a public URL). It starts from the activation: each new or ' +
					'updated booking version and each deletion after it is emitted once.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['updated'],
				options: [
					{
						name: 'New or Updated Booking',
						value: 'updated',
						description:
							'A booking was created or changed (its updatedDate moved): once per version',
					},
					{
						name: 'Deleted Booking',
						value: 'deleted',
						description: 'A booking was deleted (found by its deletedDate): once',
					},
				],
				description: 'What to watch; each emitted item says which in triggerEvent',
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
							displayName: 'Look-Back (Seconds)',
							name: 'lookBackSeconds',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: DEFAULT_LOOK_BACK_SECONDS,
							description:
								'How far before the last change seen each poll asks again, for changes Hub Planner shows ' +
								'late; what was emitted is not emitted again',
						},
					],
				},
				{
					displayName: 'Simplify',
					name: 'simplify',
					type: 'boolean',
					default: false,
					description:
						'Whether to add a "normalized" object with the booking fields shared by every vendor ' +
						'next to the original fields',
				},
			),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = readEvents(this);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const lookBackMs =
			Math.max(1, Math.floor(Number(options.lookBackSeconds ?? DEFAULT_LOOK_BACK_SECONDS))) * 1000;
		const zone = this.getTimezone();
		const output = triggerOutputMode(this.getNode(), options);
		const simplify = includesNormalized(output);
		const toItems = (list: Array<{ booking: IDataObject; event: EventName }>) => [
			list.map(({ booking, event }) => {
				const normalize = (b: IDataObject) => normalizeHubPlannerBooking(b, zone);
				return { json: shapeRecord(booking, output, normalize, { triggerEvent: event }) };
			}),
		];

		if (this.getMode() === 'manual') {
			// "Fetch test event": the latest change (an update where chosen) as a sample; nothing is saved.
			const event: EventName = events.includes('updated') ? 'updated' : 'deleted';
			const since = new Date(Date.now() - 30 * 24 * 3_600_000).toISOString();
			const found = await search.call(this, event, since, 1);
			return found.length ? toItems([{ booking: found[0], event }]) : null;
		}

		const scope = JSON.stringify(events);
		const belongs = (s: TriggerState) => s.scope === scope && typeof s.from === 'string';
		// Opened before the requests: its ticket orders this poll against an overlapping one.
		const pollState = new PollState<TriggerState>(this);
		const state = pollState.load(belongs);
		if (!belongs(state)) {
			// The start of a run (activation, or other events chosen): from now, nothing emitted.
			for (const key of Object.keys(state)) delete state[key];
			const from = new Date().toISOString();
			state.scope = scope;
			state.from = from;
			for (const event of events) state[event] = startCursor(from);
			pollState.commit(state, { baseline: true });
			return null;
		}
		const startMs = Date.parse(state.from as string);
		const budgetMs = this.getPollBudgetMs?.() ?? 5 * 60_000;
		const started = Date.now();
		const out: Array<{ booking: IDataObject; event: EventName }> = [];

		// The first round asks for every event before deciding, so a failure changes nothing.
		const answers: Array<{ event: EventName; records: IDataObject[]; full: boolean }> = [];
		for (const event of events) {
			const cursor = state[event] ?? startCursor(state.from as string);
			const since = new Date(askFrom(cursor, lookBackMs)).toISOString();
			const limit = event === 'updated' ? PAGE_SIZE_MAX : undefined;
			const records = await search.call(this, event, since, limit);
			answers.push({ event, records, full: limit !== undefined && records.length >= limit });
		}
		for (const { event, records } of answers) checkAnswer(this, event, records, simplify && zone);
		// From here to the commit nothing awaits: overlapping polls never take the same change twice.
		for (const { event, records } of answers)
			decide(state, pollState, event, records, out, {
				startMs,
				lookBackMs,
			});
		pollState.commit(state, { baseline: false });

		// A backlog of updates larger than a page: more pages of it while the poll's time budget allows.
		let full = answers.find((a) => a.event === 'updated')?.full === true;
		let fromCursor = false;
		while (full && Date.now() - started < budgetMs / 2) {
			const cursor = state.updated as CursorState;
			const before = cursor.cursor;
			const since = fromCursor
				? cursor.cursor
				: new Date(askFrom(cursor, lookBackMs)).toISOString();
			let records: IDataObject[];
			try {
				records = await search.call(this, 'updated', since, PAGE_SIZE_MAX);
				checkAnswer(this, 'updated', records, simplify && zone);
			} catch (error) {
				// What is taken is committed and emitted; the next poll goes on from there.
				if (out.length > 0) break;
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeApiError(this.getNode(), error as JsonObject);
			}
			const taken = decide(state, pollState, 'updated', records, out, { startMs, lookBackMs });
			pollState.commit(state, { baseline: false });
			full = records.length >= PAGE_SIZE_MAX;
			if (taken === 0 && (state.updated as CursorState).cursor === before) {
				if (fromCursor) throw tooManyAtOnce(this, before);
				// A full page within the look-back, all emitted already: ask from the cursor itself.
				fromCursor = true;
			} else fromCursor = false;
		}
		return out.length ? toItems(out) : null;
	}
}

/** Merges an overlapping poll's view, takes the new changes of one event into `out`; answers how many. */
function decide(
	state: TriggerState,
	pollState: PollState<TriggerState>,
	event: EventName,
	records: IDataObject[],
	out: Array<{ booking: IDataObject; event: EventName }>,
	opts: { startMs: number; lookBackMs: number },
): number {
	const cursor = state[event] ?? startCursor(state.from as string);
	const live = pollState.latest()?.state;
	if (live && live.scope === state.scope && live.from === state.from)
		mergeCursor(cursor, live[event]);
	const changes: Array<Change<IDataObject>> = records.map((booking) => ({
		id: String(fieldValue(booking, BOOKING_ALIASES.id)),
		ms: Date.parse(
			String(fieldValue(booking, event === 'updated' ? BOOKING_ALIASES.updatedAt : DELETED_AT)),
		),
		record: booking,
	}));
	const taken: IDataObject[] = [];
	const count = takeChanges(cursor, changes, taken, opts);
	state[event] = cursor;
	for (const booking of taken) out.push({ booking, event });
	return count;
}

/** POST booking/search for one event's changes since a time; updates oldest first (up to `limit`). */
async function search(
	this: IPollFunctions,
	event: EventName,
	since: string,
	limit: number | undefined,
): Promise<IDataObject[]> {
	const body: IDataObject =
		event === 'updated'
			? { [SEARCH.updated]: { $gte: since } }
			: { [SEARCH.deleted]: true, [SEARCH.deletedDate]: { $gte: since } };
	const manual = this.getMode() === 'manual';
	const qs =
		event === 'updated' ? { sort: manual ? `-${SEARCH.sortUpdated}` : SEARCH.sortUpdated } : {};
	const records = await hubPlannerList.call(this, {
		method: 'POST',
		path: PATHS.bookingSearch,
		body,
		qs,
		limit,
	});
	// Only a listing cut at `limit` depends on the order: it must be oldest first, or what lies past the cut
	// (older changes) would never be asked for again.
	if (limit !== undefined && records.length >= limit && !manual) checkOrder(this, records);
	return records;
}

function checkOrder(ctx: IPollFunctions, records: IDataObject[]): void {
	let last = -Infinity;
	for (const record of records) {
		const ms = Date.parse(String(fieldValue(record, BOOKING_ALIASES.updatedAt)));
		if (ms < last)
			throw new NodeOperationError(
				ctx.getNode(),
				'Hub Planner did not sort the booking search by updatedDate (sort=updatedDate)',
				{
					description:
						'The trigger reads a long backlog page by page, oldest change first, and cannot do so when ' +
						'the answer is not sorted. Poll more often so that fewer changes wait, or use the webhook ' +
						`trigger. ${reportLine('search.sortUpdated', true)}.`,
				},
			);
		last = ms;
	}
}

/** The ID and the change time every booking is keyed by must be on the answer (read in any case). */
function checkAnswer(
	ctx: IPollFunctions,
	event: EventName,
	records: IDataObject[],
	simplifyZone: string | false,
): void {
	const node = ctx.getNode();
	requireField(node, records, {
		vendor: 'Hub Planner',
		feature: "The trigger's key of each booking",
		field: 'the booking ID (_id)',
		names: BOOKING_ALIASES.id,
		line: 'BOOKING_ALIASES (id)',
		needValue: true,
	});
	requireField(node, records, {
		vendor: 'Hub Planner',
		feature:
			event === 'updated'
				? "The trigger's position (updatedDate)"
				: "The trigger's position (deletedDate)",
		field:
			event === 'updated' ? 'the update time (updatedDate)' : 'the deletion time (deletedDate)',
		names: event === 'updated' ? BOOKING_ALIASES.updatedAt : DELETED_AT,
		line: event === 'updated' ? 'BOOKING_ALIASES (updatedAt)' : 'search.deletedDate',
		needValue: true,
	});
	// With Simplify, what it reads must be there too: checked before anything is committed.
	if (simplifyZone !== false)
		normalizeAll(node, records, (b) => normalizeHubPlannerBooking(b, simplifyZone), {
			contract: HUB_PLANNER_SIMPLIFY,
		});
}

function tooManyAtOnce(ctx: IPollFunctions, at: string): NodeApiError {
	return new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: `Hub Planner answered more than ${PAGE_SIZE_MAX} bookings updated at the same moment (${at})`,
		description:
			'The trigger cannot page past them without losing some. Report this with the time shown; ' +
			'meanwhile lower the number of bookings changed in one bulk operation.',
	});
}

/** The events chosen (at least one). */
function readEvents(ctx: IPollFunctions): EventName[] {
	const raw = ctx.getNodeParameter('events', ['updated']) as unknown;
	const list = (Array.isArray(raw) ? raw : [raw]).map(String);
	const wrong = list.find((e) => e !== 'updated' && e !== 'deleted');
	if (wrong !== undefined || list.length === 0)
		throw new NodeOperationError(
			ctx.getNode(),
			wrong !== undefined
				? `Events: "${wrong.slice(0, 40)}" is not an event`
				: 'Events: choose at least one',
			{ description: 'Choose New or Updated Booking and/or Deleted Booking.' },
		);
	return [...new Set(list)].sort() as EventName[];
}
