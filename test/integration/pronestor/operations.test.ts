import { DateTime } from 'luxon';
import type { INodeListSearchResult } from 'n8n-workflow';
import { Harness } from '../../harness';
import { createPronestorSandbox, PronestorSandbox } from '../../sandbox/pronestor';
import { CRED, everything, startPronestor } from './setup';

describe('Pronestor Planner: bookings, billing accounts, departments, custom call', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.useCredential();
	});

	describe('Booking: Get Many by resource type', () => {
		const period = () => ({ start: DateTime.utc().minus({ days: 1 }).toISODate(), end: DateTime.utc().plus({ days: 15 }).toISODate() });

		it('lists the bookings of one resource type in a period', async () => {
			const { start, end } = period();
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', resourceType: 2, start, end, returnAll: true });
			expect(result.error).toBeUndefined();
			const expected = ctx.sandbox.data.bookings.filter(
				(b) => b.ResourceType === 2 && Date.parse(b.Start) < Date.parse(`${end}T00:00:00Z`) && Date.parse(b.End) > Date.parse(`${start}T00:00:00Z`),
			);
			expect(result.items.map((i) => i.json.Id).sort()).toEqual(expected.map((b) => b.Id).sort());
			expect(result.items.length).toBeGreaterThan(0);
			const [call] = ctx.sandbox.requests(/FindBookingsByResourceType$/);
			expect(call.query).toEqual({ type: '2', start: `${start} 00:00:00Z`, end: `${end} 00:00:00Z` });
		});

		it('adds each meeting and its owner with one request per distinct meeting and owner', async () => {
			const { start, end } = period();
			const result = await ctx.run({
				resource: 'booking',
				operation: 'getAll',
				resourceType: 1,
				start,
				end,
				returnAll: true,
				options: { includeOwner: true },
				output: 'both',
			});
			expect(result.error).toBeUndefined();
			const rooms = result.items.map((i) => i.json as Record<string, any>);
			expect(rooms.every((b) => b.ResourceType === 1 && b.Meeting?.Id === b.MeetingId && typeof b.Meeting.Owner.Email === 'string')).toBe(true);
			expect(rooms[0].normalized).toMatchObject({
				vendor: 'pronestorPlanner',
				kind: 'booking',
				title: rooms[0].Meeting.Title,
				owner: { email: rooms[0].Meeting.Owner.Email },
				resource: { id: String(rooms[0].ResourceId), type: 'Room' },
				lockedAt: null,
			});
			const meetings = new Set(rooms.map((b) => b.MeetingId));
			const owners = new Set(rooms.map((b) => b.Meeting.OwnerId));
			expect(ctx.sandbox.requests(/GetMeeting$/)).toHaveLength(meetings.size);
			expect(ctx.sandbox.requests(/GetUser$/)).toHaveLength(owners.size);
		});

		it('stops at the limit before looking up meetings', async () => {
			const { start, end } = period();
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', resourceType: 1, start, end, returnAll: false, limit: 2, options: { includeMeeting: true } });
			expect(result.items).toHaveLength(2);
			expect(ctx.sandbox.requests(/GetMeeting$/).length).toBeLessThanOrEqual(2);
			expect(ctx.sandbox.requests(/GetUser$/)).toHaveLength(0);
		});

		it('refuses an end before the start', async () => {
			const result = await ctx.run({ resource: 'booking', operation: 'getAll', resourceType: 1, start: '2026-03-05', end: '2026-03-01', returnAll: true });
			expect(result.error?.message).toMatch(/End: .* is not after Start/);
			expect(ctx.sandbox.requests(/FindBookingsByResourceType$/)).toHaveLength(0);
		});
	});

	describe('Billing Account and Department', () => {
		it('lists billing accounts hiding deleted ones by default, or all', async () => {
			const hidden = await ctx.run({ resource: 'billingAccount', operation: 'getAll', returnAll: true });
			expect(hidden.items.map((i) => i.json.Id)).toEqual(ctx.sandbox.data.billingAccounts.filter((a) => !a.IsDeleted).map((a) => a.Id));
			const all = await ctx.run({ resource: 'billingAccount', operation: 'getAll', returnAll: true, hideDeleted: false });
			expect(all.items).toHaveLength(ctx.sandbox.data.billingAccounts.length);
			const limited = await ctx.run({ resource: 'billingAccount', operation: 'getAll', returnAll: false, limit: 3 });
			expect(limited.items).toHaveLength(3);
		});

		it('lists the billing accounts of a department (locator by list or by ID)', async () => {
			const dep = ctx.sandbox.data.billingAccounts.find((a) => a.IsDeleted)?.DepartmentId as number;
			for (const hideDeleted of [true, false]) {
				const result = await ctx.run({
					resource: 'billingAccount',
					operation: 'getAllByDepartment',
					departmentId: { __rl: true, mode: hideDeleted ? 'list' : 'id', value: String(dep) },
					hideDeleted,
					returnAll: true,
				});
				expect(result.error).toBeUndefined();
				const expected = ctx.sandbox.data.billingAccounts.filter((a) => a.DepartmentId === dep && !(hideDeleted && a.IsDeleted));
				expect(result.items.map((i) => i.json.Id)).toEqual(expected.map((a) => a.Id));
			}
			expect(ctx.sandbox.requests(/GetBillingAccountsByDepartment$/).map((c) => c.query.hideDeleted)).toEqual(['True', 'False']);
			const missing = await ctx.run({ resource: 'billingAccount', operation: 'getAllByDepartment', departmentId: { __rl: true, mode: 'id', value: '999' }, returnAll: true });
			expect(missing.error?.message).toMatch(/answered 404: Department 999 not found/);
			// n8n itself refuses a By ID value that is not a number (the locator's validation)...
			await expect(
				ctx.run({ resource: 'billingAccount', operation: 'getAllByDepartment', departmentId: { __rl: true, mode: 'id', value: 'finance' }, returnAll: true }),
			).rejects.toThrow(/A Pronestor Planner ID is a whole number/);
			// ...and the node refuses one that an expression produced.
			const bad = await ctx.run({ resource: 'billingAccount', operation: 'getAllByDepartment', departmentId: { __rl: true, mode: 'list', value: '={{ "finance" }}' }, returnAll: true });
			expect(bad.error?.message).toMatch(/Department: "finance" is not an ID/);
		});

		it('creates, updates (keeping unchanged fields) and bulk-deletes billing accounts', async () => {
			const created = await ctx.run({
				resource: 'billingAccount',
				operation: 'create',
				name: 'Events',
				code: 'CC-7001',
				additionalFields: { description: 'Conference fees', department: { __rl: true, mode: 'list', value: '3' } },
			});
			expect(created.error).toBeUndefined();
			const account = created.items[0].json;
			expect(account).toMatchObject({ Name: 'Events', Code: 'CC-7001', Description: 'Conference fees', DepartmentId: 3, IsDeleted: false });

			const updated = await ctx.run({
				resource: 'billingAccount',
				operation: 'update',
				billingAccountId: { __rl: true, mode: 'id', value: String(account.Id) },
				updateFields: { name: 'Events and conferences' },
			});
			expect(updated.error).toBeUndefined();
			expect(updated.items[0].json).toMatchObject({ Id: account.Id, Name: 'Events and conferences', Code: 'CC-7001', Description: 'Conference fees', DepartmentId: 3 });
			const [sent] = ctx.sandbox.requests(/UpdateBillingAccount$/);
			expect(sent.body).toMatchObject({ Id: account.Id, Code: 'CC-7001', Name: 'Events and conferences' });

			const duplicate = await ctx.run({ resource: 'billingAccount', operation: 'create', name: 'Again', code: 'CC-7001' });
			expect(duplicate.error?.message).toMatch(/answered 400: A billing account with Code CC-7001 already exists \[Pronestor Planner code DuplicateCode\]/);

			const deleted = await ctx.run({ resource: 'billingAccount', operation: 'delete', billingAccountIds: `${account.Id}, 1` });
			expect(deleted.items[0].json).toEqual({ deleted: true, ids: [account.Id, 1], Deleted: 2 });
			expect(ctx.sandbox.requests(/DeleteBillingAccounts$/)[0].body).toEqual([account.Id, 1]);
			// Deleting again is harmless.
			const again = await ctx.run({ resource: 'billingAccount', operation: 'delete', billingAccountIds: '={{ [' + account.Id + '] }}' });
			expect(again.items[0].json).toEqual({ deleted: true, ids: [account.Id], Deleted: 0 });
		});

		it('checks a write against the account Pronestor answers: a tenant that calls the cost centre CostCenter keeps no Code, and the node says so (issue 14, finding 3)', async () => {
			ctx.sandbox.fieldSet = 'variant';
			try {
				const created = await ctx.run({ resource: 'billingAccount', operation: 'create', name: 'Variant events', code: 'CC-7101' });
				expect(created.error?.message).toMatch(/did not keep the cost centre code: Code = "CC-7101" was sent, the created billing account \d+ has no Code/);
				expect((created.error as { description?: string }).description).toMatch(/the contract line "FIELDS\.account\.code" at https:\/\/github\.com\/n8n-nodes-bookings\/n8n-nodes-bookings\/issues/);
				expect((created.error as { description?: string }).description).toMatch(/carries .*CostCenter/);
				const stored = ctx.sandbox.data.billingAccounts.find((a) => a.Name === 'Variant events');
				expect(stored?.Code).toBe('');
				const updated = await ctx.run({
					resource: 'billingAccount',
					operation: 'update',
					billingAccountId: { __rl: true, mode: 'id', value: String(stored!.Id) },
					updateFields: { code: 'CC-7102' },
				});
				expect(updated.error?.message).toMatch(/did not keep the cost centre code: Code = "CC-7102" was sent, the updated billing account/);
				// A field the tenant does keep passes the check.
				const renamed = await ctx.run({
					resource: 'billingAccount',
					operation: 'update',
					billingAccountId: { __rl: true, mode: 'id', value: String(stored!.Id) },
					updateFields: { name: 'Variant events 2' },
				});
				expect(renamed.error).toBeUndefined();
			} finally {
				ctx.sandbox.fieldSet = 'assumed';
			}
		});

		it('refuses bad billing account input with clear errors', async () => {
			const empty = await ctx.run({ resource: 'billingAccount', operation: 'update', billingAccountId: { __rl: true, mode: 'id', value: '1' }, updateFields: {} });
			expect(empty.error?.message).toMatch(/Update Fields: are empty/);
			const unknown = await ctx.run({ resource: 'billingAccount', operation: 'update', billingAccountId: { __rl: true, mode: 'id', value: '4242' }, updateFields: { name: 'x' } });
			expect(unknown.error?.message).toMatch(/no billing account has ID 4242/);
			const ids = await ctx.run({ resource: 'billingAccount', operation: 'delete', billingAccountIds: '1, two' });
			expect(ids.error?.message).toMatch(/Billing Account IDs: "two" is not an ID/);
			expect(ctx.sandbox.requests(/UpdateBillingAccount$|DeleteBillingAccounts$/)).toHaveLength(0);
		});

		it('lists departments', async () => {
			const result = await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
			expect(result.items.map((i) => i.json.Name)).toEqual(ctx.sandbox.data.departments.map((d) => d.Name));
		});

		it('reports an empty or foreign answer to a listing as an error, never as "no records"', async () => {
			for (const body of ['', { Message: 'maintenance' }]) {
				ctx.sandbox.fault({ status: 200, body, match: (r) => /GetDepartments$/.test(r.path) });
				const result = await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
				expect(result.items).toEqual([]);
				expect(result.error?.message).toMatch(/not a list of departments/);
			}
		});

		it('offers departments and live billing accounts in the From List pickers', async () => {
			const deps = (await ctx.harness.loadOptions({ type: 'pronestorPlanner', method: 'searchDepartments', kind: 'listSearch', credentials: [CRED], filter: 'fin' })) as INodeListSearchResult;
			expect(deps.results).toEqual([{ name: 'Finance', value: '1' }]);
			const accounts = (await ctx.harness.loadOptions({ type: 'pronestorPlanner', method: 'searchBillingAccounts', kind: 'listSearch', credentials: [CRED] })) as INodeListSearchResult;
			const live = ctx.sandbox.data.billingAccounts.filter((a) => !a.IsDeleted);
			expect(accounts.results).toHaveLength(live.length);
			expect(accounts.results.map((r) => r.name)).toContain(`${live[0].Name} (${live[0].Code})`);
		});
	});

	describe('Custom API Call', () => {
		it('calls a method by name through the same session, with query or body', async () => {
			const departments = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'GetDepartments', query: '{}' });
			expect(departments.items).toHaveLength(ctx.sandbox.data.departments.length);
			const byDep = await ctx.run({
				resource: 'customApiCall',
				operation: 'call',
				method: 'GET',
				path: '/Api.mvc/v1/GetBillingAccountsByDepartment',
				query: '{"departmentId": 2, "hideDeleted": "True"}',
			});
			expect(byDep.error).toBeUndefined();
			expect(byDep.items.every((i) => i.json.DepartmentId === 2)).toBe(true);
			const created = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'POST', path: 'CreateBillingAccount', query: '{}', body: '{"Name": "Raw", "Code": "CC-RAW"}' });
			expect(created.items[0].json).toMatchObject({ Name: 'Raw', Code: 'CC-RAW' });
			const tooLong = await ctx.run({
				resource: 'customApiCall',
				operation: 'call',
				method: 'GET',
				path: 'FindLockedBookings',
				query: '{"startLockTime": "2024-01-01 00:00:00Z", "endLockTime": "2024-12-31 00:00:00Z"}',
			});
			expect(tooLong.error?.message).toMatch(/answered 400: You cannot request more than 6 months/);
			expect(tooLong.error?.description).toMatch(/at most 6 months/);
			expect(ctx.sandbox.requests(/Authenticate$/).length).toBeLessThanOrEqual(1);
		});
	});

	describe('credential', () => {
		it('the credential test really logs in, and fails clearly with a wrong password', async () => {
			const before = ctx.sandbox.stats.logins;
			expect(await ctx.harness.testCredential(CRED)).toMatchObject({ status: 'OK' });
			expect(ctx.sandbox.stats.logins).toBe(before + 1);
			ctx.useCredential({ password: 'Not-the-password-1' });
			const bad = await ctx.harness.testCredential(CRED);
			expect(bad.status).toBe('Error');
			// n8n shows its own wording for a 401 here.
			expect(bad.message).toMatch(/refused the login|Authorization failed - please check your credentials/);
			expect(everything(bad)).not.toContain('Not-the-password-1');
		});

		it('validates the tenant name: a name, not a URL or path', async () => {
			for (const tenant of ['https://acme.pronestor.com', 'acme/evil', 'acme.example.com', '']) {
				ctx.useCredential({ deployment: 'cloud', tenant });
				const result = await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
				expect(result.error?.message).toMatch(/Tenant Name .* is not a plain name/);
			}
			expect(ctx.sandbox.log).toHaveLength(0);
		});

		it('accepts a base URL that ends in /api.mvc', async () => {
			ctx.useCredential({ baseUrl: `${ctx.sandbox.baseUrl}/api.mvc` });
			const result = await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items.length).toBe(5);
		});

		it('works without login on an on-premise site with AllowAuthenticationBypass', async () => {
			const open = createPronestorSandbox({ allowAuthenticationBypass: true, lockedBookings: 20, openBookings: 0 });
			await open.start();
			try {
				const harness = await Harness.load();
				harness.setCredential(CRED, { deployment: 'custom', baseUrl: open.baseUrl, authentication: 'none', sessionToken: '' });
				const result = await harness.runNode({ type: 'pronestorPlanner', parameters: { resource: 'department', operation: 'getAll', returnAll: true }, credentials: [CRED] });
				expect(result.error).toBeUndefined();
				expect(result.items).toHaveLength(5);
				expect(await harness.testCredential(CRED)).toMatchObject({ status: 'OK' });
				expect(open.stats.logins).toBe(0);
				expect(open.log.every((r) => r.headers.cookie === undefined)).toBe(true);
			} finally {
				await open.stop();
			}
		});

		it('never shows the password or the session cookie in outputs or errors', async () => {
			ctx.useCredential();
			await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
			const cookie = ctx.harness.getCredential(CRED).sessionToken as string;
			ctx.sandbox.fault({ status: 400, body: { Message: `bad request with ${cookie} and ${PronestorSandbox.PASSWORD}` } });
			const result = await ctx.run({ resource: 'department', operation: 'getAll', returnAll: true });
			expect(result.error).toBeDefined();
			const text = everything(result.error, result.items);
			expect(text).not.toContain(PronestorSandbox.PASSWORD);
			for (const pair of cookie.split('; ')) expect(text).not.toContain(pair.split('=')[1]);
		});
	});
});
