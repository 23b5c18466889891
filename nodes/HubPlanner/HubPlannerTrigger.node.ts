import {
	NodeApiError,
	NodeConnectionTypes,
	type JsonObject,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { isWebhookSecret, newWebhookSecret } from '../shared/webhookSecret';
import { readHttpFailure } from '../shared/errors';
import { checkDelivery, repeatedDeliveryOptions } from '../shared/webhookRepeats';
import { fieldValue, requireField } from '../shared/fieldReader';
import { PATHS } from './contract';
import { hubPlannerRequest } from './transport';

const EVENTS = [
	{ name: 'Booking Created', value: 'booking.create' },
	{ name: 'Booking Deleted', value: 'booking.delete' },
	{ name: 'Booking Updated', value: 'booking.update' },
	{ name: 'Bookings Deleted (Repeated Booking)', value: 'booking.delete.multiple' },
	{ name: 'Project Created or Updated', value: 'project.update' },
	{ name: 'Resource Created or Updated', value: 'resource.update' },
	{ name: 'Time Entry Created', value: 'timeEntry.create' },
	{ name: 'Time Entry Created or Updated', value: 'timeEntry.create.update' },
	{ name: 'Time Entry Deleted', value: 'timeEntry.delete' },
	{ name: 'Time Entry Updated', value: 'timeEntry.update' },
];

const FETCHABLE: ReadonlySet<string> = new Set(['booking.create', 'booking.update']);

/** The record a delivery is about (documented payloads): the first of these it carries. */
const SUBJECT_IDS = ['bookingId', 'timeEntryId', 'projectId', 'resourceId'] as const;

interface TriggerState extends IDataObject {
	token?: string;
	targetUrl?: string;
	/** Subscription id per event. */
	subscriptions?: IDataObject;
}

export class HubPlannerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hub Planner Trigger',
		name: 'hubPlannerTrigger',
		icon: {
			light: 'file:../../icons/hubplanner.svg',
			dark: 'file:../../icons/hubplanner.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when bookings, projects, resources or time entries change in Hub Planner',
		defaults: { name: 'Hub Planner Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hubPlannerApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENTS,
				default: ['booking.create'],
				description:
					'The events to listen to; Hub Planner gets one subscription per event (needs a Read & Write API key)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fetch Full Booking',
						name: 'fetchBooking',
						type: 'boolean',
						default: false,
						description:
							'Whether to read the whole booking for Booking Created and Booking Updated events ' +
							'(Hub Planner sends only IDs, names and times); it is added as "booking"',
					},
					...repeatedDeliveryOptions,
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const targetUrl = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events', []) as string[];
				const ids = (state.subscriptions ?? {}) as IDataObject;
				if (!state.token || state.targetUrl !== targetUrl || events.some((e) => !ids[e]))
					return false;
				const existing = await listSubscriptions.call(this);
				return events.every((event) =>
					existing.some(
						(s) =>
							fieldValue(s, SUBSCRIPTION.id) === ids[event] &&
							fieldValue(s, SUBSCRIPTION.targetUrl) === targetUrl &&
							fieldValue(s, SUBSCRIPTION.event) === event,
					),
				);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const targetUrl = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events', []) as string[];
				// Leftovers for this URL (an earlier activation that did not finish) are removed first,
				// so there is exactly one subscription per event.
				await removeSubscriptionsFor.call(
					this,
					targetUrl,
					Object.values(state.subscriptions ?? {}) as string[],
				);
				const token = newWebhookSecret(32);
				const created: IDataObject = {};
				try {
					for (const event of events) {
						const subscription = (await hubPlannerRequest.call(this, {
							method: 'POST',
							path: PATHS.subscriptions,
							body: { event, target_url: targetUrl, authorization_token: token },
							secrets: [token],
						})) as IDataObject;
						requireField(this.getNode(), [subscription], {
							vendor: 'Hub Planner',
							feature: 'Removing the subscription when the workflow is deactivated',
							field: 'the subscription ID',
							names: SUBSCRIPTION.id,
							line: 'SUBSCRIPTION.id',
							needValue: true,
						});
						created[event] = String(fieldValue(subscription, SUBSCRIPTION.id));
					}
				} catch (error) {
					await removeSubscriptionsFor.call(this, targetUrl, Object.values(created) as string[]);
					throw new NodeApiError(this.getNode(), error as JsonObject);
				}
				state.token = token;
				state.targetUrl = targetUrl;
				state.subscriptions = created;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const targetUrl = (state.targetUrl ?? this.getNodeWebhookUrl('default')) as string;
				await removeSubscriptionsFor.call(
					this,
					targetUrl,
					Object.values(state.subscriptions ?? {}) as string[],
				);
				delete state.token;
				delete state.targetUrl;
				delete state.subscriptions;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const given = request.headers['hubplanner-token'];
		if (!isWebhookSecret(given, state.token)) {
			response.status(401).json({ message: 'Unauthorized: missing or wrong hubplanner-token' });
			return { noWebhookResponse: true };
		}
		const events = this.getNodeParameter('events', []) as string[];
		const body = request.body as unknown;
		// booking.delete.multiple arrives as an array: one item per booking.
		const payloads = (Array.isArray(body) ? body : [body]).filter(
			(p): p is IDataObject => typeof p === 'object' && p !== null,
		);
		const wanted = payloads.filter((p) => {
			const event = fieldValue(p, SUBSCRIPTION.event);
			return typeof event !== 'string' || events.includes(event);
		});
		if (wanted.length === 0) {
			response.status(200).json({ received: true, started: false });
			return { noWebhookResponse: true };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const delivery = checkDelivery(state, options, {
			subscription: String(state.token),
			subject: subjectOf(wanted),
			body,
		});
		if (delivery.repeated) {
			response.status(200).json({ received: true, started: false, repeated: true });
			return { noWebhookResponse: true };
		}
		const fetchBooking = options.fetchBooking === true;
		const items: INodeExecutionData[] = [];
		for (const payload of wanted) {
			const json: IDataObject = { ...payload };
			const bookingId = fieldValue(payload, 'bookingId');
			if (
				fetchBooking &&
				FETCHABLE.has(String(fieldValue(payload, SUBSCRIPTION.event))) &&
				bookingId
			) {
				json.booking = (await hubPlannerRequest.call(this, {
					method: 'GET',
					path: PATHS.booking(String(bookingId)),
				})) as IDataObject;
			}
			items.push({ json });
		}
		delivery.remember();
		return { workflowData: [items] };
	}
}

/** The fields of a subscription (and the event of a delivery) the trigger reads, in any case or word style. */
const SUBSCRIPTION = { id: ['_id', 'id'], targetUrl: 'target_url', event: 'event' } as const;

/** What a delivery is about: each payload's event and record id. */
function subjectOf(payloads: IDataObject[]): string {
	return payloads
		.map((p) => {
			const value = fieldValue(p, SUBJECT_IDS);
			const id = value === undefined || value === null ? '' : String(value);
			return `${String(fieldValue(p, SUBSCRIPTION.event) ?? '')}:${id}`;
		})
		.join('|');
}

async function listSubscriptions(this: IHookFunctions): Promise<IDataObject[]> {
	const list = await hubPlannerRequest.call(this, { method: 'GET', path: PATHS.subscriptions });
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

/** Deletes the given subscriptions and any other one pointing at this webhook URL; already-gone ones are fine. */
async function removeSubscriptionsFor(
	this: IHookFunctions,
	targetUrl: string,
	knownIds: string[],
): Promise<void> {
	const ids = new Set(knownIds.filter(Boolean));
	for (const s of await listSubscriptions.call(this))
		if (fieldValue(s, SUBSCRIPTION.targetUrl) === targetUrl)
			ids.add(String(fieldValue(s, SUBSCRIPTION.id)));
	for (const id of ids) {
		try {
			await hubPlannerRequest.call(this, { method: 'DELETE', path: PATHS.subscription(id) });
		} catch (error) {
			if (readHttpFailure(error).status !== 404)
				throw new NodeApiError(this.getNode(), error as JsonObject);
		}
	}
}
