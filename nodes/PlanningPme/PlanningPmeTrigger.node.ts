import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { requireField } from '../shared/fieldReader';
import { normalizeAll, pick, shapeRecord } from '../shared/normalize';
import { includesNormalized, triggerOutputMode, versionedTriggerOptions } from '../shared/output';
import { contentVersion, PollState, type Committed } from '../shared/pollState';
import { getCategories, getResources } from './methods/loadOptions';
import {
	aliasesOf,
	normalizeBooking,
	plannedTaskFilters,
	planningZone,
	readKeyList,
	refKeys,
	simplifyContract,
	type EntryKind,
} from './common';
import {
	listPlannedTasks,
	PATHS,
	planningPmeList,
	PLANNED_TASK_ALIASES,
	requestDate,
	UNAVAILABILITY_ALIASES,
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
		subtitle: '={{"next " + $parameter["windowDays"] + " days"}}',
		description:
			'Starts the workflow when planned tasks or unavailabilities (absences) are added to or changed in the coming days',
		defaults: { name: 'PlanningPME Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'planningPmeApi', required: true }],
		properties: [
			{
				displayName:
					'Watches the planned tasks and/or unavailabilities from the start of today to the end of the window. On activation it remembers what is there now and then emits each new entry once and each changed entry once per change.',
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
							'An absence (api/unavailability) is new or changed in the window (UnavailabilityInsert / UnavailabilityUpdate)',
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
						'Whether to add a "normalized" object with the booking fields shared by every vendor next to the original fields',
				},
			),
		],
	};

	methods = { loadOptions: { getResources, getCategories } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const windowDays = this.getNodeParameter('windowDays', 14) as number;
		if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 366) {
			throw new NodeOperationError(
				this.getNode(),
				`Window (Days Ahead) must be a whole number from 1 to 366 (got ${windowDays})`,
				{
					description: 'Enter how many days ahead to watch, for example 14.',
				},
			);
		}
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
		const zone = await planningZone(this);
		const from = DateTime.now().setZone(zone).startOf('day');
		const to = from.plus({ days: windowDays });
		const resources = readKeyList(this.getNode(), filters.resources, 'Resources');
		// Opened before the requests: its ticket orders this poll's answers against an overlapping poll's.
		const pollState = new PollState<ChangeState>(this);
		const found: Array<{ kind: EntryKind; entry: IDataObject }> = [];
		if (events.includes('plannedTask')) {
			const entries = await listPlannedTasks.call(this, {
				dateFrom: requestDate(from, zone),
				dateTo: requestDate(to, zone),
				resources,
				categories: readKeyList(this.getNode(), filters.categories, 'Categories'),
			});
			found.push(...entries.map((entry) => ({ kind: 'plannedTask' as const, entry })));
		}
		if (events.includes('unavailability')) {
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
					line: 'UNAVAILABILITY_ALIASES.resource in nodes/PlanningPme/transport.ts',
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
			const sample = found.slice(0, 5).map((f) => ({ ...f, change: 'new' as const }));
			return sample.length ? [output(sample)] : null;
		}

		checkFound(this, found, includesNormalized(mode), zone);
		// Read the state only now, after the request: an overlapping poll that finished meanwhile is seen.
		const state = pollState.load();
		const { fresh, baseline, stale } = takeChanges(
			state,
			pollState.latest(),
			pollState.ticket,
			found.map(({ kind, entry }) => ({
				key: trackedKey(kind, entry),
				version: contentVersion(entry),
				record: { kind, entry },
			})),
			{ emitOnFirstRun: options.emitExisting === true, events, eventOf: eventOfKey },
		);
		if (!stale) pollState.commit(state, { baseline });
		if (fresh.length === 0) return null;
		return [output(fresh.map((f) => ({ ...f.record, change: f.change })))];
	}
}

/**
 * The fields the trigger keys entries by (and, with Simplify, what Simplify reads; with Resources, the resource
 * unavailabilities are filtered by) must be on the entries of an answer, read in any case: else the poll fails
 * naming the field (before anything is committed), rather than key every entry alike or keep everything.
 */
function checkFound(
	ctx: IPollFunctions,
	found: Array<{ kind: EntryKind; entry: IDataObject }>,
	simplify: boolean,
	zone: string,
): void {
	const node = ctx.getNode();
	for (const kind of ['plannedTask', 'unavailability'] as const) {
		const entries = found.filter((f) => f.kind === kind).map((f) => f.entry);
		const contract = simplifyContract(kind);
		requireField(node, entries, {
			vendor: contract.vendor,
			feature: "The trigger's key of each entry",
			field: `the ${kind === 'plannedTask' ? 'planned task' : 'unavailability'} key`,
			names: aliasesOf(kind).id,
			line: contract.table,
			needValue: true,
		});
		if (simplify) normalizeAll(node, entries, (r) => normalizeBooking(r, kind, zone), { contract });
	}
}

/** The events chosen (at least one). */
function readEvents(ctx: IPollFunctions): EntryKind[] {
	const raw = ctx.getNodeParameter('events', ['plannedTask']) as unknown;
	const list = (Array.isArray(raw) ? raw : [raw]).map(String);
	const wrong = list.find((e) => e !== 'plannedTask' && e !== 'unavailability');
	if (wrong !== undefined || list.length === 0)
		throw new NodeOperationError(
			ctx.getNode(),
			wrong !== undefined
				? `Events: "${wrong.slice(0, 40)}" is not an event`
				: 'Events: choose at least one',
			{
				description: 'Choose Planned Task Added or Changed and/or Unavailability Added or Changed.',
			},
		);
	return list as EntryKind[];
}

/**
 * What the trigger keeps between polls (node static data): `versions` maps each key in the current window to
 * its last emitted content version (PlanningPME's planned tasks carry no "modified" field), so the state is
 * bounded by the window; `scope` identifies one run of the state from its first (baseline) poll.
 */
export interface ChangeState extends IDataObject {
	scope?: string;
	versions?: Record<string, string> | null;
	/** The events the versions were taken for (absent: planned tasks only, as before events could be chosen). */
	events?: string[];
}

export interface Tracked<T> {
	key: string;
	version: string;
	record: T;
}

/**
 * The vendor rule: what is new or changed in the window since it was last emitted. Updates `state` in place.
 * `latest` is what the newest overlapping poll of this trigger committed (see nodes/shared/pollState.ts):
 * - a poll whose answer is newer than that (higher ticket) compares against it (not against its own, possibly
 *   stale, copy of the static data), emits what differs and commits its answer as the new view;
 * - a poll whose answer is older (it started first and finished last) emits nothing and takes the newer view
 *   into its static data (`stale`), so storing it never brings back old versions or forgets what was emitted.
 */
export function takeChanges<T>(
	state: ChangeState,
	latest: Committed<ChangeState> | undefined,
	ticket: number,
	entries: Array<Tracked<T>>,
	opts: {
		emitOnFirstRun: boolean;
		/** The events watched now, and the event of a key: an event added since the last poll starts from a baseline. */
		events?: string[];
		eventOf?: (key: string) => string;
	},
): { fresh: Array<Tracked<T> & { change: 'new' | 'changed' }>; baseline: boolean; stale: boolean } {
	if (typeof state.scope !== 'string') {
		state.scope = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	}
	const committed = latest && latest.state.scope === state.scope ? latest : undefined;
	if (committed && committed.ticket > ticket) {
		// An older answer than the one already committed: nothing in it is news; keep the newer view.
		state.versions = { ...(committed.state.versions ?? {}) };
		if (committed.state.events) state.events = [...committed.state.events];
		return { fresh: [], baseline: false, stale: true };
	}
	const saved = committed ? committed.state.versions : state.versions;
	const baseline = saved === undefined || saved === null;
	const known: Record<string, string> = saved ?? {};
	const savedEvents = (committed ? committed.state.events : state.events) ?? ['plannedTask'];
	const isNewEvent = (key: string) =>
		opts.eventOf !== undefined && !savedEvents.includes(opts.eventOf(key));
	const current: Record<string, string> = {};
	const fresh: Array<Tracked<T> & { change: 'new' | 'changed' }> = [];
	for (const entry of entries) {
		if (current[entry.key] !== undefined) continue;
		current[entry.key] = entry.version;
		if (known[entry.key] === entry.version) continue;
		if (baseline && !opts.emitOnFirstRun) continue;
		// An event just added to the trigger: what it finds now is its baseline, not news.
		if (!baseline && isNewEvent(entry.key)) continue;
		fresh.push({ ...entry, change: known[entry.key] === undefined ? 'new' : 'changed' });
	}
	// Keep only what is in the window now: the state never grows past the window.
	state.versions = current;
	if (opts.events) state.events = [...opts.events];
	return { fresh, baseline, stale: false };
}
