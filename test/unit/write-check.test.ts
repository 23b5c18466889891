import type { IExecuteFunctions } from 'n8n-workflow';
import { verifyWrite, type WriteCheck } from '../../nodes/shared/writeCheck';

const ctx = {
	getNode: () => ({ name: 'Test', type: 'test', typeVersion: 1 }),
} as unknown as IExecuteFunctions;

function write(answer: unknown, checks: WriteCheck[]) {
	return () =>
		verifyWrite(ctx, {
			vendor: 'Vendor',
			record: 'booking',
			action: 'created',
			answer,
			id: ['id'],
			checks,
			itemIndex: 0,
		});
}

describe('one write verification (nodes/shared/writeCheck.ts)', () => {
	const note: WriteCheck = {
		label: 'note',
		value: 'Hi',
		names: ['note', 'remark'],
		line: 'FIELDS.note',
	};

	it('returns the record when every value sent came back, read by any of its names in any case', () => {
		expect(write({ id: 7, Remark: 'Hi' }, [note])()).toEqual({ id: 7, Remark: 'Hi' });
	});

	it('names the field, what came back and the contract line when a value is missing or empty', () => {
		expect(write({ id: 7 }, [note])).toThrow(
			'Vendor did not keep the note: "Hi" was sent, the created booking 7 has no note / remark',
		);
		expect(write({ id: 7, note: '' }, [{ ...note, sentAs: 'note' }])).toThrow(
			'Vendor did not keep the note: note = "Hi" was sent, the created booking 7 has note / remark = ""',
		);
		try {
			write({ id: 7 }, [note])();
		} catch (error) {
			expect((error as { description: string }).description).toContain('"FIELDS.note"');
		}
	});

	it("compares where the table says so: same text, or the vendor's comparison with its note", () => {
		const same: WriteCheck = {
			label: 'resource',
			value: 12,
			names: ['resource'],
			compare: 'same',
			line: 'L',
		};
		expect(write({ resource: '12' }, [same])()).toEqual({ resource: '12' });
		expect(write({ id: 1, resource: 13 }, [same])).toThrow(
			'Vendor stored another resource: 12 was sent, the created booking 1 has 13',
		);
		const date: WriteCheck = {
			label: 'start',
			value: '2030-01-01T08:00:00Z',
			names: ['start'],
			compare: (a, b) => Date.parse(String(a)) !== Date.parse(String(b)) && 'another instant',
			line: 'L',
		};
		expect(write({ start: '2030-01-01T09:00:00+01:00' }, [date])()).toBeDefined();
		expect(write({ start: '2030-01-01T08:00:00+01:00' }, [date])).toThrow('(another instant)');
	});

	it('checks nothing empty that was sent, and returns an answer that is not a record as it is', () => {
		expect(
			write({}, [
				{ ...note, value: '' },
				{ ...note, value: [] },
				{ ...note, value: null },
			])(),
		).toEqual({});
		expect(write([1, 2], [note])()).toEqual([1, 2]);
		expect(write('', [note])()).toBe('');
	});
});
