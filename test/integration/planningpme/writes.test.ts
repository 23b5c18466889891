import type { IDataObject } from 'n8n-workflow';
import { outputText, SECRETS, startPlanningPme } from './setup';

/**
 * Planning writes (issue 17): planned tasks (api/do) and unavailabilities (api/unavailability) created, updated and
 * deleted through n8n's engine; dates in one format (the document's ISO 8601 in UTC) in every request; Simplify
 * through the alias lists with `normalized.unmapped`; every write checked against the record answered (issue 14).
 */
describe('PlanningPME: planned task and unavailability writes', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.login();
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.requestDates = 'any';
		ctx.sandbox.fieldNames = {};
	});

	const refs = () => {
		const [r1, r2] = ctx.sandbox.data.resource;
		const [t1] = ctx.sandbox.data.task;
		const [p1] = ctx.sandbox.data.project;
		const [c1] = ctx.sandbox.data.category;
		const [cu1] = ctx.sandbox.data.customer;
		return { r1, r2, t1, p1, c1, cu1 };
	};
	const rl = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
	const dateSent = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

	function createTask(extra: Record<string, unknown> = {}) {
		const { r1, r2, t1, p1, c1, cu1 } = refs();
		return ctx.run({
			resource: 'plannedTask',
			operation: 'create',
			start: '2030-03-04 09:00',
			end: '2030-03-04T11:30:00+01:00',
			resources: [String(r1.key), String(r2.key)],
			additionalFields: { label: 'Installation', task: rl(t1.key), project: rl(p1.key), category: rl(c1.key), customers: String(cu1.key), remark: 'Bring the ladder' },
			output: 'both',
			...extra,
		});
	}

	describe('Planned Task', () => {
		it('creates an entry: ISO 8601 UTC dates, {key} references, the answer checked and simplified', async () => {
			const { r1, r2, t1, p1, c1, cu1 } = refs();
			const result = await createTask();
			expect(result.error).toBeUndefined();
			const [call] = ctx.sandbox.requests(/\/api\/do$/, 'POST');
			expect(call.body).toEqual({
				start: '2030-03-04T08:00:00Z',
				end: '2030-03-04T10:30:00Z',
				resources: [{ key: r1.key }, { key: r2.key }],
				customers: [{ key: cu1.key }],
				task: { key: t1.key },
				project: { key: p1.key },
				category: { key: c1.key },
				label: 'Installation',
				remark: 'Bring the ladder',
			});
			const json = result.items[0].json as IDataObject & { key: number; normalized: IDataObject };
			// Stored and answered as wall times of the planning zone (Europe/Paris), as PlanningPME's planned tasks are.
			expect(json).toMatchObject({ label: 'Installation', start: '2030-03-04T09:00:00', end: '2030-03-04T11:30:00' });
			expect(ctx.sandbox.data.do.find((d) => d.key === json.key)).toBeDefined();
			expect(json.normalized).toMatchObject({
				id: String(json.key),
				kind: 'plannedTask',
				title: 'Installation',
				start: '2030-03-04T09:00:00+01:00',
				end: '2030-03-04T11:30:00+01:00',
				resource: { id: String(r1.key), name: r1.label, type: 'resource' },
				costCenter: p1.label,
				unmapped: [],
			});
		});

		it('updates an entry by merging: only the changed fields differ, kept dates are re-sent in the same UTC form', async () => {
			const created = (await createTask()).items[0].json as { key: number };
			ctx.sandbox.resetLog();
			const result = await ctx.run({ resource: 'plannedTask', operation: 'update', plannedTaskKey: String(created.key), updateFields: { end: '2030-03-04T12:00:00Z', label: 'Installation (longer)' } });
			expect(result.error).toBeUndefined();
			const [put] = ctx.sandbox.requests(/\/api\/do\/\d+$/, 'PUT');
			expect(put.body).toMatchObject({ key: created.key, start: '2030-03-04T08:00:00Z', end: '2030-03-04T12:00:00Z', label: 'Installation (longer)', remark: 'Bring the ladder' });
			expect(result.items[0].json).toMatchObject({ key: created.key, label: 'Installation (longer)', start: '2030-03-04T09:00:00', end: '2030-03-04T13:00:00' });
		});

		it('refuses an update whose new end is before the kept start, and an empty update, before any write', async () => {
			const created = (await createTask()).items[0].json as { key: number };
			ctx.sandbox.resetLog();
			const reversed = await ctx.run({ resource: 'plannedTask', operation: 'update', plannedTaskKey: String(created.key), updateFields: { end: '2030-03-04T07:00:00Z' } });
			expect(reversed.error?.message).toMatch(/^End: .* is not after Start \(kept\)/);
			const empty = await ctx.run({ resource: 'plannedTask', operation: 'update', plannedTaskKey: String(created.key), updateFields: {} });
			expect(empty.error?.message).toContain('Update Fields');
			expect(ctx.sandbox.requests(/\/api\/do/, 'PUT')).toHaveLength(0);
		});

		it('deletes an entry; deleting it again is a 404 that says so', async () => {
			const created = (await createTask()).items[0].json as { key: number };
			const result = await ctx.run({ resource: 'plannedTask', operation: 'delete', plannedTaskKey: String(created.key) });
			expect(result.items[0].json).toEqual({ deleted: true, key: created.key });
			expect(ctx.sandbox.data.do.find((d) => d.key === created.key)).toBeUndefined();
			const again = await ctx.run({ resource: 'plannedTask', operation: 'delete', plannedTaskKey: String(created.key) });
			expect(again.error?.message).toContain('404');
			expect((again.error as { description?: string }).description).toBeTruthy();
		});

		it.each([
			[{ start: '={{ "" }}' }, /^Start: is empty/],
			[{ start: 'next tuesday' }, /^Start: "next tuesday" is not a date/],
			[{ end: '2030-03-04T07:00:00+01:00' }, /^End: .* is not after Start/],
			[{ resources: '={{ [] }}' }, /^Resources: is empty/],
			[{ resources: ['Alice'] }, /^Resources: "Alice" is not a key/],
			[{ additionalFields: { category: rl('={{ "Meeting" }}') } }, /^Category: "Meeting" is not a key/],
			[{ additionalFields: { customers: '101, ACME' } }, /^Customer Keys: "ACME" is not a key/],
			[{ additionalFields: { json: '[1, 2]' } }, /^Other Fields \(JSON\): must be a JSON object/],
			[{ plannedTaskKey: 'abc', operation: 'delete' }, /^Planned Task Key: "abc" is not a key/],
		])('refuses bad input %j with the field and the fix, before any request', async (params, message) => {
			const result = await createTask(params);
			expect(result.error?.message).toMatch(message);
			expect((result.error as { description?: string }).description).toBeTruthy();
			expect(ctx.sandbox.requests(/\/api\/do/)).toHaveLength(0);
		});

		it("passes PlanningPME's refusal of an unknown resource with its message", async () => {
			const result = await createTask({ resources: ['99999'] });
			expect(result.error?.message).toContain('400');
			expect(result.error?.message).toContain('no resource with key 99999');
		});
	});

	describe('Unavailability', () => {
		const createAbsence = (extra: Record<string, unknown> = {}) =>
			ctx.run({
				resource: 'unavailability',
				operation: 'create',
				resourceKey: rl(refs().r1.key),
				start: '2030-07-01',
				end: '2030-07-15',
				additionalFields: { label: 'Holiday', remark: 'Summer' },
				output: 'both',
				...extra,
			});

		it('creates, gets, updates (merge) and deletes an absence, dates in UTC', async () => {
			const { r1, r2 } = refs();
			const created = await createAbsence();
			expect(created.error).toBeUndefined();
			const [post] = ctx.sandbox.requests(/\/api\/unavailability$/, 'POST');
			expect(post.body).toEqual({ resource: { key: r1.key }, start: '2030-06-30T22:00:00Z', end: '2030-07-14T22:00:00Z', label: 'Holiday', remark: 'Summer' });
			const json = created.items[0].json as IDataObject & { key: number; normalized: IDataObject };
			expect(json).toMatchObject({ label: 'Holiday', resource: { key: r1.key, label: r1.label } });
			expect(json.normalized).toMatchObject({ kind: 'unavailability', title: 'Holiday', start: '2030-06-30T22:00:00Z', resource: { id: String(r1.key) }, unmapped: [] });

			const got = await ctx.run({ resource: 'unavailability', operation: 'get', unavailabilityKey: String(json.key), output: 'both' });
			expect(got.items[0].json).toMatchObject({ key: json.key, label: 'Holiday' });

			const updated = await ctx.run({ resource: 'unavailability', operation: 'update', unavailabilityKey: String(json.key), updateFields: { resource: rl(r2.key), label: 'Sick leave' } });
			expect(updated.error).toBeUndefined();
			const [put] = ctx.sandbox.requests(/\/api\/unavailability\/\d+$/, 'PUT');
			expect(put.body).toMatchObject({ key: json.key, resource: { key: r2.key }, label: 'Sick leave', start: '2030-06-30T22:00:00Z', end: '2030-07-14T22:00:00Z', remark: 'Summer' });
			expect(updated.items[0].json).toMatchObject({ label: 'Sick leave', resource: { key: r2.key } });

			const deleted = await ctx.run({ resource: 'unavailability', operation: 'delete', unavailabilityKey: String(json.key) });
			expect(deleted.items[0].json).toEqual({ deleted: true, key: json.key });
			const missing = await ctx.run({ resource: 'unavailability', operation: 'get', unavailabilityKey: String(json.key) });
			expect(missing.error?.message).toContain('404');
		});

		it.each([
			[{ resourceKey: rl('={{ "" }}') }, /^Resource: is empty/],
			[{ resourceKey: rl('={{ "Bruno" }}') }, /^Resource: "Bruno" is not a key/],
			[{ start: '31/12/2030' }, /^Start: "31\/12\/2030" is not a date/],
			[{ end: '={{ "" }}' }, /^End: is empty/],
			[{ end: '2030-06-01' }, /^End: .* is not after Start/],
			[{ additionalFields: { json: '{"a": ' } }, /^Other Fields \(JSON\)/],
			[{ operation: 'update', unavailabilityKey: '900', updateFields: {} }, /^Update Fields: are empty/],
			[{ operation: 'get', unavailabilityKey: '９００' }, /^Unavailability Key: "９００" is not a key/],
		])('refuses bad input %j with the field and the fix, before any request', async (params, message) => {
			const result = await createAbsence(params);
			expect(result.error?.message).toMatch(message);
			expect((result.error as { description?: string }).description).toBeTruthy();
			expect(ctx.sandbox.requests(/\/api\/unavailability/)).toHaveLength(0);
		});
	});

	describe('dates in requests: one format everywhere', () => {
		it('a tenant that takes only the document form (…Z) serves every operation; every date sent is ISO 8601 UTC', async () => {
			ctx.sandbox.requestDates = 'offset';
			const { r1 } = refs();
			const runs = [
				await ctx.run({ resource: 'plannedTask', operation: 'getAll', dateFrom: '2030-03-01', dateTo: '2030-04-01', returnAll: true }),
				await createTask(),
				await ctx.run({ resource: 'unavailability', operation: 'getAll', dateFrom: '2026-03-01', dateTo: '2026-05-01', returnAll: true }),
				await ctx.run({ resource: 'unavailability', operation: 'create', resourceKey: rl(r1.key), start: '2030-07-01', end: '2030-07-02' }),
			];
			for (const run of runs) expect(run.error).toBeUndefined();
			const task = runs[1].items[0].json as { key: number };
			const absence = runs[3].items[0].json as { key: number };
			// Updates re-send the dates they keep in the same form (a planned task's are wall times when read).
			expect((await ctx.run({ resource: 'plannedTask', operation: 'update', plannedTaskKey: String(task.key), updateFields: { remark: 'x' } })).error).toBeUndefined();
			expect((await ctx.run({ resource: 'unavailability', operation: 'update', unavailabilityKey: String(absence.key), updateFields: { remark: 'x' } })).error).toBeUndefined();
			const sent = ctx.sandbox.log.flatMap((r) => {
				const source = (r.method === 'GET' ? r.query : r.body) as Record<string, unknown> | undefined;
				return ['dateFrom', 'dateTo', 'start', 'end'].filter((k) => source?.[k] !== undefined).map((k) => `${r.method} ${r.path} ${k}=${String(source![k])}`);
			});
			expect(sent.length).toBeGreaterThanOrEqual(12);
			for (const line of sent) expect(line.split('=')[1]).toMatch(dateSent);
		});

		it('a tenant that takes only wall times refuses with its message, and the error points at API Contract → Check\'s dates.requests line and Custom API Call', async () => {
			ctx.sandbox.requestDates = 'wall';
			const result = await createTask();
			expect(result.error?.message).toContain('must be a date and time of the planning without an offset');
			expect(result.error?.message).toContain('400');
			expect((result.error as { description?: string }).description).toContain('line dates.requests');
			expect((result.error as { description?: string }).description).toContain('Custom API Call');
		});

		it('a tenant that ignores the offset stores another time: the write check says so instead of succeeding', async () => {
			ctx.sandbox.requestDates = 'dropOffset';
			const before = ctx.sandbox.data.do.length;
			const result = await createTask();
			expect(result.error?.message).toMatch(/^PlanningPME stored another start: start = "2030-03-04T08:00:00Z" was sent, the created planned task \d+ has "2030-03-04T08:00:00" \(2030-03-04T08:00:00\+01:00 in the planning time zone Europe\/Paris, 60 minutes apart\)/);
			expect((result.error as { description?: string }).description).toContain('Planning Time Zone');
			expect((result.error as { description?: string }).description).toContain('report the contract line "dates.requests" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues');
			// The entry was written: the error names it so it can be corrected.
			expect(ctx.sandbox.data.do.length).toBe(before + 1);
		});
	});

	describe('field names (alias lists, normalized.unmapped) and verified writes', () => {
		function plantOne() {
			const { r1, p1 } = refs();
			return ctx.sandbox.insertPlannedTask({ label: 'Variant', start: '2030-05-06T10:00:00', end: '2030-05-06T12:00:00', resources: [{ key: r1.key, label: r1.label }], project: { key: p1.key, label: p1.label } });
		}
		const simplified = async (key: number) => {
			const result = await ctx.run({ resource: 'plannedTask', operation: 'get', plannedTaskKey: String(key), output: 'both' });
			expect(result.error).toBeUndefined();
			return result.items[0].json.normalized as IDataObject;
		};

		it('reads a tenant that names the fields title / startDate / endDate through the alias lists', async () => {
			const entry = plantOne();
			ctx.sandbox.fieldNames = { label: 'title', start: 'startDate', end: 'endDate' };
			const normalized = await simplified(entry.key);
			expect(normalized).toMatchObject({ title: 'Variant', start: '2030-05-06T10:00:00+02:00', end: '2030-05-06T12:00:00+02:00', unmapped: [] });
		});

		it('a normalized key without a source field on every record is an error naming it and the names the record carries; a field present with null stays a plain null', async () => {
			const entry = plantOne();
			ctx.sandbox.fieldNames = { project: 'projectRef', resources: 'team' };
			const result = await ctx.run({ resource: 'plannedTask', operation: 'get', plannedTaskKey: String(entry.key), output: 'both' });
			expect(result.error?.message).toMatch(/Simplify's resource needs/);
			expect((result.error as { description?: string }).description).toContain('the contract line "PLANNED_TASK_ALIASES (resource)"');
			expect((result.error as { description?: string }).description).toContain('Missing Fields');
			expect((result.error as { description?: string }).description).toContain('team');
			ctx.sandbox.fieldNames = {};
			ctx.sandbox.updatePlannedTask(entry.key, { project: null });
			expect(await simplified(entry.key)).toMatchObject({ costCenter: null, unmapped: [] });
		});

		it('a tenant that does not bind a field sent (label under another name) fails the create, naming the field and the contract line', async () => {
			ctx.sandbox.fieldNames = { label: 'title' };
			const result = await createTask();
			expect(result.error?.message).toMatch(/^PlanningPME did not keep the label: label = "Installation" was sent, the created planned task \d+ has label \/ title \/ name = ""/);
			const description = (result.error as { description?: string }).description ?? '';
			expect(description).toContain('the contract line "FIELDS.plannedTask.label" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues');
			expect(description).toContain('title');
		});

		it('the same for an unavailability remark and an update', async () => {
			const { r1 } = refs();
			ctx.sandbox.fieldNames = { remark: 'comment' };
			const created = await ctx.run({ resource: 'unavailability', operation: 'create', resourceKey: rl(r1.key), start: '2030-08-01', end: '2030-08-02', additionalFields: { remark: 'Doctor' } });
			expect(created.error?.message).toMatch(/^PlanningPME did not keep the remark: remark = "Doctor" was sent, the created unavailability \d+/);
			expect((created.error as { description?: string }).description).toContain('FIELDS.unavailability.remark');
			const key = ctx.sandbox.data.unavailability[ctx.sandbox.data.unavailability.length - 1].key;
			const updated = await ctx.run({ resource: 'unavailability', operation: 'update', unavailabilityKey: String(key), updateFields: { remark: 'Dentist' } });
			expect(updated.error?.message).toMatch(/^PlanningPME did not keep the remark: remark = "Dentist" was sent, the updated unavailability \d+/);
			expect(outputText(updated)).not.toContain(SECRETS[0]);
		});
	});
});
