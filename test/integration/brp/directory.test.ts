import type { IDataObject } from 'n8n-workflow';
import { ANNA, CRED, L1, L2, everything, startBrp } from './setup';

describe('BRP: persons, business units, resources, custom API call, credential', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	beforeAll(async () => {
		ctx = await startBrp();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	const list = (r: { items: Array<{ json: IDataObject }> }) => r.items.map((i) => i.json);

	describe('Person', () => {
		it('Get: the logged-in person, typed and with the business unit', async () => {
			const r = await ctx.run({ resource: 'person', operation: 'get', personId: String(ANNA.id) });
			expect(r.error).toBeUndefined();
			expect(list(r)).toEqual([
				expect.objectContaining({ id: 101, firstname: 'Anna', email: ANNA.email, cardnumber: '700101', customernumber: '10101', businessunit: { id: 11, name: 'Center' } }),
			]);
			expect(ctx.sandbox.requests(/persons\/101\.xml$/)).toHaveLength(1);
			const other = await ctx.run({ resource: 'person', operation: 'get', personId: '102' });
			expect(other.error?.message).toMatch(/1106 objectNotBelongingToAuthUser/);
			const bad = await ctx.run({ resource: 'person', operation: 'get', personId: '10 1' });
			expect(bad.error?.message).toMatch(/^Person ID: "10 1" is not a BRP ID/);
		});

		it('Get Many (level 3): filters, Limit, and clear refusals', async () => {
			const refused = await ctx.run({ resource: 'person', operation: 'getAll', returnAll: true, filters: { lastname: 'Berg' } });
			expect(refused.error?.message).toMatch(/^Person → Get Many: needs a level 3 API key/);
			ctx.useLevel3();
			const r = await ctx.run({ resource: 'person', operation: 'getAll', returnAll: true, filters: { lastname: 'Ek' } });
			expect(list(r).map((p) => p.id)).toEqual([102]);
			expect(ctx.sandbox.requests(/persons\.xml$/)[0].query).toMatchObject({ lastname: 'Ek' });
			const none = await ctx.run({ resource: 'person', operation: 'getAll', returnAll: true, filters: {} });
			expect(none.error?.message).toMatch(/^Filters: are empty/);
			const empty = await ctx.run({ resource: 'person', operation: 'getAll', returnAll: true, filters: { email: 'nobody@example.se' } });
			expect(empty.error).toBeUndefined();
			expect(empty.items).toHaveLength(0);
		});

		it('Create and Update with JSON bodies to persons.json, Other Fields passed through', async () => {
			const created = await ctx.run({
				resource: 'person',
				operation: 'create',
				firstname: 'Dana',
				lastname: 'Öst',
				email: 'dana.ost@example.se',
				additionalFields: { mobilephone: '+46 70 555', businessunitid: '12', otherFields: '{"personnumber": "19900101-1234"}' },
			});
			expect(created.error).toBeUndefined();
			const person = created.items[0].json;
			expect(person).toMatchObject({ firstname: 'Dana', lastname: 'Öst', mobilephone: '+46 70 555', personnumber: '19900101-1234', businessunit: { id: 12 } });
			const post = ctx.sandbox.requests(/persons\.json$/, 'POST')[0];
			expect(post.body).toEqual({ firstname: 'Dana', lastname: 'Öst', email: 'dana.ost@example.se', mobilephone: '+46 70 555', businessunitid: '12', personnumber: '19900101-1234' });

			const again = await ctx.run({ resource: 'person', operation: 'create', firstname: 'Dana', lastname: 'Öst', email: 'dana.ost@example.se' });
			expect(again.error?.message).toMatch(/BRP answered 409: 1103 objectExists/);
			expect(again.error?.description).toMatch(/e-mail is taken/);

			ctx.useLevel3();
			const updated = await ctx.run({ resource: 'person', operation: 'update', personId: String(person.id), updateFields: { lastname: 'Östberg' } });
			expect(updated.items[0].json).toMatchObject({ id: person.id, lastname: 'Östberg', firstname: 'Dana' });
			expect(ctx.sandbox.requests(new RegExp(`persons/${person.id}\\.json$`), 'PUT')[0].body).toEqual({ lastname: 'Östberg' });
		});

		it('a person field this BRP does not keep fails Create and Update naming the field and the contract line (issue 14)', async () => {
			ctx.sandbox.ignoredPersonFields = ['mobilephone', 'businessunitid'];
			const created = await ctx.run({
				resource: 'person',
				operation: 'create',
				firstname: 'Eva',
				lastname: 'Lind',
				email: 'eva.lind@example.se',
				additionalFields: { mobilephone: '+46 70 123' },
			});
			expect(created.items).toHaveLength(0);
			expect(created.error?.message).toMatch(/^BRP did not keep the mobilephone: "\+46 70 123" was sent, the created person \d+ has mobilephone \/ mobile \/ cellphone = (""|null)/);
			expect(created.error?.description).toMatch(/write itself went through.*the contract line "PERSON_WRITE_FIELDS\.mobilephone" at https:\/\/github\.com\/n8n-nodes-bookings\/n8n-nodes-bookings\/issues/);
			// The person exists: the write went through, as the message says.
			expect(ctx.sandbox.data.persons.some((p) => p.email === 'eva.lind@example.se')).toBe(true);
			ctx.useLevel3();
			const moved = await ctx.run({ resource: 'person', operation: 'update', personId: '102', updateFields: { businessunitid: '12' } });
			expect(moved.error?.message).toMatch(/^BRP stored another businessunitid: "12" was sent, the updated person 102 has 11/);
			// What the tenant keeps passes.
			const renamed = await ctx.run({ resource: 'person', operation: 'update', personId: '102', updateFields: { firstname: 'Erik' } });
			expect(renamed.error).toBeUndefined();
			expect(renamed.items[0].json).toMatchObject({ id: 102, firstname: 'Erik' });
		});

		it('refuses bad person input before calling BRP', async () => {
			const cases: Array<[Record<string, unknown>, RegExp]> = [
				[{ operation: 'create', firstname: 'A', lastname: 'B', email: 'not-an-email' }, /^E-Mail: "not-an-email" is not an e-mail address/],
				[{ operation: 'create', firstname: 'A', lastname: 'B', email: 'a@b.se', additionalFields: { otherFields: '{oops' } }, /^Other Fields \(JSON\): is not valid JSON/],
				[{ operation: 'create', firstname: 'A', lastname: 'B', email: 'a@b.se', additionalFields: { otherFields: '[1]' } }, /^Other Fields \(JSON\): must be a JSON object/],
				[{ operation: 'update', personId: '101', updateFields: {} }, /^Update Fields: are empty/],
			];
			for (const [params, message] of cases) {
				const r = await ctx.run({ resource: 'person', ...params });
				expect(r.error?.message).toMatch(message);
			}
			expect(ctx.sandbox.requests(/persons/)).toHaveLength(0);
		});
	});

	describe('Business Unit and Resource', () => {
		it('Business Unit → Get Many with Show All and Company ID, and Limit', async () => {
			ctx.useCredential({ apiKey: L1, keyLevel: 1, username: '', password: '' });
			expect(list(await ctx.run({ resource: 'businessUnit', operation: 'getAll', returnAll: true })).map((u) => u.id)).toEqual([11, 12]);
			const all = await ctx.run({ resource: 'businessUnit', operation: 'getAll', returnAll: true, options: { showAll: true, companyId: '2' } });
			expect(list(all)).toEqual([{ id: 13, name: 'Söder & Co', company: { id: 2, name: 'Other Company AB' } }]);
			expect((await ctx.run({ resource: 'businessUnit', operation: 'getAll', returnAll: false, limit: 1 })).items).toHaveLength(1);
		});

		it('Resource → Get Many: business units required, type, product and employees', async () => {
			const rooms = await ctx.run({ resource: 'resource', operation: 'getAll', returnAll: true, businessUnitIds: ['11', '12'], options: { type: 'Lokal' } });
			expect(list(rooms).map((r) => r.id)).toEqual([7, 21]);
			expect(ctx.sandbox.requests(/resources\.xml$/)[0].query).toMatchObject({ businessunitids: '11,12', type: 'Lokal' });
			const staff = await ctx.run({ resource: 'resource', operation: 'getAll', returnAll: true, businessUnitIds: ['11'], options: { includeEmployees: true, productId: '502' } });
			expect(list(staff)).toEqual([expect.objectContaining({ id: 20, isemployee: true, employee: { id: 201, name: 'Erik Lind' }, businessunit: { id: 11, name: 'Center' } })]);
			const none = await ctx.run({ resource: 'resource', operation: 'getAll', returnAll: true, businessUnitIds: '={{ [] }}' });
			expect(none.error?.message).toMatch(/^Business Units: are empty/);
			const unknown = await ctx.run({ resource: 'resource', operation: 'getAll', returnAll: true, businessUnitIds: ['99'] });
			expect(unknown.error?.message).toMatch(/1104 noSuchBusinessUnit/);
			expect(unknown.error?.description).toMatch(/Business Unit → Get Many lists them/);
		});

		it('lists business units and searches resources for the pickers', async () => {
			const units = await ctx.harness.loadOptions({ type: 'brp', method: 'getBusinessUnits', credentials: [CRED] } as never);
			expect(units).toEqual([
				{ name: 'Center', value: '11' },
				{ name: 'North', value: '12' },
				{ name: 'Söder & Co', value: '13' },
			]);
			const found = (await ctx.harness.loadOptions({ type: 'brp', method: 'searchResources', kind: 'listSearch', filter: 'squash', credentials: [CRED] } as never)) as {
				results: Array<{ name: string; value: string }>;
			};
			expect(found.results).toEqual([
				{ name: 'Squash court 1 (Bana, Center)', value: '8' },
				{ name: 'Squash court 2 (Bana, North)', value: '9' },
			]);
		});
	});

	describe('Custom API Call', () => {
		it('reads XML and JSON into the same clean JSON, one item per record', async () => {
			const xml = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'servicebookings', format: 'xml', query: '{"startdate": "2026-03-28", "enddate": "2026-03-31"}' });
			const json = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: '/servicebookings', format: 'json', query: '{"startdate": "2026-03-28", "enddate": "2026-03-31"}' });
			expect(xml.error).toBeUndefined();
			expect(xml.items.length).toBeGreaterThan(1);
			expect(list(json)).toEqual(list(xml));
			expect(ctx.sandbox.requests(/servicebookings\.xml$/)).toHaveLength(1);
			expect(ctx.sandbox.requests(/servicebookings\.json$/)).toHaveLength(1);
		});

		it('keeps an extension in the path, sends a JSON body, and reports BRP errors', async () => {
			const one = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'persons/101.json', format: 'xml' });
			expect(one.items[0].json).toMatchObject({ person: { id: 101, email: ANNA.email } });
			const put = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'PUT', path: 'persons/101', format: 'json', body: '{"mobilephone": "+46 8 1"}' });
			expect(put.items[0].json).toMatchObject({ person: { mobilephone: '+46 8 1' } });
			const unknown = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'products' });
			expect(unknown.error?.message).toMatch(/BRP answered 404: 1107 noSuchObject/);
			const absolute = await ctx.run({ resource: 'customApiCall', operation: 'call', method: 'GET', path: 'https://example.com/x' });
			expect(absolute.error?.message).toMatch(/must be relative to the base URL/);
		});
	});

	describe('credential', () => {
		it('tests with a read that needs the person when a login is given: OK, then wrong key, wrong login and a level 1 key with a login fail', async () => {
			expect(await ctx.harness.testCredential(CRED)).toMatchObject({ status: 'OK' });
			expect(ctx.sandbox.requests(/servicebookings\.xml$/)).toHaveLength(1);
			expect(ctx.sandbox.requests(/servicebookings\.xml$/)[0].headers.authorization).toMatch(/^Basic /);
			for (const extra of [{ apiKey: 'wrong-key-5555' }, { password: 'wrong-5555' }, { apiKey: L1, keyLevel: 1 }]) {
				ctx.useCredential(extra);
				const result = await ctx.harness.testCredential(CRED);
				expect(result.status).toBe('Error');
				for (const secret of ['wrong-key-5555', 'wrong-5555', L1, L2, ANNA.password]) expect(everything(result)).not.toContain(secret);
			}
			ctx.useCredential({ username: '', password: '' });
			expect(await ctx.harness.testCredential(CRED)).toMatchObject({ status: 'OK' });
			expect(ctx.sandbox.requests(/businessunits\.xml$/).slice(-1)[0].headers.authorization).toBeUndefined();
		});

		it('a wrong person password fails the test also where BRP serves public information without checking the login (issue 14, finding 8)', async () => {
			ctx.sandbox.publicInfoIgnoresLogin = true;
			try {
				ctx.useCredential({ password: 'wrong-5555' });
				const result = await ctx.harness.testCredential(CRED);
				expect(result.status).toBe('Error');
				expect(everything(result)).not.toContain('wrong-5555');
				ctx.useCredential({});
				expect(await ctx.harness.testCredential(CRED)).toMatchObject({ status: 'OK' });
			} finally {
				ctx.sandbox.publicInfoIgnoresLogin = false;
			}
		});

		it('sends the key as apikey on every call and no login per execution', async () => {
			await ctx.run({ resource: 'businessUnit', operation: 'getAll', returnAll: true });
			await ctx.run({ resource: 'businessUnit', operation: 'getAll', returnAll: true });
			const calls = ctx.sandbox.log;
			expect(calls).toHaveLength(2);
			expect(calls.every((c) => c.query.apikey === L2)).toBe(true);
			expect(ctx.harness.stats.preAuthentication[CRED] ?? 0).toBe(0);
		});
	});
});
