/**
 * Tenants the fuzzer once found a finding with (reduced to the mutations that cause it), run on every run before
 * the generated ones. Add each new finding's reduced tenant here, with the seed that found it.
 */
import type { VendorKey } from '../vendors';
import type { Tenant } from './tenant';

export interface Regression {
	vendor: VendorKey;
	/** The run that found it: FUZZ_SEED=<seed> replays it. */
	seed: number;
	finding: string;
	tenant: Tenant;
}

export const REGRESSIONS: Regression[] = [];
