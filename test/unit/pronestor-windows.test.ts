import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';
import { byLockTime, lockWindows, sortByLockTime, windowQuery } from '../../nodes/PronestorPlanner/lockWindows';
import { formatLockTime, parseVendorDate, pronestorBaseUrl, vendorMs } from '../../nodes/PronestorPlanner/transport';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const show = (ws: ReturnType<typeof lockWindows>) => ws.map((w) => windowQuery(w));

describe('Pronestor Planner lock windows', () => {
	const now = utc('2026-11-22T12:00:00.750Z');

	it('keeps a range of up to 6 months in one request and splits longer ones at 6-month steps', () => {
		expect(show(lockWindows(utc('2026-01-01T00:00:00Z'), utc('2026-07-01T00:00:00Z'), now))).toEqual([
			{ startLockTime: '2026-01-01 00:00:00Z', endLockTime: '2026-07-01 00:00:00Z' },
		]);
		expect(show(lockWindows(utc('2025-01-01T00:00:00Z'), utc('2026-03-15T10:00:00Z'), now))).toEqual([
			{ startLockTime: '2025-01-01 00:00:00Z', endLockTime: '2025-07-01 00:00:00Z' },
			{ startLockTime: '2025-07-01 00:00:00Z', endLockTime: '2026-01-01 00:00:00Z' },
			{ startLockTime: '2026-01-01 00:00:00Z', endLockTime: '2026-03-15 10:00:00Z' },
		]);
	});

	it('steps over month ends like AddMonths (Aug 31 + 6 months = Feb 28)', () => {
		expect(show(lockWindows(utc('2025-08-31T12:00:00Z'), utc('2026-03-31T00:00:00Z'), now))).toEqual([
			{ startLockTime: '2025-08-31 12:00:00Z', endLockTime: '2026-02-28 12:00:00Z' },
			{ startLockTime: '2026-02-28 12:00:00Z', endLockTime: '2026-03-31 00:00:00Z' },
		]);
	});

	it('floors to whole seconds, which keeps exclusive/inclusive bounds exact for whole-second lock times', () => {
		expect(show(lockWindows(utc('2026-01-01T00:00:00.900Z'), utc('2026-01-02T00:00:00.400Z'), now))).toEqual([
			{ startLockTime: '2026-01-01 00:00:00Z', endLockTime: '2026-01-02 00:00:00Z' },
		]);
	});

	it('clamps an end in the future (or none) to now and leaves endLockTime out', () => {
		const expected = [{ startLockTime: '2026-10-01 00:00:00Z' }];
		expect(show(lockWindows(utc('2026-10-01T00:00:00Z'), undefined, now))).toEqual(expected);
		expect(show(lockWindows(utc('2026-10-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), now))).toEqual(expected);
	});

	it('closes an open window that is almost 6 months long early, so the server\'s later clock cannot push it over', () => {
		expect(show(lockWindows(utc('2026-05-22T12:05:00Z'), undefined, now))).toEqual([
			{ startLockTime: '2026-05-22 12:05:00Z', endLockTime: '2026-11-22 11:55:00Z' },
			{ startLockTime: '2026-11-22 11:55:00Z' },
		]);
		expect(show(lockWindows(utc('2026-05-22T12:30:00Z'), undefined, now))).toEqual([{ startLockTime: '2026-05-22 12:30:00Z' }]);
	});

	it('has no window when the start is not before the end', () => {
		expect(lockWindows(utc('2026-01-02T00:00:00Z'), utc('2026-01-02T00:00:00.500Z'), now)).toEqual([]);
		expect(lockWindows(now, undefined, now)).toEqual([]);
	});
});

describe('Pronestor Planner lock-time order', () => {
	// The reference: a plain sort with byLockTime (every lock time parsed by luxon, Ids compared numerically).
	const reference = (list: IDataObject[]) => [...list].sort(byLockTime);
	let seed = 7;
	const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
	const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
	const base = Date.parse('2024-02-27T00:00:00Z');

	it('gives byLockTime order for ordered, shuffled, tied, mixed-format and odd answers, without reordering an ordered one', () => {
		const ordered = Array.from({ length: 300 }, (_, k) => ({ Id: 1000 + k, LockedTime: at(base + Math.floor(k / 3) * 3_600_000) }));
		expect(sortByLockTime(ordered)).toEqual(reference(ordered));
		const shuffled = [...ordered].sort(() => rnd() - 0.5);
		expect(sortByLockTime(shuffled)).toEqual(reference(shuffled));
		const cases: IDataObject[][] = [
			// Ties whose Ids are out of order, or text where "9" sorts after "10".
			[{ Id: 11, LockedTime: '2024-02-28T10:00:00Z' }, { Id: 10, LockedTime: '2024-02-28T10:00:00Z' }],
			[{ Id: '9', LockedTime: '2024-02-28T10:00:00Z' }, { Id: '10', LockedTime: '2024-02-28T10:00:00Z' }],
			[{ Id: 10, LockedTime: '2024-02-28T10:00:00Z' }, { Id: -1, LockedTime: '2024-02-28T10:00:00Z' }],
			// Other formats: the lock-time format, zone-less, an offset (earlier than it reads), fractions.
			[{ Id: 1, LockedTime: '2024-02-28 10:00:00Z' }, { Id: 2, LockedTime: '2024-02-28T09:00:00Z' }],
			[{ Id: 1, LockedTime: '2024-02-28T10:00:00+02:00' }, { Id: 2, LockedTime: '2024-02-28T09:00:00Z' }],
			[{ Id: 1, LockedTime: '2024-02-28T10:00:00.500Z' }, { Id: 2, LockedTime: '2024-02-28T10:00:00Z' }],
			// Leap day, then the day after; a day that does not exist; no lock time at all.
			[{ Id: 1, LockedTime: '2024-02-29T10:00:00Z' }, { Id: 2, LockedTime: '2024-03-01T09:00:00Z' }],
			[{ Id: 1, LockedTime: '2023-02-29T10:00:00Z' }, { Id: 2, LockedTime: '2023-03-01T09:00:00Z' }],
			[{ Id: 2, LockedTime: '2024-03-01T09:00:00Z' }, { Id: 1 }],
		];
		for (const list of cases) expect([list, sortByLockTime(list)]).toEqual([list, reference(list)]);
		// A copy, never the caller's array.
		expect(sortByLockTime(ordered)).not.toBe(ordered);
	});
});

describe('Pronestor Planner dates and base URLs', () => {
	it('reads ISO, the lock-time format and ASP.NET /Date()/ values as UTC', () => {
		expect(parseVendorDate('2021-11-03T10:51:00Z')?.toISO()).toBe('2021-11-03T10:51:00.000Z');
		expect(parseVendorDate('2021-11-03 10:51:00Z')?.toISO()).toBe('2021-11-03T10:51:00.000Z');
		expect(parseVendorDate('2021-11-03T10:51:00')?.toISO()).toBe('2021-11-03T10:51:00.000Z');
		expect(parseVendorDate('/Date(1635936660000)/')?.toISO()).toBe('2021-11-03T10:51:00.000Z');
		expect(parseVendorDate('/Date(1635936660000+0100)/')?.toISO()).toBe('2021-11-03T10:51:00.000Z');
		expect(parseVendorDate('soon')).toBeUndefined();
		expect(parseVendorDate(null)).toBeUndefined();
		expect(formatLockTime(utc('2021-11-03T11:51:00+01:00'))).toBe('2021-11-03 10:51:00Z');
	});

	it("reads lock times for sorting (vendorMs) exactly as parseVendorDate does, luxon's refusals included", () => {
		const values = [
			'2021-11-03T10:51:00Z',
			'2021-11-03 10:51:00Z',
			'2021-11-03T10:51:00',
			'2021-11-03T10:51:00.5Z',
			'2021-11-03T10:51:00.123',
			'2021-11-03T10:51:00+01:00',
			'2021-11-03T10:51:00.000-05:30',
			'2021-02-30T00:00:00Z', // Date.parse takes it, luxon does not
			'2021-02-28T24:00:00Z',
			'2021-13-01T00:00:00Z',
			'2024-02-29T23:59:59Z',
			'2021-11-03',
			'/Date(1635936660000)/',
			'soon',
			'',
			null,
			42,
		];
		for (const value of values) {
			const dt = parseVendorDate(value);
			expect([value, vendorMs(value)]).toEqual([value, dt ? dt.toMillis() : NaN]);
		}
	});

	it('builds the site address from a tenant name or a custom URL', () => {
		expect(pronestorBaseUrl({ deployment: 'cloud', tenant: 'CustomerName' })).toBe('https://customername.pronestor.com');
		expect(pronestorBaseUrl({ deployment: 'custom', baseUrl: 'https://planner.example.com/api.mvc/' })).toBe('https://planner.example.com');
		expect(pronestorBaseUrl({ deployment: 'custom', baseUrl: 'https://planner.example.com/sub/Api.mvc/v1' })).toBe('https://planner.example.com/sub');
		for (const tenant of ['https://x.pronestor.com', 'a/b', 'a.b', '', '-a']) expect(() => pronestorBaseUrl({ deployment: 'cloud', tenant })).toThrow(/not a plain name/);
		expect(() => pronestorBaseUrl({ deployment: 'custom', baseUrl: 'http://planner.example.com' })).toThrow(/https/);
	});
});
