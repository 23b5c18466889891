import { BOOKINGSONE_PATHS as P } from '../../sandbox/bookingsone';
import { runContractCheck } from '../contract';
import { startBookingsOne } from './setup';

const API = '/API/external';

/**
 * Issue 14 for Bookings ONE: field names read through one alias list per normalized field (APPOINTMENT_ALIASES),
 * unmapped keys flagged, and writes checked against the record the server answers (DEVICE_FIELDS).
 */
describe('Bookings ONE: tenant variants — field names and verified writes (issue 14)', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.appointmentFieldVariant = 'default';
		ctx.sandbox.dropAppointmentFields = [];
		ctx.sandbox.iotDeviceNameField = 'name';
		ctx.sandbox.occupancyDataField = 'data';
		ctx.useCredential();
	});

	const simplified = async (id: string) => {
		const result = await ctx.run({ resource: 'appointment', operation: 'search', returnAll: false, limit: 1, filters: { id }, output: 'both' });
		expect(result.error).toBeUndefined();
		return result.items[0].json;
	};

	it('Simplify reads a server that names appointment fields differently (title, startTime, endTime, state, resource, organizerUser, modifiedAt): same normalized booking, nothing unmapped', async () => {
		const plain = (await simplified('3')).normalized;
		ctx.sandbox.appointmentFieldVariant = 'alt';
		const variant = await simplified('3');
		expect(variant.subject).toBeUndefined();
		expect(variant.title).toBeDefined();
		expect(variant.normalized).toEqual(plain);
		const source = ctx.sandbox.data.appointments[2];
		expect(variant.normalized).toMatchObject({
			title: source.subject,
			start: source.start,
			end: source.end,
			status: source.bookingState,
			resource: { id: String(source.bookableResource.id), name: source.bookableResource.name[0].value },
			owner: { id: String(source.organizer.id), email: source.organizer.emailAddress },
			updatedAt: source.updatedAt,
			unmapped: [],
		});
	});

	it('a normalized key whose source field every record lacks is an error naming it; a field present with null stays null and unflagged', async () => {
		ctx.sandbox.dropAppointmentFields = ['subject', 'organizer'];
		const result = await ctx.run({ resource: 'appointment', operation: 'search', returnAll: false, limit: 1, filters: { id: '4' }, output: 'both' });
		expect(result.error?.message).toMatch(/Simplify's title needs/);
		expect(result.error?.message).toMatch(/subject, title, name/);
		expect((result.error as { description?: string }).description).toContain('the contract line "APPOINTMENT_ALIASES (');

		ctx.sandbox.dropAppointmentFields = [];
		const appointment = ctx.sandbox.data.appointments[3];
		const subject = appointment.subject;
		(appointment as unknown as Record<string, unknown>).subject = null;
		try {
			const nulled = (await simplified('4')).normalized as Record<string, unknown>;
			expect(nulled.title).toBeNull();
			expect(nulled.unmapped).toEqual([]);
		} finally {
			appointment.subject = subject;
		}
	});

	it.each(['pascal', 'snake'] as const)('Simplify reads a server answering appointments in %s case: the same normalized booking, nothing unmapped', async (keyCase) => {
		const plain = (await simplified('3')).normalized;
		ctx.sandbox.appointmentKeyCase = keyCase;
		try {
			const styled = await simplified('3');
			expect(styled.bookingState).toBeUndefined();
			expect(styled[keyCase === 'pascal' ? 'BookingState' : 'booking_state']).toBe(ctx.sandbox.data.appointments[2].bookingState);
			expect(styled.normalized).toEqual(plain);
			const source = ctx.sandbox.data.appointments[2];
			expect(styled.normalized).toMatchObject({
				id: String(source.id),
				title: source.subject,
				start: source.start,
				end: source.end,
				status: source.bookingState,
				resource: { id: String(source.bookableResource.id), name: source.bookableResource.name[0].value },
				owner: { id: String(source.organizer.id), email: source.organizer.emailAddress },
				updatedAt: source.updatedAt,
				unmapped: [],
			});
		} finally {
			ctx.sandbox.appointmentKeyCase = 'camel';
		}
	});

	it('API Contract → Check reads the same alias lists: the variant server\'s field names are confirmed', async () => {
		ctx.sandbox.appointmentFieldVariant = 'alt';
		const { byLine } = await runContractCheck(ctx.run);
		expect(byLine['fields.appointment'].status).toBe('confirmed');
		expect(byLine['fields.appointment'].evidence).toContain('title←title');
		expect(byLine['path.accessList'].status).toBe('confirmed');
		expect(byLine['path.playerContents'].status).toBe('confirmed');
		ctx.sandbox.appointmentFieldVariant = 'default';
		ctx.sandbox.dropAppointmentFields = ['subject'];
		const dropped = await runContractCheck(ctx.run);
		expect(dropped.byLine['fields.appointment'].status).toBe('contradicted');
		expect(dropped.byLine['fields.appointment'].fix).toContain('take the values from the vendor\'s own fields');
	});

	it('IoT Device → Create: a name the server does not keep (it uses deviceName) is an error naming the field and the contract line', async () => {
		ctx.sandbox.iotDeviceNameField = 'deviceName';
		const result = await ctx.run({ resource: 'iotDevice', operation: 'create', accessId: 'VERIFY-1', additionalFields: { name: 'Lobby sensor' } });
		expect(result.error?.message).toMatch(/did not keep the name: name = "Lobby sensor" was sent, the created IoT device \d+ has no name/);
		expect(result.error?.description).toContain('the contract line "DEVICE_FIELDS.name" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues');
		expect(result.error?.description).toContain('deviceName');
		// Without a name nothing is left unverified: the same server passes.
		const plain = await ctx.run({ resource: 'iotDevice', operation: 'create', accessId: 'VERIFY-2', additionalFields: {} });
		expect(plain.error).toBeUndefined();
		expect(plain.items[0].json.accessId).toBe('VERIFY-2');
	});

	it('IoT Device → Update: a changed name that comes back missing is an error; the default server passes with the values checked', async () => {
		const device = ctx.sandbox.data.iotDevices[0];
		const ok = await ctx.run({ resource: 'iotDevice', operation: 'update', iotDeviceId: { mode: 'id', value: String(device.id) }, updateFields: { name: 'Checked', isDeleted: false } });
		expect(ok.error).toBeUndefined();
		expect(ok.items[0].json.name).toBe('Checked');
		ctx.sandbox.iotDeviceNameField = 'deviceName';
		const result = await ctx.run({ resource: 'iotDevice', operation: 'update', iotDeviceId: { mode: 'id', value: String(device.id) }, updateFields: { name: 'Lost' } });
		expect(result.error?.message).toMatch(/did not keep the name: name = "Lost" was sent, the updated IoT device \d+ has no name/);
		expect(ctx.sandbox.requests(API + `${P.iotDevice}/${device.id}`, 'PUT')).toHaveLength(2);
	});

	it('IoT Sensor → Post Occupancy: a reading the server stores without its values is an error naming the field; the default server passes (the timestamp compared as an instant)', async () => {
		const params = { resource: 'iotSensor', operation: 'postOccupancy', accessId: 'SENSOR-Room101', isConnected: true, isOccupied: true, timestamp: '2026-01-12T04:23:02Z' };
		const ok = await ctx.run(params);
		expect(ok.error).toBeUndefined();
		expect(ok.items[0].json).toMatchObject({ deviceId: 1, data: { isConnected: true, isOccupied: true } });
		ctx.sandbox.occupancyDataField = 'occupancy';
		const result = await ctx.run(params);
		expect(result.error?.message).toMatch(/did not keep the connected state: data.isConnected = true was sent, the recorded occupancy reading of device 1 has no data.isConnected/);
		expect(result.error?.description).toContain('the contract line "OCCUPANCY_FIELDS.isConnected" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues');
	});
});
