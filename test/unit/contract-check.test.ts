import { clockOffsetMs, dateFormatOf, fieldsFinding, namesPresent, pageBaseLine, type PageReader, type Prober } from '../../nodes/shared/contractCheck';
import { parseHelpPage } from '../../nodes/PronestorPlanner/fields';
import { pronestorHelpPage } from '../sandbox/pronestorHelpPage';

describe('API Contract → Check helpers', () => {
	it('reads the server clock offset from the Date header', () => {
		expect(clockOffsetMs({ date: 'Fri, 27 Nov 2026 10:00:05 GMT' }, Date.parse('2026-11-27T10:00:00Z'))).toBe(5000);
		expect(clockOffsetMs({}, 0)).toBeUndefined();
		expect(clockOffsetMs({ date: 'not a date' }, 0)).toBeUndefined();
	});

	it.each([
		['2026-03-02T09:00:00+01:00', 'ISO 8601 with offset'],
		['2026-03-02T09:00:00.000Z', 'ISO 8601 with offset'],
		['2026-03-02T09:00:00', 'ISO 8601 without offset'],
		['2026-09-30 23:59:59Z', 'yyyy-MM-dd HH:mm:ssZ'],
		['2017-08-21 10:00', 'yyyy-MM-dd HH:mm[:ss]'],
		['2026-03-02', 'yyyy-MM-dd'],
		['/Date(1635936660000)/', '/Date(ms)/'],
		[1764237600, 'epoch seconds'],
		['next Tuesday', 'unknown'],
	])('names the date format of %p', (value, format) => {
		expect(dateFormatOf(value)).toBe(format);
	});

	it('finds which names of an alias list a record carries (dotted paths; null counts as present)', () => {
		expect(namesPresent({ Meeting: { Subject: 'x' }, CostCenter: null }, ['Meeting.Title', 'Meeting.Subject', 'CostCenter', 'BillingAccount.Code'])).toEqual(['Meeting.Subject', 'CostCenter']);
	});

	it('contradicts a field line when a normalized key finds no source field, and names what the sample carries', () => {
		const finding = fieldsFinding([{ Id: 1, Price: 10 }], { id: ['Id'], amount: ['TotalPrice'] });
		expect(finding.status).toBe('contradicted');
		expect(finding.evidence).toContain('No source field for amount (reads TotalPrice)');
		expect(finding.evidence).toContain('The sample carries: Id, Price');
		expect(fieldsFinding([{ Id: 1 }], { id: ['Id'], amount: ['TotalPrice'] }, ['amount']).status).toBe('confirmed');
		expect(fieldsFinding([], { id: ['Id'] }).status).toBe('not checkable');
	});

	it('tells a page base of 0 from 1 by whether the pages follow each other', async () => {
		const records = ['a', 'b', 'c', 'd', 'e'];
		const server =
			(base: number): PageReader =>
			async (_p, page, size) => {
				const index = (page ?? base) - base;
				return index < 0 ? { ids: [], error: 'HTTP 400' } : { ids: records.slice(index * size, (index + 1) * size), total: records.length };
			};
		const line = (serverBase: number, assumed: number) =>
			pageBaseLine({ where: 'X', base: assumed, read: server(serverBase), firstWithoutPage: true, fix: (b) => `base ${b}` }).probe({} as Prober);
		expect((await line(1, 1)).status).toBe('confirmed');
		expect((await line(0, 0)).status).toBe('confirmed');
		expect(await line(0, 1)).toMatchObject({ status: 'contradicted', fix: 'base 0' });
		expect(await line(1, 0)).toMatchObject({ status: 'contradicted', fix: 'base 1' });
	});

	it('parses an ASP.NET Web API help page into methods with verbs and type properties', () => {
		const assumed = parseHelpPage(pronestorHelpPage('assumed'));
		expect(assumed.methods.get('FindLockedBookings')).toEqual(new Set(['GET']));
		expect(assumed.methods.get('CreateBillingAccount')).toEqual(new Set(['POST']));
		expect(assumed.types.get('ApiBooking')).toEqual(expect.arrayContaining(['TotalPrice', 'ResourceId', 'ResourceName', 'CostCenter', 'LockedTime']));
		const variant = parseHelpPage(pronestorHelpPage('variant'));
		expect(variant.types.get('ApiBooking')).toEqual(expect.arrayContaining(['Price', 'Resource']));
		expect(variant.types.get('ApiBooking')).not.toContain('TotalPrice');
		expect(variant.types.get('ApiMeeting')).toContain('Subject');
		expect(variant.types.get('ApiBillingAccount')).toContain('CostCenter');
		expect(variant.types.get('ApiResource')).toEqual(['Id', 'Name', 'Type']);
	});
});
