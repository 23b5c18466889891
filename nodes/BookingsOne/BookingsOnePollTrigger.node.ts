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
import { toIso } from '../shared/dates';
import { fieldValue, requireField } from '../shared/fieldReader';
import { normalizeAll, shapeRecord } from '../shared/normalize';
import { includesNormalized, triggerOutputMode, versionedTriggerOptions } from '../shared/output';
import { contentVersion, PollState } from '../shared/pollState';
import { diffWindow, madeFor, type WindowEvent, type WindowState } from '../shared/windowDiff';
import { APPOINTMENT_ALIASES, PATHS } from './contract';
import { normalizeAppointment, SIMPLIFY_CONTRACT } from './normalize';
import { bookingsOneList } from './transport';

const DAY_MS = 24 * 3_600_000;
/** The events as the trigger names them (a removal is the window diff's deletion). */
type WindowChange = 'new' | 'changed' | 'removed';
const CHANGES: WindowChange[] = ['new', 'changed', 'removed'];
const AS_CHANGE: Record<WindowEvent, WindowChange> = {
	new: 'new',
	changed: 'changed',
	deleted: 'removed',
};
const LINE = 'APPOINTMENT_ALIASES';

export class BookingsOnePollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bookings ONE Polling Trigger',
		name: 'bookingsOnePollTrigger',
		icon: {
			light: 'file:../../icons/bookingsone.svg',
			dark: 'file:../../icons/bookingsone.dark.svg',
		},
		group: ['trigger'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when resource appointments are added, changed or removed in a rolling ' +
			'window (polls; no webhook needed)',
		defaults: { name: 'Bookings ONE Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bookingsOneApi', required: true }],
		properties: [
			{
				displayName:
					'Polls the resource appointments from Days Back before now to Days Ahead after it (for an ' +
					'n8n Bookings ONE cannot reach; the webhook trigger needs a public URL). On activation it ' +
					'remembers what is there; then each new appointment, each changed version and each removal ' +
					'is emitted once.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['new', 'changed'],
				options: [
					{
						name: 'New Appointment',
						value: 'new',
						description: 'An appointment appeared in the window',
					},
					{
						name: 'Changed Appointment',
						value: 'changed',
						description: 'An appointment in the window changed (any field): once per version',
					},
					{
						name: 'Removed Appointment',
						value: 'removed',
						description:
							'An appointment still inside the window is gone (cancelled or deleted, or moved outside the window)',
					},
				],
				description: 'What to emit; each item says which in triggerEvent',
			},
			{
				displayName: 'Days Back',
				name: 'daysBack',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 366 },
				default: 1,
				description:
					'How many days before now the window starts (appointments ending after it are watched)',
			},
			{
				displayName: 'Days Ahead',
				name: 'daysAhead',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 366 },
				default: 14,
				description:
					'How many days after now the window ends (appointments starting before it are watched)',
			},
			...versionedTriggerOptions(
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [],
				},
				{
					displayName: 'Simplify',
					name: 'simplify',
					type: 'boolean',
					default: false,
					description:
						'Whether to add a "normalized" object with the booking fields shared by every vendor ' +
						'next to the original fields (not on removals)',
				},
			),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = readEvents(this);
		const daysBack = readDays(this, 'daysBack', 'Days Back', 0);
		const daysAhead = readDays(this, 'daysAhead', 'Days Ahead', 1);
		const now = Math.floor(Date.now() / 1000) * 1000;
		const fromMs = now - daysBack * DAY_MS;
		const toMs = now + daysAhead * DAY_MS;
		// The form the node's From/To filters send (ISO 8601 without milliseconds), in UTC.
		const at = (ms: number) => toIso(DateTime.fromMillis(ms, { zone: 'utc' }));
		const qs = { from: at(fromMs), to: at(toMs) };
		const output = triggerOutputMode(
			this.getNode(),
			this.getNodeParameter('options', {}) as IDataObject,
		);
		const simplify = includesNormalized(output);
		// A removal is {id, start, end} as last seen, in every Output mode: the appointment is gone.
		const toItem = (json: IDataObject, change: WindowChange) => ({
			json:
				change === 'removed'
					? { ...json, triggerEvent: change }
					: shapeRecord(json, output, (a) => normalizeAppointment(a), { triggerEvent: change }),
		});

		if (this.getMode() === 'manual') {
			// "Fetch test event": the first appointment of the window as a sample; nothing is saved.
			const sample = await bookingsOneList.call(this, {
				path: PATHS.resourceAppointments,
				qs,
				limit: 1,
			});
			return sample.length ? [[toItem(sample[0], 'new')]] : null;
		}

		// Opened before the request: its ticket orders this poll's answer against an overlapping poll's.
		const pollState = new PollState<WindowState>(this);
		let total: number | undefined;
		let counted = true;
		const records = await bookingsOneList.call(this, {
			path: PATHS.resourceAppointments,
			qs,
			observe: (page) => {
				if (page.total === undefined) counted = false;
				else total = page.total;
			},
		});
		// A removal is an appointment the answer lacks: only a listing that adds up to its reported total shows one.
		if (events.includes('removed') && (!counted || total === undefined))
			throw new NodeApiError(this.getNode(), {} as JsonObject, {
				message:
					'Bookings ONE did not report how many appointments the window holds (metaData.totalCount)',
				description:
					'Removed Appointment needs a listing that proves it is complete. Leave Removed Appointment ' +
					'out, or report this with your server version.',
			});
		checkAnswer(this, records, events.includes('removed'));
		// With Simplify, what it reads must be there: checked before anything is committed.
		if (simplify)
			normalizeAll(this.getNode(), records, (a) => normalizeAppointment(a), {
				contract: SIMPLIFY_CONTRACT,
			});

		const settings = JSON.stringify({ daysBack, daysAhead });
		// From here to the commit nothing awaits: the state is loaded, compared and committed in one go.
		const state = pollState.load(madeFor(settings));
		const { emit, baseline, stale } = diffWindow(
			state,
			pollState.latest(),
			pollState.ticket,
			records.map((record) => ({
				key: String(fieldValue(record, APPOINTMENT_ALIASES.id)),
				version: contentVersion(record),
				since: Date.parse(String(fieldValue(record, APPOINTMENT_ALIASES.start))),
				until: Date.parse(String(fieldValue(record, APPOINTMENT_ALIASES.end))),
				record,
			})),
			{
				emitOnFirstRun: false,
				settings,
				// An appointment that ended before the window's start slid out: forgotten, not removed.
				windowStart: fromMs,
				wants: (event) => events.includes(AS_CHANGE[event]),
			},
		);
		if (!stale) pollState.commit(state, { baseline });
		if (emit.length === 0) return null;
		const iso = (ms: number | undefined) =>
			ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
		return [
			emit.map((e) =>
				e.record
					? toItem(e.record, AS_CHANGE[e.change])
					: toItem({ id: e.key, start: iso(e.since), end: iso(e.until) }, AS_CHANGE[e.change]),
			),
		];
	}
}

/** The ID every appointment is keyed by (and, for removals, its period) must be on the answer, in any case. */
function checkAnswer(ctx: IPollFunctions, records: IDataObject[], removals: boolean): void {
	const node = ctx.getNode();
	const fields: Array<{ names: readonly string[]; field: string; feature: string }> = [
		{
			names: APPOINTMENT_ALIASES.id,
			field: 'the appointment ID (id)',
			feature: "The trigger's key",
		},
	];
	if (removals)
		fields.push(
			{
				names: APPOINTMENT_ALIASES.start,
				field: 'the start (start)',
				feature: 'Removed Appointment',
			},
			{ names: APPOINTMENT_ALIASES.end, field: 'the end (end)', feature: 'Removed Appointment' },
		);
	for (const f of fields)
		requireField(node, records, {
			vendor: 'Bookings ONE',
			feature: f.feature,
			field: f.field,
			names: f.names,
			line: LINE,
			needValue: true,
		});
}

function readDays(ctx: IPollFunctions, name: string, label: string, min: number): number {
	const value = ctx.getNodeParameter(name, min === 0 ? 1 : 14) as unknown;
	const days = Number(value);
	if (!Number.isInteger(days) || days < min || days > 366)
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a whole number from ${min} to 366 (got ${String(value).slice(0, 40)})`,
			{ description: `Enter a whole number of days, for example ${min === 0 ? 1 : 14}.` },
		);
	return days;
}

/** The events chosen (at least one), in a fixed order. */
function readEvents(ctx: IPollFunctions): WindowChange[] {
	const raw = ctx.getNodeParameter('events', ['new', 'changed']) as unknown;
	const list = (Array.isArray(raw) ? raw : [raw]).map(String);
	const wrong = list.find((e) => !CHANGES.includes(e as WindowChange));
	if (wrong !== undefined || list.length === 0)
		throw new NodeOperationError(
			ctx.getNode(),
			wrong !== undefined
				? `Events: "${wrong.slice(0, 40)}" is not an event`
				: 'Events: choose at least one',
			{ description: 'Choose New Appointment, Changed Appointment and/or Removed Appointment.' },
		);
	return CHANGES.filter((c) => list.includes(c));
}
