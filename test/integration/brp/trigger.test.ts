import { withoutProofs } from '../proofs';
import type { IDataObject } from 'n8n-workflow';
import { ANNA, startBrp } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

const SB = /servicebookings\.(xml|json)$/;
const DAY = 86_400_000;
type State = Record<string, unknown>;
/** As n8n stores it: a JSON copy, so a "restart" sees only what was saved. */
const restart = (state: State): State => JSON.parse(JSON.stringify(state)) as State;

describe('BRP Trigger: new and changed service bookings, each once', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	beforeAll(async () => {
		ctx = await startBrp();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	const emitted = (result: { items: Array<Array<{ json: IDataObject }>> | null }) => (result.items ? result.items[0].map((i) => i.json) : []);
	const events = (result: { items: Array<Array<{ json: IDataObject }>> | null }) => emitted(result).map((b) => `${b.triggerEvent}:${b.id}`);
	const soon = (days: number, hour = 10) => Math.floor((Date.now() + days * DAY) / 3_600_000) * 3_600_000 + hour * 60_000;

	it('remembers the window on the first poll, then emits each new booking once', async () => {
		const state: State = {};
		ctx.sandbox.addServiceBooking({ start: soon(1) });
		const first = await ctx.poll({ events: ['new'] }, state);
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect(await ctx.poll({ events: ['new'] }, state)).toMatchObject({ items: null });

		const a = ctx.sandbox.addServiceBooking({ start: soon(2) });
		const b = ctx.sandbox.addServiceBooking({ start: soon(20) });
		ctx.sandbox.addServiceBooking({ start: soon(3), ownerPersonId: 102 });
		const third = await ctx.poll({ events: ['new'] }, state);
		expect(events(third)).toEqual([`new:${a.id}`, `new:${b.id}`]);
		expect(third.saved).toBe(true);
		expect(emitted(third)[0]).toMatchObject({ id: a.id, start: expect.stringMatching(/\+0[12]:00$/), startTimepoint: expect.any(Object) });
		expect(await ctx.poll({ events: ['new'] }, state)).toMatchObject({ items: null });

		// Polls ask BRP for the logged-in person's bookings from today, 30 days ahead by default.
		const call = withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate').slice(-1)[0];
		expect(call.headers.authorization).toMatch(/^Basic /);
		expect(Date.parse(String(call.query.enddate)) - Date.parse(String(call.query.startdate))).toBe(30 * DAY);
	});

	it('continues from the activation poll when n8n dropped its node state and the process restarted', async () => {
		const params = { events: ['new'], options: { daysAhead: 20 } };
		ctx.sandbox.addServiceBooking({ start: soon(1) });
		// The activation poll: remembers the window, emits nothing; n8n drops its node state (a staged cursor)
		// but saves the workflow's global static data at the end of activation.
		const global: State = {};
		expect((await ctx.poll(params, {}, 'trigger', global)).items).toBeNull();
		const a = ctx.sandbox.addServiceBooking({ start: soon(2) });
		const b = ctx.sandbox.addServiceBooking({ start: soon(19) });
		// n8n restarts before the first scheduled poll (a week later): nothing of this process survives.
		forgetPollMemory();
		const saved = stored(global);
		const state: State = {};
		expect(events(await ctx.poll(params, state, 'trigger', saved))).toEqual([`new:${a.id}`, `new:${b.id}`]);
		expect((await ctx.poll(params, state, 'trigger', saved)).items).toBeNull();
		// Only a window nothing has built on yet is picked up: a fresh state later starts afresh.
		ctx.sandbox.addServiceBooking({ start: soon(3) });
		expect((await ctx.poll(params, {}, 'trigger', saved)).items).toBeNull();
	});

	it('emits a changed booking once per change, and new and changed as separate events', async () => {
		const state: State = {};
		const booking = ctx.sandbox.addServiceBooking({ start: soon(4) });
		const params = { events: ['new', 'changed'], options: { output: 'both' } };
		expect((await ctx.poll(params, state)).items).toBeNull();

		booking.externalmessage = 'Moved to court 2';
		booking.resourceIds = [9];
		const changed = await ctx.poll(params, state);
		expect(events(changed)).toEqual([`changed:${booking.id}`]);
		expect(emitted(changed)[0]).toMatchObject({ externalmessage: 'Moved to court 2', normalized: { id: String(booking.id), vendor: 'brp', resource: { id: '9' } } });
		expect((await ctx.poll(params, state)).items).toBeNull();

		booking.start += 3_600_000;
		booking.end += 3_600_000;
		const fresh = ctx.sandbox.addServiceBooking({ start: soon(5) });
		expect(events(await ctx.poll(params, state)).sort()).toEqual([`changed:${booking.id}`, `new:${fresh.id}`].sort());
		expect((await ctx.poll(params, state)).items).toBeNull();

		// Only "changed": new bookings are remembered, not emitted.
		const onlyChanged = { events: ['changed'] };
		const state2: State = {};
		await ctx.poll(onlyChanged, state2);
		ctx.sandbox.addServiceBooking({ start: soon(6) });
		expect((await ctx.poll(onlyChanged, state2)).items).toBeNull();
	});

	it('survives restarts from the saved state without repeats or gaps', async () => {
		let state: State = {};
		await ctx.poll({ events: ['new', 'changed'] }, state);
		const a = ctx.sandbox.addServiceBooking({ start: soon(2) });
		const first = await ctx.poll({ events: ['new', 'changed'] }, state);
		expect(events(first)).toEqual([`new:${a.id}`]);
		state = restart(state);
		const b = ctx.sandbox.addServiceBooking({ start: soon(3) });
		a.internalmessage = 'changed while n8n was down';
		const after = await ctx.poll({ events: ['new', 'changed'] }, state);
		expect(events(after).sort()).toEqual([`changed:${a.id}`, `new:${b.id}`].sort());
		state = restart(state);
		expect((await ctx.poll({ events: ['new', 'changed'] }, state)).items).toBeNull();
	});

	it('overlapping polls from the same saved state emit each event once', async () => {
		const state: State = {};
		await ctx.poll({ events: ['new', 'changed'] }, state);
		const a = ctx.sandbox.addServiceBooking({ start: soon(2) });
		// Both polls start before either answers, each from the saved state (as n8n's overlapping polls do).
		const [p1, p2] = await Promise.all([ctx.poll({ events: ['new', 'changed'] }, state), ctx.poll({ events: ['new', 'changed'] }, state)]);
		expect([...events(p1), ...events(p2)]).toEqual([`new:${a.id}`]);
		expect((await ctx.poll({ events: ['new', 'changed'] }, state)).items).toBeNull();

		// A slow poll that started from the older saved state and got the older answer: poll A sees v2 and emits
		// it; then poll B (same old state, answer still v1) must not report v1 as a change.
		const olderState = restart(state);
		const message = a.externalmessage;
		a.externalmessage = 'v2';
		expect(events(await ctx.poll({ events: ['new', 'changed'] }, state))).toEqual([`changed:${a.id}`]);
		a.externalmessage = message;
		expect((await ctx.poll({ events: ['new', 'changed'] }, olderState)).items).toBeNull();
		a.externalmessage = 'v2';
		expect((await ctx.poll({ events: ['new', 'changed'] }, olderState)).items).toBeNull();
	});

	it('keeps its state bounded to the window: bookings that leave it are forgotten', async () => {
		const state: State = {};
		const a = ctx.sandbox.addServiceBooking({ start: soon(2) });
		const b = ctx.sandbox.addServiceBooking({ start: soon(3) });
		await ctx.poll({ events: ['new'] }, state);
		const inWindow = ctx.sandbox.data.serviceBookings.filter((x) => x.ownerPersonId === ANNA.id && x.start >= Date.now() - DAY && x.start < Date.now() + 31 * DAY);
		expect(Object.keys(state.versions as object).length).toBeLessThanOrEqual(inWindow.length);
		expect(Object.keys(state.versions as object)).toEqual(expect.arrayContaining([String(a.id), String(b.id)]));
		// Cancelled (gone from BRP): dropped from the state, and not "new" again if it comes back.
		ctx.sandbox.data.serviceBookings.splice(ctx.sandbox.data.serviceBookings.indexOf(a), 1);
		expect((await ctx.poll({ events: ['new'] }, state)).items).toBeNull();
		expect(Object.keys(state.versions as object)).not.toContain(String(a.id));
		ctx.sandbox.data.serviceBookings.push(a);
		expect((await ctx.poll({ events: ['new'] }, state)).items).toBeNull();
	});

	it('a state stored before the trigger used the shared window diff continues its run: only what changed since, once', async () => {
		// A real example of what 0.1.0 stored (epoch, scope, known, seen), with this run's bookings and versions.
		const example = {
			epoch: 'mxcu0e56-u6qfh343',
			scope: '{"qs":{},"daysBack":0,"daysAhead":30}',
			known: { '5064': '84958bf607d73950', '5065': 'd4416c8cefa3a0e2' },
			seen: ['new:5064', '5064@84958bf607d73950', 'new:5065', '5065@d4416c8cefa3a0e2'],
		};
		const params = { events: ['new', 'changed'] };
		const a = ctx.sandbox.addServiceBooking({ start: soon(2) });
		const scratch: State = {};
		await ctx.poll(params, scratch);
		const old = { ...example, known: scratch.versions, seen: scratch.seen };
		a.externalmessage = 'changed during the upgrade';
		const b = ctx.sandbox.addServiceBooking({ start: soon(3) });
		forgetPollMemory();
		const state = restart(old);
		expect(events(await ctx.poll(params, state)).sort()).toEqual([`changed:${a.id}`, `new:${b.id}`].sort());
		expect(state).toMatchObject({ scope: example.epoch, settings: example.scope });
		expect(state.epoch).toBeUndefined();
		expect(state.known).toBeUndefined();
		expect((await ctx.poll(params, restart(state))).items).toBeNull();
	});

	it('watches a resource or business units with a level 3 key, splitting a window BRP finds too wide', async () => {
		ctx.useLevel3();
		ctx.sandbox.maxRangeDays = 10;
		const params = { events: ['new'], scope: 'resource', resourceId: { mode: 'list', value: '21' }, options: { daysAhead: 60 } };
		const state: State = {};
		expect((await ctx.poll(params, state)).error).toBeUndefined();
		const mine = ctx.sandbox.addServiceBooking({ start: soon(45), resourceIds: [21], ownerPersonId: 103 });
		ctx.sandbox.addServiceBooking({ start: soon(45), resourceIds: [8], ownerPersonId: 103 });
		const r = await ctx.poll(params, state);
		expect(events(r)).toEqual([`new:${mine.id}`]);
		expect(ctx.sandbox.requests(SB).every((c) => c.query.resourceid === '21')).toBe(true);
		expect(ctx.sandbox.requests(SB).some((c) => c.status === 400)).toBe(true);

		const units = { events: ['new'], scope: 'businessUnits', businessUnitIds: ['12'] };
		const state2: State = {};
		await ctx.poll(units, state2);
		const north = ctx.sandbox.addServiceBooking({ start: soon(7), resourceIds: [9], ownerPersonId: 102 });
		expect(events(await ctx.poll(units, state2))).toEqual([`new:${north.id}`]);

		// Changing what is watched starts afresh (no flood of "new" bookings).
		expect((await ctx.poll({ ...units, businessUnitIds: ['11', '12'] }, state2)).items).toBeNull();
	});

	it('"Fetch test event" returns a sample and leaves the state alone', async () => {
		const state: State = {};
		const a = ctx.sandbox.addServiceBooking({ start: soon(1, 0) });
		const manual = await ctx.poll({ events: ['new'] }, state, 'manual');
		expect(emitted(manual).length).toBe(1);
		expect(emitted(manual)[0]).toMatchObject({ triggerEvent: 'new' });
		expect(emitted(manual)[0].id).toBeDefined();
		expect(state).toEqual({});
		expect(a.id).toBeGreaterThan(0);
	});

	it('refuses settings BRP would refuse, with a fix', async () => {
		ctx.useCredential({ username: '', password: '' });
		const noLogin = await ctx.poll({ events: ['new'] }, {});
		expect(noLogin.error?.message).toMatch(/^Credential: has no person login/);
		ctx.useCredential();
		const level = await ctx.poll({ events: ['new'], options: { personId: '102' } }, {});
		expect(level.error?.message).toMatch(/^Person ID: needs a level 3 API key/);
		const noEvents = await ctx.poll({ events: [] }, {});
		expect(noEvents.error?.message).toMatch(/^Events: is empty/);
		const badResource = await ctx.poll({ events: ['new'], scope: 'resource', resourceId: { mode: 'id', value: 'x1' } }, {});
		expect(badResource.error?.message).toMatch(/^Resource: "x1" is not a BRP ID/);
		expect(ctx.sandbox.requests(SB)).toHaveLength(0);
	});
});
