import { readEnvelope } from '../../nodes/shared/envelope';

describe('envelope: one reader for every list answer', () => {
	const rows = [{ id: 1 }, { id: 2 }];

	it('a bare array has records and no total', () => {
		expect(readEnvelope(rows)).toMatchObject({ items: rows, recordsKey: '' });
		expect(readEnvelope(rows)!.total).toBeUndefined();
	});

	it.each([
		[{ totalItems: 7, items: rows }, 7, 'totalItems'],
		[{ total_items: 7, records: rows }, 7, 'total_items'],
		[{ TotalCount: 7, Results: rows }, 7, 'TotalCount'],
		[
			{ data: rows, metaData: { page: 1, row: 2, totalCount: 7, totalPages: 4 } },
			7,
			'metaData.totalCount',
		],
		[{ value: rows, '@odata.count': 7 }, 7, '@odata.count'],
		[{ entries: rows, pagination: { recordCount: '7' } }, 7, 'pagination.recordCount'],
		[{ things: rows, _meta: { count: 7 } }, 7, '_meta.count'],
		[{ result: { list: rows, total: 7 } }, 7, 'result.total'],
	])('finds the records and the total in %j', (body, total, key) => {
		const envelope = readEnvelope(body)!;
		expect(envelope.items).toEqual(rows);
		expect(envelope.total).toBe(total);
		expect(envelope.totalKey).toBe(key);
	});

	it('a count equal to the records of its own page is no total (it may count the page); a total is', () => {
		expect(readEnvelope({ results: rows, count: 2 })!.total).toBeUndefined();
		expect(readEnvelope({ results: rows, count: 9 })!.total).toBe(9);
		expect(readEnvelope({ results: rows, totalCount: 2 })!.total).toBe(2);
	});

	it('reads the echoed page size and page number, and the page count', () => {
		expect(
			readEnvelope({ data: rows, metaData: { page: 3, row: 2, totalPages: 4 } }),
		).toMatchObject({ size: 2, page: 3, pages: 4 });
		expect(readEnvelope({ items: rows, paging: { pageSize: 50, pageIndex: 0 } })).toMatchObject({
			size: 50,
			page: 0,
		});
	});

	it('lists numbers under names it does not know (a total the node would not read)', () => {
		const envelope = readEnvelope({ records: rows, meta: { n: 1200 }, hits: 1200 })!;
		expect(envelope.total).toBeUndefined();
		expect(envelope.unknownNumbers).toEqual(expect.arrayContaining(['meta.n = 1200']));
	});

	it('prefers the records array a records name marks; answers undefined when it cannot tell', () => {
		expect(readEnvelope({ items: [], errors: [] })!.recordsKey).toBe('items');
		expect(readEnvelope({ a: rows, b: rows })).toBeUndefined();
		expect(readEnvelope({ message: 'maintenance' })).toBeUndefined();
		expect(readEnvelope('<html>')).toBeUndefined();
		expect(readEnvelope(['a', 'b'])).toBeUndefined();
	});
});
