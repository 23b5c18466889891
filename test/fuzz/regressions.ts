/**
 * Tenants the fuzzer once found a finding with (reduced to the mutations that cause it), run on every run before
 * the generated ones. Add each new finding's reduced tenant here, with the seed that found it.
 */
import type { VendorKey } from '../vendors';
import { IDENTITY, type Envelope, type Tenant } from './tenant';

export interface Regression {
	vendor: VendorKey;
	/** The run that found it: FUZZ_SEED=<seed> replays it. */
	seed: number;
	/** The operation and the finding, as the run printed it. */
	finding: string;
	tenant: Tenant;
}

const t = (differs: Partial<Tenant>): Tenant => ({ ...IDENTITY, ...differs });
const BARE: Envelope = { shape: 'bare', records: '', total: 'none', totalName: '', metaName: '' };
const wrapped = (
	records: string,
	total: Envelope['total'],
	totalName: string,
	metaName: string,
): Envelope => ({
	shape: 'wrapped',
	records,
	total,
	totalName,
	metaName,
});

/** Found on main before the completeness rule and the field reader (issue 21), seed 20261207. */
export const REGRESSIONS: Regression[] = [
	{
		vendor: 'hubPlanner',
		seed: 20261207,
		finding:
			'booking getAll: error naming no contract line: Hub Planner sent an unusable answer: ' +
			'the answer is not a list of records',
		tenant: t({ envelope: wrapped('entries', 'meta', 'totalCount', 'pagination') }),
	},
	{
		vendor: 'hubPlanner',
		seed: 20261207,
		finding:
			'booking getAll: completed with fewer or other records than the emulator holds (N duplicates)',
		tenant: t({ pageBase: 1, baseMode: 'lenient' }),
	},
	{
		vendor: 'hubPlanner',
		seed: 20261207,
		finding:
			'booking getAll: error naming no contract line: Hub Planner answered N: page must be a whole number from N',
		tenant: t({ pageBase: 1 }),
	},
	{
		vendor: 'hubPlanner',
		seed: 20261207,
		finding: 'booking getAll: error naming no contract line: Hub Planner answered N',
		tenant: t({ keyCase: 'pascal', pageBase: 1 }),
	},
	{
		vendor: 'hubPlanner',
		seed: 20261207,
		finding: 'booking getAll Simplify: Simplify: normalized.id is "", not the record\'s id',
		tenant: t({ keyCase: 'pascal' }),
	},
	{
		vendor: 'pronestor',
		seed: 20261207,
		finding:
			'locked booking export: completed with fewer or other records than the emulator holds (N missing)',
		tenant: t({ cap: 2 }),
	},
	{
		vendor: 'pronestor',
		seed: 20261207,
		finding:
			'billing account getAll (Hide Deleted): completed with fewer or other records than ' +
			'the emulator holds (N missing, N not expected)',
		tenant: t({ cap: 7, flagName: 'removed' }),
	},
	{
		vendor: 'pronestor',
		seed: 20261207,
		finding:
			'locked booking export: error naming no contract line: Pronestor Planner sent an ' +
			'unusable answer: the answer is not a list of locked bookings',
		tenant: t({ envelope: wrapped('results', 'none', 'totalItems', 'pageInfo') }),
	},
	{
		vendor: 'pronestor',
		seed: 20261207,
		finding: 'locked booking export Simplify: Simplify: normalized.id is "", not the record\'s id',
		tenant: t({ keyCase: 'snake' }),
	},
	{
		vendor: 'planningPme',
		seed: 20261207,
		finding:
			'task getAll: error naming no contract line: PlanningPME sent an unusable answer: the ' +
			'answer is not a page of records',
		tenant: t({ envelope: wrapped('results', 'meta', 'totalResults', 'metadata') }),
	},
	{
		vendor: 'planningPme',
		seed: 20261207,
		finding:
			'task getAll: completed with fewer or other records than the emulator holds (N missing)',
		tenant: t({ envelope: BARE, cap: 1 }),
	},
	{
		vendor: 'planningPme',
		seed: 20261207,
		finding:
			'planned task trigger poll: the poll emitted fewer or other records than were added (N missing)',
		tenant: t({ cap: 1 }),
	},
	{
		vendor: 'brp',
		seed: 20261207,
		finding:
			'service booking getAll: error naming no contract line: BRP sent an unusable answer: ' +
			'the answer has no <servicebookings> list',
		tenant: t({ envelope: BARE }),
	},
	{
		vendor: 'brp',
		seed: 20261207,
		finding:
			'service booking getAll: completed with fewer or other records than the emulator holds (N missing)',
		tenant: t({ cap: 3 }),
	},
	{
		vendor: 'brp',
		seed: 20261207,
		finding:
			'service booking trigger poll: the poll emitted fewer or other records than were added (N missing)',
		tenant: t({ cap: 2 }),
	},
	{
		vendor: 'bookingsOne',
		seed: 20261207,
		finding:
			'appointment search: error naming no contract line: Bookings ONE sent an unusable ' +
			'answer: the answer is not a page of records',
		tenant: t({ envelope: wrapped('value', 'meta', 'recordCount', 'pageInfo') }),
	},
	{
		vendor: 'bookingsOne',
		seed: 20261207,
		finding:
			'appointment search: completed with fewer or other records than the emulator holds (N missing)',
		tenant: t({ keyCase: 'snake', cap: 14 }),
	},
	{
		vendor: 'bookingsOne',
		seed: 20261207,
		finding: 'appointment search Simplify: Simplify: normalized.id is "", not the record\'s id',
		tenant: t({ keyCase: 'pascal', envelope: BARE }),
	},
	{
		vendor: 'pronestor',
		seed: 20261207,
		finding:
			'locked booking export: completed with fewer or other records than the emulator holds (N missing); ' +
			'found with i21-paging and i21-fields merged',
		tenant: t({ keyCase: 'snake', cap: 2 }),
	},
	{
		vendor: 'pronestor',
		seed: 20261207,
		finding:
			'billing account getAll (Hide Deleted): completed with fewer or other records than the emulator holds ' +
			'(N missing); found when every other credential started without API Contract → Check',
		tenant: t({ pageBase: 0, baseMode: 'strict', cap: 3 }),
	},
	{
		vendor: 'brp',
		seed: 20261207,
		finding:
			'service booking getAll: completed with fewer or other records than the emulator holds (N missing); ' +
			'found with the window-cap rule proving windows without API Contract → Check',
		tenant: t({ keyCase: 'pascal', cap: 4 }),
	},
];
