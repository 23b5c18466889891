/** Pronestor Planner in the real app: examples/pronestor/*.json against test/sandbox/pronestor.ts. */
import { createPronestorSandbox, PronestorSandbox } from '../../sandbox/pronestor';
import { startSandbox } from '../../../scripts/lib/vendors';
import { assert, assertContractGate, nodeItems, pollingRestartCase, pollingTriggerCase, sessionCredentialCase } from '../lib/cases';
import type { RunData } from '../../../scripts/lib/n8n';
import { restartTrigger } from '../lib/restarts';
import { defineVendor } from '../lib/types';
import { PRONESTOR, packageNodeTypes } from '../../vendors';

const CREDENTIAL = { id: 'pnSandboxCred', name: 'Pronestor Planner account' };

export default defineVendor<PronestorSandbox>({
	vendor: 'pronestor',
	displayName: 'Pronestor Planner',
	nodeTypes: packageNodeTypes(PRONESTOR),
	editorWorkflowId: 'pnExportLockedCsv',

	async startSandbox() {
		const sandbox = createPronestorSandbox();
		// Bookings locked every 3 hours over the last 3 days, so "yesterday" has some in any time zone.
		const hour = 3_600_000;
		const last = Math.floor(Date.now() / hour) * hour - hour;
		for (let t = last - 72 * hour; t <= last; t += 3 * hour) sandbox.insertLockedBooking(t);
		return await startSandbox('pronestor', sandbox);
	},

	credentials: (sb) => [
		{
			...CREDENTIAL,
			type: PRONESTOR.credentialType,
			data: {
				deployment: 'custom',
				baseUrl: sb.baseUrl,
				authentication: 'session',
				username: PronestorSandbox.USERNAME,
				password: PronestorSandbox.PASSWORD,
			},
		},
	],

	checks: {
		pnExportLockedCsv(run, ctx) {
			const sb = ctx.sandbox.handle;
			const gate = assertContractGate(run, 'Export Locked Bookings');
			// The check runs first: the export's request is the last one.
			const calls = sb.requests(/FindLockedBookings$/).filter((c) => c.status === 200);
			const call = calls[calls.length - 1];
			assert(call, 'the export made no successful FindLockedBookings request');
			const at = (v: unknown) => Date.parse(String(v).replace(' ', 'T'));
			const start = at(call.query.startLockTime);
			const end = at(call.query.endLockTime);
			assert(end - start >= 23 * 3_600_000 && end - start <= 25 * 3_600_000, `the export asked for ${call.query.startLockTime} – ${call.query.endLockTime}, not one day`);
			const expected = sb.lockedBetween(start, end).map((b) => String(b.Id)).sort();
			const exported = nodeItems(run, 'Export Locked Bookings').map((b) => String(b.Id)).sort();
			assert(expected.length > 0, 'the sandbox has no booking locked yesterday');
			assert(JSON.stringify(exported) === JSON.stringify(expected), `exported ${exported.length} bookings, the sandbox has ${expected.length} locked in that day`);
			const rows = nodeItems(run, 'Invoice Lines');
			assert(rows.every((r) => r.bookingId && r.lockedAt && r.costCenter && typeof r.amount === 'number'), `an invoice line is incomplete: ${JSON.stringify(rows.find((r) => !r.bookingId || !r.lockedAt || !r.costCenter))}`);
			const csvRuns = run.data?.resultData?.runData?.['Locked Bookings CSV'];
			const binary = csvRuns?.[csvRuns.length - 1]?.data?.main?.[0]?.[0]?.binary as Record<string, { fileName?: string }> | undefined;
			const file = binary && Object.values(binary)[0];
			assert(file?.fileName === 'pronestor-locked-bookings.csv', `no CSV file in the output (${JSON.stringify(binary)})`);
			ctx.log(`${gate}; ${rows.length} invoice line(s) for ${call.query.startLockTime} – ${call.query.endLockTime} in ${file.fileName}`);
		},
	},

	restartTriggers: [
		restartTrigger<PronestorSandbox>({
			workflowId: 'pnNewLockedBookings',
			triggerNode: 'New Locked Booking',
			pollPath: /FindLockedBookings$/,
			addRecords: (sb) => [String(sb.insertLockedBooking(Math.ceil(Date.now() / 1000) * 1000 + 1000).Id)],
			idOf: (item) => String(item.Id),
		}),
		restartTrigger<PronestorSandbox>({
			workflowId: 'pnRoomBookingChanges',
			triggerNode: 'New or Changed Room Booking',
			pollPath: /FindBookingsByResourceType$/,
			addRecords: (sb) => [String(sb.insertOpenBooking(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 5 * 3_600_000).Id)],
			idOf: (item) => String(item.Id),
			// The emulator seeds open bookings over the 14 days from its start: with the example's 7 days, one
			// starting on day 7 enters the window during the phase (and is rightly emitted as new). 30 days reach
			// past every seeded booking, so only what the test adds can be new.
			options: { daysAhead: 30 },
		}),
	],

	cases: [
		sessionCredentialCase<PronestorSandbox>({
			workflowId: 'pnExportLockedCsv',
			logins: (sb) => sb.stats.logins,
			expire: (sb) => sb.expireSessions(),
			name: 'session cookie: logged in once, reused across executions, one re-login after the session expired',
		}),
		pollingRestartCase<PronestorSandbox>({
			workflowId: 'pnRoomBookingChanges',
			weeklyId: 'pnRoomChangesWeekly',
			triggerNode: 'New or Changed Room Booking',
			existing: (sb, activatedAt) =>
				new Set(sb.data.bookings.filter((b) => Date.parse(b.End) > activatedAt - 60_000).map((b) => String(b.Id))),
			addRecords: (sb) => {
				const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
				return [sb.insertOpenBooking(hour + 3 * 3_600_000), sb.insertOpenBooking(hour + 27 * 3_600_000)].map((b) => String(b.Id));
			},
			idOf: (item) => String(item.Id),
		}),
		pollingTriggerCase<PronestorSandbox>({
			workflowId: 'pnNewLockedBookings',
			triggerNode: 'New Locked Booking',
			// Locked a second after now (whole seconds), so after the activation poll's cursor and before the next poll.
			addRecords: (sb) => [String(sb.insertLockedBooking(Math.ceil(Date.now() / 1000) * 1000 + 1000).Id)],
			idOf: (item) => String(item.Id),
		}),
		{
			name: 'polling trigger, New or Changed Booking: activation starts from now; a new room booking, then its change, each emitted once with its owner',
			phase: 'server',
			timeoutMs: 330_000,
			async run(ctx) {
				const sb = ctx.sandbox.handle;
				const wf = 'pnRoomBookingChanges';
				const trigger = 'New or Changed Room Booking';
				const DAY = 86_400_000;
				const known = (await ctx.app.executions(wf)).length;
				// activate() returns after the activation poll (the baseline): what is in the window now is old.
				const activatedAt = Date.now();
				await ctx.app.activate(wf);
				const old = new Set(
					sb.data.bookings
						.filter((b) => b.ResourceType === 1 && Date.parse(b.End) > activatedAt - 60_000 && Date.parse(b.Start) < activatedAt + 7 * DAY)
						.map((b) => String(b.Id)),
				);
				const booking = sb.insertOpenBooking(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 3_600_000);
				const id = String(booking.Id);
				const seen: string[] = [];
				let executions = known;
				// Executions until `want` was emitted; a booking the sliding window reaches meanwhile may add one.
				const until = async (want: string) => {
					for (let k = 0; k < 3 && !seen.includes(want); k++) {
						const execution = await ctx.app.waitForExecution(wf, executions, 150_000);
						executions += 1;
						assert(execution.status === 'success', `the trigger's execution ended with status ${execution.status}`);
						const items = nodeItems({ data: execution.data } as RunData, trigger);
						seen.push(...items.map((i) => `${String(i.triggerEvent)}:${String(i.Id)}`));
						const mine = items.find((i) => String(i.Id) === id) as Record<string, any> | undefined;
						if (mine) {
							assert(mine.Meeting?.Owner?.Email, `the booking was emitted without its meeting owner: ${JSON.stringify(mine).slice(0, 300)}`);
							const rows = nodeItems({ data: execution.data } as RunData, 'Door Access Entry');
							const row = rows.find((r) => r.bookingId === id);
							assert(row?.ownerEmail === mine.Meeting.Owner.Email && row?.room, `the door-access entry is incomplete: ${JSON.stringify(row)}`);
						}
					}
				};
				try {
					await until(`new:${id}`);
					const stored = sb.data.bookings.find((b) => b.Id === booking.Id)!;
					stored.ResourceName = `${stored.ResourceName} (moved)`;
					await until(`changed:${id}`);
				} finally {
					await ctx.app.deactivate(wf);
				}
				assert(seen.filter((e) => e === `new:${id}`).length === 1, `new:${id} emitted ${seen.filter((e) => e === `new:${id}`).length} times (${seen.join(', ')})`);
				assert(seen.filter((e) => e === `changed:${id}`).length === 1, `changed:${id} emitted ${seen.filter((e) => e === `changed:${id}`).length} times (${seen.join(', ')})`);
				const stale = seen.filter((e) => old.has(e.slice(e.indexOf(':') + 1)));
				assert(stale.length === 0, `bookings already in the window at activation were emitted: ${stale.join(', ')}`);
				ctx.log(`emitted over ${executions - known} execution(s): ${seen.join(', ')}`);
			},
		},
	],
});
