/** The tenant fuzzer's mutator (test/fuzz/tenant.ts): key cases, envelopes and the pages a tenant serves. */
import fc from 'fast-check';
import {
	classesOf,
	fold,
	IDENTITY,
	recase,
	recaseDeep,
	renameFlags,
	servePage,
	tenantArb,
	wrap,
	type Tenant,
} from '../fuzz/tenant';

describe('tenant mutator', () => {
	it('changes the case of every key, recursively, keeping a leading underscore', () => {
		expect(recase('bookingCreatorId', 'snake')).toBe('booking_creator_id');
		expect(recase('booking_creator_id', 'pascal')).toBe('BookingCreatorId');
		expect(recase('IsDeleted', 'camel')).toBe('isDeleted');
		expect(recase('_id', 'pascal')).toBe('_Id');
		expect(
			recaseDeep({ metaData: { totalCount: 3 }, data: [{ LockedTime: 'x' }] }, 'snake'),
		).toEqual({
			meta_data: { total_count: 3 },
			data: [{ locked_time: 'x' }],
		});
	});

	it('keeps a key the same "case aside" in every case', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('bookingCreatorId', 'IsDeleted', 'totalItems', '_id', 'LockedTime'),
				(key) =>
					(['pascal', 'camel', 'snake'] as const).every((c) => fold(recase(key, c)) === fold(key)),
			),
		);
	});

	it('renames a flag in any case and wraps records in the generated envelope', () => {
		expect(renameFlags({ Id: 1, isDeleted: true }, ['IsDeleted'], 'removed')).toEqual({
			Id: 1,
			removed: true,
		});
		const envelope = {
			shape: 'wrapped' as const,
			records: 'rows',
			total: 'meta' as const,
			totalName: 'count',
			metaName: 'paging',
		};
		expect(wrap([1, 2], 9, envelope)).toEqual({ rows: [1, 2], paging: { count: 9 } });
		expect(wrap([1, 2], 9, { ...envelope, shape: 'bare' })).toEqual([1, 2]);
	});

	it('serves pages from its own base, strict or lenient, and at most its cap', () => {
		const t: Tenant = { ...IDENTITY, pageBase: 1, baseMode: 'strict', cap: 3 };
		expect(servePage(t, 0, 0, 10, 8).status).toBe(400);
		expect(servePage(t, 0, 1, 10, 8)).toEqual({ status: 200, from: 0, to: 3 });
		expect(servePage(t, 0, 3, 10, 8)).toEqual({ status: 200, from: 6, to: 8 });
		expect(servePage({ ...t, baseMode: 'lenient' }, 0, 0, 10, 8)).toEqual({
			status: 200,
			from: 0,
			to: 3,
		});
		expect(servePage(IDENTITY, 1, undefined, undefined, 8)).toEqual({
			status: 200,
			from: 0,
			to: 8,
		});
	});

	it('serves every record exactly once when the pages are asked from its base', () => {
		fc.assert(
			fc.property(
				tenantArb(20),
				fc.integer({ min: 0, max: 60 }),
				fc.integer({ min: 1, max: 30 }),
				(t, count, size) => {
					const base = t.pageBase === 'asIs' ? 0 : t.pageBase;
					const seen: number[] = [];
					for (let p = base; p < base + count + 1; p++) {
						const page = servePage(t, 0, p, size, count);
						if (page.status !== 200) return false;
						for (let i = page.from; i < page.to; i++) seen.push(i);
					}
					return seen.length === count && new Set(seen).size === count;
				},
			),
		);
		expect(classesOf(IDENTITY)).toEqual([]);
	});
});
