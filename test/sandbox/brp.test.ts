import { parseStringPromise } from 'xml2js';
import { DateTime } from 'luxon';
import { BrpSandbox, createBrpSandbox, timepoint } from './brp';

const { level1: L1, level2: L2, level3: L3 } = BrpSandbox.KEYS;
const ANNA = BrpSandbox.PERSON;

interface CallOptions {
	key?: string | null;
	login?: [string, string];
	query?: Record<string, string>;
	body?: unknown;
	rawBody?: string;
}

async function call(sb: BrpSandbox, method: string, path: string, opts: CallOptions = {}) {
	const url = new URL(`${sb.apiUrl}${path}`);
	const key = opts.key === undefined ? L3 : opts.key;
	if (key !== null) url.searchParams.set('apikey', key);
	for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
	const headers: Record<string, string> = {};
	if (opts.login)
		headers.Authorization = `Basic ${Buffer.from(`${opts.login[0]}:${opts.login[1]}`).toString('base64')}`;
	let body: string | undefined;
	if (opts.body !== undefined || opts.rawBody !== undefined) {
		body = opts.rawBody ?? JSON.stringify(opts.body);
		headers['Content-Type'] = 'application/json';
	}
	const res = await fetch(url, { method, headers, body });
	const text = await res.text();
	const type = res.headers.get('content-type') ?? '';
	const parsed = type.includes('json')
		? JSON.parse(text)
		: type.includes('xml')
			? await parseStringPromise(text, { explicitArray: false })
			: text;
	return { status: res.status, text, body: parsed };
}

describe('BRP sandbox', () => {
	let sb: BrpSandbox;
	beforeEach(async () => {
		sb = createBrpSandbox({ now: () => Date.parse('2026-03-23T10:00:00Z') });
		await sb.start();
	});
	afterEach(async () => {
		await sb.stop();
	});

	describe('keys and logins', () => {
		it('answers 401 with <errors> 1108 without or with an unknown key, never echoing the key', async () => {
			for (const key of [null, 'not-a-key-123']) {
				const res = await call(sb, 'GET', 'businessunits.xml', { key });
				expect(res.status).toBe(401);
				expect(res.body.errors.error.code).toBe('1108');
				expect(res.body.errors.error.message).toBe('invalidAccess');
				expect(res.text).not.toContain('not-a-key-123');
			}
		});

		it('accepts a login by e-mail, card number or customer number, and refuses a wrong password', async () => {
			for (const user of [ANNA.email, ANNA.cardnumber, ANNA.customernumber]) {
				const res = await call(sb, 'GET', 'servicebookings.xml', {
					key: L2,
					login: [user, ANNA.password],
				});
				expect(res.status).toBe(200);
			}
			const bad = await call(sb, 'GET', 'servicebookings.xml', {
				key: L2,
				login: [ANNA.email, 'wrong'],
			});
			expect(bad.status).toBe(401);
			expect(bad.body.errors.error.code).toBe('1108');
			expect(bad.text).not.toContain(ANNA.password);
		});

		it('enforces key levels: level 1 no logins, personid and persons list only level 3', async () => {
			expect((await call(sb, 'GET', 'businessunits.xml', { key: L1 })).status).toBe(200);
			expect(
				(
					await call(sb, 'GET', 'businessunits.xml', {
						key: L1,
						login: [ANNA.email, ANNA.password],
					})
				).status,
			).toBe(403);
			expect((await call(sb, 'GET', 'servicebookings.xml', { key: L2 })).status).toBe(401);
			expect(
				(
					await call(sb, 'GET', 'servicebookings.xml', {
						key: L2,
						login: [ANNA.email, ANNA.password],
						query: { personid: '102' },
					})
				).status,
			).toBe(403);
			expect(
				(await call(sb, 'GET', 'servicebookings.xml', { key: L3, query: { personid: '102' } }))
					.status,
			).toBe(200);
			expect(
				(await call(sb, 'GET', 'persons.xml', { key: L2, query: { lastname: 'Berg' } })).status,
			).toBe(403);
		});

		it('can send every <errors> with status 200', async () => {
			sb.errorsWithStatus200 = true;
			const res = await call(sb, 'GET', 'resources.xml');
			expect(res.status).toBe(200);
			expect(res.body.errors.error.code).toBe('1109');
		});
	});

	describe('formats', () => {
		it('serves XML and JSON of the same data', async () => {
			const xml = await call(sb, 'GET', 'servicebookings.xml', {
				key: L2,
				login: [ANNA.email, ANNA.password],
			});
			const json = await call(sb, 'GET', 'servicebookings.json', {
				key: L2,
				login: [ANNA.email, ANNA.password],
			});
			const xmlList = [].concat(xml.body.servicebookings.servicebooking);
			expect(xmlList.length).toBe(json.body.servicebookings.length);
			expect(json.body.servicebookings[0].id).toBe(Number((xmlList[0] as any).id));
			expect(json.body.servicebookings[0].start.timepoint.timestamp).toEqual(expect.any(Number));
		});

		it('answers a path without extension with an HTML 404 page', async () => {
			const res = await call(sb, 'GET', 'servicebookings');
			expect(res.status).toBe(404);
			expect(res.text).toContain('<html>');
		});

		it('escapes text in XML', async () => {
			const res = await call(sb, 'GET', 'businessunits.xml', { query: { showall: 'true' } });
			expect(res.text).toContain('Söder &amp; Co');
			expect(res.body.businessunits.businessunit.map((u: any) => u.name)).toContain('Söder & Co');
		});
	});

	it('renders timepoints in Stockholm wall time on both sides of both DST changes (fast path = luxon)', () => {
		const checks = [
			Date.UTC(2026, 2, 28, 22),
			Date.UTC(2026, 9, 24, 22),
			Date.UTC(2027, 0, 1),
			Date.UTC(2027, 6, 1),
		];
		let compared = 0;
		for (const from of checks)
			for (let ms = from; ms < from + 6 * 3_600_000; ms += 7 * 60_000 + 13_000) {
				const local = DateTime.fromMillis(ms, { zone: 'Europe/Stockholm' });
				expect(timepoint(ms)).toEqual({
					timepoint: {
						timestamp: Math.round(ms / 1000),
						datetime: local.toFormat('yyyy-MM-dd HH:mm'),
						date: local.toFormat('yyyy-MM-dd'),
						time: local.toFormat('HH:mm'),
					},
				});
				compared++;
			}
		expect(compared).toBeGreaterThan(150);
	});

	describe('service bookings', () => {
		const anna = { key: L2, login: [ANNA.email, ANNA.password] as [string, string] };

		it('defaults to today … +14 days in Stockholm time and lists only the person’s bookings', async () => {
			const res = await call(sb, 'GET', 'servicebookings.json', anna);
			const list = res.body.servicebookings as any[];
			expect(list.length).toBeGreaterThan(0);
			for (const b of list) {
				expect(b.start.timepoint.date >= '2026-03-23').toBe(true);
				expect(b.start.timepoint.date < '2026-04-06').toBe(true);
			}
			const own = sb.data.serviceBookings
				.filter((b) => b.ownerPersonId === ANNA.id)
				.map((b) => b.id);
			for (const b of list) expect(own).toContain(b.id);
		});

		it('writes timepoints in Stockholm wall time on both sides of the daylight-saving changes', async () => {
			const res = await call(sb, 'GET', 'servicebookings.json', {
				...anna,
				query: { startdate: '2026-03-29', enddate: '2026-03-30' },
			});
			const night = (res.body.servicebookings as any[]).find((b) =>
				b.externalmessage.includes('spring'),
			);
			expect(night.start.timepoint).toEqual({
				timestamp: Date.parse('2026-03-29T00:30:00Z') / 1000,
				datetime: '2026-03-29 01:30',
				date: '2026-03-29',
				time: '01:30',
			});
			expect(night.end.timepoint.datetime).toBe('2026-03-29 03:30');
			expect(night.end.timepoint.timestamp - night.start.timepoint.timestamp).toBe(3600);
			const autumn = await call(sb, 'GET', 'servicebookings.json', {
				...anna,
				query: { startdate: '2026-10-25', enddate: '2026-10-26' },
			});
			const repeated = (autumn.body.servicebookings as any[]).find((b) =>
				b.externalmessage.includes('autumn'),
			);
			expect(repeated.start.timepoint.datetime).toBe('2026-10-25 02:30');
			expect(repeated.start.timepoint.timestamp).toBe(Date.parse('2026-10-25T01:30:00Z') / 1000);
		});

		it('refuses a range wider than the maximum with 1114, and bad dates with 1105', async () => {
			sb.maxRangeDays = 10;
			const wide = await call(sb, 'GET', 'servicebookings.xml', {
				...anna,
				query: { startdate: '2026-03-01', enddate: '2026-03-12' },
			});
			expect(wide.status).toBe(400);
			expect(wide.body.errors.error).toMatchObject({ code: '1114', message: 'maxRangeExceeded' });
			expect(
				(
					await call(sb, 'GET', 'servicebookings.xml', {
						...anna,
						query: { startdate: '2026-03-01', enddate: '2026-03-11' },
					})
				).status,
			).toBe(200);
			const bad = await call(sb, 'GET', 'servicebookings.xml', {
				...anna,
				query: { startdate: '01/03/2026' },
			});
			expect(bad.body.errors.error.code).toBe('1105');
		});

		it('tenant variants: enddate including its day, no .json suffix, other product field names', async () => {
			const day = { startdate: '2026-03-22', enddate: '2026-03-23' };
			const ids = async () =>
				(
					(
						await call(sb, 'GET', 'servicebookings.json', {
							key: L3,
							query: { ...day, businessunitids: '11,12' },
						})
					).body.servicebookings as any[]
				).map((b) => b.start.timepoint.date);
			expect(new Set(await ids())).toEqual(new Set(['2026-03-22']));
			sb.enddateInclusive = true;
			expect(new Set(await ids())).toEqual(new Set(['2026-03-22', '2026-03-23']));
			sb.productFields = 'variant';
			const variant = await call(sb, 'GET', 'servicebookings.json', {
				key: L3,
				query: { ...day, businessunitids: '11' },
			});
			expect(Object.keys(variant.body.servicebookings[0].product).sort()).toEqual([
				'currency',
				'description',
				'id',
				'priceincludingvat',
			]);
			sb.servesJson = false;
			const json = await call(sb, 'GET', 'servicebookings.json', {
				key: L3,
				query: { ...day, businessunitids: '11' },
			});
			expect(json.status).toBe(404);
			expect(json.text).toContain('<html>');
			expect(
				(
					await call(sb, 'GET', 'servicebookings.xml', {
						key: L3,
						query: { ...day, businessunitids: '11' },
					})
				).status,
			).toBe(200);
		});

		it('filters by resource, business units, order and allocation', async () => {
			const byResource = await call(sb, 'GET', 'servicebookings.json', {
				key: L3,
				query: { resourceid: '8', startdate: '2026-03-22', enddate: '2026-04-06' },
			});
			expect(byResource.body.servicebookings.length).toBeGreaterThan(0);
			for (const b of byResource.body.servicebookings)
				expect(b.resources.map((r: any) => r.id)).toContain(8);
			const byUnit = await call(sb, 'GET', 'servicebookings.json', {
				key: L3,
				query: { businessunitids: '12', startdate: '2026-03-22', enddate: '2026-04-06' },
			});
			for (const b of byUnit.body.servicebookings) expect(b.businessunit.id).toBe(12);
			const first = byResource.body.servicebookings[0];
			const byOrder = await call(sb, 'GET', 'servicebookings.json', {
				key: L3,
				query: {
					resourceid: '8',
					orderid: String(first.order.id),
					startdate: '2026-03-22',
					enddate: '2026-04-06',
				},
			});
			expect(byOrder.body.servicebookings.map((b: any) => b.id)).toEqual([first.id]);
			const staff = await call(sb, 'GET', 'servicebookings.json', {
				key: L2,
				login: [BrpSandbox.STAFF.email, BrpSandbox.STAFF.password],
				query: { showallocated: 'true', startdate: '2026-03-22', enddate: '2026-04-06' },
			});
			expect(staff.body.servicebookings.length).toBeGreaterThan(0);
			for (const b of staff.body.servicebookings) expect(b.resources[0].isemployee).toBe(true);
			expect(
				(await call(sb, 'GET', 'servicebookings.xml', { key: L3 })).body.errors.error.code,
			).toBe('1109');
		});

		it('updates participant and messages, with ownership and anonymous checks', async () => {
			const own = sb.data.serviceBookings.find((b) => b.ownerPersonId === ANNA.id && !b.anonymous)!;
			const res = await call(sb, 'PUT', 'servicebookings.json', {
				...anna,
				body: {
					id: own.id,
					participantfirstname: 'John',
					participantlastname: 'Doe',
					internalmessage: 'VIP',
				},
			});
			expect(res.status).toBe(200);
			expect(res.body.servicebookings[0]).toMatchObject({
				id: own.id,
				internalmessage: 'VIP',
				participants: [{ firstname: 'John', lastname: 'Doe', personid: null }],
			});
			const other = sb.data.serviceBookings.find((b) => b.ownerPersonId === 102)!;
			expect(
				(
					await call(sb, 'PUT', 'servicebookings.json', {
						...anna,
						body: { id: other.id, internalmessage: 'x' },
					})
				).body.errors[0].code,
			).toBe(1106);
			const anonymous = sb.data.serviceBookings.find((b) => b.anonymous)!;
			expect(
				(
					await call(sb, 'PUT', 'servicebookings.json', {
						...anna,
						body: { id: anonymous.id, internalmessage: 'x' },
					})
				).body.errors[0].code,
			).toBe(1102);
			expect(
				(
					await call(sb, 'PUT', 'servicebookings.json', {
						...anna,
						body: { id: anonymous.id, anonymous: true, internalmessage: 'x' },
					})
				).status,
			).toBe(200);
			const asL3 = await call(sb, 'PUT', 'servicebookings.json', {
				key: L3,
				query: { personid: '102' },
				body: { id: other.id, participantid: 103 },
			});
			expect(asL3.body.servicebookings[0].participants[0]).toMatchObject({
				personid: 103,
				firstname: 'Carla',
			});
			expect(
				(await call(sb, 'PUT', 'servicebookings.json', { ...anna, body: { id: 999999 } })).body
					.errors[0].code,
			).toBe(1107);
			expect(
				(await call(sb, 'PUT', 'servicebookings.json', { ...anna, rawBody: '{oops' })).body
					.errors[0].code,
			).toBe(1110);
		});
	});

	describe('persons, business units, resources', () => {
		it('gets, lists, creates and updates persons', async () => {
			expect(
				(await call(sb, 'GET', 'persons/101.json', { key: L2, login: [ANNA.email, ANNA.password] }))
					.body.person.email,
			).toBe(ANNA.email);
			expect(
				(await call(sb, 'GET', 'persons/102.json', { key: L2, login: [ANNA.email, ANNA.password] }))
					.body.errors[0].code,
			).toBe(1106);
			expect((await call(sb, 'GET', 'persons/999.json')).body.errors[0].code).toBe(1107);
			expect((await call(sb, 'GET', 'persons.json')).body.errors[0].code).toBe(1109);
			expect(
				(await call(sb, 'GET', 'persons.json', { query: { lastname: 'ek' } })).body.persons.map(
					(p: any) => p.id,
				),
			).toEqual([102]);
			const created = await call(sb, 'POST', 'persons.json', {
				key: L2,
				body: { firstname: 'Dana', lastname: 'Öst', email: 'dana@example.se' },
			});
			expect(created.body.person).toMatchObject({ firstname: 'Dana', businessunit: { id: 11 } });
			expect(
				(
					await call(sb, 'POST', 'persons.json', {
						key: L2,
						body: { firstname: 'Dana', lastname: 'Öst', email: 'dana@example.se' },
					})
				).body.errors[0].code,
			).toBe(1103);
			expect(
				(await call(sb, 'POST', 'persons.json', { key: L2, body: { firstname: 'Dana' } })).body
					.errors[0].code,
			).toBe(1102);
			const updated = await call(sb, 'PUT', `persons/${created.body.person.id}.json`, {
				body: { mobilephone: '+46 70 1' },
			});
			expect(updated.body.person.mobilephone).toBe('+46 70 1');
		});

		it('lists business units (showall, companyid) and resources (business units required, filters)', async () => {
			expect(
				(await call(sb, 'GET', 'businessunits.json', { key: L1 })).body.businessunits.map(
					(u: any) => u.id,
				),
			).toEqual([11, 12]);
			expect(
				(
					await call(sb, 'GET', 'businessunits.json', {
						key: L1,
						query: { showall: 'true', companyid: '2' },
					})
				).body.businessunits.map((u: any) => u.id),
			).toEqual([13]);
			expect((await call(sb, 'GET', 'resources.json', { key: L1 })).body.errors[0].code).toBe(1109);
			expect(
				(await call(sb, 'GET', 'resources.json', { key: L1, query: { businessunitids: '99' } }))
					.body.errors[0].code,
			).toBe(1104);
			const rooms = await call(sb, 'GET', 'resources.json', {
				key: L1,
				query: { businessunitids: '11,12', type: 'Lokal' },
			});
			expect(rooms.body.resources.map((r: any) => r.id)).toEqual([7, 21]);
			const staff = await call(sb, 'GET', 'resources.json', {
				key: L1,
				query: { businessunitids: '11', includeemployees: 'true', productid: '502' },
			});
			expect(staff.body.resources).toEqual([
				expect.objectContaining({
					id: 20,
					isemployee: true,
					employee: { id: 201, name: 'Erik Lind' },
				}),
			]);
		});
	});
});
