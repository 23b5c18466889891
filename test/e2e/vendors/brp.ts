/** BRP in the real app: examples/brp/*.json against test/sandbox/brp.ts. */
import { DateTime } from 'luxon';
import { BrpSandbox, createBrpSandbox, STOCKHOLM } from '../../sandbox/brp';
import { startSandbox } from '../../../scripts/lib/vendors';
import { assert, assertContractGate, contractCheckEnd, nodeItems, pollingTriggerCase, until } from '../lib/cases';
import { restartTrigger } from '../lib/restarts';
import { defineVendor } from '../lib/types';
import { BRP, packageNodeTypes } from '../../vendors';

const CREDENTIAL = { id: 'brpSandboxCred', name: 'BRP account' };
const HOUR = 3_600_000;

export default defineVendor<BrpSandbox>({
	vendor: 'brp',
	displayName: 'BRP',
	nodeTypes: packageNodeTypes(BRP),
	editorWorkflowId: 'brpWeeklyBookingsCsv',

	async startSandbox() {
		// A narrow accepted range, so the export also shows the range splitting in the real app.
		const sandbox = createBrpSandbox({ maxRangeDays: 3 });
		// Bookings every 7 hours over the coming 9 days on rooms and courts of business units 11 and 12.
		const first = Math.ceil(Date.now() / HOUR) * HOUR + HOUR;
		const resources = [7, 8, 9, 21];
		let n = 0;
		for (let t = first; t < first + 9 * 24 * HOUR; t += 7 * HOUR) {
			sandbox.addServiceBooking({ start: t, resourceIds: [resources[n % resources.length]], ownerPersonId: [101, 102, 103][n % 3], withParticipant: n % 2 === 0 });
			n++;
		}
		return await startSandbox('brp', sandbox);
	},

	credentials: (sb) => [
		{
			...CREDENTIAL,
			type: BRP.credentialType,
			data: { baseUrl: sb.handle.apiUrl, apiKey: BrpSandbox.KEYS.level3, keyLevel: 3, username: '', password: '' },
		},
	],

	checks: {
		brpWeeklyBookingsCsv(run, ctx) {
			const sb = ctx.sandbox.handle;
			const gate = assertContractGate(run, 'Service Bookings Next 7 Days');
			// The check lists service bookings too (range limit, samples): the export's requests are those after it.
			const checked = contractCheckEnd(run);
			const calls = sb.requests(/servicebookings\.(xml|json)$/).filter((c) => c.status === 200 && c.at >= checked);
			assert(calls.length >= 3, `expected the 7-day range to be split into windows BRP accepts, saw ${calls.length} successful request(s)`);
			const days = calls.map((c) => [String(c.query.startdate), String(c.query.enddate)]).sort();
			const from = DateTime.fromISO(days[0][0], { zone: STOCKHOLM }).toMillis();
			const to = DateTime.fromISO(days[days.length - 1][1], { zone: STOCKHOLM }).toMillis();
			assert(to - from >= 6.9 * 24 * HOUR && to - from <= 7.1 * 24 * HOUR, `the export covered ${days[0][0]} – ${days[days.length - 1][1]}, not 7 days`);
			const expected = sb.data.serviceBookings
				.filter((b) => [11, 12].includes(b.businessUnitId) && b.start >= from && b.start < to)
				.map((b) => String(b.id))
				.sort();
			const rows = nodeItems(run, 'Finance Rows');
			assert(expected.length > 0, 'the sandbox has no booking in the coming week');
			assert(JSON.stringify(rows.map((r) => String(r.bookingId)).sort()) === JSON.stringify(expected), `exported ${rows.length} bookings, the sandbox has ${expected.length}`);
			assert(
				rows.every((r) => r.vendor === 'brp' && r.resource && /\+0[12]:00$/.test(String(r.start)) && typeof r.price === 'number'),
				`an incomplete row: ${JSON.stringify(rows.find((r) => !r.resource || !/\+0[12]:00$/.test(String(r.start))))}`,
			);
			const csvRuns = run.data?.resultData?.runData?.['Service Bookings CSV'];
			const binary = csvRuns?.[csvRuns.length - 1]?.data?.main?.[0]?.[0]?.binary as Record<string, { fileName?: string }> | undefined;
			const file = binary && Object.values(binary)[0];
			assert(file?.fileName === 'brp-service-bookings.csv', `no CSV file in the output (${JSON.stringify(binary)})`);
			ctx.log(`${gate}; ${rows.length} booking(s) ${days[0][0]} – ${days[days.length - 1][1]} in ${calls.length} window(s), ${file.fileName}`);
		},
	},

	restartTriggers: [
		restartTrigger<BrpSandbox>({
			workflowId: 'brpDoorAccessUpdates',
			triggerNode: 'New or Changed Service Booking',
			pollPath: /servicebookings\.(xml|json)$/,
			addRecords: (sb) => [String(sb.addServiceBooking({ start: Math.ceil(Date.now() / HOUR) * HOUR + 30 * HOUR, resourceIds: [8], ownerPersonId: 102 }).id)],
			idOf: (item) => String(item.id),
		}),
	],

	cases: [
		pollingTriggerCase<BrpSandbox>({
			workflowId: 'brpDoorAccessUpdates',
			triggerNode: 'New or Changed Service Booking',
			async addRecords(sb) {
				// The activation poll reads its 30-day window in several requests (the sandbox accepts 3 days): add the
				// booking only after it asked for the window's last days, so the booking is new to the next poll.
				const lastDay = DateTime.now().setZone(STOCKHOLM).startOf('day').plus({ days: 30 }).toFormat('yyyy-MM-dd');
				await until(
					() => sb.requests(/servicebookings\.(xml|json)$/).some((c) => c.status === 200 && c.query.enddate === lastDay),
					'the activation poll read its whole window',
					30_000,
				);
				return [String(sb.addServiceBooking({ start: Math.ceil(Date.now() / HOUR) * HOUR + 26 * HOUR, resourceIds: [8], ownerPersonId: 102 }).id)];
			},
			idOf: (item) => String(item.id),
			name: 'polling trigger: activation remembers the window, the next poll emits the new booking and no old ones',
		}),
	],
});
