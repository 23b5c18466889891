/**
 * Bad input: a corpus across all nodes — unparseable and reversed dates, out-of-range limits, wrong ids,
 * malformed JSON, unicode, huge values, empty required fields. Every case must end in an error that names
 * the field (its display name) and says how to fix it (a description), with no unhandled rejection.
 */
import type { IDataObject } from 'n8n-workflow';
import type { HubPlannerSandbox } from '../sandbox/hubplanner';
import { clearError, runCase, tally, VENDORS, type VendorContext, type VendorKey } from './lib';
import type { Shared } from './reliability.test';

interface BadCase {
	label: string;
	/** Parameters, or a function of the vendor context (for ids from the emulator). */
	parameters: IDataObject | ((ctx: VendorContext) => IDataObject);
	items?: IDataObject[];
	/** The field the error must name. */
	field: RegExp;
}

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const HUGE = 'x'.repeat(20_000);
const future = () => new Date(Date.now() + 86_400_000).toISOString();

const CORPUS: Record<VendorKey, BadCase[]> = {
	hubPlanner: [
		{ label: 'raw query that is not JSON', parameters: { resource: 'booking', operation: 'search', returnAll: true, rawQuery: '{"resource": }' }, field: /Raw Query/ },
		{ label: 'raw query that is an array', parameters: { resource: 'booking', operation: 'search', returnAll: true, rawQuery: '[1,2]' }, field: /Raw Query/ },
		{ label: 'unparseable date', parameters: { resource: 'booking', operation: 'search', returnAll: true, filters: { updatedSince: 'yesterday-ish' } }, field: /Updated Since/ },
		{ label: 'reversed period', parameters: { resource: 'booking', operation: 'search', returnAll: true, filters: { periodStart: '2025-03-10', periodEnd: '2025-03-01' } }, field: /Period (End|Start)/ },
		{ label: 'impossible date (31 February)', parameters: { resource: 'booking', operation: 'search', returnAll: true, filters: { periodStart: '2025-02-31' } }, field: /Period Start/ },
		{ label: 'empty booking id', parameters: { resource: 'booking', operation: 'get', bookingId: '  ' }, field: /Booking ID/ },
		{ label: 'booking id from an expression that is empty', parameters: { resource: 'booking', operation: 'get', bookingId: '={{ $json.id }}' }, items: [{}], field: /Booking ID/ },
		{ label: 'limit 0', parameters: { resource: 'booking', operation: 'getAll', returnAll: false, limit: 0 }, field: /Limit/ },
		{ label: 'negative limit', parameters: { resource: 'booking', operation: 'getAll', returnAll: false, limit: -5 }, field: /Limit/ },
		{ label: 'fractional limit', parameters: { resource: 'booking', operation: 'getAll', returnAll: false, limit: 2.5 }, field: /Limit/ },
		{
			label: 'create with an unparseable start (unicode digits)',
			parameters: (c) => createHub(c, { start: '２０２６-03-02' }),
			field: /Start/,
		},
		{ label: 'create with end before start', parameters: (c) => createHub(c, { view: 'hours', start: '2026-03-02T15:00:00', end: '2026-03-02T10:00:00' }), field: /End/ },
		{ label: 'custom call with a full URL as path', parameters: { resource: 'customApiCall', operation: 'call', method: 'GET', path: 'https://evil.example/steal', query: '{}' }, field: /[Pp]ath/ },
		{ label: 'custom call with malformed query JSON', parameters: { resource: 'customApiCall', operation: 'call', method: 'GET', path: '/resource', query: '{limit: 3}' }, field: /Query Parameters/ },
		{ label: 'huge booking id', parameters: { resource: 'booking', operation: 'get', bookingId: HUGE }, field: /Booking ID|ID/ },
		{ label: 'create with custom fields that are not a list', parameters: (c) => createHub(c, { additionalFields: { customFields: '{"templateId": "x"}' } }), field: /Custom Fields/ },
		{ label: 'create with a billing rate name instead of its id', parameters: (c) => createHub(c, { additionalFields: { externalRateId: 'Senior consultant' } }), field: /External Billing Rate/ },
		{ label: 'patch with an unparseable deadline', parameters: { resource: 'booking', operation: 'patch', bookingId: 'aaaaaaaaaaaaaaaaaaaaaaaa', updateFields: { deadlineDate: 'next friday' } }, field: /Deadline Date/ },
		{ label: 'time entry with 0 minutes', parameters: (c) => timeEntryHub(c, { minutes: 0 }), field: /Minutes/ },
		{ label: 'time entry on an impossible day', parameters: (c) => timeEntryHub(c, { date: '2026-02-31' }), field: /Date/ },
		{ label: 'time entry update without fields', parameters: { resource: 'timeEntry', operation: 'update', timeEntryId: 'aaaaaaaaaaaaaaaaaaaaaaaa', updateFields: {} }, field: /Update Fields/ },
		{ label: 'time entry id that is a URL', parameters: { resource: 'timeEntry', operation: 'get', timeEntryId: 'https://app.hubplanner.com/t/1' }, field: /Time Entry ID/ },
		{ label: 'time entry search with a reversed day range', parameters: { resource: 'timeEntry', operation: 'search', returnAll: true, rawQuery: '{}', filters: { dateFrom: '2025-03-10', dateTo: '2025-03-01' } }, field: /Date To/ },
		{ label: 'client create with an empty name', parameters: { resource: 'client', operation: 'create', name: '={{ "" }}' }, field: /Name/ },
		{ label: 'client search raw query that is an array', parameters: { resource: 'client', operation: 'search', returnAll: true, rawQuery: '[1]' }, field: /Raw Query/ },
		{ label: 'billing rates with limit 0', parameters: { resource: 'billingRate', operation: 'getAll', returnAll: false, limit: 0 }, field: /Limit/ },
	],
	pronestor: [
		{ label: 'unparseable start', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: 'yesterday-ish', endLockTime: '' }, field: /Start Lock Time/ },
		{ label: 'empty start', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: '={{ "" }}', endLockTime: '' }, field: /Start Lock Time/ },
		{ label: 'unparseable end', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: '2025-01-01', endLockTime: '31/12/2025' }, field: /End Lock Time/ },
		{ label: 'end equal to start', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: '2025-01-01T00:00:00Z', endLockTime: '2025-01-01T00:00:00Z' }, field: /End Lock Time/ },
		{ label: 'reversed range', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: '2025-02-01', endLockTime: '2025-01-01' }, field: /End Lock Time/ },
		{ label: 'start in the future', parameters: () => ({ resource: 'lockedBooking', operation: 'export', startLockTime: future(), endLockTime: '' }), field: /Start Lock Time/ },
		{ label: 'start with unicode digits', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: '２０２５-01-01', endLockTime: '' }, field: /Start Lock Time/ },
		{ label: 'year 275760 (huge date)', parameters: { resource: 'lockedBooking', operation: 'export', startLockTime: '+275760-09-13T00:00:00Z', endLockTime: '' }, field: /Start Lock Time/ },
		{ label: 'bookings by type: reversed period', parameters: { resource: 'booking', operation: 'getAll', resourceType: 1, start: '2026-03-05', end: '2026-03-01', returnAll: true }, field: /End/ },
		{ label: 'bookings by type: limit 0', parameters: { resource: 'booking', operation: 'getAll', resourceType: 1, start: '2026-03-01', end: '2026-03-05', returnAll: false, limit: 0 }, field: /Limit/ },
		{ label: 'billing account update without fields', parameters: { resource: 'billingAccount', operation: 'update', billingAccountId: rl('1'), updateFields: {} }, field: /Update Fields/ },
		{ label: 'billing account ids with a word', parameters: { resource: 'billingAccount', operation: 'delete', billingAccountIds: '1, two' }, field: /Billing Account IDs/ },
		{ label: 'unknown billing account id', parameters: { resource: 'billingAccount', operation: 'update', billingAccountId: rl('4242'), updateFields: { name: 'x' } }, field: /[Bb]illing [Aa]ccount/ },
		{ label: 'custom call with malformed body JSON', parameters: { resource: 'customApiCall', operation: 'call', method: 'POST', path: 'CreateBillingAccount', query: '{}', body: '{"Name": ' }, field: /Body/ },
	],
	planningPme: [
		{ label: 'key that is not a number (expression)', parameters: { resource: 'customer', operation: 'get', customerKey: rl('={{ $json.k }}') }, items: [{ k: 'abc' }], field: /Customer/ },
		{ label: 'key with unicode digits', parameters: { resource: 'task', operation: 'get', taskKey: rl('={{ "１２" }}') }, field: /Task/ },
		{ label: 'create without a label', parameters: { resource: 'task', operation: 'create', label: '  ' }, field: /Label/ },
		{ label: 'create with malformed extra JSON', parameters: { resource: 'task', operation: 'create', label: 'x', additionalFields: { json: '{"a": ' } }, field: /Other Fields/ },
		{ label: 'create with extra JSON that is an array', parameters: { resource: 'task', operation: 'create', label: 'x', additionalFields: { json: '[1, 2]' } }, field: /Other Fields/ },
		{ label: 'update without fields', parameters: { resource: 'project', operation: 'update', projectKey: rl('300'), updateFields: {} }, field: /Update Fields/ },
		{ label: 'sort property that is not a name', parameters: { resource: 'project', operation: 'getAll', returnAll: true, sort: { rules: [{ property: 'label+x', direction: '+' }] } }, field: /Sort/ },
		{ label: 'limit 0', parameters: { resource: 'task', operation: 'getAll', returnAll: false, limit: 0 }, field: /Limit/ },
		{ label: 'planned tasks: unparseable from', parameters: { resource: 'plannedTask', operation: 'getAll', dateFrom: 'soon', dateTo: '2026-03-01' }, field: /From/ },
		{ label: 'planned tasks: reversed range', parameters: { resource: 'plannedTask', operation: 'getAll', dateFrom: '2026-03-10', dateTo: '2026-03-01' }, field: /To|From/ },
		{ label: 'planned tasks: resource filter that is not a key', parameters: { resource: 'plannedTask', operation: 'getAll', dateFrom: '2026-03-01', dateTo: '2026-03-10', filters: { resources: '={{ ["12", "Room A"] }}' } }, field: /Resource/ },
		{ label: 'huge key', parameters: { resource: 'task', operation: 'get', taskKey: rl('={{ "9".repeat(400) }}') }, field: /Task|task/ },
		{ label: 'planned task create: end before start', parameters: { resource: 'plannedTask', operation: 'create', start: '2026-03-02 10:00', end: '2026-03-02 09:00', resources: ['10'] }, field: /End/ },
		{ label: 'planned task create: resource that is not a key', parameters: { resource: 'plannedTask', operation: 'create', start: '2026-03-02 09:00', end: '2026-03-02 10:00', resources: '={{ ["Room A"] }}' }, field: /Resources/ },
		{ label: 'planned task update without fields', parameters: { resource: 'plannedTask', operation: 'update', plannedTaskKey: '5000', updateFields: {} }, field: /Update Fields/ },
		{ label: 'unavailability create: unparseable start', parameters: { resource: 'unavailability', operation: 'create', resourceKey: rl('10'), start: 'after lunch', end: '2026-03-03' }, field: /Start/ },
		{ label: 'unavailability key with letters', parameters: { resource: 'unavailability', operation: 'delete', unavailabilityKey: '9a' }, field: /Unavailability Key/ },
	],
	brp: [
		{ label: 'unparseable start', parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, startDate: 'next tuesday' }, field: /Start/ },
		{ label: 'reversed range', parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, startDate: '2026-03-10', endDate: '2026-03-01' }, field: /End/ },
		{ label: 'business unit that is not an id', parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, filters: { businessUnitIds: ['11', 'x'] } }, field: /Business Units/ },
		{ label: 'resource that is not an id', parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, filters: { resourceId: { mode: 'id', value: 'abc' } } }, field: /Resource/ },
		{ label: 'level 3 filter with a level 2 key', parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: true, filters: { personId: '102' } }, field: /Person ID/ },
		{ label: 'limit 0', parameters: { resource: 'serviceBooking', operation: 'getAll', returnAll: false, limit: 0 }, field: /Limit/ },
		{ label: 'empty booking id', parameters: { resource: 'serviceBooking', operation: 'update', serviceBookingId: '={{ "" }}', updateFields: { internalmessage: 'x' } }, field: /Service Booking ID/ },
		{ label: 'booking id with letters', parameters: { resource: 'serviceBooking', operation: 'update', serviceBookingId: '12a', updateFields: { internalmessage: 'x' } }, field: /Service Booking ID/ },
		{ label: 'booking id in unicode digits', parameters: { resource: 'serviceBooking', operation: 'update', serviceBookingId: '１２', updateFields: { internalmessage: 'x' } }, field: /Service Booking ID/ },
		{ label: 'update without fields', parameters: { resource: 'serviceBooking', operation: 'update', serviceBookingId: '12', updateFields: {} }, field: /Update Fields/ },
		{ label: 'participant id and name together', parameters: { resource: 'serviceBooking', operation: 'update', serviceBookingId: '12', updateFields: { participantid: '3', participantfirstname: 'A' } }, field: /Participant ID/ },
		{ label: 'e-mail that is not one', parameters: { resource: 'person', operation: 'create', firstname: 'A', lastname: 'B', email: 'not-an-email' }, field: /E-Mail/ },
		{ label: 'malformed other fields JSON', parameters: { resource: 'person', operation: 'create', firstname: 'A', lastname: 'B', email: 'a@b.se', additionalFields: { otherFields: '{oops' } }, field: /Other Fields/ },
		{ label: 'other fields JSON that is an array', parameters: { resource: 'person', operation: 'create', firstname: 'A', lastname: 'B', email: 'a@b.se', additionalFields: { otherFields: '[1]' } }, field: /Other Fields/ },
		{ label: 'person update without fields', parameters: { resource: 'person', operation: 'update', personId: '101', updateFields: {} }, field: /Update Fields/ },
		{ label: 'huge booking id', parameters: { resource: 'serviceBooking', operation: 'update', serviceBookingId: '9'.repeat(5000), updateFields: { internalmessage: 'x' } }, field: /Service Booking ID/ },
	],
	bookingsOne: [
		{ label: 'unparseable date', parameters: { resource: 'appointment', operation: 'search', returnAll: true, filters: { from: 'next tuesday-ish' } }, field: /From/ },
		{ label: 'To before From', parameters: { resource: 'appointment', operation: 'search', returnAll: true, filters: { from: '2025-03-05', to: '2025-03-01' } }, field: /To/ },
		{ label: 'non-numeric id list', parameters: { resource: 'appointment', operation: 'search', returnAll: true, filters: { bookableResourceId: '101, room-2' } }, field: /Bookable Resource IDs/ },
		{ label: 'unknown resource type from an expression (a closed list)', parameters: { resource: 'appointment', operation: 'search', returnAll: true, filters: { bookableResourceType: '={{ ["room", "spaceship"] }}' } }, field: /Bookable Resource Types/ },
		{ label: 'limit 0', parameters: { resource: 'user', operation: 'search', returnAll: false, limit: 0 }, field: /Limit/ },
		{ label: 'negative limit', parameters: { resource: 'user', operation: 'search', returnAll: false, limit: -3 }, field: /Limit/ },
		{ label: 'non-numeric record id', parameters: { resource: 'building', operation: 'get', buildingId: { mode: 'id', value: '={{ "HT" }}' } }, field: /Building/ },
		{ label: 'empty update', parameters: { resource: 'iotDevice', operation: 'update', iotDeviceId: { mode: 'id', value: '1' }, updateFields: {} }, field: /Update Fields/ },
		{ label: 'bad bookable resource on a device', parameters: { resource: 'iotDevice', operation: 'create', accessId: 'X-1', additionalFields: { bookableResource: { mode: 'id', value: '={{ "Room 1" }}' } } }, field: /Bookable Resource/ },
		{ label: 'unknown time zone', parameters: { resource: 'appointment', operation: 'exportExcel', from: '2025-03-03', to: '2025-03-04', timeZone: 'Mars/Olympus' }, field: /Time Zone/ },
		{ label: 'export period reversed', parameters: { resource: 'appointment', operation: 'exportExcel', from: '2025-03-04', to: '2025-03-03' }, field: /To/ },
		{ label: 'empty export date', parameters: { resource: 'appointment', operation: 'exportExcel', from: '={{ "" }}', to: '2025-03-03' }, field: /From/ },
		{ label: 'impossible dashboard date', parameters: { resource: 'dashboard', operation: 'getDailyVisitorAnalytics', date: '31/02/2025' }, field: /Date/ },
		{ label: 'sensor timestamp that is not a date', parameters: { resource: 'iotSensor', operation: 'postOccupancy', accessId: 'SENSOR-Room101', timestamp: 'soon' }, field: /Timestamp/ },
		{ label: 'empty access id', parameters: { resource: 'iotSensor', operation: 'postOccupancy', accessId: '  ' }, field: /Access ID/ },
		{ label: 'custom call body not JSON', parameters: { resource: 'customApiCall', operation: 'call', method: 'POST', path: '/iotDevice/v1/iotDevice', body: '{"accessId": ' }, field: /Body/ },
		{ label: 'custom call with a full URL', parameters: { resource: 'customApiCall', operation: 'call', method: 'GET', path: 'https://elsewhere.example.com/x' }, field: /[Pp]ath/ },
		{ label: 'user id in unicode digits', parameters: { resource: 'user', operation: 'get', userId: { mode: 'id', value: '={{ "４２" }}' } }, field: /User/ },
		{ label: 'access keys: resource id that is not a number', parameters: { resource: 'bookableResourceAccessKey', operation: 'search', returnAll: true, filters: { bookableResourceId: '101, door-1' } }, field: /Bookable Resource IDs/ },
		{ label: 'access keys: limit 0', parameters: { resource: 'bookableResourceAccessKey', operation: 'search', returnAll: false, limit: 0 }, field: /Limit/ },
		{ label: 'player content: resource id from an expression that is not a number', parameters: { resource: 'bookableResourcePlayerContent', operation: 'search', returnAll: true, filters: { id: '={{ ["101", "lobby"] }}' } }, field: /Bookable Resource IDs/ },
	],
};

function createHub(ctx: VendorContext, extra: IDataObject): IDataObject {
	const sandbox = ctx.sandbox as HubPlannerSandbox;
	return {
		resource: 'booking',
		operation: 'create',
		bookedResource: rl(sandbox.data.resources[0]._id),
		bookedProject: rl(sandbox.data.projects[0]._id),
		view: 'day',
		start: '2026-03-02',
		end: '2026-03-04',
		state: 'STATE_DAY_MINUTE',
		stateValue: 240,
		...extra,
	};
}

function timeEntryHub(ctx: VendorContext, extra: IDataObject): IDataObject {
	const sandbox = ctx.sandbox as HubPlannerSandbox;
	return {
		resource: 'timeEntry',
		operation: 'create',
		entryResource: rl(sandbox.data.resources[0]._id),
		entryProject: rl(sandbox.data.projects[0]._id),
		date: '2026-03-02',
		minutes: 60,
		...extra,
	};
}

export function registerBadInput(shared: Shared): void {
	const rejections: unknown[] = [];
	const onRejection = (reason: unknown) => rejections.push(reason);

	describe('bad input', () => {
		beforeAll(() => process.on('unhandledRejection', onRejection));
		afterAll(() => process.off('unhandledRejection', onRejection));

		for (const spec of VENDORS) {
			const cases = CORPUS[spec.key];
			describe(spec.name, () => {
				for (const c of cases) {
					it(c.label, async () => {
						const ctx = shared.contexts.get(spec.key)!;
						await runCase('bad input', `${spec.name}: ${c.label}`, async () => {
							ctx.reset();
							const parameters = typeof c.parameters === 'function' ? c.parameters(ctx) : c.parameters;
							let error: unknown;
							try {
								const result = await ctx.run(parameters, c.items ? { items: c.items } : {});
								error = result.error;
								if (!error) throw new Error(`accepted: ${result.items.length} item(s) output`);
							} catch (thrown) {
								// n8n's own parameter validation (before the node runs) also counts, if it names the field.
								if ((thrown as Error).message.startsWith('accepted:')) throw thrown;
								error = error ?? thrown;
							}
							const e = error as { message: string; description?: string };
							expect(`${e.message}`).toMatch(c.field);
							expect(clearError(e)).toBeUndefined();
						});
					});
				}
			});
		}

		it('no unhandled promise rejection during the whole corpus', async () => {
			await runCase('bad input', 'no unhandled rejections', async () => {
				// Let pending microtasks and timers of the last runs settle first.
				await new Promise((resolve) => setImmediate(resolve));
				expect(rejections.map((r) => String((r as Error)?.message ?? r))).toEqual([]);
				tally['bad input'].notes.push(`${rejections.length} unhandled rejections`);
			});
		});
	});
}
