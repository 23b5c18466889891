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
 * What was seen lives in the node's static data (n8n saves it after webhook(): LiveWebhooks.executeWebhook →
 * WorkflowStaticDataService.saveStaticData), bounded by count and by the window. Two deliveries handled at the
 * same moment each load the saved state, so a retry that arrives while the first delivery is still being
 * handled is not recognised (both are emitted): duplicates over losses.
 */
const STATE_KEY = 'recentDeliveries';
const MAX_DELIVERIES = 1000;
const DEFAULT_WINDOW_MINUTES = 60;

/** The node options (add them to the trigger's Options collection). */
export const repeatedDeliveryOptions: INodeProperties[] = [
	{
		displayName: 'Ignore Repeated Deliveries',
		name: 'ignoreRepeats',
		type: 'boolean',
		default: true,
		description:
			'Whether a delivery identical to the last one about the same record, within the repeat window, is acknowledged without starting the workflow again (the vendor retrying)',
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
 * collection (ignoreRepeats, repeatWindowMinutes). `subject` names what the delivery is about (event and record
 * ids); empty when the body names nothing, and then the content itself is the subject.
 */
export function checkDelivery(
	state: IDataObject,
	options: IDataObject,
	delivery: { subject: string; body: unknown },
	now = Date.now(),
): { repeated: boolean; remember(): void } {
	if (options.ignoreRepeats === false) return { repeated: false, remember: () => undefined };
	const minutes = Number(options.repeatWindowMinutes ?? DEFAULT_WINDOW_MINUTES);
	const windowMs = (Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_WINDOW_MINUTES) * 60_000;
	const version = contentVersion(delivery.body);
	const subject = delivery.subject || `content:${version}`;
	const recent = savedDeliveries(state).filter(([, , at]) => at <= now && now - at <= windowMs);
	const last = recent.find(([s]) => s === subject);
	return {
		repeated: last !== undefined && last[1] === version,
		remember() {
			const kept = recent.filter(([s]) => s !== subject);
			kept.push([subject, version, now]);
			state[STATE_KEY] = kept.slice(-MAX_DELIVERIES);
		},
	};
}
