import type { NodeApiError } from 'n8n-workflow';
import { HubPlannerSandbox } from '../../sandbox/hubplanner';
import { startHubPlanner } from './setup';

describe('Hub Planner: creating, changing, deciding and deleting bookings', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;
	const rl = (value: string) => ({ __rl: true, mode: 'id', value });
	const resourceId = () => ctx.sandbox.data.resources[0]._id;
	const projectId = () => ctx.sandbox.data.projects[0]._id;
	const byId = (id: unknown) => ctx.sandbox.data.bookings.find((b) => b._id === id);

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.seedBookings(10);
		ctx.sandbox.overscheduleWarning = false;
		ctx.useKey(HubPlannerSandbox.WRITE_KEY);
	});

	const create = (extra: Record<string, unknown> = {}) =>
		ctx.run({
			resource: 'booking',
			operation: 'create',
			bookedResource: rl(resourceId()),
			bookedProject: rl(projectId()),
			view: 'day',
			start: '2026-03-02',
			end: '2026-03-04',
			state: 'STATE_DAY_MINUTE',
			stateValue: 240,
			...extra,
		});

	it('creates a day-view booking with state and state value', async () => {
		const result = await create({ additionalFields: { title: 'Workshop', metadata: 'ERP-17' }, output: 'both' });
		expect(result.error).toBeUndefined();
		const json = result.items[0].json;
		expect(byId(json._id)).toBeDefined();
		const [call] = ctx.sandbox.requests('/v1/booking', 'POST');
		expect(call.body).toEqual({
			resource: resourceId(),
			project: projectId(),
			start: '2026-03-02',
			end: '2026-03-04',
			state: 'STATE_DAY_MINUTE',
			stateValue: 240,
			title: 'Workshop',
			metadata: 'ERP-17',
		});
		expect(call.status).toBe(201);
		expect(json.normalized).toMatchObject({ id: json._id, title: 'Workshop', vendor: 'hubPlanner' });
	});

	it('creates an hours-view booking and a booking request', async () => {
		const hours = await create({ view: 'hours', start: '2026-03-02T10:00:00', end: '2026-03-02T15:00:00' });
		expect(hours.error).toBeUndefined();
		const [call] = ctx.sandbox.requests('/v1/booking', 'POST');
		expect(call.body).toMatchObject({ start: '2026-03-02 10:00', end: '2026-03-02 15:00', allDay: false, state: 'STATE_DAY_MINUTE' });
		expect(call.body).not.toHaveProperty('stateValue');
		const request = await create({ asRequest: true });
		expect(request.items[0].json.type).toBe('WAITING_FOR_APPROVAL');
	});

	it('refuses bad create input before calling Hub Planner', async () => {
		// An empty literal is already refused by n8n's own parameter check; an expression that resolves to
		// nothing reaches the node, which names the field.
		const noResource = await create({ bookedResource: rl('={{ $json.missing ?? "" }}') });
		expect(noResource.error?.message).toMatch(/Booked Resource: is empty/);
		const badDate = await create({ start: '31/02/2026' });
		expect(badDate.error?.message).toMatch(/Start: "31\/02\/2026" is not a date/);
		const reversed = await create({ view: 'hours', start: '2026-03-02T15:00:00', end: '2026-03-02T10:00:00' });
		expect(reversed.error?.message).toMatch(/End: .* is not after Start/);
		expect(ctx.sandbox.requests('/v1/booking', 'POST')).toHaveLength(0);
	});

	it('over-schedule warning: refused with a hint, then accepted with Allow Overschedule', async () => {
		ctx.sandbox.overscheduleWarning = true;
		const existing = ctx.sandbox.data.bookings[0];
		const clash = {
			bookedResource: rl(existing.resource),
			start: existing.start.slice(0, 10),
			end: existing.end.slice(0, 10),
		};
		const refused = await create(clash);
		expect((refused.error as NodeApiError).httpCode).toBe('400');
		expect((refused.error as NodeApiError).description).toMatch(/Allow Overschedule/);
		const allowed = await create({ ...clash, additionalFields: { allowOverschedule: true } });
		expect(allowed.error).toBeUndefined();
		expect(ctx.sandbox.requests('/v1/booking', 'POST').map((r) => (r.body as { allowOverschedule?: boolean }).allowOverschedule)).toEqual([undefined, true]);
	});

	it('Update reads the booking, merges the fields and PUTs the whole object', async () => {
		const booking = ctx.sandbox.data.bookings[2];
		const result = await ctx.run({ resource: 'booking', operation: 'update', bookingId: booking._id, updateFields: { title: 'Renamed', note: 'moved' } });
		expect(result.error).toBeUndefined();
		expect(byId(booking._id)).toMatchObject({ title: 'Renamed', note: 'moved', project: booking.project, resource: booking.resource });
		const calls = ctx.sandbox.log.map((r) => `${r.method} ${r.path}`);
		expect(calls).toEqual([`GET /v1/booking/${booking._id}`, `PUT /v1/booking/${booking._id}`]);
		const put = ctx.sandbox.requests(`/v1/booking/${booking._id}`, 'PUT')[0];
		expect(put.body).toMatchObject({ _id: booking._id, start: booking.start, end: booking.end, title: 'Renamed' });
	});

	it('Patch sends only the given fields; no fields is a clear error', async () => {
		const booking = ctx.sandbox.data.bookings[3];
		const result = await ctx.run({ resource: 'booking', operation: 'patch', bookingId: booking._id, updateFields: { stateValue: 120, end: '2026-01-09' } });
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.requests(`/v1/booking/${booking._id}`, 'PATCH')[0].body).toEqual({ stateValue: 120, end: '2026-01-09' });
		const none = await ctx.run({ resource: 'booking', operation: 'patch', bookingId: booking._id, updateFields: {} });
		expect(none.error?.message).toMatch(/Update Fields: none given/);
	});

	it('approves and rejects booking requests with approver and notes', async () => {
		const first = (await create({ asRequest: true })).items[0].json;
		const second = (await create({ asRequest: true, start: '2026-04-01', end: '2026-04-02' })).items[0].json;
		const approver = ctx.sandbox.data.resources[1]._id;
		const approved = await ctx.run({ resource: 'booking', operation: 'approve', bookingId: first._id, approver: rl(approver), options: { approverNote: 'ok' } });
		expect(approved.error).toBeUndefined();
		expect(approved.items[0].json.type).toBe('APPROVED');
		expect(ctx.sandbox.requests(`/v1/booking/${first._id}`, 'PATCH')[0].body).toEqual({
			type: 'APPROVED',
			approvalInfo: { approvedOrRejectedById: approver, approverNote: 'ok' },
		});
		const rejected = await ctx.run({ resource: 'booking', operation: 'reject', bookingId: second._id, approver: rl(approver) });
		expect(rejected.items[0].json.type).toBe('REJECTED');
		const again = await ctx.run({ resource: 'booking', operation: 'approve', bookingId: second._id, approver: rl(approver) });
		expect((again.error as NodeApiError).httpCode).toBe('400');
	});

	it('deletes one booking and answers {deleted: true}', async () => {
		const booking = ctx.sandbox.data.bookings[4];
		const result = await ctx.run({ resource: 'booking', operation: 'delete', bookingId: booking._id });
		expect(result.items[0].json).toEqual({ deleted: true, id: booking._id });
		expect(byId(booking._id)?.deleted).toBe(true);
	});

	it('deletes many bookings by ids, resource and project', async () => {
		const [a, b] = ctx.sandbox.data.bookings;
		const byIds = await ctx.run({ resource: 'booking', operation: 'deleteMany', by: 'ids', ids: `${a._id}, ${b._id}` });
		expect(byIds.error).toBeUndefined();
		expect(byIds.items[0].json).toMatchObject({ deleted: true, ids: `${a._id},${b._id}` });
		expect([byId(a._id)?.deleted, byId(b._id)?.deleted]).toEqual([true, true]);
		const resource = ctx.sandbox.data.bookings.find((x) => !x.deleted)!.resource;
		await ctx.run({ resource: 'booking', operation: 'deleteMany', by: 'resourceId', resourceId: resource });
		expect(ctx.sandbox.data.bookings.filter((x) => x.resource === resource && !x.deleted)).toHaveLength(0);
		const project = ctx.sandbox.data.bookings.find((x) => !x.deleted)!.project;
		await ctx.run({ resource: 'booking', operation: 'deleteMany', by: 'projectId', projectId: project });
		expect(ctx.sandbox.data.bookings.filter((x) => x.project === project && !x.deleted)).toHaveLength(0);
		const empty = await ctx.run({ resource: 'booking', operation: 'deleteMany', by: 'ids', ids: ' , ' });
		expect(empty.error?.message).toMatch(/Booking IDs: is empty/);
	});

	it('a POST is not repeated after a 503 (not idempotent), but a 429 is', async () => {
		ctx.sandbox.fault({ status: 503, body: 'busy', match: (r) => r.method === 'POST' });
		const failed = await create();
		expect((failed.error as NodeApiError).httpCode).toBe('503');
		expect(ctx.sandbox.requests('/v1/booking', 'POST')).toHaveLength(1);
		ctx.sandbox.resetLog();
		ctx.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { error: { message: 'burst' } }, match: (r) => r.method === 'POST' });
		const ok = await create();
		expect(ok.error).toBeUndefined();
		expect(ctx.sandbox.requests('/v1/booking', 'POST').map((r) => r.status)).toEqual([429, 201]);
	});
});
