import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { numericIdList } from '../shared/fields';
import { pick } from '../shared/normalize';
import { redactAndCut } from '../shared/redact';
import { secretsOf } from '../shared/secrets';
import { isWebhookSecret, newWebhookSecret } from '../shared/webhookSecret';
import { checkDelivery, repeatedDeliveryOptions } from '../shared/webhookRepeats';
import { getBookableResources } from './methods/loadOptions';
import { CALLBACK_ALIASES, MAX_SUBSCRIPTION_MINUTES, PATHS } from './contract';
import { bookingsOneList, bookingsOneRequest, bookingsOneWholeList } from './transport';

/**
 * The two subscriptions the document lists, as events to choose. Each has its own subscribe path (same body, same
 * 1440-minute limit, no cancel call), so everything below — renewal, shortening, the secret — is the same for both.
 */
const EVENTS = {
	appointmentChange: {
		path: PATHS.subscribeAppointmentChange,
		what: 'appointment changes',
	},
	dailyAccessKeyChange: {
		path: PATHS.dailyAccessSubscription,
		what: 'daily access key changes',
	},
} as const;
type EventName = keyof typeof EVENTS;

/**
 * Bookings ONE subscriptions expire after at most 1440 minutes and n8n has no renewal hook, so:
 * - activation (checkExists → create) subscribes the chosen resources for 1440 minutes with the node's
 *   callback URL plus a secret query parameter that only this workflow knows;
 * - the same node's trigger() subscribes again when the workflow starts and then every hour (a cron from the
 *   next minute on; it reads the callback URL that create() stored in the node's static data — n8n hands the
 *   webhook methods and trigger() the same workflow object) (same URL: Bookings ONE keeps
 *   one subscription per resource and callback URL, so this moves its expiry on), whether or not events
 *   came in — a quiet day never lets it lapse, and a renewal that keeps failing is reported as a failed
 *   execution before the subscription runs out;
 * - checkExists treats a subscription that expires within the renewal margin as missing (after a restart
 *   n8n then subscribes again);
 * - deactivation stops the cron, shortens the subscription to one minute (there is no cancel call) and
 *   forgets the secret, so any late callback is refused.
 */
const RENEW_MARGIN_MS = 3 * 60 * 60 * 1000;
/** Subscription length while "Listen for test event" waits (then the listener is removed anyway). */
const TEST_MINUTES = 60;
/** The shortest subscription, used to make one run out at deactivation. */
const SHORTEST_MINUTES = 1;
const SECRET_PARAM = 'secret';
const FETCH_WINDOW_DAYS = 30;

interface TriggerState extends IDataObject {
	secret?: string;
	/** The callback URL as registered (with the secret). */
	callbackUrl?: string;
	/** The webhook URL n8n gave (without the secret), to notice a changed URL. */
	webhookUrl?: string;
	/** Comma-separated resource ids as subscribed. */
	resourceIds?: string;
	/** The event subscribed (absent in state written before there was a choice: appointment changes). */
	event?: EventName;
	/** Epoch ms when the subscription runs out (as far as this node knows). */
	expiresAt?: number;
	subscriptionId?: string;
	renewedAt?: string;
}

export class BookingsOneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bookings ONE Trigger',
		name: 'bookingsOneTrigger',
		icon: {
			light: 'file:../../icons/bookingsone.svg',
			dark: 'file:../../icons/bookingsone.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["event"] === "dailyAccessKeyChange" ? "Daily access key changes" : "Appointment changes"}}',
		description:
			'Starts the workflow when an appointment or the daily access key of the chosen rooms, desks ' +
			'or equipment changes in Bookings ONE',
		defaults: { name: 'Bookings ONE Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bookingsOneApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'Bookings ONE subscriptions last at most one day. While the workflow is active this ' +
					'node renews its subscription every hour, so it keeps running on quiet days too.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'appointmentChange',
				options: [
					{
						name: 'Appointment Change',
						value: 'appointmentChange',
						description: 'An appointment of a chosen resource is created or updated',
					},
					{
						name: 'Daily Access Key Change',
						value: 'dailyAccessKeyChange',
						description: 'The daily access key of a chosen resource changes (access control)',
					},
				],
			},
			{
				displayName: 'Bookable Resource Names or IDs',
				name: 'bookableResourceIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getBookableResources' },
				required: true,
				default: [],
				description:
					'The rooms, desks or equipment whose appointments to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fetch Appointments',
						name: 'fetchAppointments',
						type: 'boolean',
						default: false,
						description:
							'Whether to read the changed appointment (added as "appointment"); when the ' +
							"callback names no appointment, the resource's appointments of the next 30 days " +
							'are added as "appointments"',
					},
					...repeatedDeliveryOptions,
				],
				displayOptions: { show: { event: ['appointmentChange'] } },
			},
			{
				displayName: 'Options',
				name: 'accessKeyOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Fetch Access Keys',
						name: 'fetchAccessKeys',
						type: 'boolean',
						default: false,
						description:
							"Whether to read the resource's current access keys (one-time, static, daily) and " +
							'add them as "accessKeys"',
					},
					...repeatedDeliveryOptions,
				],
				displayOptions: { show: { event: ['dailyAccessKeyChange'] } },
			},
		],
	};

	methods = { loadOptions: { getBookableResources } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const ids = chosenResourceIds(this);
				return Boolean(
					state.secret &&
						state.callbackUrl &&
						state.webhookUrl === webhookUrl &&
						state.resourceIds === ids &&
						eventOf(state) === chosenEvent(this) &&
						typeof state.expiresAt === 'number' &&
						state.expiresAt > Date.now() + RENEW_MARGIN_MS,
				);
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const ids = chosenResourceIds(this);
				const event = chosenEvent(this);
				// The secret stays the same while the URL does, so subscribing again replaces the earlier
				// subscription instead of adding a second one that would call twice.
				const secret =
					state.secret && state.webhookUrl === webhookUrl ? state.secret : newWebhookSecret(24);
				const callbackUrl = withSecret(webhookUrl, secret);
				const minutes = this.getMode() === 'manual' ? TEST_MINUTES : MAX_SUBSCRIPTION_MINUTES;
				if (
					state.callbackUrl &&
					state.resourceIds &&
					(state.callbackUrl !== callbackUrl ||
						state.resourceIds !== ids ||
						eventOf(state) !== event)
				) {
					// Resources, URL or event changed: let the old subscription run out now.
					await shorten(this, eventOf(state), state.resourceIds, state.callbackUrl);
				}
				const subscriptionId = await subscribe(this, event, ids, callbackUrl, minutes);
				Object.assign(state, {
					secret,
					callbackUrl,
					webhookUrl,
					resourceIds: ids,
					event,
					expiresAt: Date.now() + minutes * 60_000,
					subscriptionId,
					renewedAt: new Date().toISOString(),
				});
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (state.resourceIds && state.callbackUrl)
					await shorten(this, eventOf(state), state.resourceIds, state.callbackUrl);
				for (const key of [
					'secret',
					'callbackUrl',
					'webhookUrl',
					'resourceIds',
					'event',
					'expiresAt',
					'subscriptionId',
					'renewedAt',
				])
					delete state[key];
				return true;
			},
		},
	};

	/** Keeps the subscription alive: an hourly renewal while the workflow is active. */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		let stopped = false;
		let renewing: Promise<void> | undefined;
		// Hourly, starting at the next minute: the first renewal comes about a minute after the workflow starts.
		const minute = (new Date().getMinutes() + 1) % 60;
		const renew = async () => {
			const state = this.getWorkflowStaticData('node') as TriggerState;
			// Nothing subscribed (yet): activation subscribes first; this only moves an existing expiry on.
			if (stopped || !state.secret || !state.callbackUrl || !state.resourceIds) return;
			try {
				const subscriptionId = await subscribe(
					this,
					eventOf(state),
					state.resourceIds,
					state.callbackUrl,
					MAX_SUBSCRIPTION_MINUTES,
				);
				if (stopped) return;
				state.expiresAt = Date.now() + MAX_SUBSCRIPTION_MINUTES * 60_000;
				state.subscriptionId = subscriptionId;
				state.renewedAt = new Date().toISOString();
			} catch (error) {
				const expiresAt = typeof state.expiresAt === 'number' ? state.expiresAt : 0;
				const message =
					`Could not renew the Bookings ONE subscription to ${EVENTS[eventOf(state)].what}: ` +
					(error as Error).message;
				this.logger.warn(message, { expiresAt: new Date(expiresAt).toISOString() });
				if (expiresAt - Date.now() < RENEW_MARGIN_MS) {
					// Say so before it lapses: a failed execution (and the error workflow); the node keeps trying hourly.
					this.saveFailedExecution(
						new NodeOperationError(this.getNode(), message, {
							description:
								`The subscription runs out at ${new Date(expiresAt).toISOString()} and no ` +
								`${EVENTS[eventOf(state)].what} will arrive after that. Check the Bookings ONE server and ` +
								'the credential; the node retries every hour.',
						}),
					);
				}
			}
		};
		const tick = async () => {
			renewing = renew();
			await renewing;
		};
		this.helpers.registerCron({ expression: `0 ${minute} * * * *` }, tick);
		// Renew once now as well: after a restart the subscription may have little time left. (On a first activation
		// n8n starts trigger() before the webhook's create(), so there is nothing to renew yet; create() subscribes.)
		if (this.getMode() !== 'manual') await tick();
		return {
			closeFunction: async () => {
				stopped = true;
				await renewing;
			},
		};
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const response = this.getResponseObject();
		const given = (this.getQueryData() as IDataObject)[SECRET_PARAM];
		if (!isWebhookSecret(given, state.secret)) {
			response.status(401).json({ message: 'Unauthorized: missing or wrong callback secret' });
			return { noWebhookResponse: true };
		}
		// One item per change: a callback carrying a list of changes is split (the payload is not documented).
		const raw = this.getBodyData() as unknown;
		const changes = (Array.isArray(raw) ? raw : [raw]).filter(
			(c): c is IDataObject => Boolean(c) && typeof c === 'object' && !Array.isArray(c),
		);
		const watched = String(state.resourceIds ?? '').split(',');
		const wanted = changes.filter((change) => {
			const resourceId = resourceIdOf(change);
			return !resourceId || watched.includes(resourceId);
		});
		if (wanted.length === 0) {
			response.status(200).json({ received: true, started: false });
			return { noWebhookResponse: true };
		}
		const event = chosenEvent(this);
		const subject = wanted.map(
			(change) => `${event}:${resourceIdOf(change)}:${appointmentIdOf(change)}`,
		);
		const optionsName = event === 'dailyAccessKeyChange' ? 'accessKeyOptions' : 'options';
		const options = this.getNodeParameter(optionsName, {}) as IDataObject;
		const delivery = checkDelivery(state, options, {
			subscription: String(state.secret),
			subject: subject.join('|'),
			body: raw,
		});
		if (delivery.repeated) {
			response.status(200).json({ received: true, started: false, repeated: true });
			return { noWebhookResponse: true };
		}
		const items: INodeExecutionData[] = [];
		for (const change of wanted)
			items.push({
				json:
					event === 'dailyAccessKeyChange'
						? await withAccessKeys(this, change)
						: await withAppointments(this, change),
			});
		delivery.remember();
		return { workflowData: [items] };
	}
}

type Ctx = IHookFunctions | ITriggerFunctions;

function resourceIdOf(change: IDataObject): string {
	const { value } = pick(change, CALLBACK_ALIASES.resourceId);
	return value === undefined || value === null ? '' : String(value);
}

function appointmentIdOf(change: IDataObject): string {
	const { value } = pick(change, CALLBACK_ALIASES.appointmentId);
	return value === undefined || value === null ? '' : String(value);
}

/** The callback with the changed appointment (or the resource's coming ones) when Fetch Appointments is on. */
async function withAppointments(ctx: IWebhookFunctions, change: IDataObject): Promise<IDataObject> {
	const json: IDataObject = { ...change };
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const resourceId = resourceIdOf(change);
	if (options.fetchAppointments !== true || !resourceId) return json;
	const appointmentId = pick(change, CALLBACK_ALIASES.appointmentId).value;
	if (appointmentId !== undefined && appointmentId !== null && appointmentId !== '') {
		const found = await bookingsOneList.call(ctx, {
			path: PATHS.resourceAppointments,
			qs: { id: String(appointmentId), bookableResourceId: resourceId },
			limit: 1,
		});
		json.appointment = found[0] ?? null;
	} else {
		const to = new Date(Date.now() + FETCH_WINDOW_DAYS * 86_400_000).toISOString();
		json.appointments = await bookingsOneList.call(ctx, {
			path: PATHS.resourceAppointments,
			qs: { bookableResourceId: resourceId, from: 'now', to },
		});
	}
	return json;
}

/** The callback with the resource's current access keys when Fetch Access Keys is on. */
async function withAccessKeys(ctx: IWebhookFunctions, change: IDataObject): Promise<IDataObject> {
	const json: IDataObject = { ...change };
	const options = ctx.getNodeParameter('accessKeyOptions', {}) as IDataObject;
	const resourceId = resourceIdOf(change);
	if (options.fetchAccessKeys !== true || !resourceId) return json;
	json.accessKeys = await bookingsOneWholeList.call(ctx, {
		path: PATHS.accessList,
		qs: { bookableResourceId: resourceId },
	});
	return json;
}

/** The event chosen in the node (appointment changes when the parameter is absent, as before the choice). */
function chosenEvent(ctx: IHookFunctions | IWebhookFunctions): EventName {
	const value = ctx.getNodeParameter('event', 'appointmentChange') as string;
	if (value in EVENTS) return value as EventName;
	throw new NodeOperationError(
		ctx.getNode(),
		`Event: "${String(value).slice(0, 40)}" is not an event`,
		{
			description: 'Choose Appointment Change or Daily Access Key Change.',
		},
	);
}

function eventOf(state: TriggerState): EventName {
	return state.event && state.event in EVENTS ? state.event : 'appointmentChange';
}

/** The chosen resource ids as Bookings ONE expects them ("1,2,3"), checked and sorted. */
function chosenResourceIds(ctx: IHookFunctions): string {
	const raw = ctx.getNodeParameter('bookableResourceIds', []) as unknown;
	const list = numericIdList(ctx.getNode(), raw, {
		label: 'Bookable Resources',
		noun: 'an ID',
		hint: 'Choose resources from the list or enter whole-number IDs.',
	});
	if (list.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Bookable Resources: none chosen', {
			description: 'Choose at least one room, desk or equipment to watch.',
		});
	}
	return [...new Set(list)].sort((a, b) => Number(a) - Number(b)).join(',');
}

async function subscribe(
	ctx: Ctx,
	event: EventName,
	ids: string,
	callbackUrl: string,
	minutes: number,
): Promise<string | undefined> {
	// The reply is a bare JSON string; it is read as text so that it is not mistaken for a cut-off document.
	const answer = (await bookingsOneRequest.call(ctx, {
		method: 'POST',
		path: EVENTS[event].path,
		body: JSON.stringify({ ids, callbackUrl, expireTime: minutes }),
		headers: { 'Content-Type': 'application/json' },
		json: false,
		encoding: 'text',
		// Subscribing again only moves the expiry on, so a retry is harmless.
		idempotent: true,
		// The callback's secret is masked in every error, as the credential's are.
		secrets: [new URL(callbackUrl).searchParams.get(SECRET_PARAM) ?? ''],
	})) as unknown;
	const text =
		typeof answer === 'string'
			? answer.trim()
			: answer === undefined || answer === null
				? ''
				: JSON.stringify(answer);
	if (text === '') return undefined;
	// The answer is kept (static data) as the subscription's id: never with a secret the server echoed.
	const secrets = secretsOf(ctx.getNode());
	try {
		const parsed = JSON.parse(text) as unknown;
		return redactAndCut(typeof parsed === 'string' ? parsed : JSON.stringify(parsed), 200, secrets);
	} catch {
		return redactAndCut(text, 200, secrets);
	}
}

/** There is no cancel call: subscribing again for one minute makes the subscription run out. */
async function shorten(
	ctx: IHookFunctions,
	event: EventName,
	ids: string,
	callbackUrl: string,
): Promise<void> {
	try {
		await subscribe(ctx, event, ids, callbackUrl, SHORTEST_MINUTES);
	} catch (error) {
		// The subscription then runs out on its own (within a day); its callbacks are refused without the secret.
		ctx.logger.warn(`Could not shorten the Bookings ONE subscription: ${(error as Error).message}`);
	}
}

function withSecret(webhookUrl: string, secret: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(SECRET_PARAM, secret);
	return url.toString();
}
