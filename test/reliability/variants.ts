/**
 * Contract variants (issue 14): the tenant is not the one our contract tables assume. Each vendor's paged
 * "Return All" listing runs against its emulator switched to a plausible variant (pages counted from another
 * base, a page size capped lower than asked, a total that disagrees with the rows, a server clock ahead or
 * behind, other field names, a narrower range limit). A run passes when it returns exactly the records of a
 * clean run, or fails with a clear error and no output — never fewer records presented as complete. Where the
 * node is known to adapt, completing is required.
 *
 * With Simplify on, a variant may rename fields: every normalized value whose field the emulator's record carries
 * must be there, or be null with its key listed in `normalized.unmapped` — a finance workflow can stop on the flag,
 * never on a silent null — or the run fails with a clear error (a field every record lacks is an error naming it,
 * issue 21). A tenant answering in another key style (camelCase, snake_case, PascalCase) must give the emulator's
 * records: every field is read in any case. Expected records come from the emulator's data, never from a clean run
 * of the node.
 */
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';
import type { BookingsOneSandbox } from '../sandbox/bookingsone';
import type { BrpSandbox } from '../sandbox/brp';
import { VARIANT_BOOKING_NAMES, type HubPlannerSandbox } from '../sandbox/hubplanner';
import type { PlanningPmeSandbox } from '../sandbox/planningpme';
import type { PronestorSandbox } from '../sandbox/pronestor';
import { judge, type FaultCase } from './faults';
import { clearError, ROOT, runCase, VENDORS, type VendorContext, type VendorKey } from './lib';
import type { Shared } from './reliability.test';

/** What each vendor learns per credential (page base, range width) lives in workflow data and a process cache. */
const forgetLearned = () =>
	(
		require(path.join(ROOT, 'dist/nodes/shared/learned.js')) as { forgetLearnedInProcess(): void }
	).forgetLearnedInProcess();

export interface ContractVariant {
	vendor: VendorKey;
	name: string;
	/** 'complete': the node adapts (required); 'either': right records or a clear error. */
	expect: 'complete' | 'either';
	/** Switches the emulator to the variant; returns the switch back. */
	apply(ctx: VendorContext): () => void;
	/** Also compare Simplify's normalized records with the clean run's. */
	simplify?: boolean;
}

const set = <T extends object, K extends keyof T>(target: T, key: K, value: T[K]): (() => void) => {
	const before = target[key];
	target[key] = value;
	return () => {
		target[key] = before;
	};
};

const hub = (c: VendorContext) => c.sandbox as unknown as HubPlannerSandbox;
const pme = (c: VendorContext) => c.sandbox as unknown as PlanningPmeSandbox;
const pro = (c: VendorContext) => c.sandbox as unknown as PronestorSandbox;
const brp = (c: VendorContext) => c.sandbox as unknown as BrpSandbox;
const one = (c: VendorContext) => c.sandbox as unknown as BookingsOneSandbox;

export const VARIANTS: ContractVariant[] = [
	{
		vendor: 'hubPlanner',
		name: 'pages counted from 1',
		expect: 'either',
		apply: (c) => set(hub(c), 'pageBase', 1),
	},
	{
		vendor: 'hubPlanner',
		name: 'page size silently capped at 100 (asked 1,000)',
		expect: 'complete',
		apply: (c) => set(hub(c), 'limitCap', 100),
	},
	{
		vendor: 'hubPlanner',
		name: 'booking fields under other names',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(hub(c), 'renameFields', VARIANT_BOOKING_NAMES),
	},
	{
		vendor: 'hubPlanner',
		name: 'bookings without title and metadata fields',
		expect: 'complete',
		simplify: true,
		apply: (c) =>
			set(hub(c), 'renameFields', { title: 'x_unknown_title', metadata: 'x_unknown_metadata' }),
	},
	{
		vendor: 'planningPme',
		name: 'pageIndex counted from 1',
		expect: 'complete',
		apply: (c) => set(pme(c), 'pageIndexBase', 1),
	},

	{
		vendor: 'pronestor',
		name: "server clock 90 s ahead of n8n's",
		expect: 'complete',
		apply: (c) => set(pro(c), 'clockSkewMs', 90_000),
	},
	{
		vendor: 'pronestor',
		name: "server clock 90 s behind n8n's",
		expect: 'complete',
		apply: (c) => set(pro(c), 'clockSkewMs', -90_000),
	},
	{
		vendor: 'pronestor',
		name: 'other field names (Price/Currency, CostCenter, nested Resource, Meeting.Subject)',
		expect: 'either',
		simplify: true,
		apply: (c) => set(pro(c), 'fieldSet', 'variant'),
	},
	{
		vendor: 'pronestor',
		name: 'keys in camelCase',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(pro(c), 'keyCase', 'camel'),
	},
	{
		vendor: 'pronestor',
		name: 'keys in snake_case',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(pro(c), 'keyCase', 'snake'),
	},
	{
		vendor: 'brp',
		name: 'range limit 14 days (assumed 31)',
		expect: 'complete',
		apply: (c) => set(brp(c), 'maxRangeDays', 14),
	},
	{
		vendor: 'brp',
		name: 'range limit 7 days',
		expect: 'complete',
		apply: (c) => set(brp(c), 'maxRangeDays', 7),
	},
	{
		vendor: 'brp',
		name: 'enddate includes its day',
		expect: 'complete',
		apply: (c) => set(brp(c), 'enddateInclusive', true),
	},
	{
		vendor: 'brp',
		name: 'listings served as XML only (no .json)',
		expect: 'complete',
		apply: (c) => set(brp(c), 'servesJson', false),
	},
	{
		vendor: 'brp',
		name: 'product fields under other names',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(brp(c), 'productFields', 'variant'),
	},
	{
		vendor: 'brp',
		name: 'products without a price field',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(brp(c), 'productFields', 'withoutPrice'),
	},
	{
		vendor: 'bookingsOne',
		name: 'pages counted from 0',
		expect: 'complete',
		apply: (c) => set(one(c), 'pageBase', 0),
	},
	{
		vendor: 'bookingsOne',
		name: 'pages counted from 0, page number not echoed',
		expect: 'complete',
		apply: (c) => {
			const undo = [set(one(c), 'pageBase', 0), set(one(c), 'echoPage', false)];
			return () => undo.forEach((u) => u());
		},
	},
	{
		vendor: 'bookingsOne',
		name: 'other field names (title, startTime, endTime, state, resource, organizerUser, modifiedAt)',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(one(c), 'appointmentFieldVariant', 'alt'),
	},
	{
		vendor: 'bookingsOne',
		name: 'appointments without subject and organizer fields',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(one(c), 'dropAppointmentFields', ['subject', 'organizer']),
	},
	{
		vendor: 'bookingsOne',
		name: 'appointment keys in PascalCase',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(one(c), 'appointmentKeyCase', 'pascal'),
	},
	{
		vendor: 'bookingsOne',
		name: 'appointment keys in snake_case',
		expect: 'complete',
		simplify: true,
		apply: (c) => set(one(c), 'appointmentKeyCase', 'snake'),
	},
	{
		vendor: 'bookingsOne',
		name: 'page size capped at 100 rows (asked more)',
		expect: 'either',
		apply: (c) => set(one(c), 'rowCap', 100),
	},
	{
		vendor: 'bookingsOne',
		name: 'reported total 7 more than the rows',
		expect: 'either',
		apply: (c) => set(one(c), 'totalSkew', 7),
	},
	{
		vendor: 'bookingsOne',
		name: 'reported total 7 fewer than the rows',
		expect: 'either',
		apply: (c) => set(one(c), 'totalSkew', -7),
	},
];

/** The normalized record of each output item, by id. */
function normalizedById(
	ctx: VendorContext,
	items: Array<{ json: IDataObject }>,
): Map<string, IDataObject> {
	return new Map(items.map((i) => [ctx.listing.idOf(i.json), i.json.normalized as IDataObject]));
}

const hasValue = (v: unknown) => v !== null && v !== undefined && v !== '';

/**
 * Every normalized value whose field the emulator's record carries (`simplified`: normalized key → the record's
 * documented field) is there, or null and named in `unmapped` — never a silent null. The expectation comes from
 * the emulator's data, not from a clean run of the node.
 */
export function silentNulls(
	records: Map<string, IDataObject>,
	variant: Map<string, IDataObject>,
	simplified: Record<string, string>,
): string | undefined {
	const problems = new Map<string, number>();
	for (const [id, v] of variant) {
		const record = records.get(id);
		if (!record) continue;
		if (!v) return `record ${id} has no normalized object`;
		if (String(v.id) !== id) problems.set('id: not the record\'s id', (problems.get('id: not the record\'s id') ?? 0) + 1);
		const unmapped = (v.unmapped as string[] | undefined) ?? [];
		for (const [key, from] of Object.entries(simplified)) {
			if (!hasValue(record[from]) || hasValue(v[key]) || unmapped.includes(key)) continue;
			const why = `${key}: null without an unmapped flag`;
			problems.set(why, (problems.get(why) ?? 0) + 1);
		}
	}
	if (problems.size === 0) return undefined;
	return [...problems].map(([p, n]) => `${p} (${n} records)`).join('; ');
}

export function registerVariants(shared: Shared): void {
	describe('contract variants', () => {
		for (const spec of VENDORS) {
			const variants = VARIANTS.filter((v) => v.vendor === spec.key);
			if (variants.length === 0) continue;
			describe(spec.name, () => {
				let baseline: string[] = [];
				let records = new Map<string, IDataObject>();
				beforeAll(() => {
					// The expected records are the emulator's own data, never a run of the node.
					const ctx = shared.contexts.get(spec.key)!;
					ctx.reset();
					ctx.seedListing();
					records = new Map(ctx.listing.emulatorRecords().map((r) => [ctx.listing.idOf(r), r]));
					baseline = [...records.keys()];
				});
				for (const variant of variants) {
					it(variant.name, async () => {
						const ctx = shared.contexts.get(spec.key)!;
						await runCase('contract variants', `${spec.name}: ${variant.name}`, async () => {
							expect(baseline.length).toBeGreaterThan(15);
							let undo: (() => void) | undefined;
							const asFault: FaultCase = {
								name: variant.name,
								expect: variant.expect,
								arm: (c) => {
									forgetLearned();
									undo = variant.apply(c);
								},
							};
							try {
								const outcome = await judge(ctx, asFault, baseline);
								expect(outcome.problem).toBeUndefined();
								if (variant.simplify && outcome.outcome === 'complete') {
									undo?.();
									forgetLearned();
									ctx.reset();
									ctx.seedListing();
									undo = variant.apply(ctx);
									const result = await ctx.run({ ...ctx.listing.parameters, output: 'both' });
									if (result.error) expect(clearError(result.error)).toBeUndefined();
									else
										expect(
											silentNulls(records, normalizedById(ctx, result.items), ctx.listing.simplified),
										).toBeUndefined();
								}
							} finally {
								undo?.();
								forgetLearned();
							}
						});
					});
				}
			});
		}
	});
}
