import { withoutProofs } from '../proofs';
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { ANNA, L2, startBrp } from './setup';

const SB = /servicebookings\.(xml|json)$/;
const STHLM = 'Europe/Stockholm';

describe('BRP: service bookings', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	beforeAll(async () => {
		ctx = await startBrp();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	const getAll = (params: Record<string, unknown> = {}) =>
		ctx.run({ resource: 'serviceBooking', operation: 'getAll', returnAll: true, ...params });
	const json = (r: { items: Array<{ json: IDataObject }> }) => r.items.map((i) => i.json);
	const expectedIds = (from: string, to: string, pred: (b: (typeof ctx.sandbox.data.serviceBookings)[number]) => boolean) => {
		const a = DateTime.fromISO(from, { zone: STHLM }).toMillis();
		const b = DateTime.fromISO(to, { zone: STHLM }).toMillis();
		return ctx.sandbox.data.serviceBookings
			.filter((x) => x.start >= a && x.start < b && pred(x))
			.sort((x, y) => x.start - y.start)
			.map((x) => x.id);
	};

	describe('Get Many', () => {
		it('lists the logged-in person’s bookings in a range as XML, one item each, paired with the input', async () => {
			const r = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06' });
			expect(r.error).toBeUndefined();
			const ids = json(r).map((b) => b.id);
			expect(ids).toEqual(expectedIds('2026-03-22', '2026-04-06', (b) => b.ownerPersonId === ANNA.id));
			expect(ids.length).toBeGreaterThan(5);
			expect(r.items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
			const calls = withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate');
			expect(calls).toHaveLength(1);
			expect(calls[0].path).toMatch(/servicebookings\.json$/);
			expect(calls[0].query).toMatchObject({ startdate: '2026-03-22', enddate: '2026-04-06', apikey: L2 });
			expect(calls[0].headers.authorization).toBe(`Basic ${Buffer.from(`${ANNA.email}:${ANNA.password}`).toString('base64')}`);
		});

		it('defaults to today … +14 days (Stockholm)', async () => {
			const today = DateTime.now().setZone(STHLM).startOf('day');
			const r = await getAll();
			expect(r.error).toBeUndefined();
			expect(ctx.sandbox.requests(SB)[0].query).toMatchObject({
				startdate: today.toFormat('yyyy-MM-dd'),
				enddate: today.plus({ days: 14 }).toFormat('yyyy-MM-dd'),
			});
		});

		it('applies exact times and converts inputs with offsets to Stockholm days', async () => {
			// 2026-03-27T23:30Z is 2026-03-28 00:30 in Stockholm.
			const r = await getAll({ startDate: '2026-03-27T23:30:00Z', endDate: '2026-03-29T12:00:00+02:00' });
			expect(r.error).toBeUndefined();
			expect(ctx.sandbox.requests(SB)[0].query).toMatchObject({ startdate: '2026-03-28', enddate: '2026-03-30' });
			const ids = json(r).map((b) => b.id);
			const lower = Date.parse('2026-03-27T23:30:00Z');
			const upper = Date.parse('2026-03-29T12:00:00+02:00');
			expect(ids).toEqual(
				ctx.sandbox.data.serviceBookings
					.filter((b) => b.ownerPersonId === ANNA.id && b.start >= lower && b.start < upper)
					.sort((a, b) => a.start - b.start)
					.map((b) => b.id),
			);
		});

		it('splits a range BRP refuses as too wide (1114) into accepted windows: every booking once, no gap', async () => {
			ctx.sandbox.maxRangeDays = 7;
			const r = await getAll({ startDate: '2026-03-01', endDate: '2026-11-15' });
			expect(r.error).toBeUndefined();
			const ids = json(r).map((b) => b.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids).toEqual(expectedIds('2026-03-01', '2026-11-15', (b) => b.ownerPersonId === ANNA.id));
			const calls = withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate');
			const refused = calls.filter((c) => c.status === 400);
			const accepted = calls.filter((c) => c.status === 200).map((c) => [String(c.query.startdate), String(c.query.enddate)]).sort();
			expect(refused.length).toBeGreaterThan(0);
			expect(refused.length).toBeLessThanOrEqual(8);
			// Accepted windows tile the range exactly.
			expect(accepted[0][0]).toBe('2026-03-01');
			expect(accepted[accepted.length - 1][1]).toBe('2026-11-15');
			for (let k = 0; k < accepted.length - 1; k++) expect(accepted[k][1]).toBe(accepted[k + 1][0]);
			for (const [a, b] of accepted) expect(DateTime.fromISO(b).diff(DateTime.fromISO(a), 'days').days).toBeLessThanOrEqual(7);
			// Few requests: the width is learned while reading (5, then 7 days), the rest in windows of 7 days.
			expect(accepted.length).toBeLessThanOrEqual(38);

			// The learned width is reused: the next wide listing needs no refused request at all.
			ctx.sandbox.resetLog();
			const again = await getAll({ startDate: '2026-03-01', endDate: '2026-11-15' });
			expect(json(again).map((b) => b.id)).toEqual(ids);
			expect(ctx.sandbox.requests(SB).filter((c) => c.status !== 200)).toHaveLength(0);

			// BRP's limit goes down: noticed, relearned, still every booking once.
			ctx.sandbox.maxRangeDays = 3;
			ctx.sandbox.resetLog();
			const narrower = await getAll({ startDate: '2026-03-01', endDate: '2026-11-15' });
			expect(json(narrower).map((b) => b.id)).toEqual(ids);
			// Windows are in flight six at a time: at most two refusals per window in flight.
			expect(ctx.sandbox.requests(SB).filter((c) => c.status === 400).length).toBeLessThanOrEqual(12);
		});

		it('reads listings as servicebookings.json; a tenant that serves only XML is read as XML (one .json try, remembered), with the same items', async () => {
			const range = { startDate: '2026-03-01', endDate: '2026-11-15' };
			const asJson = await getAll(range);
			expect(asJson.error).toBeUndefined();
			expect(ctx.sandbox.requests(SB).every((c) => c.path.endsWith('.json'))).toBe(true);

			ctx.reset();
			ctx.sandbox.servesJson = false;
			const asXml = await getAll(range);
			expect(asXml.error).toBeUndefined();
			expect(json(asXml)).toEqual(json(asJson));
			const calls = ctx.sandbox.requests(SB);
			expect(calls.filter((c) => c.path.endsWith('.json')).map((c) => c.status)).toEqual([404]);
			ctx.sandbox.resetLog();
			expect(json(await getAll(range))).toEqual(json(asJson));
			expect(ctx.sandbox.requests(SB).every((c) => c.path.endsWith('.xml'))).toBe(true);
		});

		it('fails clearly when even one day is refused as too wide', async () => {
			ctx.sandbox.maxRangeDays = 0;
			const r = await getAll({ startDate: '2026-03-01', endDate: '2026-03-05' });
			expect(r.error?.message).toContain('1114 maxRangeExceeded');
			expect(r.error?.description).toMatch(/the date range is too wide; narrow it or let the node split it/i);
			expect(ctx.sandbox.requests(SB).length).toBeLessThanOrEqual(4);
		});

		it('filters by resource, order and showallocated, and with a level 3 key by person, resource or business units', async () => {
			const byResource = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', filters: { resourceId: { mode: 'list', value: '7' } } });
			expect(json(byResource).map((b) => b.id)).toEqual(expectedIds('2026-03-22', '2026-04-06', (b) => b.ownerPersonId === ANNA.id && b.resourceIds.includes(7)));
			expect(ctx.sandbox.requests(SB)[0].query.resourceid).toBe('7');

			const order = ctx.sandbox.data.serviceBookings.find((b) => b.ownerPersonId === ANNA.id && b.start > Date.parse('2026-03-23'))!;
			const byOrder = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', filters: { orderId: String(order.order.id) } });
			expect(json(byOrder).map((b) => b.id)).toEqual([order.id]);

			ctx.useCredential({ username: 'erik.lind@example.se', password: 'Erik-pass-9130' });
			const shifts = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', filters: { showAllocated: true } });
			expect(json(shifts).length).toBeGreaterThan(0);
			expect(json(shifts).every((b) => (b.resources as IDataObject[])[0].id === 20)).toBe(true);

			ctx.useLevel3();
			const person = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', filters: { personId: '102' } });
			expect(json(person).map((b) => b.id)).toEqual(expectedIds('2026-03-22', '2026-04-06', (b) => b.ownerPersonId === 102));
			const resource = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', filters: { resourceId: { mode: 'id', value: '8' } } });
			expect(json(resource).map((b) => b.id)).toEqual(expectedIds('2026-03-22', '2026-04-06', (b) => b.resourceIds.includes(8)));
			const units = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', filters: { businessUnitIds: ['12'] } });
			expect(json(units).map((b) => b.id)).toEqual(expectedIds('2026-03-22', '2026-04-06', (b) => b.businessUnitId === 12));
			expect(ctx.sandbox.requests(SB).slice(-1)[0].query.businessunitids).toBe('12');
		});

		it('stops at Limit and adds the normalized booking with Simplify', async () => {
			const r = await getAll({ returnAll: false, limit: 3, startDate: '2026-03-22', endDate: '2026-04-06', output: 'both' });
			expect(r.items).toHaveLength(3);
			const first = r.items[0].json as IDataObject;
			expect(first.normalized).toEqual({
				id: String(first.id),
				vendor: 'brp',
				kind: 'serviceBooking',
				title: (first.product as IDataObject).name,
				start: first.start,
				end: first.end,
				status: (first.order as IDataObject).preliminary ? 'preliminary' : 'confirmed',
				resource: { id: String((first.resources as IDataObject[])[0].id), name: (first.resources as IDataObject[])[0].name, type: (first.resources as IDataObject[])[0].type },
				owner: expect.anything(),
				amount: { value: (first.product as IDataObject).price, currency: null },
				costCenter: null,
				lockedAt: null,
				updatedAt: null,
				unmapped: [],
			});
			// Vendor fields stay as they are.
			expect(first.startTimepoint).toBeDefined();
		});

		describe('Simplify reads every name of a field from one alias list (SERVICE_BOOKING_ALIASES)', () => {
			const simplified = async () => {
				const r = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', output: 'both' });
				expect(r.error).toBeUndefined();
				expect(r.items.length).toBeGreaterThan(5);
				return r.items.map((i) => i.json as IDataObject & { normalized: IDataObject });
			};
			const productOf = (b: IDataObject) => ctx.sandbox.data.products.find((p) => p.id === (b.product as IDataObject).id)!;

			it('a tenant whose product carries description / priceincludingvat / currency: title and amount are read, nothing unmapped', async () => {
				ctx.sandbox.productFields = 'variant';
				for (const b of await simplified()) {
					expect((b.product as IDataObject).name).toBeUndefined();
					expect(b.normalized.title).toBe(productOf(b).name);
					expect(b.normalized.amount).toEqual({ value: productOf(b).price, currency: 'SEK' });
					expect(b.normalized.unmapped).toEqual([]);
				}
			});

			it('products without any price field on every booking: an error naming the amount, its names and the contract table', async () => {
				ctx.sandbox.productFields = 'withoutPrice';
				const r = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06', output: 'both' });
				expect(r.error?.message).toMatch(/^Simplify's amount needs the booking's amount/);
				expect(r.error?.message).toContain('product.price');
				expect((r.error as { description?: string }).description).toContain('the contract line "SERVICE_BOOKING_ALIASES (amount)"');
			});

			it('a price present but empty stays plain null, not unmapped', async () => {
				ctx.sandbox.productFields = 'nullPrice';
				for (const b of await simplified()) {
					expect((b.product as IDataObject).price).toBeNull();
					expect(b.normalized.amount).toBeNull();
					expect(b.normalized.unmapped).toEqual([]);
				}
			});
		});

		it('refuses bad input before calling BRP: unparseable dates, end before start, IDs that are not numbers, level 3 filters on a level 2 key', async () => {
			const cases: Array<[Record<string, unknown>, RegExp]> = [
				[{ startDate: 'next tuesday' }, /^Start: "next tuesday" is not a date/],
				[{ startDate: '2026-03-10', endDate: '2026-03-01' }, /^End: .* is not after Start/],
				[{ filters: { businessUnitIds: ['11', 'x'] } }, /^Business Units: "x" is not a BRP ID/],
				[{ filters: { resourceId: { mode: 'id', value: 'abc' } } }, /^Resource: "abc" is not a BRP ID/],
				[{ filters: { personId: '102' } }, /^Person ID: needs a level 3 API key/],
			];
			for (const [params, message] of cases) {
				const r = await getAll(params);
				expect(r.error?.message).toMatch(message);
				expect(r.error?.description).toBeTruthy();
			}
			ctx.useCredential({ username: '', password: '' });
			const r = await getAll();
			expect(r.error?.message).toMatch(/^Credential: has no person login/);
			expect(ctx.sandbox.requests(SB)).toHaveLength(0);
		});
	});

	describe('Update', () => {
		const update = (serviceBookingId: unknown, updateFields: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
			ctx.run({ resource: 'serviceBooking', operation: 'update', serviceBookingId, updateFields, ...extra });
		const annas = () => ctx.sandbox.data.serviceBookings.filter((b) => b.ownerPersonId === ANNA.id && !b.anonymous);

		it('sets the participant’s name and the messages with PUT servicebookings.json and returns the clean booking', async () => {
			const booking = annas()[0];
			const r = await update(String(booking.id), { participantfirstname: 'John', participantlastname: 'Doe', internalmessage: 'VIP', externalmessage: 'Bring shoes' });
			expect(r.error).toBeUndefined();
			expect(r.items).toHaveLength(1);
			expect(r.items[0].json).toMatchObject({
				id: booking.id,
				internalmessage: 'VIP',
				externalmessage: 'Bring shoes',
				participants: [{ firstname: 'John', lastname: 'Doe', personid: null }],
				start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[12]:00$/),
			});
			const call = ctx.sandbox.requests(SB, 'PUT')[0];
			expect(call.path).toMatch(/servicebookings\.json$/);
			expect(call.body).toEqual({ id: booking.id, participantfirstname: 'John', participantlastname: 'Doe', internalmessage: 'VIP', externalmessage: 'Bring shoes' });
		});

		it('sets a participant by ID, and needs Anonymous for a booking on an anonymous order', async () => {
			const booking = annas()[1];
			const r = await update(String(booking.id), { participantid: '103' });
			expect((r.items[0].json.participants as IDataObject[])[0]).toMatchObject({ personid: 103, firstname: 'Carla' });
			const anonymous = ctx.sandbox.data.serviceBookings.find((b) => b.anonymous)!;
			const refused = await update(String(anonymous.id), { internalmessage: 'x' });
			expect(refused.error?.message).toContain('1102 mandatoryParameter');
			expect(refused.error?.description).toContain('Anonymous');
			const ok = await update(String(anonymous.id), { internalmessage: 'x', anonymous: true });
			expect(ok.error).toBeUndefined();
		});

		it('acts for any person with a level 3 key and personid', async () => {
			ctx.useLevel3();
			const booking = ctx.sandbox.data.serviceBookings.find((b) => b.ownerPersonId === 102)!;
			const r = await update(String(booking.id), { externalmessage: 'from integration' }, { personId: '102' });
			expect(r.error).toBeUndefined();
			expect(ctx.sandbox.requests(SB, 'PUT')[0].query.personid).toBe('102');
		});

		it('names BRP’s code for someone else’s or an unknown booking, and refuses bad input before calling BRP', async () => {
			const other = ctx.sandbox.data.serviceBookings.find((b) => b.ownerPersonId === 102)!;
			const foreign = await update(String(other.id), { internalmessage: 'x' });
			expect(foreign.error?.message).toMatch(/BRP answered 403: 1106 objectNotBelongingToAuthUser/);
			expect(foreign.error?.description).toContain('belongs to another person');
			const unknown = await update('999999', { internalmessage: 'x' });
			expect(unknown.error?.message).toMatch(/BRP answered 404: 1107 noSuchObject/);
			ctx.sandbox.resetLog();
			const cases: Array<[unknown, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
				['={{ "" }}', { internalmessage: 'x' }, {}, /^Service Booking ID: is empty/],
				['12a', { internalmessage: 'x' }, {}, /^Service Booking ID: "12a" is not a BRP ID/],
				['12', {}, {}, /^Update Fields: are empty/],
				['12', { participantid: '3', participantfirstname: 'A' }, {}, /^Participant ID: is set together with a participant name/],
				['12', { internalmessage: 'x' }, { personId: '5' }, /^Person ID: needs a level 3 API key/],
			];
			for (const [id, fields, extra, message] of cases) {
				const r = await update(id, fields, extra);
				expect(r.error?.message).toMatch(message);
			}
			expect(ctx.sandbox.requests(SB)).toHaveLength(0);
		});

		it('continues on fail per item with paired items', async () => {
			const booking = annas()[2];
			const r = await ctx.run(
				{ resource: 'serviceBooking', operation: 'update', serviceBookingId: '={{ $json.id }}', updateFields: { internalmessage: 'batch' } },
				{ items: [{ id: booking.id }, { id: 999999 }], continueOnFail: true },
			);
			expect(r.items).toHaveLength(2);
			expect(r.items[0].json.id).toBe(booking.id);
			expect(r.items[1].json.error).toContain('1107 noSuchObject');
			expect(r.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});
	});
});
