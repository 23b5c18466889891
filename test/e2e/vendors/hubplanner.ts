/** Hub Planner in the real app: examples/hubplanner/*.json against test/sandbox/hubplanner.ts. */
import { createHubPlannerSandbox, HubPlannerSandbox } from '../../sandbox/hubplanner';
import { startSandbox } from '../../../scripts/lib/vendors';
import { assert, assertContractGate, nodeItems, pollingTriggerCase, webhookRedeliveryCase, webhookTriggerCase } from '../lib/cases';
import { restartTrigger } from '../lib/restarts';
import { defineVendor } from '../lib/types';
import { HUB_PLANNER, packageNodeTypes } from '../../vendors';

const CREDENTIAL = { id: 'hpSandboxCred', name: 'Hub Planner account' };

/** Creates a booking through the sandbox's API (which delivers booking.create to the subscriptions); its id. */
async function bookThroughApi(sb: HubPlannerSandbox, title: string): Promise<string> {
	const res = await fetch(`${sb.baseUrl}/v1/booking`, {
		method: 'POST',
		headers: { Authorization: HubPlannerSandbox.WRITE_KEY, 'Content-Type': 'application/json' },
		body: JSON.stringify({ resource: sb.data.resources[1]._id, project: sb.data.projects[0]._id, start: '2026-03-02 09:00', end: '2026-03-02 12:00', title }),
	});
	assert(res.status === 201, `creating a booking in the sandbox answered ${res.status}`);
	return ((await res.json()) as { _id: string })._id;
}

export default defineVendor<HubPlannerSandbox>({
	vendor: 'hubplanner',
	displayName: 'Hub Planner',
	nodeTypes: packageNodeTypes(HUB_PLANNER),
	editorWorkflowId: 'hpApproveRequests',

	startSandbox: () => startSandbox('hubplanner', createHubPlannerSandbox()),

	credentials: (sb) => [
		{ ...CREDENTIAL, type: HUB_PLANNER.credentialType, data: { apiKey: HubPlannerSandbox.WRITE_KEY, baseUrl: `${sb.baseUrl}/v1` } },
	],

	checks: {
		hpApproveRequests(run, ctx) {
			const sb = ctx.sandbox.handle;
			const listed = nodeItems(run, 'Get Bookings');
			assert(listed.length === sb.data.bookings.filter((b) => !b.deleted).length, `Get Bookings returned ${listed.length} bookings, the sandbox has ${sb.data.bookings.length}`);
			const waiting = listed.filter((b) => b.type === 'WAITING_FOR_APPROVAL').map((b) => b._id as string);
			const approved = nodeItems(run, 'Approve Request');
			assert(approved.length === waiting.length && waiting.length > 0, `approved ${approved.length} of ${waiting.length} requests`);
			for (const a of approved) {
				assert(a.type === 'APPROVED', `booking ${a._id} came back as ${a.type}`);
				assert(typeof a.normalized === 'object' && a.normalized !== null, 'Simplify did not add the normalized booking');
				const stored = sb.data.bookings.find((b) => b._id === a._id);
				assert(stored?.type === 'APPROVED', `the sandbox still has booking ${a._id} as ${stored?.type}`);
			}
			ctx.log(`${approved.length} request(s) approved: ${approved.map((a) => a._id).join(', ')}`);
		},
		hpLogTimeEntry(run, ctx) {
			const sb = ctx.sandbox.handle;
			const [logged] = nodeItems(run, 'Log Time');
			assert(logged && logged.minutes === 120 && logged.date === '2026-03-02' && logged.metadata === 'ERP-T-1', `Log Time returned ${JSON.stringify(logged)}`);
			assert(sb.data.timeEntries.some((e) => e._id === logged._id), `the sandbox has no time entry ${String(logged._id)}`);
			const [read] = nodeItems(run, 'Read Back');
			assert(read?._id === logged._id && read.note === 'Logged by n8n', `Read Back returned ${JSON.stringify(read)}`);
			const rates = nodeItems(run, 'Billing Rates');
			assert(rates.length === sb.data.billingRates.length, `Billing Rates returned ${rates.length} of ${sb.data.billingRates.length}`);
			ctx.log(`time entry ${String(logged._id)} logged and read back; ${rates.length} billing rates`);
		},
		hpExportBookingsCsv(run, ctx) {
			const sb = ctx.sandbox.handle;
			const gate = assertContractGate(run, 'Get All Bookings');
			const bookings = nodeItems(run, 'Get All Bookings');
			assert(bookings.length === sb.data.bookings.filter((b) => !b.deleted).length, `exported ${bookings.length} bookings, the sandbox has ${sb.data.bookings.length}`);
			const rows = nodeItems(run, 'Finance Columns');
			assert(rows.every((r) => r.vendor && r.id && r.start), `rows without vendor/id/start: ${JSON.stringify(rows.find((r) => !r.vendor || !r.id || !r.start))}`);
			const csvRuns = run.data?.resultData?.runData?.['Bookings CSV'];
			const binary = csvRuns?.[csvRuns.length - 1]?.data?.main?.[0]?.[0]?.binary as Record<string, { fileName?: string; mimeType?: string }> | undefined;
			const file = binary && Object.values(binary)[0];
			assert(file?.fileName === 'hubplanner-bookings.csv', `no CSV file in the output (${JSON.stringify(binary)})`);
			ctx.log(`${gate}; ${rows.length} rows in ${file.fileName}`);
		},
	},

	restartTriggers: [
		restartTrigger<HubPlannerSandbox>({
			workflowId: 'hpPollBookingChanges',
			triggerNode: 'Booking Changed or Deleted',
			pollPath: /\/booking\/search$/,
			addRecords: (sb) => [`${sb.insertBooking({ resource: sb.data.resources[1]._id, project: sb.data.projects[0]._id, start: '2026-03-10', end: '2026-03-10', title: 'e2e: restarts' })._id}:updated`],
			idOf: (item) => `${String(item._id)}:${String(item.triggerEvent)}`,
		}),
	],

	cases: [
		pollingTriggerCase<HubPlannerSandbox>({
			workflowId: 'hpPollBookingChanges',
			triggerNode: 'Booking Changed or Deleted',
			name: 'polling trigger: activation starts from now; the next poll emits a new, an updated and a deleted booking, each once, and nothing older',
			addRecords(sb) {
				const live = sb.data.bookings.filter((b) => !b.deleted);
				assert(live.length >= 2, 'the sandbox needs two live bookings');
				const created = sb.insertBooking({ resource: sb.data.resources[1]._id, project: sb.data.projects[0]._id, start: '2026-03-09', end: '2026-03-09', title: 'e2e: polled' });
				const updated = sb.touchBooking(live[0]._id, { title: 'e2e: renamed' });
				const deleted = sb.removeBooking(live[1]._id);
				return [`${created._id}:updated`, `${updated._id}:updated`, `${deleted._id}:deleted`];
			},
			idOf: (item) => `${String(item._id)}:${String(item.triggerEvent)}`,
		}),
		webhookTriggerCase<HubPlannerSandbox>({
			workflowId: 'hpLogBookingChanges',
			subscriptions: (sb, n8n) => sb.data.subscriptions.filter((s) => s.target_url.startsWith(n8n)),
			expectedSubscriptions: 2, // booking.create + booking.update
			async fire(sb) {
				const created = await bookThroughApi(sb, 'e2e: booked through the API');
				const delivery = sb.deliveries[sb.deliveries.length - 1];
				assert(delivery && delivery.status === 200, `the sandbox's webhook delivery got ${delivery?.status} ${delivery?.error ?? ''}`);
				return created;
			},
			check(execution, bookingId) {
				const entries = nodeItems({ data: execution.data }, 'Change Log Entry');
				assert(entries.length === 1, `expected one change log entry, got ${entries.length}`);
				assert(entries[0].bookingId === bookingId && entries[0].event === 'booking.create', `unexpected entry ${JSON.stringify(entries[0])}`);
				assert(entries[0].title === 'e2e: booked through the API', `the full booking was not fetched: ${JSON.stringify(entries[0])}`);
			},
		}),
		{
			name: 'webhook trigger: a request without the subscription token is refused and starts nothing',
			phase: 'server',
			timeoutMs: 60_000,
			async run(ctx) {
				const known = (await ctx.app.executions('hpLogBookingChanges')).length;
				await ctx.app.activate('hpLogBookingChanges');
				const sb = ctx.sandbox.handle;
				const sub = await (async () => {
					for (let i = 0; i < 150; i++) {
						const s = sb.data.subscriptions.find((x) => x.target_url.startsWith(ctx.app.baseUrl));
						if (s) return s;
						await new Promise((r) => setTimeout(r, 200));
					}
					throw new Error('no subscription registered');
				})();
				const res = await fetch(sub.target_url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'hubplanner-token': 'forged' },
					body: JSON.stringify({ event: 'booking.create', bookingId: 'x' }),
				});
				await ctx.app.deactivate('hpLogBookingChanges');
				assert(res.status === 401, `a forged event was answered ${res.status}`);
				const after = (await ctx.app.executions('hpLogBookingChanges')).length;
				assert(after === known, `a forged event started ${after - known} execution(s)`);
			},
		},
		webhookRedeliveryCase<HubPlannerSandbox>({
			workflowId: 'hpLogBookingChanges',
			triggerNode: 'Hub Planner Trigger',
			subscribed: (sb, webhookId) => sb.data.subscriptions.filter((s) => s.target_url.includes(webhookId)).length === 2,
			fire: async (sb) => void (await bookThroughApi(sb, 'e2e: delivered twice')),
		}),
	],
});
