import type { NodeApiError } from 'n8n-workflow';
import { outputText, SECRETS, startPlanningPme } from './setup';

describe('PlanningPME: tasks, customers, resources, projects', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
	});

	it.each([
		[0, 1],
		[1, 1],
		[999, 1],
		[1000, 1],
		[1001, 2],
		[5000, 5],
	])('Return All over %i tasks gets every one with %i request(s) of 1000 from pageIndex 0', async (count, requests) => {
		ctx.sandbox.seedEntity('task', count);
		const result = await ctx.run({ resource: 'task', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		const keys = result.items.map((i) => i.json.key);
		expect(keys).toHaveLength(count);
		expect(keys).toEqual(ctx.sandbox.data.task.map((t) => t.key));
		const calls = ctx.sandbox.requests(/\/api\/task$/, 'GET');
		expect(calls).toHaveLength(requests);
		expect(calls.map((c) => [c.query.pageIndex, c.query.pageSize]).sort()).toEqual(
			Array.from({ length: requests }, (_, p) => [String(p), '1000']).sort(),
		);
	});

	it('Limit asks only for what it needs', async () => {
		ctx.sandbox.seedEntity('customer', 2500);
		const five = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 5 });
		expect(five.items).toHaveLength(5);
		expect(ctx.sandbox.requests(/\/api\/customer$/).map((c) => [c.query.pageIndex, c.query.pageSize])).toEqual([['0', '5']]);
		ctx.sandbox.resetLog();
		const many = await ctx.run({ resource: 'customer', operation: 'getAll', returnAll: false, limit: 1500 });
		expect(many.items).toHaveLength(1500);
		expect(many.items.map((i) => i.json.key)).toEqual(ctx.sandbox.data.customer.slice(0, 1500).map((c) => c.key));
		expect(ctx.sandbox.requests(/\/api\/customer$/)).toHaveLength(2);
		ctx.sandbox.seedEntity('customer', 12);
	});

	it('sorts with sortInfo built from the rules (several combined, + encoded)', async () => {
		const result = await ctx.run({
			resource: 'resource',
			operation: 'getAll',
			returnAll: true,
			sort: { rules: [{ property: 'notValid', direction: '-' }, { property: 'label', direction: '+' }] },
		});
		expect(result.error).toBeUndefined();
		const [call] = ctx.sandbox.requests(/\/api\/resource$/);
		expect(call.query.sortInfo).toBe('notValid-label+');
		const items = result.items.map((i) => i.json as { notValid: boolean; label: string });
		expect(items[0].notValid).toBe(true);
		const rest = items.filter((r) => !r.notValid).map((r) => r.label.toLowerCase());
		expect(rest).toEqual([...rest].sort());
	});

	it('refuses a sort property that is not a name, before any request', async () => {
		const result = await ctx.run({ resource: 'project', operation: 'getAll', returnAll: true, sort: { rules: [{ property: 'label+x', direction: '+' }] } });
		expect(result.error?.message).toContain('Sort');
		expect(ctx.sandbox.requests(/\/api\/project$/)).toHaveLength(0);
	});

	it('reports a property the API cannot sort on with its own message', async () => {
		const result = await ctx.run({ resource: 'project', operation: 'getAll', returnAll: true, sort: { rules: [{ property: 'Label', direction: '+' }] } });
		expect(result.error?.message).toContain('400');
		expect(result.error?.message).toContain('Cannot sort on Label');
	});

	it('gets a task with its skills, by key or from the list locator', async () => {
		const task = ctx.sandbox.data.task[0];
		const byId = await ctx.run({ resource: 'task', operation: 'get', taskKey: { mode: 'id', value: String(task.key) } });
		expect(byId.error).toBeUndefined();
		expect(byId.items[0].json).toMatchObject({ key: task.key, label: task.label });
		expect(byId.items[0].json.skills).toBeDefined();
		const fromList = await ctx.run({ resource: 'task', operation: 'get', taskKey: { mode: 'list', value: String(task.key) } });
		expect(fromList.items[0].json.key).toBe(task.key);
	});

	it('answers an unknown key with a 404 that says how to fix it', async () => {
		const result = await ctx.run({ resource: 'customer', operation: 'get', customerKey: { mode: 'id', value: '424242' } });
		const error = result.error as NodeApiError;
		expect(error.message).toContain('404');
		expect(error.message).toContain('424242');
		expect(error.description).toMatch(/ID|key|deleted/i);
		expect(outputText(result)).not.toMatch(new RegExp(SECRETS.join('|')));
	});

	it('refuses a key that is not a number: in the editor (locator validation) and from an expression, naming the field', async () => {
		await expect(ctx.run({ resource: 'customer', operation: 'get', customerKey: { mode: 'id', value: 'abc' } })).rejects.toThrow('whole number');
		const result = await ctx.run({ resource: 'customer', operation: 'get', customerKey: { mode: 'id', value: '={{ $json.k }}' } }, { items: [{ k: 'abc' }] });
		expect(result.error?.message).toContain('Customer');
		expect(result.error?.message).toContain('not a key');
		expect(ctx.sandbox.requests(/\/api\/customer/)).toHaveLength(0);
	});

	it('checks a create and an update against the record answered: a field the tenant does not bind is an error naming it', async () => {
		ctx.sandbox.unboundRecordFields = ['type', 'email'];
		try {
			const typed = await ctx.run({ resource: 'resource', operation: 'create', label: 'Van', additionalFields: { type: 'Material' } });
			expect(typed.error?.message).toMatch(/^PlanningPME did not keep the type: type = "Material" was sent, the created resource \d+ has no type/);
			expect((typed.error as { description?: string }).description).toContain('the contract line "FIELDS.record.type" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues');
			const key = ctx.sandbox.data.resource[ctx.sandbox.data.resource.length - 1].key;
			const updated = await ctx.run({ resource: 'resource', operation: 'update', resourceKey: { __rl: true, mode: 'id', value: String(key) }, updateFields: { json: '{"email": "van@example.com"}' } });
			expect(updated.error?.message).toMatch(/^PlanningPME did not keep the email: email = "van@example.com" was sent, the updated resource \d+ has no email/);
			expect((updated.error as { description?: string }).description).toContain('Other Fields (JSON)');
		} finally {
			ctx.sandbox.unboundRecordFields = [];
		}
	});

	it('creates a resource with a type from the config enums and extra JSON fields', async () => {
		const result = await ctx.run({
			resource: 'resource',
			operation: 'create',
			label: 'Meeting room van',
			additionalFields: { type: 'Material', json: '{"email": "van@example.com", "key": 1}' },
		});
		expect(result.error).toBeUndefined();
		const created = result.items[0].json;
		expect(created).toMatchObject({ label: 'Meeting room van', type: 'Material', email: 'van@example.com' });
		expect(created.key).not.toBe(1);
		expect(ctx.sandbox.data.resource.find((r) => r.key === created.key)).toBeDefined();
		const [call] = ctx.sandbox.requests(/\/api\/resource$/, 'POST');
		expect(call.headers['content-type']).toContain('application/json');
	});

	it('creates customers, projects and tasks', async () => {
		for (const resource of ['customer', 'project', 'task']) {
			const result = await ctx.run({ resource, operation: 'create', label: `New ${resource}` });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.label).toBe(`New ${resource}`);
		}
	});

	it('refuses create without a label, and invalid JSON in other fields, before any request', async () => {
		const empty = await ctx.run({ resource: 'task', operation: 'create', label: '  ' });
		expect(empty.error?.message).toContain('Label');
		const badJson = await ctx.run({ resource: 'task', operation: 'create', label: 'x', additionalFields: { json: '{"a": ' } });
		expect(badJson.error?.message).toContain('Other Fields (JSON)');
		expect(ctx.sandbox.requests(/\/api\/task/, 'POST')).toHaveLength(0);
	});

	it('passes the API refusal of an invalid enum value with its message', async () => {
		const result = await ctx.run({ resource: 'resource', operation: 'create', label: 'x', additionalFields: { type: 'Vehicle' } });
		expect(result.error?.message).toContain('400');
		expect(result.error?.message).toContain('ResourceType');
	});

	it('updates by merging the changes over the current record (fields not given are kept)', async () => {
		const customer = ctx.sandbox.data.customer[1];
		const before = { ...customer };
		const result = await ctx.run({ resource: 'customer', operation: 'update', customerKey: { mode: 'id', value: String(customer.key) }, updateFields: { label: 'Renamed SA' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ ...before, label: 'Renamed SA' });
		const stored = ctx.sandbox.data.customer.find((c) => c.key === customer.key);
		expect(stored).toEqual({ ...before, label: 'Renamed SA' });
		expect(ctx.sandbox.requests(new RegExp(`/api/customer/${customer.key}$`)).map((c) => c.method)).toEqual(['GET', 'PUT']);
	});

	it('refuses an update without fields', async () => {
		const project = ctx.sandbox.data.project[0];
		const result = await ctx.run({ resource: 'project', operation: 'update', projectKey: { mode: 'id', value: String(project.key) }, updateFields: {} });
		expect(result.error?.message).toContain('Update Fields');
	});

	it('deletes and answers {deleted: true}; a second delete is a 404', async () => {
		const task = ctx.sandbox.data.task[ctx.sandbox.data.task.length - 1];
		const result = await ctx.run({ resource: 'task', operation: 'delete', taskKey: { mode: 'id', value: String(task.key) } });
		expect(result.items[0].json).toEqual({ deleted: true, key: task.key });
		expect(ctx.sandbox.data.task.some((t) => t.key === task.key)).toBe(false);
		const again = await ctx.run({ resource: 'task', operation: 'delete', taskKey: { mode: 'id', value: String(task.key) } });
		expect(again.error?.message).toContain('404');
	});

	it('continues on fail per item, paired with its input', async () => {
		const good = ctx.sandbox.data.project[0].key;
		const result = await ctx.run(
			{ resource: 'project', operation: 'get', projectKey: { mode: 'id', value: '={{ $json.key }}' } },
			{ items: [{ key: good }, { key: 99999 }, { key: good }], continueOnFail: true },
		);
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toContain('404');
		expect(result.items[2].json.key).toBe(good);
	});

	it.each(['task', 'customer', 'resource', 'project'] as const)('%s: get, update (merge) and delete through the locator', async (entity) => {
		const record = ctx.sandbox.insert(entity, { label: `Temp ${entity}`, notValid: false, extra: 'kept' });
		const locator = { [`${entity}Key`]: { mode: 'list', value: String(record.key) } };
		const got = await ctx.run({ resource: entity, operation: 'get', ...locator });
		expect(got.items[0].json).toEqual(record);
		const updated = await ctx.run({ resource: entity, operation: 'update', ...locator, updateFields: { json: '{"notValid": true}' } });
		expect(updated.items[0].json).toEqual({ key: record.key, label: `Temp ${entity}`, notValid: true, extra: 'kept' });
		const deleted = await ctx.run({ resource: entity, operation: 'delete', ...locator });
		expect(deleted.items[0].json).toEqual({ deleted: true, key: record.key });
		expect(ctx.sandbox.data[entity].some((r) => r.key === record.key)).toBe(false);
	});

	it('lists departments and categories', async () => {
		const departments = await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
		expect(departments.items.map((i) => i.json.label)).toEqual(ctx.sandbox.data.department.map((d) => d.label));
		const categories = await ctx.run({ resource: 'category', operation: 'getAll', returnAll: false, limit: 2, sort: { rules: [{ property: 'label', direction: '-' }] } });
		expect(categories.items).toHaveLength(2);
		const labels = ctx.sandbox.data.category.map((c) => String(c.label)).sort((a, b) => b.localeCompare(a));
		expect(categories.items.map((i) => i.json.label)).toEqual(labels.slice(0, 2));
	});
});
