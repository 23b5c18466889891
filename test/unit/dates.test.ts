import type { INode } from 'n8n-workflow';
import { parseDate } from '../../nodes/shared/dates';

const node = { id: 'n', name: 'Node', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const iso = (v: string, zone?: string) => parseDate(node, v, 'Start Lock Time', 0, { zone })?.toUTC().toISO();

describe('parseDate: the formats vendor documents print', () => {
	it("reads Pronestor's lock-time form yyyy-MM-dd HH:mm:ssZ as the instant it names (issue 14, finding 4)", () => {
		expect(iso('2026-09-30 23:59:59Z')).toBe('2026-09-30T23:59:59.000Z');
		expect(iso('2026-09-30 23:59:59z', 'Europe/Copenhagen')).toBe('2026-09-30T23:59:59.000Z');
		expect(iso('2026-09-30 23:59:59+02:00')).toBe('2026-09-30T21:59:59.000Z');
		expect(iso('2026-09-30 23:59:59 +0200')).toBe('2026-09-30T21:59:59.000Z');
		expect(iso('2026-09-30 23:59Z')).toBe('2026-09-30T23:59:00.000Z');
	});

	it("still reads plain dates (BRP's yyyy-MM-dd) in the given zone and refuses what is not a date", () => {
		expect(iso('2026-03-01', 'Europe/Stockholm')).toBe('2026-02-28T23:00:00.000Z');
		expect(iso('2026-03-01 10:00', 'UTC')).toBe('2026-03-01T10:00:00.000Z');
		expect(() => iso('2026-09-30 25:00:00Z')).toThrow(/Start Lock Time: "2026-09-30 25:00:00Z" is not a date/);
	});
});
