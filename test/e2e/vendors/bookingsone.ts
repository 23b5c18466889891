/** Bookings ONE in the real app: examples/bookingsone/*.json against test/sandbox/bookingsone.ts. */
import { BOOKINGSONE_PATHS, BOOKINGSONE_PREFIX, BookingsOneSandbox, createBookingsOneSandbox, type Subscription } from '../../sandbox/bookingsone';
import { startSandbox } from '../../../scripts/lib/vendors';
import { assert, assertContractGate, nodeItems, pollingTriggerCase, until, webhookRedeliveryCase, webhookTriggerCase } from '../lib/cases';
import { restartTrigger } from '../lib/restarts';
import { defineVendor } from '../lib/types';
import { BOOKINGS_ONE, packageNodeTypes } from '../../vendors';

const CREDENTIAL = { id: 'b1SandboxCred', name: 'Bookings ONE account' };
const SUBSCRIBE_PATH = BOOKINGSONE_PREFIX + BOOKINGSONE_PATHS.subscribeAppointmentChange;

/** Subscriptions of this n8n (of one kind) that will still call in two minutes (a deactivated one is shortened to one). */
function live(sb: BookingsOneSandbox, n8nBaseUrl: string, kind: Subscription['kind'] = 'appointment'): Subscription[] {
	return sb.data.subscriptions.filter((s) => s.kind === kind && s.callbackUrl.startsWith(n8nBaseUrl) && s.expiresAt > sb.now() + 2 * 60_000);
}

export default defineVendor<BookingsOneSandbox>({
	vendor: 'bookingsone',
	displayName: 'Bookings ONE',
	nodeTypes: packageNodeTypes(BOOKINGS_ONE),
	editorWorkflowId: 'b1WeeklyRoomReport',

	async startSandbox() {
		const sandbox = createBookingsOneSandbox();
		// Two appointments the polling case changes and removes after its activation (real time: the trigger's window
		// is from one day back to 14 days ahead of n8n's clock).
		const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
		for (const [i, subject] of ['e2e: to change', 'e2e: to remove'].entries())
			await sandbox.createAppointment({ resourceId: 102, start: new Date(hour + (40 + i) * 3_600_000).toISOString(), end: new Date(hour + (41 + i) * 3_600_000).toISOString(), subject });
		return await startSandbox('bookingsone', sandbox);
	},

	credentials: (sb) => [
		{ ...CREDENTIAL, type: BOOKINGS_ONE.credentialType, data: { serverUrl: sb.baseUrl, accessToken: BookingsOneSandbox.TOKEN, authMethod: 'header' } },
	],

	checks: {
		b1WeeklyRoomReport(run, ctx) {
			const sb = ctx.sandbox.handle;
			const from = Date.parse('2025-03-03T00:00:00+08:00');
			const to = Date.parse('2025-03-10T00:00:00+08:00');
			const expected = sb.data.appointments
				.filter((a) => a.bookableResource.type === 0 && ['booked', 'using', 'completed'].includes(a.bookingState) && !a.isPreparation)
				.filter((a) => Date.parse(a.end) > from && Date.parse(a.start) < to)
				.map((a) => String(a.id))
				.sort();
			const gate = assertContractGate(run, 'Room Appointments');
			const rows = nodeItems(run, 'Report Rows');
			assert(expected.length > 0, 'the sandbox has no room appointment in that week');
			assert(JSON.stringify(rows.map((r) => String(r.id)).sort()) === JSON.stringify(expected), `reported ${rows.length} appointments, the sandbox has ${expected.length}`);
			assert(rows.every((r) => r.vendor === 'bookingsOne' && r.room && r.start && r.organizer), `an incomplete row: ${JSON.stringify(rows.find((r) => !r.room || !r.start))}`);
			const excelRuns = run.data?.resultData?.runData?.['Export Excel'];
			const binary = excelRuns?.[excelRuns.length - 1]?.data?.main?.[0]?.[0]?.binary as Record<string, { fileName?: string; mimeType?: string }> | undefined;
			const file = binary?.data;
			assert(file?.fileName === 'bookings-week-10.xlsx' && /spreadsheetml/.test(file.mimeType ?? ''), `no Excel file in the output (${JSON.stringify(binary)})`);
			ctx.log(`${gate}; ${rows.length} room appointment(s); ${file.fileName}`);
		},
	},

	restartTriggers: [
		restartTrigger<BookingsOneSandbox>({
			workflowId: 'b1PollAppointments',
			triggerNode: 'Appointment Added, Changed or Removed',
			pollPath: /\/booking\/v1\/resourceAppointment$/,
			async addRecords(sb) {
				const at = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 40 * 3_600_000;
				const created = await sb.createAppointment({ resourceId: 101, start: new Date(at).toISOString(), end: new Date(at + 3_600_000).toISOString(), subject: 'e2e: restarts' });
				return [`${created.id}:new`];
			},
			idOf: (item) => `${String(item.id)}:${String(item.triggerEvent)}`,
		}),
	],

	cases: [
		pollingTriggerCase<BookingsOneSandbox>({
			workflowId: 'b1PollAppointments',
			triggerNode: 'Appointment Added, Changed or Removed',
			name: 'polling trigger: activation starts from now; the next poll emits a new, a changed and a removed appointment, each once, and nothing older',
			async addRecords(sb) {
				const change = sb.data.appointments.find((a) => a.subject === 'e2e: to change');
				const remove = sb.data.appointments.find((a) => a.subject === 'e2e: to remove');
				assert(change && remove, 'the appointments made for this case are missing');
				const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
				const created = await sb.createAppointment({ resourceId: 101, start: new Date(hour + 30 * 3_600_000).toISOString(), end: new Date(hour + 31 * 3_600_000).toISOString(), subject: 'e2e: polled' });
				await sb.updateAppointment(change.id, { subject: 'e2e: changed' });
				await sb.deleteAppointment(remove.id);
				return [`${created.id}:new`, `${change.id}:changed`, `${remove.id}:removed`];
			},
			idOf: (item) => `${String(item.id)}:${String(item.triggerEvent)}`,
		}),
		webhookTriggerCase<BookingsOneSandbox>({
			workflowId: 'b1AppointmentChanges',
			name: 'webhook trigger: activation subscribes with a secret URL, a booking change starts an execution with the appointment, deactivation lets the subscription run out',
			subscriptions: (sb, n8n) => live(sb, n8n),
			expectedSubscriptions: 2, // resources 101 and 102
			async fire(sb) {
				const start = new Date(sb.now() + 26 * 3_600_000).toISOString();
				const end = new Date(sb.now() + 27 * 3_600_000).toISOString();
				const appointment = await sb.createAppointment({ resourceId: 101, start, end, subject: 'e2e: board meeting' });
				const delivery = sb.deliveries[sb.deliveries.length - 1];
				assert(delivery && delivery.status === 200, `the sandbox's callback got ${delivery?.status} ${delivery?.error ?? ''}`);
				return String(appointment.id);
			},
			check(execution, appointmentId) {
				const entries = nodeItems({ data: execution.data }, 'Door Sign Update');
				assert(entries.length === 1, `expected one door sign update, got ${entries.length}`);
				assert(String(entries[0].appointmentId) === appointmentId && entries[0].subject === 'e2e: board meeting', `the appointment was not fetched: ${JSON.stringify(entries[0])}`);
			},
		}),
		webhookTriggerCase<BookingsOneSandbox>({
			workflowId: 'b1AccessKeyChanges',
			name: 'webhook trigger, event Daily Access Key Change: activation subscribes on the access key path with a secret URL, a daily key change starts an execution with the resource\'s current keys, deactivation lets it run out',
			subscriptions: (sb, n8n) => live(sb, n8n, 'dailyAccessKey'),
			expectedSubscriptions: 2, // resources 101 and 102
			async fire(sb) {
				const calls = sb.requests(BOOKINGSONE_PREFIX + BOOKINGSONE_PATHS.subscribeDailyAccessKeyChange, 'POST');
				const body = calls[calls.length - 1]?.body as { expireTime?: number; callbackUrl?: string } | undefined;
				assert(body?.expireTime === 1440 && /[?&]secret=[0-9a-f]{48}/.test(body.callbackUrl ?? ''), `unexpected subscription ${JSON.stringify(body)}`);
				const [fresh] = await sb.rotateDailyAccessKeys([101]);
				const delivery = sb.deliveries[sb.deliveries.length - 1];
				assert(delivery && delivery.status === 200, `the sandbox's callback got ${delivery?.status} ${delivery?.error ?? ''}`);
				return fresh.key;
			},
			check(execution, key, ctx) {
				const entries = nodeItems({ data: execution.data }, 'Door Access Update');
				assert(entries.length === 1, `expected one door access update, got ${entries.length}`);
				const keys = ctx.sandbox.handle.data.accessKeys.filter((k) => k.bookableResourceId === 101);
				assert(String(entries[0].resourceId) === '101' && entries[0].dailyKey === key && entries[0].keyCount === keys.length, `the keys were not fetched: ${JSON.stringify(entries[0])}`);
			},
		}),
		{
			name: 'webhook trigger: in the real app trigger() renews the subscription on its own cron with the secret URL that create() stored; callbacks without the secret get 401',
			phase: 'server',
			timeoutMs: 200_000,
			async run(ctx) {
				const sb = ctx.sandbox.handle;
				const known = (await ctx.app.executions('b1AppointmentChanges')).length;
				const before = sb.requests(SUBSCRIBE_PATH, 'POST').length;
				const mine = () =>
					sb
						.requests(SUBSCRIBE_PATH, 'POST')
						.slice(before)
						.map((r) => r.body as { callbackUrl: string; expireTime: number })
						.filter((b) => b.callbackUrl.startsWith(ctx.app.baseUrl) && b.expireTime === 1440);
				const started = Date.now();
				await ctx.app.activate('b1AppointmentChanges');
				// n8n starts trigger() before the webhook's create(): activation subscribes once; the renewal cron
				// (hourly, first at the next full minute) must then subscribe again with the stored callback URL.
				try {
					await until(() => mine().length >= 2, 'a renewal by the trigger cron', 150_000);
				} catch {
					throw new Error(`no renewal within 150 s: subscribe calls ${JSON.stringify(mine())}; sandbox requests ${sb.log.slice(-5).map((r) => `${r.method} ${r.path} ${r.status}`).join('; ')}`);
				}
				const calls = mine();
				const urls = new Set(calls.map((b) => b.callbackUrl));
				assert(urls.size === 1, `the renewal used another callback URL than the activation: ${[...urls].join(' | ')}`);
				const url = new URL([...urls][0]);
				assert(/^[0-9a-f]{48}$/.test(url.searchParams.get('secret') ?? ''), 'the callback URL carries no secret');
				assert(live(sb, ctx.app.baseUrl).length === 2, `expected the two resources subscribed once each, found ${live(sb, ctx.app.baseUrl).length}`);
				const renewedAfter = Math.round((Date.now() - started) / 1000);
				url.searchParams.delete('secret');
				const forged = await fetch(url.toString(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bookableResourceId: 101 }) });
				url.searchParams.set('secret', 'f'.repeat(48));
				const wrong = await fetch(url.toString(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bookableResourceId: 101 }) });
				await ctx.app.deactivate('b1AppointmentChanges');
				assert(forged.status === 401 && wrong.status === 401, `callbacks without/with a wrong secret were answered ${forged.status}/${wrong.status}`);
				const after = (await ctx.app.executions('b1AppointmentChanges')).length;
				assert(after === known, `a forged callback started ${after - known} execution(s)`);
				await until(() => live(sb, ctx.app.baseUrl).length === 0, 'the subscription shortened after deactivation', 30_000);
				ctx.log(`renewed by the trigger cron ${renewedAfter} s after activation with the same secret URL; forged callbacks refused`);
			},
		},
		webhookRedeliveryCase<BookingsOneSandbox>({
			workflowId: 'b1AppointmentChanges',
			triggerNode: 'Bookings ONE Trigger',
			subscribed: (sb, webhookId) => live(sb, '').filter((s) => s.callbackUrl.includes(webhookId)).length === 2, // resources 101 and 102
			async fire(sb) {
				const at = Math.ceil(sb.now() / 3_600_000) * 3_600_000 + 50 * 3_600_000;
				await sb.createAppointment({ resourceId: 101, start: new Date(at).toISOString(), end: new Date(at + 3_600_000).toISOString(), subject: 'e2e: delivered twice' });
			},
		}),
	],
});
