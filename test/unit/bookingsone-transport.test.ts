import { PATHS } from '../../nodes/BookingsOne/contract';
import { displayText, normalizeAppointment } from '../../nodes/BookingsOne/normalize';
import { fileNameFrom, pageOf, serverUrl } from '../../nodes/BookingsOne/transport';

describe('Bookings ONE transport helpers', () => {
	it('reads the total from the metaData names a server may use, or page/totalPages', () => {
		expect(pageOf({ data: [{ id: 1 }], metaData: { totalCount: 7 } })).toEqual({
			items: [{ id: 1 }],
			total: 7,
		});
		expect(pageOf({ data: [], metaData: { total: '3' } })).toEqual({ items: [], total: 3 });
		expect(pageOf({ data: [{ id: 1 }], metadata: { totalRecords: 1 } })).toEqual({
			items: [{ id: 1 }],
			total: 1,
		});
		expect(pageOf({ data: [{ id: 1 }], metaData: { page: 1, totalPages: 2 } })).toEqual({
			items: [{ id: 1 }],
			page: 1,
			hasMore: true,
		});
		expect(pageOf({ data: [{ id: 1 }], metaData: { page: 2, totalPage: 2 } })).toEqual({
			items: [{ id: 1 }],
			page: 2,
			hasMore: false,
		});
		expect(pageOf({ data: [{ id: 1 }] })).toEqual({ items: [{ id: 1 }] });
		expect(pageOf([{ id: 2 }])).toEqual({ items: [{ id: 2 }] });
		expect(pageOf(undefined)).toBeUndefined();
		expect(pageOf({ status: 'ok' })).toBeUndefined();
	});

	it('accepts the server address with or without /API/external, https only (http for loopback)', () => {
		expect(serverUrl({ serverUrl: 'https://b1.example.com/' })).toBe('https://b1.example.com');
		expect(serverUrl({ serverUrl: 'https://b1.example.com/API/external' })).toBe(
			'https://b1.example.com',
		);
		expect(serverUrl({ serverUrl: 'https://b1.example.com/bookings/api/External/' })).toBe(
			'https://b1.example.com/bookings',
		);
		expect(serverUrl({ serverUrl: 'http://127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
		expect(() => serverUrl({ serverUrl: 'http://b1.example.com' })).toThrow(/https/);
		expect(() => serverUrl({ serverUrl: '' })).toThrow(/empty/);
	});

	it('encodes ids in paths', () => {
		expect(PATHS.visitorBadge('VB/1 2')).toBe('/visitorManagement/v1/visitorBadge/VB%2F1%202');
	});

	it('picks the English (or first) text of a multilingual name', () => {
		expect(
			displayText([
				{ languageCode: 'zh-HK', value: '會議室' },
				{ languageCode: 'en-US', value: 'Room' },
			]),
		).toBe('Room');
		expect(displayText([{ languageCode: 'zh-HK', value: '會議室' }])).toBe('會議室');
		expect(displayText('Plain')).toBe('Plain');
		expect(displayText([])).toBeNull();
		expect(displayText(undefined)).toBeNull();
	});

	it('reads a safe file name from Content-Disposition', () => {
		expect(fileNameFrom('attachment; filename="a.xlsx"')).toBe('a.xlsx');
		expect(fileNameFrom('attachment; filename="x.xlsx"; filename*=UTF-8\'\'B%C3%BCro.xlsx')).toBe(
			'Büro.xlsx',
		);
		expect(fileNameFrom('attachment; filename="../../etc/passwd"')).toBe('passwd');
		expect(fileNameFrom(undefined)).toBeUndefined();
	});

	it('normalizes an appointment, also a thin one', () => {
		expect(normalizeAppointment({ id: 5 })).toMatchObject({
			id: '5',
			vendor: 'bookingsOne',
			kind: 'appointment',
			title: null,
			resource: null,
			owner: null,
		});
		expect(
			normalizeAppointment({
				id: 6,
				start: '2025-03-03T09:00:00+08:00',
				bookableResource: { id: 2, type: 1, name: [{ languageCode: 'en', value: 'Desk 2' }] },
			}),
		).toMatchObject({
			start: '2025-03-03T09:00:00+08:00',
			resource: { id: '2', name: 'Desk 2', type: 'desk' },
		});
	});

	it('reads each normalized key through its alias list: the first name present wins, absent keys are unmapped, null stays null', () => {
		const thin = normalizeAppointment({ id: 5 });
		expect(thin.unmapped).toEqual(['title', 'start', 'end', 'status', 'resource', 'owner', 'updatedAt']);
		const variant = normalizeAppointment({
			id: 7,
			title: 'Standup',
			subject: 'Preferred',
			startTime: '2025-03-03T09:00:00+08:00',
			endTime: '2025-03-03T09:15:00+08:00',
			state: 'booked',
			resource: { id: 3, name: 'Room 3', type: 0 },
			organizerUser: { id: 9, displayName: 'Ada', emailAddress: 'ada@example.com' },
			modifiedAt: null,
		});
		expect(variant).toMatchObject({
			title: 'Preferred',
			start: '2025-03-03T09:00:00+08:00',
			end: '2025-03-03T09:15:00+08:00',
			status: 'booked',
			resource: { id: '3', name: 'Room 3', type: 'room' },
			owner: { id: '9', name: 'Ada', email: 'ada@example.com' },
			updatedAt: null,
			amount: null,
			costCenter: null,
			lockedAt: null,
			unmapped: [],
		});
		expect(normalizeAppointment({ id: 8, invitingUserId: 4, bookableResourceId: 12 }, 'visitingAppointment')).toMatchObject({
			kind: 'visitingAppointment',
			owner: { id: '4', name: null, email: null },
			resource: { id: '12', name: null, type: null },
		});
	});
});
