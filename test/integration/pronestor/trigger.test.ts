import { withoutProofs } from '../proofs';
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { startPronestor } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

const FIND = /FindLockedBookings$/;
type State = Record<string, unknown>;
/** As n8n stores it: a JSON copy, so a "restart" sees only what was saved. */
const restart = (state: State): State => JSON.parse(JSON.stringify(state)) as State;
/** The locked-booking event's own part of the node's state. */
const locked = (state: State): State => state.lockedBooking as State;

describe('Pronestor Planner Trigger: new locked bookings, exactly once', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor({ lockedBookings: 600 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.seedLockedBookings(600);
		ctx.useCredential();
	});

	const ids = (items: IDataObject[] | undefined) => (items ?? []).map((i) => i.Id);
	const emitted = (result: { items: Array<Array<{ json: IDataObject }>> | null }) => (result.items ? result.items[0].map((i) => i.json) : []);

	it('starts from now by default: nothing older is emitted, later locks are', async () => {
		const state: State = {};
		const first = await ctx.poll({}, state);
		expect(first.items).toBeNull();
		expect(first.error).toBeUndefined();
		expect(ctx.sandbox.requests(FIND)).toHaveLength(0);
		const cursor = DateTime.fromISO(locked(state).cursor as string, { zone: 'utc' });
		expect(Math.abs(cursor.toMillis() - Date.now())).toBeLessThan(5000);

		const second = await ctx.poll({}, state);
		expect(second.items).toBeNull();

		// Pretend the workflow was activated an hour ago (as stored), then bookings were locked since.
		const hourAgo = cursor.minus({ hours: 1 });
		Object.assign(locked(state), { from: hourAgo.toISO(), cursor: hourAgo.toISO() });
		const before = ctx.sandbox.insertLockedBooking(hourAgo.toMillis());
		const a = ctx.sandbox.insertLockedBooking(hourAgo.plus({ minutes: 5 }).toMillis());
		const b = ctx.sandbox.insertLockedBooking(hourAgo.plus({ minutes: 20 }).toMillis());
		const third = await ctx.poll({}, state);
		expect(ids(emitted(third))).toEqual([a.Id, b.Id]);
		expect(ids(emitted(third))).not.toContain(before.Id);
		expect(third.saved).toBe(true);
		expect(await ctx.poll({}, state)).toMatchObject({ items: null });
	});

	it('n8n drops the node state of an activation poll that emitted nothing and restarts: the first scheduled poll starts from activation', async () => {
		const poll = (staticData: State, global: State) =>
			ctx.harness.poll({ type: 'pronestorPlannerTrigger', nodeId: 'activation-gap-node', parameters: {}, credentials: ['pronestorPlannerApi'], staticData: staticData as never, globalStaticData: global as never });
		const global: State = {};
		expect((await poll({}, global)).items).toBeNull();
		expect(ctx.sandbox.requests(FIND)).toHaveLength(0);
		// What n8n saved at the end of activation is the workflow's global static data; pretend that was an hour
		// ago (as stored), and that bookings were locked since. The process restarted: its memory is gone.
		forgetPollMemory();
		const saved = stored(global);
		const record = (saved.bookingsPollBaselines as Record<string, { state: State }>)['activation-gap-node'].state;
		const hourAgo = DateTime.fromISO(locked(record).cursor as string, { zone: 'utc' }).minus({ hours: 1 });
		Object.assign(locked(record), { from: hourAgo.toISO(), cursor: hourAgo.toISO() });
		const before = ctx.sandbox.insertLockedBooking(hourAgo.toMillis());
		const a = ctx.sandbox.insertLockedBooking(hourAgo.plus({ minutes: 5 }).toMillis());
		const b = ctx.sandbox.insertLockedBooking(hourAgo.plus({ minutes: 20 }).toMillis());
		const firstScheduled = await poll({}, saved);
		expect(firstScheduled.error).toBeUndefined();
		expect(ids(emitted(firstScheduled))).toEqual([a.Id, b.Id]);
		expect(ids(emitted(firstScheduled))).not.toContain(before.Id);
		expect(locked(firstScheduled.staticData).from).toBe(hourAgo.toISO());
		expect((await poll(firstScheduled.staticData, saved)).items).toBeNull();
	});

	it('from a picked start two years back: every booking once, in lock-time order, then only new ones — across restarts', async () => {
		const start = DateTime.utc().minus({ years: 2, days: 2 }).startOf('second');
		let state: State = {};
		const first = await ctx.poll({ startFrom: start.toISO() }, state);
		const all = emitted(first);
		const expected = ctx.sandbox.lockedBetween(start.toMillis(), Date.now());
		expect(all).toHaveLength(expected.length);
		expect(new Set(ids(all)).size).toBe(all.length);
		const times = all.map((b) => Date.parse(String(b.LockedTime)));
		expect([...times].sort((x, y) => x - y)).toEqual(times);
		// The cursor is the latest lock time emitted, or the end of a fully read window after it (never later than now).
		const cursor = Date.parse(locked(state).cursor as string);
		expect(cursor).toBeGreaterThanOrEqual(Math.max(...times));
		expect(cursor).toBeLessThanOrEqual(Date.now());
		// 2 years and 2 days: five 6-month windows, the last one open-ended.
		expect(withoutProofs(ctx.sandbox.requests(FIND), 'startLockTime', 'endLockTime')).toHaveLength(5);

		state = restart(state);
		ctx.sandbox.resetLog();
		const again = await ctx.poll({ startFrom: start.toISO() }, state);
		expect(again.items).toBeNull();
		// Caught up: one request, from the cursor less the look-back.
		expect(ctx.sandbox.requests(FIND)).toHaveLength(1);

		const lockedNow = DateTime.utc().minus({ minutes: 10 }).startOf('second');
		const n1 = ctx.sandbox.insertLockedBooking(lockedNow.toMillis());
		const n2 = ctx.sandbox.insertLockedBooking(lockedNow.toMillis());
		state = restart(state);
		const next = await ctx.poll({ startFrom: start.toISO() }, state);
		expect(ids(emitted(next))).toEqual([n1.Id, n2.Id]);
		state = restart(state);
		expect((await ctx.poll({ startFrom: start.toISO() }, state)).items).toBeNull();
	});

	it('drains a backlog larger than one poll over several polls, splitting bookings that share one lock time', async () => {
		ctx.sandbox.seedLockedBookings(0);
		const t = DateTime.utc().minus({ days: 3 }).startOf('second');
		const shared = Array.from({ length: 7 }, () => ctx.sandbox.insertLockedBooking(t.toMillis()));
		const later = Array.from({ length: 3 }, () => ctx.sandbox.insertLockedBooking(t.plus({ seconds: 1 }).toMillis()));
		const params = { startFrom: t.minus({ days: 1 }).toISO(), options: { maxPerPoll: 5 } };
		let state: State = {};
		const seen: unknown[] = [];
		const sizes: number[] = [];
		for (let k = 0; k < 5; k++) {
			const result = await ctx.poll(params, state);
			expect(result.error).toBeUndefined();
			const batch = ids(emitted(result));
			sizes.push(batch.length);
			seen.push(...batch);
			state = restart(state);
		}
		expect(sizes).toEqual([5, 5, 0, 0, 0]);
		expect(seen).toEqual([...shared, ...later].map((b) => b.Id));
	});

	it('never emits a booking twice when polls overlap', async () => {
		const start = DateTime.utc().minus({ days: 200 }).startOf('second');
		ctx.sandbox.latencyMs = 30;
		const state: State = { lockedBooking: { from: start.toISO(), cursor: start.toISO(), recent: [] } };
		try {
			const [a, b] = await Promise.all([ctx.poll({ startFrom: start.toISO() }, state), ctx.poll({ startFrom: start.toISO() }, state)]);
			const union = [...ids(emitted(a)), ...ids(emitted(b))];
			expect(new Set(union).size).toBe(union.length);
			expect([...union].sort()).toEqual(ctx.sandbox.lockedBetween(start.toMillis(), Date.now()).map((x) => x.Id).sort());
			// Whichever poll's state n8n saved last, the next poll has nothing new.
			expect((await ctx.poll({ startFrom: start.toISO() }, state)).items).toBeNull();
		} finally {
			ctx.sandbox.latencyMs = 0;
		}
	});

	it('catches a booking stored late inside the look-back, once', async () => {
		ctx.sandbox.seedLockedBookings(0);
		const t = DateTime.utc().minus({ hours: 2 }).startOf('second');
		const first = ctx.sandbox.insertLockedBooking(t.toMillis());
		let state: State = {};
		const params = { startFrom: t.minus({ hours: 1 }).toISO() };
		expect(ids(emitted(await ctx.poll(params, state)))).toEqual([first.Id]);
		// A booking locked 30 s before the cursor that the server had not shown yet.
		const late = ctx.sandbox.insertLockedBooking(t.minus({ seconds: 30 }).toMillis());
		state = restart(state);
		expect(ids(emitted(await ctx.poll(params, state)))).toEqual([late.Id]);
		state = restart(state);
		expect((await ctx.poll(params, state)).items).toBeNull();
	});

	it('keeps what it took when a later window fails, and the next poll continues without gaps', async () => {
		const start = DateTime.utc().minus({ months: 13 }).startOf('second');
		let state: State = {};
		let calls = 0;
		ctx.sandbox.fault({ status: 400, body: { Message: 'Something odd' }, match: (r) => FIND.test(r.path) && ++calls === 2 });
		const first = await ctx.poll({ startFrom: start.toISO() }, state);
		expect(first.error).toBeUndefined();
		const firstIds = ids(emitted(first));
		expect(firstIds.length).toBeGreaterThan(0);
		state = restart(state);
		const second = await ctx.poll({ startFrom: start.toISO() }, state);
		const all = [...firstIds, ...ids(emitted(second))];
		expect(new Set(all).size).toBe(all.length);
		expect([...all].sort()).toEqual(ctx.sandbox.lockedBetween(start.toMillis(), Date.now()).map((x) => x.Id).sort());
	});

	it('reports a failing first request and leaves the saved state alone', async () => {
		const start = DateTime.utc().minus({ days: 20 }).startOf('second');
		const state: State = { lockedBooking: { from: start.toISO(), cursor: start.toISO(), recent: [] } };
		const before = JSON.stringify(state);
		ctx.sandbox.fault({ status: 500, times: 10, body: { Message: 'Server error' }, match: (r) => FIND.test(r.path) });
		const result = await ctx.poll({}, state);
		expect(result.error?.message).toMatch(/Pronestor Planner answered 500/);
		expect(result.saved).toBe(false);
		expect(JSON.stringify(state)).toBe(before);
		ctx.sandbox.clearFaults();
	}, 30_000);

	it('re-logs in once when the session expired between polls', async () => {
		const start = DateTime.utc().minus({ days: 400 }).startOf('second');
		let state: State = {};
		await ctx.poll({ startFrom: start.toISO() }, state);
		ctx.sandbox.expireSessions();
		const logins = ctx.logins();
		ctx.sandbox.insertLockedBooking(DateTime.utc().minus({ minutes: 5 }).startOf('second').toMillis());
		state = restart(state);
		const result = await ctx.poll({ startFrom: start.toISO() }, state);
		expect(result.error).toBeUndefined();
		expect(emitted(result)).toHaveLength(1);
		expect(ctx.logins() - logins).toBe(1);
	});

	it('"Fetch test event" returns the latest locked booking as a sample and saves nothing', async () => {
		const latest = ctx.sandbox.insertLockedBooking(DateTime.utc().minus({ minutes: 2 }).startOf('second').toMillis());
		const state: State = {};
		const result = await ctx.poll({ options: { output: 'both' } }, state, 'manual');
		const items = emitted(result);
		expect(items).toHaveLength(1);
		expect(items[0].Id).toBe(latest.Id);
		expect(items[0].normalized).toMatchObject({ id: String(latest.Id), kind: 'lockedBooking', lockedAt: latest.LockedTime });
		expect(state).toEqual({});
	});

	it('refuses a Start From in the future', async () => {
		const result = await ctx.poll({ startFrom: DateTime.utc().plus({ days: 1 }).toISO() }, {});
		expect(result.error?.message).toMatch(/Start From: is in the future/);
	});
});
