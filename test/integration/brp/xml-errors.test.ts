import { withoutProofs } from '../proofs';
import type { IDataObject } from 'n8n-workflow';
import type { SandboxRequest } from '../../sandbox/framework';
import { ANNA, L2, L3, everything, startBrp } from './setup';

const SB = /servicebookings\.(xml|json)$/;
const isBookings = (req: SandboxRequest) => SB.test(req.path);

describe('BRP: XML normalization, time zones and errors', () => {
	let ctx: Awaited<ReturnType<typeof startBrp>>;
	beforeAll(async () => {
		ctx = await startBrp();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => ctx.reset());

	const getAll = (params: Record<string, unknown> = {}) =>
		ctx.run({ resource: 'serviceBooking', operation: 'getAll', returnAll: true, startDate: '2026-03-22', endDate: '2026-04-06', ...params });
	const list = (r: { items: Array<{ json: IDataObject }> }) => r.items.map((i) => i.json);
	const xmlAnswer = (body: string, status = 200) => ({ status, headers: { 'Content-Type': 'application/xml; charset=utf-8' }, body, match: isBookings });

	describe('clean JSON from XML', () => {
		it('makes lists arrays (one element or none), types numbers and booleans, empty elements null', async () => {
			const bookings = list(await getAll());
			for (const b of bookings) {
				expect(Array.isArray(b.resources)).toBe(true);
				expect(Array.isArray(b.participants)).toBe(true);
				expect(typeof b.id).toBe('number');
				expect(typeof (b.order as IDataObject).preliminary).toBe('boolean');
				expect(typeof (b.order as IDataObject).number).toBe('number');
				expect(typeof (b.businessunit as IDataObject).id).toBe('number');
				expect(typeof ((b.resources as IDataObject[])[0]).isemployee).toBe('boolean');
			}
			expect(bookings.some((b) => (b.participants as unknown[]).length === 0)).toBe(true);
			expect(bookings.some((b) => (b.participants as unknown[]).length === 1)).toBe(true);
			const room = bookings.find((b) => (b.resources as IDataObject[])[0].isemployee === false)!;
			expect((room.resources as IDataObject[])[0].employee).toBeNull();
			const trainer = bookings.find((b) => (b.resources as IDataObject[])[0].isemployee === true)!;
			expect((trainer.resources as IDataObject[])[0].employee).toEqual({ id: 201, name: 'Erik Lind' });
		});

		it('reads the documented example document: types, lists of one, ISO times and the raw timepoint', async () => {
			ctx.sandbox.fault({
				...xmlAnswer(`<?xml version="1.0" encoding="UTF-8"?>
<servicebookings>
  <servicebooking>
    <id>12</id>
    <order><id>487</id><number>300</number><preliminary>true</preliminary></order>
    <businessunit><id>11</id><name>Center</name></businessunit>
    <start><timepoint><timestamp>1102082400</timestamp><datetime>2004-12-03 15:00</datetime><date>2004-12-03</date><time>15:00</time></timepoint></start>
    <end><timepoint><timestamp>1102086000</timestamp><datetime>2004-12-03 16:00</datetime><date>2004-12-03</date><time>16:00</time></timepoint></end>
    <product>#se produkter#</product>
    <resources><resource><id>7</id><name>Auditorium</name><type>Lokal</type><isemployee>false</isemployee><employee/></resource></resources>
    <externalmessage>Extra paper and pencils will be placed by the chalkboard</externalmessage>
    <internalmessage>Internal message</internalmessage>
    <participants><participant><id>22</id><personid>23</personid><firstname>John</firstname><lastname>Doe</lastname></participant></participants>
  </servicebooking>
</servicebookings>`),
				// Served for every request: the listing and the halves the window-cap rule reads to prove a lone
				// booking (an answer of as many records as the largest seen may be cut). Faults end with the test.
				times: Infinity,
			});
			const r = await getAll({ startDate: '2004-12-01', endDate: '2004-12-10' });
			expect(r.error).toBeUndefined();
			expect(list(r)).toEqual([
				{
					id: 12,
					order: { id: 487, number: 300, preliminary: true },
					businessunit: { id: 11, name: 'Center' },
					start: '2004-12-03T15:00:00+01:00',
					startTimepoint: { timestamp: 1102082400, datetime: '2004-12-03 15:00', date: '2004-12-03', time: '15:00' },
					end: '2004-12-03T16:00:00+01:00',
					endTimepoint: { timestamp: 1102086000, datetime: '2004-12-03 16:00', date: '2004-12-03', time: '16:00' },
					product: '#se produkter#',
					resources: [{ id: 7, name: 'Auditorium', type: 'Lokal', isemployee: false, employee: null }],
					externalmessage: 'Extra paper and pencils will be placed by the chalkboard',
					internalmessage: 'Internal message',
					participants: [{ id: 22, personid: 23, firstname: 'John', lastname: 'Doe' }],
				},
			]);
		});

		it('reads an empty list and a timepoint without timestamp (Stockholm wall time)', async () => {
			ctx.sandbox.fault(xmlAnswer('<servicebookings/>'));
			const empty = await getAll();
			expect(empty.error).toBeUndefined();
			expect(empty.items).toHaveLength(0);
			ctx.sandbox.fault(
				xmlAnswer(
					'<servicebookings><servicebooking><id>1</id><start><timepoint><datetime>2026-07-01 10:00</datetime></timepoint></start>' +
						'<end><timepoint><date>2026-12-01</date><time>10:30</time></timepoint></end></servicebooking></servicebookings>',
				),
			);
			const r = await getAll({ startDate: '2026-07-01', endDate: '2026-07-02' });
			expect(list(r)).toEqual([
				{
					id: 1,
					start: '2026-07-01T10:00:00+02:00',
					startTimepoint: { datetime: '2026-07-01 10:00' },
					end: '2026-12-01T10:30:00+01:00',
					endTimepoint: { date: '2026-12-01', time: '10:30' },
				},
			]);
		});
	});

	describe('Europe/Stockholm across both daylight-saving changes', () => {
		const byStart = async (startDate: string, endDate: string) => {
			ctx.useLevel3();
			const r = await getAll({ startDate, endDate, filters: { businessUnitIds: ['11', '12'] } });
			expect(r.error).toBeUndefined();
			return list(r);
		};

		it('spring (29 March 2026, 02:00 → 03:00): +01:00 before, +02:00 after, and a booking across the gap lasts one hour', async () => {
			const bookings = await byStart('2026-03-28', '2026-03-31');
			const starts = bookings.map((b) => b.start);
			expect(starts).toContain('2026-03-28T09:00:00+01:00');
			expect(starts).toContain('2026-03-28T18:30:00+01:00');
			expect(starts).toContain('2026-03-29T09:00:00+02:00');
			expect(starts).toContain('2026-03-30T18:30:00+02:00');
			const night = bookings.find((b) => String(b.externalmessage).includes('spring'))!;
			expect(night.start).toBe('2026-03-29T01:30:00+01:00');
			expect(night.end).toBe('2026-03-29T03:30:00+02:00');
			expect(Date.parse(night.end as string) - Date.parse(night.start as string)).toBe(3600_000);
			for (const b of bookings) {
				// Every ISO time is the same instant as BRP's timestamp, with the wall time BRP shows.
				const tp = b.startTimepoint as IDataObject;
				expect(Date.parse(b.start as string)).toBe((tp.timestamp as number) * 1000);
				expect((b.start as string).slice(0, 16).replace('T', ' ')).toBe(tp.datetime);
			}
		});

		it('autumn (25 October 2026, 03:00 → 02:00): +02:00 before, +01:00 after, and the repeated 02:30 resolved by the timestamp', async () => {
			const bookings = await byStart('2026-10-24', '2026-10-27');
			const starts = bookings.map((b) => b.start);
			expect(starts).toContain('2026-10-24T09:00:00+02:00');
			expect(starts).toContain('2026-10-25T09:00:00+01:00');
			expect(starts).toContain('2026-10-26T18:30:00+01:00');
			const repeated = bookings.find((b) => String(b.externalmessage).includes('autumn'))!;
			expect(repeated.startTimepoint).toMatchObject({ datetime: '2026-10-25 02:30' });
			expect(repeated.start).toBe('2026-10-25T02:30:00+01:00');
			expect(repeated.end).toBe('2026-10-25T03:15:00+01:00');
			for (const b of bookings) expect(Date.parse(b.start as string)).toBe(((b.startTimepoint as IDataObject).timestamp as number) * 1000);
		});
	});

	describe('answers that are not what BRP promises', () => {
		const cases: Array<[string, { status?: number; headers?: Record<string, string>; body?: string }, RegExp]> = [
			['malformed XML', { status: 200, headers: { 'Content-Type': 'application/xml' }, body: '<servicebookings><servicebooking><id>1</id>' }, /BRP sent an unusable answer: the XML could not be read/],
			['an HTML error page', { status: 200, headers: { 'Content-Type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>' }, /BRP sent an unusable answer: the answer was an HTML page instead of XML or JSON/],
			['an empty body', { status: 200, headers: { 'Content-Type': 'application/xml' }, body: '' }, /BRP sent an unusable answer: the answer was empty/],
			['text that is neither XML nor JSON', { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'OK' }, /BRP sent an unusable answer: the answer was neither XML nor JSON/],
			['a document without the list asked for', { status: 200, headers: { 'Content-Type': 'application/xml' }, body: '<persons><person><id>1</id></person></persons>' }, /BRP sent an unusable answer: the answer is not a <servicebookings> list \(it starts with <persons>\)/],
		];
		it.each(cases)('%s is a clear error naming the base URL as the likely fix', async (_name, answer, message) => {
			ctx.sandbox.fault({ ...answer, match: isBookings });
			const r = await getAll();
			expect(r.items).toHaveLength(0);
			expect(r.error?.message).toMatch(message);
			expect(`${r.error?.message} ${r.error?.description}`).toMatch(/base URL/i);
			expect(everything(r.error)).not.toContain(L2);
			expect(everything(r.error)).not.toContain(ANNA.password);
		});

		it('a 404 HTML page for a wrong base URL', async () => {
			ctx.useCredential({ baseUrl: `${ctx.sandbox.baseUrl}/brponline/api/ver2/nothing/` });
			const wrong = await getAll();
			expect(wrong.error?.message).toMatch(/^BRP credential: Base URL must end with \/api\/ver2\//);
			ctx.useCredential();
			// Both suffixes answer 404 (the node tries .xml once when .json is not served).
			ctx.sandbox.fault({ status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Not Found</body></html>', match: isBookings, times: 2 });
			const r = await getAll();
			expect(r.error?.message).toMatch(/^BRP answered 404/);
			expect(r.error?.description).toMatch(/base URL/i);
		});

		it('retries 503 with Retry-After, then reads the answer', async () => {
			ctx.sandbox.fault({ status: 503, headers: { 'Retry-After': '0' }, body: 'busy', match: isBookings });
			const r = await getAll();
			expect(r.error).toBeUndefined();
			expect(withoutProofs(ctx.sandbox.requests(SB), 'startdate', 'enddate').map((c) => c.status)).toEqual([503, 200]);
		});
	});

	describe('<errors> documents', () => {
		it('name BRP’s code and its meaning whatever the HTTP status (400 or 200)', async () => {
			for (const with200 of [false, true]) {
				ctx.reset();
				ctx.sandbox.errorsWithStatus200 = with200;
				ctx.sandbox.maxRangeDays = 0;
				const r = await getAll({ startDate: '2026-03-01', endDate: '2026-03-02' });
				expect(r.error?.message).toMatch(
					with200 ? /^BRP refused the request: 1114 maxRangeExceeded: .*\[BRP code 1114\]$/ : /^BRP answered 400: 1114 maxRangeExceeded: .*\[BRP code 1114\]$/,
				);
				expect(r.error?.description).toMatch(/date range is too wide/);
			}
		});

		it('splits ranges also when BRP sends 1114 with status 200', async () => {
			ctx.sandbox.errorsWithStatus200 = true;
			ctx.sandbox.maxRangeDays = 5;
			const r = await getAll({ startDate: '2026-03-22', endDate: '2026-04-06' });
			expect(r.error).toBeUndefined();
			expect(r.items.length).toBeGreaterThan(3);
		});

		it('several errors in one document, and an <errors> document with an unknown code', async () => {
			ctx.sandbox.fault(
				xmlAnswer(
					'<errors><error><code>1102</code><message>mandatoryParameter</message><debuginfo>id is mandatory</debuginfo></error>' +
						'<error><code>1105</code><message>wrongFormat</message><debuginfo>enddate</debuginfo></error></errors>',
					400,
				),
			);
			const r = await getAll();
			expect(r.error?.message).toBe('BRP answered 400: 1102 mandatoryParameter: id is mandatory; 1105 wrongFormat: enddate [BRP code 1102]');
			ctx.sandbox.fault(xmlAnswer('<errors><error><code>4711</code><message>somethingNew</message></error></errors>', 200));
			const unknown = await getAll();
			expect(unknown.error?.message).toBe('BRP refused the request: 4711 somethingNew [BRP code 4711]');
		});

		it('a wrong key or login: 1108 with a hint to fix the credential, no secret anywhere', async () => {
			for (const extra of [{ apiKey: 'wrong-key-5555' }, { password: 'wrong-password-5555' }]) {
				ctx.useCredential(extra);
				const r = await getAll();
				expect(r.error?.message).toMatch(/^BRP answered 401: 1108 invalidAccess/);
				expect(r.error?.description).toMatch(/Check the key, the login and the Key Level in the BRP credential/);
				const text = everything(r.error, r.items, r.runError);
				for (const secret of ['wrong-key-5555', 'wrong-password-5555', L2, L3, ANNA.password]) expect(text).not.toContain(secret);
			}
		});
	});
});
