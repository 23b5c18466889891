import { absentFromAll, fieldValue, fold, namesSeen, readField, requireField } from '../../nodes/shared/fieldReader';
import { normalizeAll, normalizedBooking, type NormalizedBooking } from '../../nodes/shared/normalize';
import type { INode } from 'n8n-workflow';

const node = { id: 'n', name: 'Node', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

describe('the one field reader (nodes/shared/fieldReader.ts)', () => {
	it('folds every case and word style of a name to one key', () => {
		for (const name of ['IsDeleted', 'isDeleted', 'is_deleted', 'ISDELETED', 'is-deleted', 'Is_Deleted'])
			expect(fold(name)).toBe('isdeleted');
	});

	it('reads the exact name first, then the same name in any case, then the aliases in order', () => {
		expect(readField({ IsDeleted: true }, 'IsDeleted')).toEqual({ found: true, value: true, key: 'IsDeleted' });
		for (const key of ['isDeleted', 'is_deleted', 'ISDELETED', 'is-deleted'])
			expect(readField({ [key]: true }, 'IsDeleted')).toEqual({ found: true, value: true, key });
		expect(readField({ deleted: false }, ['IsDeleted', 'Deleted'])).toEqual({ found: true, value: false, key: 'deleted' });
		// An earlier name in another case wins over a later alias written exactly.
		expect(fieldValue({ Deleted: 1, is_deleted: 2 }, ['IsDeleted', 'Deleted'])).toBe(2);
		// The exact spelling wins over another spelling of the same name.
		expect(fieldValue({ isDeleted: 1, IsDeleted: 2 }, 'IsDeleted')).toBe(2);
	});

	it('reads nested "A.B" paths with every segment folded, and counts a field present with null as found', () => {
		expect(fieldValue({ billing_account: { cost_center: 'CC-1' } }, 'BillingAccount.CostCenter')).toBe('CC-1');
		expect(readField({ meeting: { owner: null } }, 'Meeting.Owner')).toEqual({ found: true, value: null, key: 'meeting.owner' });
		expect(readField({ meeting: null }, 'Meeting.Owner').found).toBe(false);
		expect(readField({ Title: 'x' }, 'Meeting.Title').found).toBe(false);
		expect(readField(null, 'Id').found).toBe(false);
		expect(readField(['Id'], 'Id').found).toBe(false);
	});

	it('sees a key added to a record after an earlier read of the same record (after an await)', async () => {
		const record: Record<string, unknown> = { id: 1 };
		expect(fieldValue(record, 'Id')).toBe(1);
		await Promise.resolve();
		record.meeting_id = 7;
		expect(fieldValue(record, 'MeetingId')).toBe(7);
	});

	it('reads records of many shapes correctly (the per-shape index never mixes shapes)', () => {
		const records = Array.from({ length: 600 }, (_, k) => ({ [`extra${k % 300}`]: k, lockedTime: `t${k}`, ID: k }));
		records.forEach((r, k) => {
			expect(fieldValue(r, 'LockedTime')).toBe(`t${k}`);
			expect(fieldValue(r, 'Id')).toBe(k);
			expect(fieldValue(r, `Extra${k % 300}`)).toBe(k);
		});
	});

	it('a field no record carries is absent from all; one record carrying it is enough', () => {
		expect(absentFromAll([], 'Id')).toBe(false);
		expect(absentFromAll([{ a: 1 }, { b: 2 }], 'Id')).toBe(true);
		expect(absentFromAll([{ a: 1 }, { id: 2 }], 'Id')).toBe(false);
		expect(absentFromAll([{ id: null }], 'Id')).toBe(false);
		expect(absentFromAll([{ id: null }, { id: '' }], 'Id', true)).toBe(true);
		expect(namesSeen([{ a: 1, b: 2 }, { b: 3, c: 4 }])).toEqual(['a', 'b', 'c']);
	});

	it('requireField throws an error naming the feature, the field, the names tried, the names seen and the contract line', () => {
		const spec = {
			vendor: 'Vendor X',
			feature: 'Hide Deleted',
			field: 'the deleted flag',
			names: ['IsDeleted', 'Deleted'],
			line: 'FIELDS.account.deleted',
			advice: 'Turn Hide Deleted off to list every account.',
		};
		expect(() => requireField(node, [{ isDeleted: false }], spec)).not.toThrow();
		expect(() => requireField(node, [], spec)).not.toThrow();
		let error: (Error & { description?: string }) | undefined;
		try {
			requireField(node, [{ Name: 'a', Code: 'b' }, { Name: 'c' }], spec);
		} catch (e) {
			error = e as Error & { description?: string };
		}
		expect(error?.message).toBe(
			'Hide Deleted needs the deleted flag, and any of the 2 records Vendor X answered carry none (read as IsDeleted, Deleted, in any case or word style)',
		);
		expect(error?.description).toContain('The records carry Name, Code.');
		// What the user can do, and what to report where: the contract line's name, never a source file.
		expect(error?.description).toContain('Turn Hide Deleted off to list every account.');
		expect(error?.description).toContain(
			'report the contract line "FIELDS.account.deleted" at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues',
		);
		expect(error?.description).not.toMatch(/nodes\/|\.ts\b/);
	});

	it('a normalized booking without an id has id null and "id" in unmapped, never ""', () => {
		for (const id of [undefined, null, '']) {
			const b = normalizedBooking({ id, vendor: 'x', kind: 'booking', unmapped: ['title'] });
			expect(b.id).toBeNull();
			expect(b.unmapped).toEqual(['id', 'title']);
		}
		expect(normalizedBooking({ id: 0, vendor: 'x', kind: 'booking' }).id).toBe('0');
		expect(normalizedBooking({ id: 12, vendor: 'x', kind: 'booking' }).unmapped).toBeUndefined();
	});
});

describe("Simplify's completeness rule (normalizeAll, the Missing Fields option)", () => {
	/** A normalizer that flags a key when the record has no field of that name (a stand-in for a vendor's). */
	const normalize = (r: Record<string, unknown>): NormalizedBooking =>
		normalizedBooking({
			id: r.id,
			vendor: 'x',
			kind: 'booking',
			unmapped: ['title', 'start', 'amount'].filter((k) => !(k in r)),
		});
	const contract = { vendor: 'Vendor X', names: { title: ['Title', 'Subject'] }, table: 'ALIASES in nodes/X/transport.ts' };
	const run = (records: Array<Record<string, unknown>>, missing?: 'flag' | 'fail' | 'flagAlways') =>
		normalizeAll(node, records, normalize, { contract, missing });
	const full = { id: 1, title: 't', start: 's', amount: 1 };

	it('flags a field some records lack (default), fails with "fail"', () => {
		const out = run([full, { id: 2, start: 's', amount: 1 }]);
		expect((out[1].normalized as NormalizedBooking).unmapped).toEqual(['title']);
		expect(() => run([full, { id: 2, start: 's', amount: 1 }], 'fail')).toThrow(/Simplify's title needs/);
	});

	it('fails on a field every record lacks (default), naming its names, the names seen and the table', () => {
		expect(() => run([{ id: 1, start: 's', amount: 1, Name: 'n' }])).toThrow(
			/^Simplify's title needs the booking's title, and the record Vendor X answered does not carry it \(read as Title, Subject/,
		);
		try {
			run([{ id: 1, start: 's', amount: 1, Name: 'n' }]);
		} catch (e) {
			expect((e as { description: string }).description).toContain('The records carry id, start, amount, Name.');
			expect((e as { description: string }).description).toContain('ALIASES in nodes/X/transport.ts');
		}
	});

	it('"flagAlways" flags even a field every record lacks, but never the id, times or amount', () => {
		const out = run([{ id: 1, start: 's', amount: 1 }], 'flagAlways');
		expect((out[0].normalized as NormalizedBooking).unmapped).toEqual(['title']);
		expect(() => run([{ id: 1, title: 't', amount: 1 }], 'flagAlways')).toThrow(/Simplify's start needs/);
		expect(() => run([{ title: 't', start: 's', amount: 1 }], 'flagAlways')).toThrow(/Simplify's id needs/);
	});
});
