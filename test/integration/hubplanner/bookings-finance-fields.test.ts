import type { NodeApiError } from 'n8n-workflow';
import { startHubPlanner } from './setup';

/** Booking Create / Update / Patch: bookingRate (external / internal), customFields, deadline, and the tenant's default state. */
describe('Hub Planner: booking rates, custom fields, deadlines and the default state', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;
	const rl = (value: string) => ({ __rl: true, mode: 'id', value });
	const rates = () => ctx.sandbox.data.billingRates;
	const byId = (id: unknown) => ctx.sandbox.data.bookings.find((b) => b._id === id);

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.seedBookings(10);
		ctx.sandbox.ignoredOnWrite = [];
		ctx.sandbox.renameFields = {};
	});

	const create = (extra: Record<string, unknown> = {}) =>
		ctx.run({
			resource: 'booking',
			operation: 'create',
			bookedResource: rl(ctx.sandbox.data.resources[0]._id),
			bookedProject: rl(ctx.sandbox.data.projects[0]._id),
			view: 'day',
			start: '2026-03-02',
			end: '2026-03-04',
			...extra,
		});

	it('Create leaves state and state value out by default, so the tenant default applies', async () => {
		const result = await create();
		expect(result.error).toBeUndefined();
		const [call] = ctx.sandbox.requests('/v1/booking', 'POST');
		expect(call.body).not.toHaveProperty('state');
		expect(call.body).not.toHaveProperty('stateValue');
		// The emulator's tenant default is the document's usual one.
		expect(result.items[0].json).toMatchObject({ state: 'STATE_PERCENTAGE', stateValue: 0 });
	});

	it('Create sends bookingRate, customFields and the deadline, and they are stored', async () => {
		const customFields = [{ templateId: '669554d27dc15b5590a1b831', value: 'Finance' }];
		const result = await create({
			state: 'STATE_DAY_MINUTE',
			stateValue: 480,
			additionalFields: {
				externalRateId: rates()[1]._id,
				internalRateId: rates()[2]._id,
				customFields: JSON.stringify(customFields),
				deadlineName: 'Presentation day',
				deadlineDate: '2026-03-10',
			},
		});
		expect(result.error).toBeUndefined();
		const [call] = ctx.sandbox.requests('/v1/booking', 'POST');
		expect(call.body).toMatchObject({
			state: 'STATE_DAY_MINUTE',
			stateValue: 480,
			bookingRate: { external: { defaultRateId: rates()[1]._id }, internal: { defaultRateId: rates()[2]._id } },
			customFields,
			deadlineName: 'Presentation day',
			deadlineDate: '2026-03-10T00:00:00.000Z',
		});
		expect(byId(result.items[0].json._id)).toMatchObject({
			bookingRate: { external: { defaultRateId: rates()[1]._id }, internal: { defaultRateId: rates()[2]._id } },
			customFields,
			deadlineName: 'Presentation day',
			deadlineDate: '2026-03-10T00:00:00.000Z',
		});
	});

	it('Update changes the external rate and keeps the internal one; Patch sends only the deadline', async () => {
		const created = await create({ additionalFields: { externalRateId: rates()[0]._id, internalRateId: rates()[2]._id } });
		const id = created.items[0].json._id as string;
		const updated = await ctx.run({ resource: 'booking', operation: 'update', bookingId: id, updateFields: { externalRateId: rates()[1]._id } });
		expect(updated.error).toBeUndefined();
		expect(byId(id)!.bookingRate).toEqual({ external: { defaultRateId: rates()[1]._id }, internal: { defaultRateId: rates()[2]._id } });
		const patched = await ctx.run({ resource: 'booking', operation: 'patch', bookingId: id, updateFields: { deadlineName: 'Go-live', deadlineDate: '2026-04-01' } });
		expect(patched.error).toBeUndefined();
		const [call] = ctx.sandbox.requests(`/v1/booking/${id}`, 'PATCH');
		expect(call.body).toEqual({ deadlineName: 'Go-live', deadlineDate: '2026-04-01T00:00:00.000Z' });
		expect(byId(id)).toMatchObject({ deadlineName: 'Go-live', bookingRate: { external: { defaultRateId: rates()[1]._id } } });
	});

	it('bad rate, custom field and deadline input is named before any request; an unknown rate is Hub Planner\'s 400', async () => {
		const badId = await create({ additionalFields: { externalRateId: 'Senior consultant' } });
		expect(badId.error?.message).toMatch(/External Billing Rate Name or ID: "Senior consultant" is not a Hub Planner billing rate ID/);
		const notJson = await create({ additionalFields: { customFields: '[{"templateId": }]' } });
		expect(notJson.error?.message).toMatch(/Custom Fields \(JSON\): is not valid JSON/);
		const notList = await create({ additionalFields: { customFields: '{"templateId": "x"}' } });
		expect(notList.error?.message).toMatch(/Custom Fields \(JSON\): must be a JSON array of objects/);
		const badDeadline = await ctx.run({ resource: 'booking', operation: 'patch', bookingId: ctx.sandbox.data.bookings[0]._id, updateFields: { deadlineDate: 'next friday' } });
		expect(badDeadline.error?.message).toMatch(/Deadline Date: "next friday" is not a date/);
		expect(ctx.sandbox.log.filter((r) => r.method !== 'GET')).toHaveLength(0);
		const unknown = await create({ additionalFields: { internalRateId: 'aaaaaaaaaaaaaaaaaaaaaaaa' } });
		expect((unknown.error as NodeApiError).httpCode).toBe('400');
		expect(unknown.error?.message + String((unknown.error as NodeApiError).description)).toMatch(/bookingRate.internal.defaultRateId .* is not a billing rate/);
	});
});
