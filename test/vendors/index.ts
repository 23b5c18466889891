/** Every vendor, declared once for all test suites (see types.ts). */
import { BOOKINGS_ONE } from './bookingsone';
import { BRP } from './brp';
import { HUB_PLANNER } from './hubplanner';
import { PLANNING_PME } from './planningpme';
import { PRONESTOR } from './pronestor';

export { BOOKINGS_ONE, BRP, HUB_PLANNER, PLANNING_PME, PRONESTOR };
export { packageNodeTypes, type TestVendor, type VendorKey } from './types';

/** In the README's order. */
export const TEST_VENDORS = [HUB_PLANNER, PRONESTOR, PLANNING_PME, BRP, BOOKINGS_ONE] as const;
