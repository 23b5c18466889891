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
import { withNormalized } from '../shared/normalize';
import { contentVersion, PollState, type Committed } from '../shared/pollState';
import { getCategories, getResources } from './methods/loadOptions';
import {
	normalizeBooking,
	plannedTaskFilters,
	planningZone,
	readKeyList,
	toWallTime,
} from './common';
import { listPlannedTasks } from './transport';

export class PlanningPmeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PlanningPME Trigger',
		name: 'planningPmeTrigger',
		icon: {
			light: 'file:../../icons/planningpme.svg',
			dark: 'file:../../icons/planningpme.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"next " + $parameter["windowDays"] + " days"}}',
		description:
			'Starts the workflow when planned tasks are added to or changed in the coming days',
		defaults: { name: 'PlanningPME Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'planningPmeApi', required: true }],
		properties: [
			{
				displayName:
					'Watches the planned tasks from the start of today to the end of the window. On activation it remembers what is planned now and then emits each new entry once and each changed entry once per change.',
				name: 'notice',
				type: 'notice',
				default: '',
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
					{
						displayName: 'Simplify',
						name: 'simplify',
						type: 'boolean',
						default: false,
						description:
							'Whether to add a "normalized" object with the booking fields shared by every vendor next to the original fields',
					},
				],
			},
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
		};
		const zone = await planningZone(this);
		const from = DateTime.now().setZone(zone).startOf('day');
		const to = from.plus({ days: windowDays });
		// Opened before the request: its ticket orders this poll's answer against an overlapping poll's.
		const pollState = new PollState<ChangeState>(this);
		const entries = await listPlannedTasks.call(this, {
			dateFrom: toWallTime(from, zone),
			dateTo: toWallTime(to, zone),
			resources: readKeyList(this.getNode(), filters.resources, 'Resources'),
			categories: readKeyList(this.getNode(), filters.categories, 'Categories'),
		});
		const output = (list: Array<{ entry: IDataObject; change: string }>) =>
			list.map(({ entry, change }) => {
				const json = { ...entry, changeType: change };
				return {
					json: options.simplify
						? withNormalized(json, (r) => normalizeBooking(r, 'plannedTask', zone))
						: json,
				};
			});

		if (this.getMode() === 'manual') {
			// "Fetch test event": a sample, the state untouched.
			const sample = entries.slice(0, 5).map((entry) => ({ entry, change: 'new' }));
			return sample.length ? [output(sample)] : null;
		}

		// Read the state only now, after the request: an overlapping poll that finished meanwhile is seen.
		const state = pollState.load();
		const { fresh, baseline, stale } = takeChanges(
			state,
			pollState.latest(),
			pollState.ticket,
			entries.map((entry) => ({
				key: String(entry.key),
				version: contentVersion(entry),
				record: entry,
			})),
			{ emitOnFirstRun: options.emitExisting === true },
		);
		if (!stale) pollState.commit(state, { baseline });
		if (fresh.length === 0) return null;
		return [output(fresh.map((f) => ({ entry: f.record, change: f.change })))];
	}
}

/**
 * What the trigger keeps between polls (node static data): `versions` maps each key in the current window to
 * its last emitted content version (PlanningPME's planned tasks carry no "modified" field), so the state is
 * bounded by the window; `scope` identifies one run of the state from its first (baseline) poll.
 */
export interface ChangeState extends IDataObject {
	scope?: string;
	versions?: Record<string, string> | null;
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
	opts: { emitOnFirstRun: boolean },
): { fresh: Array<Tracked<T> & { change: 'new' | 'changed' }>; baseline: boolean; stale: boolean } {
	if (typeof state.scope !== 'string') {
		state.scope = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	}
	const committed = latest && latest.state.scope === state.scope ? latest : undefined;
	if (committed && committed.ticket > ticket) {
		// An older answer than the one already committed: nothing in it is news; keep the newer view.
		state.versions = { ...(committed.state.versions ?? {}) };
		return { fresh: [], baseline: false, stale: true };
	}
	const saved = committed ? committed.state.versions : state.versions;
	const baseline = saved === undefined || saved === null;
	const known: Record<string, string> = saved ?? {};
	const current: Record<string, string> = {};
	const fresh: Array<Tracked<T> & { change: 'new' | 'changed' }> = [];
	for (const entry of entries) {
		if (current[entry.key] !== undefined) continue;
		current[entry.key] = entry.version;
		if (known[entry.key] === entry.version) continue;
		if (baseline && !opts.emitOnFirstRun) continue;
		fresh.push({ ...entry, change: known[entry.key] === undefined ? 'new' : 'changed' });
	}
	// Keep only what is in the window now: the state never grows past the window.
	state.versions = current;
	return { fresh, baseline, stale: false };
}
