import { HubPlannerSandbox, VARIANT_BOOKING_NAMES } from '../../sandbox/hubplanner';
import { startHubPlanner } from './setup';

/**
 * A tenant that differs from the document (issue 14): booking fields under other names are read through
 * BOOKING_ALIASES, a key with no source field is flagged in normalized.unmapped, and a write the tenant does not
 * keep is an error naming the field and its contract line — never wrong data in silence.
 */
describe('Hub Planner: variant tenants (field names, writes not kept)', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;
	const rl = (value: string) => ({ __rl: true, mode: 'id', value });
	const bookings = () => ctx.sandbox.data.bookings;

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.seedBookings(12);
		ctx.sandbox.seedTimeEntries(10);
		ctx.sandbox.renameFields = {};
		ctx.sandbox.ignoredOnWrite = [];
		ctx.useKey(HubPlannerSandbox.WRITE_KEY);
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

	it('Simplify reads a variant tenant\'s field names through the alias lists (nothing unmapped)', async () => {
		ctx.sandbox.renameFields = { ...VARIANT_BOOKING_NAMES };
		const booking = bookings().find((b) => b.title !== '')!;
		const result = await ctx.run({ resource: 'booking', operation: 'get', bookingId: booking._id, output: 'both' });
		expect(result.error).toBeUndefined();
		const json = result.items[0].json as Record<string, any>;
		// The vendor record stays untouched: the tenant's names.
		expect(json.name).toBe(booking.title);
		expect(json).not.toHaveProperty('title');
		expect(json.normalized).toMatchObject({
			id: booking._id,
			title: booking.title,
			status: booking.type,
			resource: { id: booking.resource },
			owner: { id: booking.bookingCreatorId },
			amount: { value: 0 },
			unmapped: [],
		});
		expect(json.normalized.start).toMatch(new RegExp(`^${booking.start}`));
		expect(json.normalized.end).toMatch(new RegExp(`^${booking.end}`));
		expect(json.normalized.updatedAt).toBe(booking.updatedDate.replace('.000Z', 'Z'));
		const all = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true, output: 'both' });
		expect(all.items.every((i) => (i.json.normalized as { unmapped: string[]; start: string | null }).unmapped.length === 0)).toBe(true);
		expect(all.items.every((i) => (i.json.normalized as { start: string | null }).start !== null)).toBe(true);
	});

	it('a key whose field some bookings lack is listed in their normalized.unmapped; lacking from every booking is an error naming it; present-but-null stays plain null', async () => {
		ctx.sandbox.renameFields = { title: 'subject', updatedDate: 'modifiedOn' };
		const booking = bookings()[0];
		const renamed = await ctx.run({ resource: 'booking', operation: 'get', bookingId: booking._id, output: 'both' });
		expect(renamed.error?.message).toMatch(/Simplify's title needs the booking's title/);
		expect((renamed.error as { description?: string }).description).toContain('the contract line "BOOKING_ALIASES (');
		ctx.sandbox.renameFields = {};
		delete (booking as Record<string, unknown>).details;
		const all = await ctx.run({ resource: 'booking', operation: 'getAll', returnAll: true, output: 'both' });
		expect(all.error).toBeUndefined();
		const normalizedOf = (id: unknown) => all.items.find((i) => i.json._id === id)?.json.normalized as Record<string, unknown>;
		expect(normalizedOf(booking._id).unmapped).toEqual(['amount']);
		expect(normalizedOf(booking._id).amount).toBeNull();
		expect(normalizedOf(bookings()[1]._id).unmapped).toEqual([]);
		const other = bookings()[1];
		(other as Record<string, unknown>).title = null;
		const nulls = await ctx.run({ resource: 'booking', operation: 'get', bookingId: other._id, output: 'both' });
		const plain = nulls.items[0].json.normalized as Record<string, unknown>;
		expect(plain.title).toBeNull();
		expect(plain.unmapped).toEqual([]);
	});

	it('writes on a variant tenant are verified through the alias lists: what comes back under its own name is accepted', async () => {
		ctx.sandbox.renameFields = { ...VARIANT_BOOKING_NAMES };
		const result = await create({ additionalFields: { title: 'Workshop' }, output: 'both' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.name).toBe('Workshop');
		expect((result.items[0].json.normalized as { title: string }).title).toBe('Workshop');
	});

	it('a booking field the tenant does not keep fails Create, Update and Patch, naming the field and the contract line', async () => {
		ctx.sandbox.ignoredOnWrite = ['metadata'];
		const created = await create({ additionalFields: { metadata: 'ERP-17' } });
		expect(created.error?.message).toMatch(/^Hub Planner did not keep the metadata: "ERP-17" was sent, the created booking \w+ has metadata = ""/);
		expect((created.error as { description?: string }).description).toContain('the contract line "BOOKING_ALIASES.metadata" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues');
		const id = bookings()[2]._id;
		const updated = await ctx.run({ resource: 'booking', operation: 'update', bookingId: id, updateFields: { metadata: 'ERP-18', note: 'kept' } });
		expect(updated.error?.message).toMatch(/did not keep the metadata: "ERP-18" was sent, the updated booking/);
		ctx.sandbox.ignoredOnWrite = ['bookingRate', 'deadlineName'];
		const patched = await ctx.run({ resource: 'booking', operation: 'patch', bookingId: id, updateFields: { deadlineName: 'Go-live' } });
		expect(patched.error?.message).toMatch(/did not keep the deadlineName: "Go-live" was sent, the patched booking/);
		const rate = ctx.sandbox.data.billingRates[1]._id;
		const rated = await create({ additionalFields: { externalRateId: rate } });
		expect(rated.error?.message).toContain(`did not keep the bookingRate.external.defaultRateId: "${rate}" was sent`);
		expect((rated.error as { description?: string }).description).toContain('BOOKING_ALIASES.externalRate');
		// Fields the tenant keeps pass.
		ctx.sandbox.ignoredOnWrite = ['metadata'];
		const fine = await create({ additionalFields: { title: 'No metadata sent' } });
		expect(fine.error).toBeUndefined();
	});

	it('a time entry or client field the tenant does not keep is an error too', async () => {
		ctx.sandbox.ignoredOnWrite = ['note', 'metadata'];
		const entry = await ctx.run({
			resource: 'timeEntry',
			operation: 'create',
			entryResource: rl(ctx.sandbox.data.resources[0]._id),
			entryProject: rl(ctx.sandbox.data.projects[0]._id),
			date: '2026-03-02',
			minutes: 60,
			additionalFields: { note: 'Prep' },
		});
		expect(entry.error?.message).toMatch(/did not keep the note: "Prep" was sent, the created time entry/);
		expect((entry.error as { description?: string }).description).toContain('TIME_ENTRY_ALIASES.note');
		const unlocked = ctx.sandbox.data.timeEntries.find((e) => !e.locked)!;
		const updated = await ctx.run({ resource: 'timeEntry', operation: 'update', timeEntryId: unlocked._id, updateFields: { metadata: 'TS-9' } });
		expect(updated.error?.message).toMatch(/did not keep the metadata: "TS-9" was sent, the updated time entry/);
		const client = await ctx.run({ resource: 'client', operation: 'create', name: 'Cyberdyne', additionalFields: { metadata: 'ERP-C9' } });
		expect(client.error?.message).toMatch(/did not keep the metadata: "ERP-C9" was sent, the created client \w+ has metadata = null/);
		expect((client.error as { description?: string }).description).toContain('CLIENT_ALIASES.metadata');
	});
});
