import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { startPronestor } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

const BY_TYPE = /FindBookingsByResourceType$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type State = Record<string, unknown>;
/** As n8n stores it: a JSON copy, so a "restart" sees only what was saved. */
const restart = (state: State): State => JSON.parse(JSON.stringify(state)) as State;
type Result = { items: Array<Array<{ json: IDataObject }>> | null };

describe('Pronestor Planner Trigger: new or changed bookings of a resource type, each version once', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor({ lockedBookings: 50 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.latencyMs = 0;
		ctx.useCredential();
	});

	const emitted = (result: Result) => (result.items ? result.items[0].map((i) => i.json) : []);
	const events = (result: Result) => emitted(result).map((b) => `${String(b.triggerEvent)}:${String(b.Id)}`);
	/** A whole hour `hours` from now. */
	const soon = (hours: number) => Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR;
	const booking = (id: unknown) => ctx.sandbox.data.bookings.find((b) => b.Id === id)!;
	const rooms = { event: 'booking' };

	it('starts from now: the first poll remembers the window, later polls emit each new room booking once', async () => {
		const state: State = {};
		const before = ctx.sandbox.insertOpenBooking(soon(2));
		const first = await ctx.poll(rooms, state);
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect(await ctx.poll(rooms, state)).toMatchObject({ items: null });

		const a = ctx.sandbox.insertOpenBooking(soon(3));
		const b = ctx.sandbox.insertOpenBooking(soon(6 * 24));
		ctx.sandbox.insertOpenBooking(soon(4), { type: 2 }); // catering: another resource type
		ctx.sandbox.insertOpenBooking(soon(9 * 24)); // beyond the default 7 days
		const third = await ctx.poll(rooms, state);
		expect(third.error).toBeUndefined();
		expect(events(third).sort()).toEqual([`new:${a.Id}`, `new:${b.Id}`].sort());
		expect(events(third).join()).not.toContain(String(before.Id));
		expect(third.saved).toBe(true);
		expect(emitted(third).find((x) => x.Id === a.Id)).toMatchObject({ ResourceType: 1, Start: a.Start, MeetingId: a.MeetingId });
		expect(await ctx.poll(rooms, state)).toMatchObject({ items: null });

		// The window is now → now + 7 days, rooms (type=1), in the documented UTC format.
		const call = ctx.sandbox.requests(BY_TYPE).slice(-1)[0];
		expect(call.query.type).toBe('1');
		const at = (v: unknown) => DateTime.fromFormat(String(v), "yyyy-MM-dd HH:mm:ss'Z'", { zone: 'utc' });
		expect(Math.abs(at(call.query.start).toMillis() - Date.now())).toBeLessThan(10_000);
		expect(at(call.query.end).toMillis() - at(call.query.start).toMillis()).toBe(7 * DAY);
	});

	it('emits a changed booking once per version, and a new and a changed one as separate events', async () => {
		const state: State = {};
		const x = ctx.sandbox.insertOpenBooking(soon(5));
		expect((await ctx.poll(rooms, state)).items).toBeNull();

		booking(x.Id).ResourceId = 202;
		booking(x.Id).ResourceName = 'Aurora';
		const changed = await ctx.poll(rooms, state);
		expect(events(changed)).toEqual([`changed:${x.Id}`]);
		expect(emitted(changed)[0]).toMatchObject({ ResourceName: 'Aurora' });
		expect((await ctx.poll(rooms, state)).items).toBeNull();

		booking(x.Id).Start = new Date(Date.parse(x.Start) + HOUR).toISOString();
		const fresh = ctx.sandbox.insertOpenBooking(soon(7));
		expect(events(await ctx.poll(rooms, state)).sort()).toEqual([`changed:${x.Id}`, `new:${fresh.Id}`].sort());
		expect((await ctx.poll(rooms, state)).items).toBeNull();

		// A cancelled booking leaves the window and the state; nothing is emitted for it.
		ctx.sandbox.data.bookings.splice(ctx.sandbox.data.bookings.indexOf(booking(fresh.Id)), 1);
		expect((await ctx.poll(rooms, state)).items).toBeNull();
		expect(Object.keys((state.booking as State).versions as object)).not.toContain(String(fresh.Id));
	});

	it('continues from the activation poll when n8n dropped its node state and the process restarted', async () => {
		ctx.sandbox.insertOpenBooking(soon(2));
		const global: State = {};
		expect((await ctx.poll(rooms, {}, 'trigger', global)).items).toBeNull();
		const a = ctx.sandbox.insertOpenBooking(soon(3));
		forgetPollMemory();
		const saved = stored(global);
		const state: State = {};
		expect(events(await ctx.poll(rooms, state, 'trigger', saved))).toEqual([`new:${a.Id}`]);
		expect((await ctx.poll(rooms, state, 'trigger', saved)).items).toBeNull();
	});

	it('survives restarts from the saved state, without repeats or gaps', async () => {
		let state: State = {};
		const x = ctx.sandbox.insertOpenBooking(soon(2));
		await ctx.poll(rooms, state);
		state = restart(state);
		const a = ctx.sandbox.insertOpenBooking(soon(8));
		booking(x.Id).Status = 'Moved';
		expect(events(await ctx.poll(rooms, state)).sort()).toEqual([`changed:${x.Id}`, `new:${a.Id}`].sort());
		state = restart(state);
		expect((await ctx.poll(rooms, state)).items).toBeNull();
	});

	it('overlapping polls from the same saved state emit each event once', async () => {
		const state: State = {};
		await ctx.poll(rooms, state);
		const news = [ctx.sandbox.insertOpenBooking(soon(10)), ctx.sandbox.insertOpenBooking(soon(11))];
		ctx.sandbox.latencyMs = 30;
		const [p, q] = await Promise.all([ctx.poll(rooms, restart(state)), ctx.poll(rooms, restart(state))]);
		const union = [...events(p), ...events(q)];
		expect(union.sort()).toEqual(news.map((n) => `new:${n.Id}`).sort());
	});

	it('adds the meeting and its owner when asked, and Simplify normalizes the booking', async () => {
		const state: State = {};
		const params = { event: 'booking', options: { includeOwner: true, output: 'both' } };
		await ctx.poll(params, state);
		ctx.sandbox.resetLog();
		const a = ctx.sandbox.insertOpenBooking(soon(4));
		const result = await ctx.poll(params, state);
		const [json] = emitted(result) as Array<Record<string, any>>;
		const meeting = ctx.sandbox.data.meetings.find((m) => m.Id === a.MeetingId)!;
		const owner = ctx.sandbox.data.users.find((u) => u.Id === meeting.OwnerId)!;
		expect(json.Meeting).toMatchObject({ Id: meeting.Id, Title: meeting.Title, Owner: { Id: owner.Id, Email: owner.Email } });
		expect(json.normalized).toMatchObject({
			id: String(a.Id),
			vendor: 'pronestorPlanner',
			kind: 'booking',
			title: meeting.Title,
			resource: { id: String(a.ResourceId), name: a.ResourceName, type: 'Room' },
			owner: { id: String(owner.Id), name: owner.Name, email: owner.Email },
		});
		// Only the emitted booking's meeting and owner are looked up.
		expect(ctx.sandbox.requests(/GetMeeting$/).map((c) => c.query.meetingId)).toEqual([String(a.MeetingId)]);
		expect(ctx.sandbox.requests(/GetUser$/)).toHaveLength(1);
		// A new version of the meeting alone is not a new version of the booking.
		meeting.Title = 'Renamed';
		expect((await ctx.poll(params, state)).items).toBeNull();
	});

	it('a failing meeting look-up fails the poll and leaves the state alone: the next poll emits the booking', async () => {
		let state: State = {};
		const params = { event: 'booking', options: { includeMeeting: true } };
		await ctx.poll(params, state);
		state = restart(state);
		const a = ctx.sandbox.insertOpenBooking(soon(4));
		const before = JSON.stringify(state);
		ctx.sandbox.fault({ status: 500, times: 10, body: { Message: 'Server error' }, match: (r) => /GetMeeting$/.test(r.path) });
		const failed = await ctx.poll(params, state);
		expect(failed.error?.message).toMatch(/Pronestor Planner answered 500/);
		expect(JSON.stringify(state)).toBe(before);
		ctx.sandbox.clearFaults();
		const next = await ctx.poll(params, restart(state));
		expect(events(next)).toEqual([`new:${a.Id}`]);
		expect(emitted(next)[0].Meeting).toMatchObject({ Id: a.MeetingId });
	}, 30_000);

	it('watches another resource type and a longer window; changing them starts afresh', async () => {
		const state: State = {};
		const catering = { event: 'booking', resourceType: 2, options: { daysAhead: 30 } };
		expect((await ctx.poll(catering, state)).items).toBeNull();
		const far = ctx.sandbox.insertOpenBooking(soon(20 * 24), { type: 2 });
		ctx.sandbox.insertOpenBooking(soon(3)); // a room
		expect(events(await ctx.poll(catering, state))).toEqual([`new:${far.Id}`]);
		expect(ctx.sandbox.requests(BY_TYPE).slice(-1)[0].query.type).toBe('2');
		// Another window is another state: a baseline again, nothing emitted.
		ctx.sandbox.insertOpenBooking(soon(5), { type: 2 });
		expect((await ctx.poll({ ...catering, options: { daysAhead: 10 } }, state)).items).toBeNull();
	});

	it('"Fetch test event" returns the first booking of the window as a sample, with its meeting, and saves nothing', async () => {
		const a = ctx.sandbox.insertOpenBooking(Date.now() + 60_000);
		const state: State = {};
		const result = await ctx.poll({ event: 'booking', options: { includeMeeting: true } }, state, 'manual');
		const items = emitted(result);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ ResourceType: 1, triggerEvent: 'new', Meeting: { Id: expect.any(Number) } });
		expect(ctx.sandbox.data.bookings.some((b) => b.Id === items[0].Id)).toBe(true);
		expect(a.Id).toBeDefined();
		expect(state).toEqual({});
	});

	it('each event keeps its own state: switching to the other event and back touches neither', async () => {
		const state: State = {};
		await ctx.poll({}, state);
		const locked = JSON.stringify(state.lockedBooking);
		expect((state.lockedBooking as State).cursor).toBeDefined();
		// The first poll of this event starts its own state afresh (nothing emitted), the locked one's stays.
		expect((await ctx.poll(rooms, state)).items).toBeNull();
		expect(JSON.stringify(state.lockedBooking)).toBe(locked);
		expect((state.booking as State).versions).toBeDefined();
		const booking = JSON.stringify(state.booking);
		await ctx.poll({}, state);
		expect(JSON.stringify(state.booking)).toBe(booking);
		expect(Object.keys(state).sort()).toEqual(['booking', 'lockedBooking']);
		// Back to this event: it continues where it was, so a booking made meanwhile is new now.
		const a = ctx.sandbox.insertOpenBooking(soon(9));
		expect(events(await ctx.poll(rooms, state))).toEqual([`new:${a.Id}`]);
	});

	it.each([
		['a resource type that is not a number', { resourceType: '={{ "rooms" }}' }, /Resource Type: "rooms" is not a resource type number/],
		['resource type 0', { resourceType: 0 }, /Resource Type: "0" is not a resource type number/],
		['days ahead 0', { options: { daysAhead: 0 } }, /Days Ahead: 0 is not a whole number of days from 1 to 366/],
		['fractional days ahead', { options: { daysAhead: 2.5 } }, /Days Ahead: 2.5 is not a whole number/],
	])('refuses %s with a clear error and no request', async (_label, extra, message) => {
		const result = await ctx.poll({ event: 'booking', ...extra }, {});
		expect(result.error?.message).toMatch(message);
		expect((result.error as { description?: string }).description).toBeTruthy();
		expect(ctx.sandbox.requests(BY_TYPE)).toHaveLength(0);
	});
});
