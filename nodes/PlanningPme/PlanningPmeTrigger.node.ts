import { DateTime } from 'luxon';
import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type JsonObject,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { fieldValue, requireField } from '../shared/fieldReader';
import { normalizeAll, pick, shapeRecord } from '../shared/normalize';
import { includesNormalized, triggerOutputMode, versionedTriggerOptions } from '../shared/output';
import { contentVersion, PollState } from '../shared/pollState';
import {
	diffWindow,
	goneFrom,
	madeFor,
	type WindowDiffOptions,
	type WindowEvent,
	type WindowRecord,
	type WindowState,
} from '../shared/windowDiff';
import { getCategories, getResources } from './methods/loadOptions';
import {
	aliasesOf,
	PATHS,
	PLANNED_TASK_ALIASES,
	UNAVAILABILITY_ALIASES,
	type EntryKind,
} from './contract';
import { plannedTaskFilters, readKeyList } from './fields';
import { normalizeBooking, refKeys, simplifyContract, vendorDateToIso } from './normalize';
import {
	listPlannedTasks,
	planningPmeList,
	planningPmeRequest,
	planningZone,
	requestDate,
} from './transport';

/** The document's NotificationType names for what the trigger emits (api/config, v4.7.0.26). */
const NOTIFICATION: Record<EntryKind, { new: string; changed: string }> = {
	plannedTask: { new: 'TaskInsert', changed: 'TaskUpdate' },
	unavailability: { new: 'UnavailabilityInsert', changed: 'UnavailabilityUpdate' },
};

/** The state key of an entry: planned tasks by their key (as before unavailabilities were watched), others prefixed. */
function trackedKey(kind: EntryKind, entry: IDataObject): string {
	const key = String(
		pick(entry, (kind === 'plannedTask' ? PLANNED_TASK_ALIASES : UNAVAILABILITY_ALIASES).id).value,
	);
	return kind === 'plannedTask' ? key : `u:${key}`;
}

const eventOfKey = (key: string): EntryKind =>
	key.startsWith('u:') ? 'unavailability' : 'plannedTask';

/** The vendor key of a state key (the prefix of unavailabilities removed). */
const vendorKeyOf = (key: string): string => (key.startsWith('u:') ? key.slice(2) : key);

/** The events a user can choose: per kind, added or changed, and deleted. */
const EVENTS = [
	'plannedTask',
	'unavailability',
	'plannedTaskDeleted',
	'unavailabilityDeleted',
] as const;
type TriggerEvent = (typeof EVENTS)[number];
const DELETED_EVENT: Record<EntryKind, TriggerEvent> = {
	plannedTask: 'plannedTaskDeleted',
	unavailability: 'unavailabilityDeleted',
};
const DEFAULT_LOOK_BACK_DAYS = 45;
/** Deletion checks (one GET each) per poll; more candidates wait for the next poll (kept in the state). */
const CHECKS_PER_POLL = 50;

export class PlanningPmeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PlanningPME Trigger',
		name: 'planningPmeTrigger',
		icon: {
			light: 'file:../../icons/planningpme.svg',
			dark: 'file:../../icons/planningpme.dark.svg',
		},
		group: ['trigger'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{"last " + $parameter["lookBackDays"] + " to next " + $parameter["windowDays"] + " days"}}',
		description:
			'Starts the workflow when planned tasks or unavailabilities (absences) are added, changed or ' +
			'deleted in a window of days',
		defaults: { name: 'PlanningPME Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'planningPmeApi', required: true }],
		properties: [
			{
				displayName:
					'Watches the planned tasks and/or unavailabilities from the look-back (days before today) to the ' +
					'end of the window. On activation it remembers what is there now and then emits each new entry ' +
					'once, each changed entry once per change and, when asked, each deleted entry once.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['plannedTask'],
				options: [
					{
						name: 'Planned Task Added or Changed',
						value: 'plannedTask',
						description:
							'A planning entry (api/do/list) is new or changed in the window (TaskInsert / TaskUpdate)',
					},
					{
						name: 'Unavailability Added or Changed',
						value: 'unavailability',
						description:
							'An absence (api/unavailability) is new or changed in the window ' +
							'(UnavailabilityInsert / UnavailabilityUpdate)',
					},
					{
						name: 'Planned Task Deleted',
						value: 'plannedTaskDeleted',
						description:
							'A planning entry seen in the window is gone from it and PlanningPME no longer has it (GET ' +
							'api/do/{key} answers 404); emits its key with changeType "deleted"',
					},
					{
						name: 'Unavailability Deleted',
						value: 'unavailabilityDeleted',
						description:
							'An absence seen in the window is gone from it and PlanningPME no longer has it (GET ' +
							'api/unavailability/{key} answers 404); emits its key with changeType "deleted"',
					},
				],
				description: 'What to watch; each emitted item says which in notificationType',
			},
			{
				displayName: 'Window (Days Ahead)',
				name: 'windowDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 366 },
				default: 14,
				description:
					'How many days ahead, from the start of today in the planning time zone, to watch',
			},
			{
				displayName: 'Look-Back (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 366 },
				default: DEFAULT_LOOK_BACK_DAYS,
				description:
					'How many days before today the window starts, so edits and deletions of past entries (the work ' +
					'that gets billed) are emitted. The default 45 days covers a monthly billing period with two ' +
					'weeks to spare; 0 watches from the start of today. Changing it starts afresh: the next poll ' +
					'only remembers what is there.',
			},
			plannedTaskFilters,
			...versionedTriggerOptions(
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Emit Existing Entries on Activation',
							name: 'emitExisting',
							type: 'boolean',
							default: false,
							description:
								'Whether the first poll emits every entry already in the window instead of only remembering them',
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

	methods = { loadOptions: { getResources, getCategories } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const windowDays = readDays(this, 'windowDays', 'Window (Days Ahead)', 1, 14);
		const lookBackDays = readDays(
			this,
			'lookBackDays',
			'Look-Back (Days)',
			0,
			DEFAULT_LOOK_BACK_DAYS,
		);
		const filters = this.getNodeParameter('filters', {}) as {
			resources?: unknown;
			categories?: unknown;
		};
		const options = this.getNodeParameter('options', {}) as {
			emitExisting?: boolean;
			simplify?: boolean;
			output?: string;
		};
		const mode = triggerOutputMode(this.getNode(), options);
		const events = readEvents(this);
		const kinds = (['plannedTask', 'unavailability'] as const).filter(
			(kind) => events.includes(kind) || events.includes(DELETED_EVENT[kind]),
		);
		const zone = await planningZone(this);
		const today = DateTime.now().setZone(zone).startOf('day');
		const from = today.minus({ days: lookBackDays });
		const to = today.plus({ days: windowDays });
		const resources = readKeyList(this.getNode(), filters.resources, 'Resources');
		// Opened before the requests: its ticket orders this poll's answers against an overlapping poll's.
		const pollState = new PollState<WindowState>(this);
		const found: Array<{ kind: EntryKind; entry: IDataObject }> = [];
		if (kinds.includes('plannedTask')) {
			const entries = await listPlannedTasks.call(this, {
				dateFrom: requestDate(from, zone),
				dateTo: requestDate(to, zone),
				resources,
				categories: readKeyList(this.getNode(), filters.categories, 'Categories'),
			});
			found.push(...entries.map((entry) => ({ kind: 'plannedTask' as const, entry })));
		}
		if (kinds.includes('unavailability')) {
			const absences = await planningPmeList.call(this, {
				path: PATHS.unavailabilities,
				qs: { dateFrom: requestDate(from, zone), dateTo: requestDate(to, zone) },
			});
			// The listing has no resource filter (assumed): the Resources filter is applied here; categories do not apply.
			const wanted = resources ? new Set(resources.map(String)) : undefined;
			if (wanted)
				requireField(this.getNode(), absences, {
					vendor: 'PlanningPME',
					feature: 'The Resources filter (applied to unavailabilities after the answer)',
					field: "the unavailability's resource",
					names: UNAVAILABILITY_ALIASES.resource,
					line: 'UNAVAILABILITY_ALIASES.resource',
				});
			found.push(
				...absences
					.filter(
						(entry) =>
							!wanted ||
							refKeys(pick(entry, UNAVAILABILITY_ALIASES.resource).value).some((k) =>
								wanted.has(k),
							),
					)
					.map((entry) => ({ kind: 'unavailability' as const, entry })),
			);
		}
		const output = (
			list: Array<{ kind: EntryKind; entry: IDataObject; change: 'new' | 'changed' }>,
		) =>
			list.map(({ kind, entry, change }) => {
				const event = { changeType: change, notificationType: NOTIFICATION[kind][change] };
				return { json: shapeRecord(entry, mode, (r) => normalizeBooking(r, kind, zone), event) };
			});

		if (this.getMode() === 'manual') {
			// "Fetch test event": a sample, the state untouched.
			const sample = found
				.filter(({ kind }) => events.includes(kind))
				.slice(0, 5)
				.map((f) => ({ ...f, change: 'new' as const }));
			return sample.length ? [output(sample)] : null;
		}

		const watchDeletions = kinds.some((kind) => events.includes(DELETED_EVENT[kind]));
		checkFound(this, found, includesNormalized(mode), zone, watchDeletions);
		const records: Array<WindowRecord<{ kind: EntryKind; entry: IDataObject }>> = found.map(
			({ kind, entry }) => ({
				key: trackedKey(kind, entry),
				version: contentVersion(entry),
				record: { kind, entry },
				until: endOf(entry, kind, zone),
			}),
		);
		const diffOptions: WindowDiffOptions = {
			emitOnFirstRun: options.emitExisting === true,
			// The look-back decides which past entries the versions cover: another look-back starts afresh.
			settings: `lookBack:${lookBackDays}`,
			groups: [...kinds],
			groupOf: eventOfKey,
			wants: (event, group) => wantsEvent(events, event, group as EntryKind),
			windowStart: from.toMillis(),
		};
		// Deletion candidates are confirmed with the vendor before the state is read for good (no await between).
		const confirmed = new Map<string, boolean>();
		if (watchDeletions) {
			const peek = pollState.load(madeFor(diffOptions.settings));
			const gone = goneFrom(peek, pollState.latest(), pollState.ticket, records, diffOptions);
			const asked = gone.filter((k) => events.includes(DELETED_EVENT[eventOfKey(k)]));
			// At most CHECKS_PER_POLL a poll (the app key's hourly quota): the rest stay known, asked next poll.
			for (const key of asked.slice(0, CHECKS_PER_POLL))
				confirmed.set(key, await isDeleted(this, key));
		}
		// Read the state only now, after the requests: an overlapping poll that finished meanwhile is seen.
		const state = pollState.load(madeFor(diffOptions.settings));
		const diff = diffWindow(state, pollState.latest(), pollState.ticket, records, {
			...diffOptions,
			// A candidate not asked about (its deletion is not watched, or it appeared meanwhile): only
			// watched kinds' deletions are asked; the others are dropped without an event.
			confirm: (key) =>
				confirmed.has(key)
					? confirmed.get(key)
					: events.includes(DELETED_EVENT[eventOfKey(key)])
						? undefined
						: false,
		});
		if (!diff.stale) pollState.commit(state, { baseline: diff.baseline });
		if (diff.emit.length === 0) return null;
		return [
			diff.emit.map((e) =>
				e.change === 'deleted' || !e.record
					? {
							json: {
								key: vendorKeyOf(e.key),
								kind: eventOfKey(e.key),
								changeType: 'deleted',
								notificationType: null,
							},
						}
					: output([{ ...e.record, change: e.change }])[0],
			),
		];
	}
}

/** Whether the event of this change is asked for (added or changed per kind; deleted per kind). */
function wantsEvent(events: TriggerEvent[], event: WindowEvent, kind: EntryKind): boolean {
	return events.includes(event === 'deleted' ? DELETED_EVENT[kind] : kind);
}

/**
 * Whether an entry gone from the window is deleted: GET by key answers 404 (deleted) or the entry (moved out of
 * the window, or out of the filters: no event). Any other failure fails the poll, nothing committed.
 */
async function isDeleted(ctx: IPollFunctions, key: string): Promise<boolean> {
	const vendorKey = vendorKeyOf(key);
	const path =
		eventOfKey(key) === 'plannedTask'
			? PATHS.plannedTask(vendorKey)
			: PATHS.unavailability(vendorKey);
	try {
		await planningPmeRequest.call(ctx, { method: 'GET', path });
		return false;
	} catch (error) {
		if (String((error as { httpCode?: unknown }).httpCode) === '404') return true;
		// vendorRequest's errors are NodeApiError/NodeOperationError already; anything else is wrapped.
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeApiError(ctx.getNode(), error as JsonObject);
	}
}

/** When (ms) the entry leaves the window: its end, read through the alias list (undefined when unreadable). */
function endOf(entry: IDataObject, kind: EntryKind, zone: string): number | undefined {
	const iso = vendorDateToIso(fieldValue(entry, aliasesOf(kind).end), zone);
	const ms = iso === null ? NaN : Date.parse(iso);
	return Number.isFinite(ms) ? ms : undefined;
}

/** A whole number of days from `min` to 366, or an error that says what to enter. */
function readDays(
	ctx: IPollFunctions,
	name: string,
	label: string,
	min: number,
	fallback: number,
): number {
	const days = ctx.getNodeParameter(name, fallback) as number;
	if (!Number.isInteger(days) || days < min || days > 366) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a whole number from ${min} to 366 (got ${days})`,
			{ description: `Enter a number of days, for example ${fallback}.` },
		);
	}
	return days;
}

/**
 * The fields the trigger keys entries by (and, with Simplify, what Simplify reads; with Resources, the resource
 * unavailabilities are filtered by; with deletions, the end that tells a deleted entry from one that slid out of
 * the window) must be on the entries of an answer, read in any case: else the poll fails naming the field
 * (before anything is committed), rather than key every entry alike or keep everything.
 */
function checkFound(
	ctx: IPollFunctions,
	found: Array<{ kind: EntryKind; entry: IDataObject }>,
	simplify: boolean,
	zone: string,
	deletions: boolean,
): void {
	const node = ctx.getNode();
	for (const kind of ['plannedTask', 'unavailability'] as const) {
		const entries = found.filter((f) => f.kind === kind).map((f) => f.entry);
		const contract = simplifyContract(kind);
		const what = kind === 'plannedTask' ? 'planned task' : 'unavailability';
		requireField(node, entries, {
			vendor: contract.vendor,
			feature: "The trigger's key of each entry",
			field: `the ${what} key`,
			names: aliasesOf(kind).id,
			line: `${contract.table}.id`,
			needValue: true,
		});
		if (deletions)
			requireField(node, entries, {
				vendor: contract.vendor,
				feature: 'The deletion events (an entry gone before its end is asked about)',
				field: `the ${what} end`,
				names: aliasesOf(kind).end,
				line: contract.table,
				needValue: true,
			});
		if (simplify) normalizeAll(node, entries, (r) => normalizeBooking(r, kind, zone), { contract });
	}
}

/** The events chosen (at least one). */
function readEvents(ctx: IPollFunctions): TriggerEvent[] {
	const raw = ctx.getNodeParameter('events', ['plannedTask']) as unknown;
	const list = (Array.isArray(raw) ? raw : [raw]).map(String);
	const wrong = list.find((e) => !(EVENTS as readonly string[]).includes(e));
	if (wrong !== undefined || list.length === 0)
		throw new NodeOperationError(
			ctx.getNode(),
			wrong !== undefined
				? `Events: "${wrong.slice(0, 40)}" is not an event`
				: 'Events: choose at least one',
			{
				description:
					'Choose Planned Task Added or Changed, Unavailability Added or Changed, and/or their Deleted events.',
			},
		);
	return list as TriggerEvent[];
}
