import type { IDataObject } from 'n8n-workflow';
import { BOOKINGSONE_PATHS as P } from '../../sandbox/bookingsone';
import { startBookingsOne } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

type State = Record<string, unknown>;
type Result = { items: Array<Array<{ json: IDataObject }>> | null; error?: Error; saved?: boolean };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LISTING = new RegExp(`${P.resourceAppointment}$`);

describe('Bookings ONE Polling Trigger: new, changed and removed appointments in a rolling window', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.latencyMs = 0;
	});

	const all = { events: ['new', 'changed', 'removed'] };
	const events = (result: Result) =>
		(result.items ? result.items[0].map((i) => i.json) : []).map(
			(a) => `${String(a.triggerEvent)}:${String(a.id)}${a.triggerEvent === 'removed' ? '' : `@${String(a.subject)}`}`,
		);
	/** A whole hour `hours` from now (inside the default window of 1 day back, 14 days ahead). */
	const at = (hours: number) => new Date(Math.ceil(ctx.sandbox.now() / HOUR) * HOUR + hours * HOUR).toISOString();
	const resource = () => ctx.sandbox.data.resources.find((r) => !r.isDeleted)!.id;
	let n = 0;
	const create = (hours = 5) => ctx.sandbox.createAppointment({ resourceId: resource(), start: at(hours), end: at(hours + 1), subject: `Poll ${++n}` });

	it('activation emits nothing; then each new, changed and removed appointment once', async () => {
		const before = await create(3);
		const doomed = await create(4);
		const state: State = {};
		const first = await ctx.poll(all, state);
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect((await ctx.poll(all, state)).items).toBeNull();

		const a = await create(6);
		await ctx.sandbox.updateAppointment(before.id, { subject: 'Moved' });
		await ctx.sandbox.deleteAppointment(doomed.id);
		const next = await ctx.poll(all, state);
		expect(next.error).toBeUndefined();
		expect(events(next).sort()).toEqual([`new:${a.id}@${a.subject}`, `changed:${before.id}@Moved`, `removed:${doomed.id}`].sort());
		const removed = next.items![0].map((i) => i.json).find((j) => j.triggerEvent === 'removed')!;
		expect(Date.parse(String(removed.start))).toBe(Date.parse(doomed.start));
		expect((await ctx.poll(all, state)).items).toBeNull();

		// The window asked for: from one day back to 14 days ahead, every page of it (the total adds up).
		const call = ctx.sandbox.requests(LISTING).slice(-1)[0];
		const from = Date.parse(String(call.query.from));
		expect(Math.abs(from - (Date.now() - DAY))).toBeLessThan(10_000);
		expect(Date.parse(String(call.query.to)) - from).toBe(15 * DAY);
	});

	it('emits an appointment changed twice (between polls) twice, and only the chosen events', async () => {
		const state: State = {};
		const changesOnly = { events: ['changed'] };
		const x = await create(8);
		await ctx.poll(changesOnly, state);
		await ctx.sandbox.updateAppointment(x.id, { subject: 'Second' });
		const y = await create(9);
		expect(events(await ctx.poll(changesOnly, state))).toEqual([`changed:${x.id}@Second`]);
		await ctx.sandbox.updateAppointment(x.id, { subject: 'Third' });
		expect(events(await ctx.poll(changesOnly, state))).toEqual([`changed:${x.id}@Third`]);
		await ctx.sandbox.deleteAppointment(y.id);
		expect((await ctx.poll(changesOnly, state)).items).toBeNull();
	});

	it('overlapping polls from the same saved state emit each event once', async () => {
		const state: State = {};
		const doomed = await create(10);
		await ctx.poll(all, state);
		const news = [await create(11), await create(12)];
		await ctx.sandbox.deleteAppointment(doomed.id);
		ctx.sandbox.latencyMs = 30;
		const [p, q] = await Promise.all([ctx.poll(all, stored(state)), ctx.poll(all, stored(state))]);
		expect(p.error ?? q.error).toBeUndefined();
		expect([...events(p), ...events(q)].sort()).toEqual(
			[...news.map((a) => `new:${a.id}@${a.subject}`), `removed:${doomed.id}`].sort(),
		);
	});

	it('restarted with its node state dropped, emits exactly what arrived since activation', async () => {
		const doomed = await create(13);
		const global: State = {};
		expect((await ctx.poll(all, {}, 'trigger', global)).items).toBeNull();
		const a = await create(14);
		await ctx.sandbox.deleteAppointment(doomed.id);
		forgetPollMemory();
		const saved = stored(global);
		const state: State = {};
		const first = await ctx.poll(all, state, 'trigger', saved);
		expect(events(first).sort()).toEqual([`new:${a.id}@${a.subject}`, `removed:${doomed.id}`].sort());
		expect((await ctx.poll(all, state, 'trigger', saved)).items).toBeNull();
	});

	it('a failed poll changes nothing: the next one emits what it missed', async () => {
		let state: State = {};
		await ctx.poll(all, state);
		state = stored(state);
		const a = await create(15);
		const before = JSON.stringify(state);
		ctx.sandbox.fault({ status: 500, times: 20, body: { title: 'boom' }, match: (r) => LISTING.test(r.path) });
		const failed = await ctx.poll(all, state);
		expect(failed.error).toBeDefined();
		expect(JSON.stringify(state)).toBe(before);
		ctx.sandbox.clearFaults();
		expect(events(await ctx.poll(all, state))).toEqual([`new:${a.id}@${a.subject}`]);
	}, 30_000);

	it('Simplify adds the normalized booking to new and changed appointments, not to removals', async () => {
		const doomed = await create(17);
		const state: State = {};
		const params = { ...all, options: { output: 'both' } };
		await ctx.poll(params, state);
		const a = await create(18);
		await ctx.sandbox.deleteAppointment(doomed.id);
		const items = (await ctx.poll(params, state)).items![0].map((i) => i.json);
		expect(items.find((j) => j.triggerEvent === 'new')).toMatchObject({ id: a.id, normalized: { id: String(a.id), vendor: 'bookingsOne', title: a.subject } });
		expect(items.find((j) => j.triggerEvent === 'removed')).toEqual({ id: String(doomed.id), start: expect.any(String), end: expect.any(String), triggerEvent: 'removed' });
	});

	it('"Fetch test event" returns an appointment of the window as a sample and saves nothing', async () => {
		await create(16);
		const state: State = {};
		const result = await ctx.poll(all, state, 'manual');
		expect(result.error).toBeUndefined();
		const items = result.items?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json.triggerEvent).toBe('new');
		expect(ctx.sandbox.data.appointments.some((a) => a.id === items[0].json.id)).toBe(true);
		expect(state).toEqual({});
	});
});
