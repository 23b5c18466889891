import { DateTime } from 'luxon';
import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { fieldError } from '../shared/errors';
import { fieldValue, requireField } from '../shared/fieldReader';
import { normalizeAll, shapeRecord } from '../shared/normalize';
import { includesNormalized, triggerOutputMode, versionedTriggerOptions } from '../shared/output';
import { contentVersion, PollState } from '../shared/pollState';
import {
	diffWindow,
	madeFor,
	upgradeEpochState,
	type WindowEvent,
	type WindowState,
} from '../shared/windowDiff';
import { searchResources } from './methods/listSearch';
import { getBusinessUnits } from './methods/loadOptions';
import { BRP_REQUIRED, PARAMS, SERVICE_BOOKING_ALIASES, TIME_ZONE } from './contract';
import { businessUnitsProperty, idListParam, resourceLocator } from './fields';
import { BRP_SIMPLIFY, normalizeServiceBooking } from './normalize';
import { listServiceBookings } from './rangeSearch';
import { keyLevel } from './transport';

/**
 * What the trigger keeps between polls (node static data) is the shared window-diff state
 * (nodes/shared/windowDiff.ts), bounded by the window: the run (`scope`), the settings it was taken for
 * (`settings`: whose bookings, the window; changing them starts afresh), the content version of every booking in
 * the window (`versions`) and, as each booking is new once and each version is emitted once, the keys and versions
 * seen (`seen`), so a booking that leaves the window and comes back is not new again. A state stored before
 * (`epoch`, `scope`, `known`, `seen`) is upgraded in place and continues.
 */
const DEFAULT_DAYS_AHEAD = 30;

export class BrpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BRP Trigger',
		name: 'brpTrigger',
		icon: { light: 'file:../../icons/brp.svg', dark: 'file:../../icons/brp.dark.svg' },
		group: ['trigger'],
		// Version 2 replaces the Simplify switch with the Output option (nodes/shared/output.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when BRP service bookings are made or changed',
		defaults: { name: 'BRP Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brpApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'New Service Booking',
						value: 'new',
						description: 'A booking appears in the window for the first time',
					},
					{
						name: 'Changed Service Booking',
						value: 'changed',
						description:
							'A booking in the window changed (time, resource, participant, messages …)',
					},
				],
				default: ['new'],
			},
			{
				displayName: 'Bookings Of',
				name: 'scope',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Logged-in Person',
						value: 'person',
						description: 'The person of the credential’s login (or a Person ID with a level 3 key)',
					},
					{
						name: 'Resource',
						value: 'resource',
						description: 'One resource (all its bookings with a level 3 key)',
					},
					{
						name: 'Business Units',
						value: 'businessUnits',
						description: 'Business units (all their bookings with a level 3 key)',
					},
				],
				default: 'person',
			},
			{
				...resourceLocator('resourceId', 'Resource', true),
				displayOptions: { show: { scope: ['resource'] } },
			},
			{
				...businessUnitsProperty,
				required: true,
				displayOptions: { show: { scope: ['businessUnits'] } },
			},
			{
				displayName:
					'The first poll after activation remembers the bookings already in the window; ' +
					'later polls emit what is new or changed',
				name: 'notice',
				type: 'notice',
				default: '',
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
								'How many days from today the window reaches; ' +
								'a booking further ahead counts as new when it enters the window',
						},
						{
							displayName: 'Days Back',
							name: 'daysBack',
							type: 'number',
							typeOptions: { minValue: 0, maxValue: 366 },
							default: 0,
							description:
								'How many days before today the window starts (to notice changes to recent bookings)',
						},
						{
							displayName: 'Person ID (Level 3 Key)',
							name: 'personId',
							type: 'string',
							default: '',
							description: 'Watch this person’s bookings instead of the logged-in person’s',
							displayOptions: { show: { '/scope': ['person'] } },
						},
						{
							displayName: 'Show Allocated',
							name: 'showAllocated',
							type: 'boolean',
							default: false,
							description:
								'Whether to watch, for a logged-in staff member, the bookings where they are the resource',
						},
					],
				},
				{
					displayName: 'Simplify',
					name: 'simplify',
					type: 'boolean',
					default: false,
					description:
						'Whether to add a "normalized" object (ID, title, start, end, status, resource, participant, price) ' +
						'next to the original fields',
				},
			),
		],
	};

	methods = { loadOptions: { getBusinessUnits }, listSearch: { searchResources } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const events = this.getNodeParameter('events', []) as string[];
		if (!Array.isArray(events) || events.length === 0) {
			throw fieldError(
				node,
				'Events',
				'is empty',
				'Choose New Service Booking, Changed Service Booking or both.',
			);
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const qs = await scopeQuery.call(this, options);
		const today = DateTime.now().setZone(TIME_ZONE).startOf('day');
		const daysBack = Math.max(0, Math.floor(Number(options.daysBack ?? 0)));
		const daysAhead = Math.max(1, Math.floor(Number(options.daysAhead ?? DEFAULT_DAYS_AHEAD)));
		const start = today.minus({ days: daysBack });
		const end = today.plus({ days: daysAhead });
		const output = triggerOutputMode(node, options);
		const toItems = (
			list: Array<{ booking: IDataObject; event: string }>,
		): INodeExecutionData[][] => [
			list.map(({ booking, event }) => ({
				json: shapeRecord(booking, output, normalizeServiceBooking, { triggerEvent: event }),
			})),
		];

		if (this.getMode() === 'manual') {
			// "Fetch test event": the first booking of the window as a sample; the saved state is not touched.
			const { bookings } = await listServiceBookings.call(this, { start, end, qs, limit: 1 });
			return bookings.length ? toItems([{ booking: bookings[0], event: events[0] }]) : null;
		}

		const budgetMs = this.getPollBudgetMs?.() ?? 5 * 60_000;
		// Opened before the request: its ticket orders this poll's answer against an overlapping poll's.
		const pollState = new PollState<WindowState>(this);
		const { bookings, complete } = await listServiceBookings.call(this, {
			start,
			end,
			qs,
			deadline: Date.now() + budgetMs / 2,
		});

		// The trigger keys bookings by their id (and Simplify reads its fields): a tenant whose bookings carry no id
		// under any name fails here, before anything is committed, rather than key every booking alike.
		requireField(node, bookings, BRP_REQUIRED.id("The trigger's key of each booking"));
		if (includesNormalized(output))
			normalizeAll(node, bookings, normalizeServiceBooking, { contract: BRP_SIMPLIFY });

		// From here on nothing awaits: the state is loaded, decided on and committed in one go.
		const settings = JSON.stringify({ qs, daysBack, daysAhead });
		const state = pollState.load(madeFor(settings), upgradeEpochState);
		const diff = diffWindow(
			state,
			pollState.latest(),
			pollState.ticket,
			bookings.map((booking) => ({
				key: String(fieldValue(booking, SERVICE_BOOKING_ALIASES.id)),
				version: contentVersion(booking),
				record: booking,
			})),
			{
				emitOnFirstRun: false,
				settings,
				oncePerVersion: true,
				// A listing stopped by the time budget: what it did not reach stays as it was.
				complete,
				wants: (event: WindowEvent) => events.includes(event),
			},
		);
		if (!diff.stale) pollState.commit(state, { baseline: diff.baseline });
		const emitted = diff.emit.map((e) => ({ booking: e.record as IDataObject, event: e.change }));
		return emitted.length ? toItems(emitted) : null;
	}
}

/** The query that selects whose bookings are watched; refuses settings BRP would refuse. */
async function scopeQuery(this: IPollFunctions, options: IDataObject): Promise<IDataObject> {
	const node = this.getNode();
	const { level, login } = await keyLevel.call(this);
	const scope = this.getNodeParameter('scope', 'person') as string;
	const qs: IDataObject = {};
	if (options.showAllocated === true) qs[PARAMS.showAllocated] = true;
	if (scope === 'resource') {
		const id = String(this.getNodeParameter('resourceId', '', { extractValue: true }) ?? '').trim();
		if (!/^\d+$/.test(id))
			throw fieldError(
				node,
				'Resource',
				id ? `"${id.slice(0, 40)}" is not a BRP ID` : 'is empty',
				'Pick a resource from the list or enter its ID.',
			);
		qs[PARAMS.resourceId] = id;
	} else if (scope === 'businessUnits') {
		const ids = idListParam(this, this.getNodeParameter('businessUnitIds', []), 'Business Units');
		if (ids === undefined)
			throw fieldError(node, 'Business Units', 'are empty', 'Choose at least one business unit.');
		qs[PARAMS.businessUnitIds] = ids;
	} else if (typeof options.personId === 'string' && options.personId.trim() !== '') {
		const id = options.personId.trim();
		if (!/^\d+$/.test(id))
			throw fieldError(
				node,
				'Person ID',
				`"${id.slice(0, 40)}" is not a BRP ID`,
				'Enter a whole number such as 23.',
			);
		if (level < 3)
			throw fieldError(
				node,
				'Person ID',
				'needs a level 3 API key',
				'Leave it empty to watch the logged-in person, or use a level 3 key.',
			);
		qs[PARAMS.personId] = id;
	}
	if (!login && qs[PARAMS.personId] === undefined && (level < 3 || scope === 'person')) {
		throw fieldError(
			node,
			'Credential',
			'has no person login, so BRP does not know whose bookings to watch',
			level < 3
				? 'Add a Person Login to the BRP credential.'
				: 'Add a Person Login to the BRP credential, enter a Person ID, or watch a resource or business units.',
		);
	}
	return qs;
}
