import type { IDataObject } from 'n8n-workflow';
import { startHubPlanner } from './setup';
import { forgetPollMemory, stored } from '../pollMemory';

type State = Record<string, unknown>;
type Result = { items: Array<Array<{ json: IDataObject }>> | null; error?: Error };
const SEARCH = /\/booking\/search$/;

describe('Hub Planner Polling Trigger: new, updated and deleted bookings, each once', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner({ bookings: 30 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.latencyMs = 0;
	});

	const both = { events: ['updated', 'deleted'] };
	const events = (result: Result) =>
		(result.items ? result.items[0].map((i) => i.json) : []).map(
			(b) => `${String(b.triggerEvent)}:${String(b._id)}@${String(b.title)}`,
		);
	let n = 0;
	const insert = () =>
		ctx.sandbox.insertBooking({
			resource: ctx.sandbox.data.resources[0]._id,
			project: ctx.sandbox.data.projects[0]._id,
			start: '2026-03-02',
			end: '2026-03-03',
			title: `Poll ${++n}`,
		});
	const live = () => ctx.sandbox.data.bookings.filter((b) => !b.deleted);

	it('activation emits nothing; then each new, updated and deleted booking once', async () => {
		const state: State = {};
		const before = live()[0];
		const first = await ctx.poll(both, state);
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		expect((await ctx.poll(both, state)).items).toBeNull();

		const a = insert();
		ctx.sandbox.touchBooking(before._id, { title: 'Renamed' });
		const gone = live()[1];
		ctx.sandbox.removeBooking(gone._id);
		const next = await ctx.poll(both, state);
		expect(next.error).toBeUndefined();
		expect(events(next).sort()).toEqual(
			[`updated:${a._id}@${a.title}`, `updated:${before._id}@Renamed`, `deleted:${gone._id}@${gone.title}`].sort(),
		);
		expect(next.saved).toBe(true);
		expect((await ctx.poll(both, state)).items).toBeNull();

		// As the document says: updatedDate and deletedDate conditions; deleted ones asked for with deleted: true.
		const bodies = ctx.sandbox.requests(SEARCH).map((r) => r.body as IDataObject);
		expect(bodies.some((b) => b.deleted === true && typeof (b.deletedDate as IDataObject)?.$gte === 'string')).toBe(true);
		expect(bodies.some((b) => typeof (b.updatedDate as IDataObject)?.$gte === 'string')).toBe(true);
	});

	it('emits a booking changed twice (between polls) twice, and only the chosen events', async () => {
		const state: State = {};
		const onlyUpdates = { events: ['updated'] };
		await ctx.poll(onlyUpdates, state);
		const x = insert();
		expect(events(await ctx.poll(onlyUpdates, state))).toEqual([`updated:${x._id}@${x.title}`]);
		ctx.sandbox.touchBooking(x._id, { title: 'Second' });
		expect(events(await ctx.poll(onlyUpdates, state))).toEqual([`updated:${x._id}@Second`]);
		ctx.sandbox.touchBooking(x._id, { title: 'Third' });
		expect(events(await ctx.poll(onlyUpdates, state))).toEqual([`updated:${x._id}@Third`]);
		ctx.sandbox.removeBooking(x._id);
		expect((await ctx.poll(onlyUpdates, state)).items).toBeNull();
	});

	it('overlapping polls from the same saved state emit each change once', async () => {
		const state: State = {};
		await ctx.poll(both, state);
		const news = [insert(), insert()];
		const gone = live()[2];
		ctx.sandbox.removeBooking(gone._id);
		ctx.sandbox.latencyMs = 30;
		const [p, q] = await Promise.all([ctx.poll(both, stored(state)), ctx.poll(both, stored(state))]);
		expect(p.error ?? q.error).toBeUndefined();
		expect([...events(p), ...events(q)].sort()).toEqual(
			[...news.map((b) => `updated:${b._id}@${b.title}`), `deleted:${gone._id}@${gone.title}`].sort(),
		);
	});

	it('restarted with its node state dropped, emits exactly what arrived since activation', async () => {
		const global: State = {};
		expect((await ctx.poll(both, {}, 'trigger', global)).items).toBeNull();
		const a = insert();
		const gone = live()[3];
		ctx.sandbox.removeBooking(gone._id);
		forgetPollMemory();
		const saved = stored(global);
		const state: State = {};
		const first = await ctx.poll(both, state, 'trigger', saved);
		expect(events(first).sort()).toEqual([`updated:${a._id}@${a.title}`, `deleted:${gone._id}@${gone.title}`].sort());
		expect((await ctx.poll(both, state, 'trigger', saved)).items).toBeNull();
	});

	it('a failed poll changes nothing: the next one emits what it missed', async () => {
		let state: State = {};
		await ctx.poll(both, state);
		state = stored(state);
		const a = insert();
		const before = JSON.stringify(state);
		ctx.sandbox.fault({ status: 500, times: 20, body: { error: 'boom' }, match: (r) => SEARCH.test(r.path) });
		const failed = await ctx.poll(both, state);
		expect(failed.error).toBeDefined();
		expect(JSON.stringify(state)).toBe(before);
		ctx.sandbox.clearFaults();
		expect(events(await ctx.poll(both, state))).toEqual([`updated:${a._id}@${a.title}`]);
	}, 30_000);

	it('"Fetch test event" returns the latest change as a sample and saves nothing', async () => {
		const a = insert();
		const state: State = {};
		const result = await ctx.poll(both, state, 'manual');
		expect(result.error).toBeUndefined();
		const items = result.items?.[0] ?? [];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ _id: a._id, title: a.title, triggerEvent: 'updated' });
		expect(state).toEqual({});
		const deletions = await ctx.poll({ events: ['deleted'] }, state, 'manual');
		expect(deletions.items?.[0][0].json).toMatchObject({ deleted: true, triggerEvent: 'deleted' });
		expect(state).toEqual({});
	});

	it('Simplify adds the normalized booking to each change', async () => {
		const state: State = {};
		const params = { events: ['updated'], options: { output: 'both' } };
		await ctx.poll(params, state);
		const a = insert();
		const [item] = (await ctx.poll(params, state)).items![0];
		expect(item.json).toMatchObject({ _id: a._id, triggerEvent: 'updated', normalized: { id: a._id, vendor: 'hubPlanner', title: a.title } });
	});

	it('a booking answer without the update time fails the poll naming the field', async () => {
		const state: State = {};
		await ctx.poll({ events: ['updated'] }, state);
		insert();
		const saved = JSON.stringify(state);
		ctx.sandbox.renameFields = { updatedDate: 'changedOn' } as never;
		try {
			const result = await ctx.poll({ events: ['updated'] }, state);
			expect(result.error?.message ?? '').toMatch(/updatedDate|update time/);
			expect(JSON.stringify(state)).toBe(saved);
		} finally {
			ctx.sandbox.renameFields = {} as never;
		}
	});
});
