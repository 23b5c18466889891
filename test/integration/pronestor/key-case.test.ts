import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import type { KeyCase } from '../../sandbox/pronestor';
import { startPronestor } from './setup';

type State = Record<string, unknown>;
type Json = Record<string, any>;

/**
 * A tenant whose JSON serializer writes another key style (camelCase, snake_case) than the guide's PascalCase:
 * every feature that reads a vendor field reads it in any case or word style, and a field no record carries is an
 * error naming it. Expected values come from the emulator's data.
 */
describe.each<KeyCase>(['camel', 'snake'])('Pronestor Planner: a tenant answering in %s case', (keyCase) => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;
	const key = (pascal: string) =>
		keyCase === 'camel'
			? pascal.charAt(0).toLowerCase() + pascal.slice(1)
			: pascal.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

	beforeAll(async () => {
		ctx = await startPronestor({ lockedBookings: 50, keyCase });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.useCredential();
	});

	it('the emulator answers in the key style (knob self-check)', async () => {
		const result = await ctx.run({ resource: 'billingAccount', operation: 'getAll', returnAll: true, hideDeleted: false });
		expect(result.error).toBeUndefined();
		expect(Object.keys(result.items[0].json)).toContain(key('IsDeleted'));
		expect(Object.keys(result.items[0].json)).not.toContain('IsDeleted');
	});

	it('Simplify gives the right normalized id, amount, cost centre and times', async () => {
		const booking = ctx.sandbox.insertLockedBooking('2024-11-02T10:11:12Z');
		const result = await ctx.run({
			resource: 'lockedBooking',
			operation: 'export',
			startLockTime: '2024-11-02T10:11:11Z',
			endLockTime: '2024-11-02T10:11:12Z',
			output: 'both',
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const json = result.items[0].json as Json;
		expect(json[key('Id')]).toBe(booking.Id);
		expect(json.normalized).toMatchObject({
			id: String(booking.Id),
			start: booking.Start,
			end: booking.End,
			lockedAt: '2024-11-02T10:11:12Z',
			updatedAt: '2024-11-02T10:11:12Z',
			amount: { value: booking.TotalPrice, currency: booking.Currency },
			costCenter: booking.CostCenter,
			resource: { id: String(booking.ResourceId), name: booking.ResourceName },
			unmapped: [],
		});
		expect(json.normalized.title).not.toBeNull();
		expect(json.normalized.owner.email).toMatch(/@example.com$/);
	});

	it('Hide Deleted drops the deleted billing accounts', async () => {
		await ctx.run({ resource: 'billingAccount', operation: 'delete', billingAccountIds: String(ctx.sandbox.data.billingAccounts[0].Id) });
		const expected = ctx.sandbox.data.billingAccounts.filter((a) => !a.IsDeleted).map((a) => a.Id);
		expect(expected.length).toBeLessThan(ctx.sandbox.data.billingAccounts.length);
		const result = await ctx.run({ resource: 'billingAccount', operation: 'getAll', returnAll: true, hideDeleted: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json as Json)[key('Id')]).sort()).toEqual([...expected].sort());
	});

	it('Update finds the account by its id and changes it (sent once, under one name per field)', async () => {
		const account = ctx.sandbox.data.billingAccounts.find((a) => !a.IsDeleted) as IDataObject;
		const result = await ctx.run({
			resource: 'billingAccount',
			operation: 'update',
			billingAccountId: { mode: 'id', value: String(account.Id) },
			updateFields: { name: 'Renamed in any case' },
		});
		expect(result.error).toBeUndefined();
		expect(ctx.sandbox.data.billingAccounts.find((a) => a.Id === account.Id)?.Name).toBe('Renamed in any case');
	});

	it('the locked-booking trigger keys each booking by its id and keeps emitting', async () => {
		const from = DateTime.utc().minus({ hours: 2 }).startOf('second');
		const state: State = {};
		const a = ctx.sandbox.insertLockedBooking(from.plus({ minutes: 5 }).toMillis());
		const b = ctx.sandbox.insertLockedBooking(from.plus({ minutes: 6 }).toMillis());
		const first = await ctx.poll({ startFrom: from.toISO() }, state);
		expect(first.error).toBeUndefined();
		const ids = (r: typeof first) => (r.items ? r.items[0].map((i) => (i.json as Json)[key('Id')]) : []);
		expect(ids(first)).toEqual([a.Id, b.Id]);
		expect(((state.lockedBooking as State).recent as string[]).some((k) => k.includes('undefined') || k.startsWith('?'))).toBe(false);
		const c = ctx.sandbox.insertLockedBooking(from.plus({ minutes: 30 }).toMillis());
		const second = await ctx.poll({ startFrom: from.toISO() }, state);
		expect(second.error).toBeUndefined();
		expect(ids(second)).toEqual([c.Id]);
		const d = ctx.sandbox.insertLockedBooking(from.plus({ minutes: 40 }).toMillis());
		const third = await ctx.poll({ startFrom: from.toISO() }, state);
		expect(ids(third)).toEqual([d.Id]);
		expect(await ctx.poll({ startFrom: from.toISO() }, state)).toMatchObject({ items: null });
	});

	it('the New or Changed Booking trigger keys each booking by its id: new ones once, with Simplify', async () => {
		const HOUR = 3_600_000;
		const soon = (hours: number) => Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR;
		const rooms = { event: 'booking', options: { output: 'both' } };
		const state: State = {};
		expect((await ctx.poll(rooms, state)).items).toBeNull();
		const a = ctx.sandbox.insertOpenBooking(soon(3));
		const b = ctx.sandbox.insertOpenBooking(soon(5));
		const second = await ctx.poll(rooms, state);
		expect(second.error).toBeUndefined();
		const out = second.items ? second.items[0].map((i) => i.json as Json) : [];
		expect(out.map((j) => j.normalized.id).sort()).toEqual([String(a.Id), String(b.Id)].sort());
		expect(Object.keys((state.booking as State).versions as object).sort()).toContain(String(a.Id));
		expect(Object.keys((state.booking as State).versions as object)).not.toContain('undefined');
		expect(await ctx.poll(rooms, state)).toMatchObject({ items: null });
	});
});

describe('Pronestor Planner: a field a feature needs that no record carries is an error naming it', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor({ lockedBookings: 20 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
	});

	const message = (error: unknown) =>
		`${(error as Error).message} ${(error as { description?: string }).description ?? ''}`;

	it('Hide Deleted on accounts without any deleted flag fails (never "keep everything")', async () => {
		const accounts = ctx.sandbox.data.billingAccounts.map(({ IsDeleted: _gone, ...rest }) => rest);
		ctx.sandbox.fault({ match: (r) => /GetBillingAccounts$/.test(r.path), status: 200, body: accounts });
		const result = await ctx.run({ resource: 'billingAccount', operation: 'getAll', returnAll: true, hideDeleted: true });
		expect(result.error).toBeDefined();
		const text = message(result.error);
		expect(text).toMatch(/Hide Deleted/);
		expect(text).toMatch(/IsDeleted/);
		expect(text).toMatch(/Name/); // a name the records do carry
		expect(text).toMatch(/contract line "FIELDS\.account\.deleted"/);
	});

	it('the locked-booking trigger fails on bookings without an id, rather than key them all alike', async () => {
		const from = DateTime.utc().minus({ hours: 3 }).startOf('second');
		const booking = ctx.sandbox.insertLockedBooking(from.plus({ minutes: 1 }).toMillis());
		const { Id: _id, ...withoutId } = booking;
		ctx.sandbox.fault({ match: (r) => /FindLockedBookings$/.test(r.path), status: 200, body: [withoutId, withoutId] });
		const state: State = {};
		const result = await ctx.poll({ startFrom: from.toISO() }, state);
		expect(result.error).toBeDefined();
		const text = message(result.error);
		expect(text).toMatch(/booking ID/);
		expect(text).toMatch(/MeetingId/); // a name the records do carry
		expect(text).toMatch(/FIELDS\.booking\.id/);
		expect((state.lockedBooking as State | undefined)?.recent ?? []).toEqual([]);
	});

	it('Simplify fails when no record carries the amount (and never gives an id of "")', async () => {
		ctx.sandbox.insertLockedBooking('2024-10-02T10:11:12Z');
		const run = (extra: Record<string, unknown> = {}) =>
			ctx.run({
				resource: 'lockedBooking',
				operation: 'export',
				startLockTime: '2024-10-02T10:11:11Z',
				endLockTime: '2024-10-02T10:11:12Z',
				output: 'both',
				...extra,
			});
		// The booking as the emulator answers it (with its meeting and account), then without its price.
		const booking = (await run({ output: 'raw' })).items[0].json as Json;
		const { TotalPrice: _price, ...withoutPrice } = booking;
		ctx.sandbox.fault({ match: (r) => /FindLockedBookings$/.test(r.path), status: 200, body: [withoutPrice] });
		const result = await run();
		expect(result.error).toBeDefined();
		const text = message(result.error);
		expect(text).toMatch(/amount/);
		expect(text).toMatch(/TotalPrice, Price, Amount/);
		expect(text).toMatch(/BOOKING_ALIASES/);

		const { Id: _id, ...withoutId } = booking;
		ctx.sandbox.fault({ match: (r) => /FindLockedBookings$/.test(r.path), status: 200, body: [booking, withoutId] });
		const some = await run();
		expect(some.error).toBeUndefined();
		const last = some.items[1].json as Json;
		expect(last.normalized.id).toBeNull();
		expect(last.normalized.unmapped).toContain('id');
		ctx.sandbox.fault({ match: (r) => /FindLockedBookings$/.test(r.path), status: 200, body: [booking, withoutId] });
		const strict = await run({ missingFields: 'fail' });
		expect(message(strict.error)).toMatch(/Simplify's id/);
	});
});
