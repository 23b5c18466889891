import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { contentVersion } from './hash';

/**
 * Repeated webhook deliveries: a vendor that retries after a slow answer sends the same delivery again. Neither
 * Hub Planner nor Bookings ONE documents an event or delivery id, so a delivery is told apart by what it is
 * about (its subject: the event and the record ids it names) and its content (a hash of the body). A delivery
 * is a repeat when the last delivery seen for the same subject, within the repeat window, had the same content:
 * so a record changed A → B → A is emitted three times (each differs from the one before), while a retry of
 * the last delivery is acknowledged (200) and not emitted again.
 *
 * What was seen is kept in two places, bounded by count and by the window:
 * - the node's static data, which n8n saves after webhook() (LiveWebhooks.executeWebhook →
 *   WorkflowStaticDataService.saveStaticData) — but in n8n 2.41.1 only for a delivery that starts nothing. For one
 *   that starts an execution, WorkflowRunner.run first builds the execution's Workflow objects from the same static
 *   data (establishContextForPersistence, prepareNewExecution); each `new Workflow()` runs ObservableObject.create,
 *   which resets the data's change flag, and the saveStaticData that follows sees no change and writes nothing. In
 *   the real app a retry therefore never finds the first delivery there (test/e2e proves it);
 * - this process's memory, per subscription (keyed by a hash of the subscription's secret, so that a new activation
 *   starts afresh). It is safe to lose: a retry that reaches another process (queue mode with several webhook
 *   processors) or arrives after a restart is emitted again — a duplicate, never a loss.
 * Where the two know the same subject, the newer record counts. Two deliveries handled at the same moment are both
 * emitted (neither has been remembered yet when the other is checked): duplicates over losses.
 */
const STATE_KEY = 'recentDeliveries';
const MAX_DELIVERIES = 1000;
const DEFAULT_WINDOW_MINUTES = 60;
/** Subscriptions whose deliveries this process remembers (the least recently used are forgotten first). */
const MAX_SUBSCRIPTIONS = 200;
const remembered = new Map<string, Seen[]>();

/** The node options (add them to the trigger's Options collection). */
export const repeatedDeliveryOptions: INodeProperties[] = [
	{
		displayName: 'Ignore Repeated Deliveries',
		name: 'ignoreRepeats',
		type: 'boolean',
		default: true,
		description:
			'Whether a delivery identical to the last one about the same record, within the repeat window, ' +
			'is acknowledged without starting the workflow again (the vendor retrying)',
	},
	{
		displayName: 'Repeat Window (Minutes)',
		name: 'repeatWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1440 },
		default: DEFAULT_WINDOW_MINUTES,
		description: 'How long a delivery is remembered to recognise its repeats',
	},
];

/** One remembered delivery: subject, content version, epoch ms when it was first received. */
type Seen = [string, string, number];

function savedDeliveries(state: IDataObject): Seen[] {
	const saved = state[STATE_KEY];
	if (!Array.isArray(saved)) return [];
	return saved.filter(
		(s): s is Seen =>
			Array.isArray(s) &&
			typeof s[0] === 'string' &&
			typeof s[1] === 'string' &&
			typeof s[2] === 'number',
	);
}

/**
 * Whether this delivery repeats the last one about the same subject (then it must not be emitted), and
 * `remember()` to call once the delivery's items are ready (not before: a webhook() that fails after the check
 * leaves the state as it was, so the vendor's retry is handled as new). `options` is the trigger's Options
 * collection (ignoreRepeats, repeatWindowMinutes). `subscription` is the subscription's secret (the process memory
 * is keyed by its hash). `subject` names what the delivery is about (event and record ids); empty when the body
 * names nothing, and then the content itself is the subject.
 */
export function checkDelivery(
	state: IDataObject,
	options: IDataObject,
	delivery: { subscription: string; subject: string; body: unknown },
	now = Date.now(),
): { repeated: boolean; remember(): void } {
	if (options.ignoreRepeats === false) return { repeated: false, remember: () => undefined };
	const minutes = Number(options.repeatWindowMinutes ?? DEFAULT_WINDOW_MINUTES);
	const windowMs =
		(Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_WINDOW_MINUTES) * 60_000;
	const version = contentVersion(delivery.body);
	const subject = delivery.subject || `content:${version}`;
	const key = contentVersion(['webhookRepeats', delivery.subscription]);
	const inWindow = ([, , at]: Seen) => at <= now && now - at <= windowMs;
	// One record per subject, the newer of what the static data and the memory know; oldest first.
	const newest = new Map<string, Seen>();
	for (const seen of [...savedDeliveries(state), ...(remembered.get(key) ?? [])].filter(inWindow)) {
		const known = newest.get(seen[0]);
		if (!known || seen[2] > known[2]) newest.set(seen[0], seen);
	}
	const recent = [...newest.values()].sort((a, b) => a[2] - b[2]);
	const last = newest.get(subject);
	return {
		repeated: last !== undefined && last[1] === version,
		remember() {
			const kept = recent.filter(([s]) => s !== subject);
			kept.push([subject, version, now]);
			const list = kept.slice(-MAX_DELIVERIES);
			state[STATE_KEY] = list;
			remembered.delete(key);
			remembered.set(
				key,
				list.map((seen) => [...seen] as Seen),
			);
			while (remembered.size > MAX_SUBSCRIPTIONS)
				remembered.delete(remembered.keys().next().value as string);
		},
	};
}
