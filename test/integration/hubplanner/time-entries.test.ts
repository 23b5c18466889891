import type { NodeApiError } from 'n8n-workflow';
import { startHubPlanner } from './setup';

/** Time Entry → Get, Get Many, Search, Create, Update, Delete through n8n's engine against the emulator (Sections/timesheets.md). */
describe('Hub Planner: time entries', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;
	const rl = (value: string) => ({ __rl: true, mode: 'id', value });
	const entries = () => ctx.sandbox.data.timeEntries;
	const ids = (items: Array<{ json: Record<string, unknown> }>) => items.map((i) => i.json._id);

	beforeAll(async () => {
		ctx = await startHubPlanner({ burstLimit: 100000 });
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.seedTimeEntries(45);
		ctx.sandbox.ignoredOnWrite = [];
		for (const p of ctx.sandbox.data.projects) delete p.timeEntryNoteRequired;
	});

	it('get many: Return All pages through every entry with the largest page; Limit stops early', async () => {
		ctx.sandbox.seedTimeEntries(2345);
		const all = await ctx.run({ resource: 'timeEntry', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(ids(all.items)).toEqual(entries().map((e) => e._id).sort());
		expect(new Set(ids(all.items)).size).toBe(2345);
		const calls = ctx.sandbox.requests('/v1/timeentry', 'GET');
		expect(calls.map((c) => [c.query.page, c.query.limit])).toEqual([
			['0', '1000'],
			['1', '1000'],
			['2', '1000'],
			// asked for ahead of page 2 (READ_AHEAD), which turns out to be the last
			['3', '1000'],
		]);
		ctx.sandbox.resetLog();
		const some = await ctx.run({ resource: 'timeEntry', operation: 'getAll', returnAll: false, limit: 7, sort: { rules: [{ field: 'minutes', direction: 'desc' }] } });
		expect(some.items).toHaveLength(7);
		expect(some.items.map((i) => i.json.minutes)).toEqual([...some.items.map((i) => i.json.minutes as number)].sort((a, b) => b - a));
		expect(ctx.sandbox.requests('/v1/timeentry', 'GET')[0].query).toMatchObject({ limit: '7', page: '0', sort: '-minutes' });
	});

	it('get one by ID; an unknown ID is a 404 that says so', async () => {
		const entry = entries()[3];
		const one = await ctx.run({ resource: 'timeEntry', operation: 'get', timeEntryId: entry._id });
		expect(one.items[0].json).toMatchObject({ _id: entry._id, minutes: entry.minutes, date: entry.date });
		const missing = await ctx.run({ resource: 'timeEntry', operation: 'get', timeEntryId: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
		expect((missing.error as NodeApiError).httpCode).toBe('404');
		expect(missing.error?.message).toMatch(/not found|404/i);
	});

	it('search by resource, project, day range, status and a raw query', async () => {
		const resource = ctx.sandbox.data.resources[1]._id;
		const result = await ctx.run({
			resource: 'timeEntry',
			operation: 'search',
			filters: { resourceIds: resource, dateFrom: '2025-03-04', dateTo: '2025-03-06', statuses: ['SUBMITTED', 'APPROVED', 'UNSUBMITTED', 'REJECTED', 'PENDING'] },
			rawQuery: '{}',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		const expected = entries().filter((e) => e.resource === resource && e.date >= '2025-03-04' && e.date <= '2025-03-06');
		expect(ids(result.items).sort()).toEqual(expected.map((e) => e._id).sort());
		expect(expected.length).toBeGreaterThan(0);
		const [call] = ctx.sandbox.requests('/v1/timeentry/search', 'POST');
		expect(call.body).toMatchObject({ resource: { $in: [resource] }, date: { $gte: '2025-03-04', $lte: '2025-03-06' } });
		const approved = await ctx.run({ resource: 'timeEntry', operation: 'search', filters: {}, rawQuery: '{"status": {"$in": ["APPROVED"]}}', returnAll: true });
		expect(ids(approved.items).sort()).toEqual(entries().filter((e) => e.status === 'APPROVED').map((e) => e._id).sort());
	});

	it('search refuses bad input with the field named', async () => {
		const reversed = await ctx.run({ resource: 'timeEntry', operation: 'search', filters: { dateFrom: '2025-03-10', dateTo: '2025-03-01' }, rawQuery: '{}', returnAll: true });
		expect(reversed.error?.message).toMatch(/Date To: .* is not after Date From/);
		const array = await ctx.run({ resource: 'timeEntry', operation: 'search', filters: {}, rawQuery: '[1]', returnAll: true });
		expect(array.error?.message).toMatch(/Raw Query \(JSON\): must be a JSON object/);
		const vendor = await ctx.run({ resource: 'timeEntry', operation: 'search', filters: {}, rawQuery: '{"minutes": 60}', returnAll: true });
		expect((vendor.error as NodeApiError).httpCode).toBe('400');
		expect(vendor.error?.message + String((vendor.error as NodeApiError).description)).toMatch(/minutes is not searchable/);
		expect(ctx.sandbox.requests('/v1/timeentry/search', 'POST')).toHaveLength(1);
	});

	it('creates an entry with the documented body (201) and returns it', async () => {
		const resource = ctx.sandbox.data.resources[2]._id;
		const project = ctx.sandbox.data.projects[1]._id;
		const result = await ctx.run({
			resource: 'timeEntry',
			operation: 'create',
			entryResource: rl(resource),
			entryProject: rl(project),
			date: '2026-03-02T00:00:00',
			minutes: 450,
			additionalFields: { note: 'Workshop prep', metadata: 'ERP-T-1' },
		});
		expect(result.error).toBeUndefined();
		const [call] = ctx.sandbox.requests('/v1/timeentry', 'POST');
		expect(call.body).toEqual({ resource, project, date: '2026-03-02', minutes: 450, note: 'Workshop prep', metadata: 'ERP-T-1' });
		expect(call.status).toBe(201);
		const json = result.items[0].json;
		expect(json).toMatchObject({ resource, project, date: '2026-03-02', minutes: 450, status: 'UNSUBMITTED' });
		expect(entries().find((e) => e._id === json._id)).toBeDefined();
	});

	it('create refuses bad input before calling Hub Planner, and passes on what Hub Planner refuses', async () => {
		const base = { resource: 'timeEntry', operation: 'create', entryResource: rl(ctx.sandbox.data.resources[0]._id), entryProject: rl(ctx.sandbox.data.projects[0]._id), date: '2026-03-02' };
		const zero = await ctx.run({ ...base, minutes: 0 });
		expect(zero.error?.message).toMatch(/Minutes: 0 is not a whole number of minutes from 1 to 1440/);
		const badDate = await ctx.run({ ...base, date: '31/02/2026', minutes: 60 });
		expect(badDate.error?.message).toMatch(/Date: "31\/02\/2026" is not a date/);
		const longMeta = await ctx.run({ ...base, minutes: 60, additionalFields: { metadata: 'm'.repeat(256) } });
		expect(longMeta.error?.message).toMatch(/Metadata: is 256 characters long/);
		expect(ctx.sandbox.requests('/v1/timeentry', 'POST')).toHaveLength(0);
		ctx.sandbox.data.projects[0].timeEntryNoteRequired = true;
		const noNote = await ctx.run({ ...base, minutes: 60 });
		expect((noNote.error as NodeApiError).httpCode).toBe('400');
		expect(noNote.error?.message + String((noNote.error as NodeApiError).description)).toMatch(/requires a note/);
	});

	it('update reads the entry, applies the changes and PUTs the whole entry; a locked entry is refused', async () => {
		const entry = entries().find((e) => !e.locked)!;
		const result = await ctx.run({ resource: 'timeEntry', operation: 'update', timeEntryId: entry._id, updateFields: { minutes: 30, note: 'Corrected' } });
		expect(result.error).toBeUndefined();
		const [put] = ctx.sandbox.requests(`/v1/timeentry/${entry._id}`, 'PUT');
		expect(put.body).toMatchObject({ _id: entry._id, resource: entry.resource, project: entry.project, date: entry.date, minutes: 30, note: 'Corrected' });
		expect(result.items[0].json).toMatchObject({ minutes: 30, note: 'Corrected' });
		expect(entries().find((e) => e._id === entry._id)).toMatchObject({ minutes: 30, note: 'Corrected' });
		const none = await ctx.run({ resource: 'timeEntry', operation: 'update', timeEntryId: entry._id, updateFields: {} });
		expect(none.error?.message).toMatch(/Update Fields: none given/);
		const badProject = await ctx.run({ resource: 'timeEntry', operation: 'update', timeEntryId: entry._id, updateFields: { project: 'Website Relaunch' } });
		expect(badProject.error?.message).toMatch(/Project ID: "Website Relaunch" is not a Hub Planner ID/);
		const locked = entries().find((e) => e.locked)!;
		const refused = await ctx.run({ resource: 'timeEntry', operation: 'update', timeEntryId: locked._id, updateFields: { minutes: 30 } });
		expect((refused.error as NodeApiError).httpCode).toBe('400');
		expect(refused.error?.message + String((refused.error as NodeApiError).description)).toMatch(/locked/);
	});

	it('deletes an entry; deleting it again is a 404', async () => {
		const entry = entries()[0];
		const result = await ctx.run({ resource: 'timeEntry', operation: 'delete', timeEntryId: entry._id });
		expect(result.items[0].json).toEqual({ deleted: true, id: entry._id });
		expect(entries().find((e) => e._id === entry._id)).toBeUndefined();
		const again = await ctx.run({ resource: 'timeEntry', operation: 'delete', timeEntryId: entry._id });
		expect((again.error as NodeApiError).httpCode).toBe('404');
		const badId = await ctx.run({ resource: 'timeEntry', operation: 'delete', timeEntryId: 'https://app.hubplanner.com/x' });
		expect(badId.error?.message).toMatch(/Time Entry ID: .* is not a Hub Planner ID/);
	});
});
