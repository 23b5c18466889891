import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { startPronestor } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

type State = Record<string, unknown>;
type Result = { items: Array<Array<{ json: IDataObject }>> | null; staticData: IDataObject; error?: Error };
const HOUR = 3_600_000;

/**
 * What the trigger stored before each event had its own key (0.1.0): both events' keys side by side at the top of
 * the node's state. Real examples, as stored by that code against the emulator (abridged: 3 of the window's 26
 * bookings), after an emitting poll of each event, and the activation record a baseline wrote.
 */
const STORED_BOOKING = {
	epoch: 'mxcurycp-78aazt0v',
	scope: '{"type":1,"daysAhead":7}',
	known: { '10021': '41e272df08b1383d', '10022': 'e0cc551bd9c23b9d', '10082': '077ab4ef556b438b' },
	seen: ['new:10022', '10022@e0cc551bd9c23b9d', 'new:10021', '10021@41e272df08b1383d', 'new:10082', '10082@077ab4ef556b438b'],
};
const STORED_LOCKED = { from: '2026-12-07T05:42:04Z', cursor: '2026-12-07T05:52:02Z', recent: ['1796622722:10083'] };
const STORED_RECORD = {
	bookingsPollBaselines: {
		'node of captures pronestor': { state: { from: '2026-12-07T05:51:54Z', cursor: '2026-12-07T05:51:54Z', recent: [] }, at: '2026-12-07T05:51:54.053Z' },
	},
};

/** The same shape with this run's values (the emulator's bookings and times are today's). */
const likeStored = <T extends object>(example: T, values: Partial<T>): T => ({ ...stored(example), ...values });

describe('Pronestor Planner Trigger: a state stored before each event had its own key keeps working', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor({ lockedBookings: 0 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.seedLockedBookings(0);
		ctx.useCredential();
	});

	const poll = (nodeId: string, parameters: IDataObject, staticData: State, global: State = {}) =>
		ctx.harness.poll({ type: 'pronestorPlannerTrigger', nodeId, parameters: parameters as never, credentials: ['pronestorPlannerApi'], staticData: staticData as never, globalStaticData: global as never }) as Promise<Result>;
	const events = (result: Result) => (result.items ? result.items[0].map((i) => `${String(i.json.triggerEvent ?? 'locked')}:${String(i.json.Id)}`) : []);
	const soon = (hours: number) => Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR;
	const booking = (id: unknown) => ctx.sandbox.data.bookings.find((b) => b.Id === id)!;
	const rooms = { event: 'booking' };
	const second = (ms: number) => Math.floor(ms / 1000) * 1000;
	const isoSecond = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) as string;

	/** The window's keys and versions now, as the old code's `known` and `seen` held them (same hash, same answer). */
	async function windowNow(): Promise<{ known: Record<string, string>; seen: string[] }> {
		const scratch: State = {};
		await poll('scratch', rooms, scratch);
		const rule = scratch.booking as State;
		return { known: rule.versions as Record<string, string>, seen: rule.seen as string[] };
	}

	it('New or Changed Booking: the old shared bag continues its run — only what changed since is emitted, once', async () => {
		const x = ctx.sandbox.insertOpenBooking(soon(2));
		const y = ctx.sandbox.insertOpenBooking(soon(3));
		ctx.sandbox.insertOpenBooking(soon(4));
		const now = await windowNow();
		expect(now.seen.slice(0, 2)).toEqual([expect.stringMatching(/^new:\d+$/), expect.stringMatching(/^\d+@[0-9a-f]{16}$/)]);
		// The old code's last poll did not see y (it had left the window); it had seen it before.
		const { [String(y.Id)]: _left, ...known } = now.known;
		const old = likeStored(STORED_BOOKING, { known, seen: now.seen });
		expect(Object.keys(old).sort()).toEqual(Object.keys(STORED_BOOKING).sort());

		// n8n restarts with the new version; meanwhile a booking changed and one was made.
		booking(x.Id).Status = 'Moved';
		const a = ctx.sandbox.insertOpenBooking(soon(5));
		forgetPollMemory();
		const state = stored(old) as State;
		const first = await poll('upgrade-booking', rooms, state);
		expect(first.error).toBeUndefined();
		expect(events(first).sort()).toEqual([`changed:${x.Id}`, `new:${a.Id}`].sort());
		// One key per event; the booking event's run and settings carried over.
		expect(Object.keys(state)).toEqual(['booking']);
		expect(state.booking).toMatchObject({ scope: STORED_BOOKING.epoch, settings: STORED_BOOKING.scope });
		expect((state.booking as State).seen).toEqual(expect.arrayContaining(now.seen));
		expect((await poll('upgrade-booking', rooms, stored(state))).items).toBeNull();
	});

	it('New or Changed Booking: an old activation record whose node state n8n dropped still holds the baseline', async () => {
		ctx.sandbox.insertOpenBooking(soon(2));
		const now = await windowNow();
		const nodeId = 'upgrade-booking-record';
		const global = { bookingsPollBaselines: { [nodeId]: { ...STORED_RECORD.bookingsPollBaselines['node of captures pronestor'], state: likeStored(STORED_BOOKING, now) } } };
		const a = ctx.sandbox.insertOpenBooking(soon(6));
		forgetPollMemory();
		const state: State = {};
		const first = await poll(nodeId, rooms, state, global);
		expect(events(first)).toEqual([`new:${a.Id}`]);
		expect(state.booking).toMatchObject({ scope: STORED_BOOKING.epoch });
		// The record has served: the node's own state carries the run from here.
		expect(global.bookingsPollBaselines).toBeUndefined();
		expect((await poll(nodeId, rooms, state, global)).items).toBeNull();
	});

	it('New Locked Booking: the old shared bag continues from its cursor — the late and the later bookings once, nothing emitted again', async () => {
		const cursor = second(Date.now() - 60_000);
		const emitted = ctx.sandbox.insertLockedBooking(cursor);
		const old = likeStored(STORED_LOCKED, { from: isoSecond(cursor - 600_000), cursor: isoSecond(cursor), recent: [`${cursor / 1000}:${emitted.Id}`] });
		// Locked while n8n was down: one stored late inside the look-back, one after the cursor.
		const late = ctx.sandbox.insertLockedBooking(cursor - 2000);
		const later = ctx.sandbox.insertLockedBooking(cursor + 20_000);
		forgetPollMemory();
		const state = stored(old) as State;
		const first = await poll('upgrade-locked', {}, state);
		expect(first.error).toBeUndefined();
		expect(events(first)).toEqual([`locked:${late.Id}`, `locked:${later.Id}`]);
		expect(Object.keys(state)).toEqual(['lockedBooking']);
		expect((state.lockedBooking as State).from).toBe(old.from);
		expect((await poll('upgrade-locked', {}, stored(state))).items).toBeNull();
	});

	it('New Locked Booking: an old activation record whose node state n8n dropped still holds the start', async () => {
		const nodeId = 'upgrade-locked-record';
		const start = isoSecond(second(Date.now() - 3_600_000));
		const example = STORED_RECORD.bookingsPollBaselines['node of captures pronestor'];
		const global = { bookingsPollBaselines: { [nodeId]: { ...example, state: likeStored(example.state, { from: start, cursor: start }) } } };
		const before = ctx.sandbox.insertLockedBooking(Date.parse(start));
		const a = ctx.sandbox.insertLockedBooking(Date.parse(start) + 5 * 60_000);
		forgetPollMemory();
		const state: State = {};
		const first = await poll(nodeId, {}, state, global);
		expect(events(first)).toEqual([`locked:${a.Id}`]);
		expect(events(first)).not.toContain(`locked:${before.Id}`);
		expect((state.lockedBooking as State).from).toBe(start);
		expect((await poll(nodeId, {}, state, global)).items).toBeNull();
	});

	it('an old locked-booking state switched to New or Changed Booking: the locked state is kept, the booking event starts afresh', async () => {
		const cursor = second(Date.now() - 60_000);
		const old = likeStored(STORED_LOCKED, { from: isoSecond(cursor), cursor: isoSecond(cursor), recent: [] });
		ctx.sandbox.insertOpenBooking(soon(2));
		forgetPollMemory();
		const state = stored(old) as State;
		expect((await poll('upgrade-switch', rooms, state)).items).toBeNull();
		expect(state.lockedBooking).toEqual(old);
		const a = ctx.sandbox.insertOpenBooking(soon(3));
		expect(events(await poll('upgrade-switch', rooms, state))).toEqual([`new:${a.Id}`]);
		// Back to the locked event: it goes on from its cursor.
		const b = ctx.sandbox.insertLockedBooking(cursor + 10_000);
		expect(events(await poll('upgrade-switch', {}, state))).toEqual([`locked:${b.Id}`]);
	});
});
