/**
 * The reliability and security suite (issue 9): faults, contract variants (issue 14), triggers, bad input, addresses, secrets and the
 * runtime-dependency audit, over every vendor whose node has landed (registered in package.json and compiled).
 * One file so that the secret scan sees everything the suite produced; it ends with one line per area.
 * Run: npm run build && npx jest --selectProjects reliability --runInBand
 */
import { Harness } from '../harness';
import { FAULTS, judge, judgeWrite, WRITE_FAULTS, type WriteCase } from './faults';
import { assertBuilt, captureLogs, runCase, skipCase, summary, VENDORS, type VendorContext, type VendorKey } from './lib';
import { registerTriggers } from './triggers';
import { registerBadInput } from './bad-input';
import { registerAddresses } from './addresses';
import { registerSecrets } from './secrets';
import { registerEcho } from './echo';
import { registerAudit } from './audit';
import { registerVariants } from './variants';

jest.setTimeout(10 * 60_000);

const contexts = new Map<VendorKey, VendorContext>();
const shared = { harness: undefined as unknown as Harness, contexts };

beforeAll(async () => {
	shared.harness = await Harness.load();
	captureLogs();
	assertBuilt();
	for (const spec of VENDORS) contexts.set(spec.key, await spec.start(shared.harness));
});

afterAll(async () => {
	for (const ctx of contexts.values()) await ctx.sandbox.stop();
	process.stdout.write(`\n${summary()}\n`);
});

describe('faults', () => {
	for (const spec of VENDORS) {
		describe(spec.name, () => {
			let baseline: string[] = [];
			it('clean run: the listing needs several requests and returns every record once', async () => {
				await runCase('faults', `${spec.name}: clean run`, async () => {
					const ctx = contexts.get(spec.key)!;
					ctx.reset();
					ctx.seedListing();
					const result = await ctx.run(ctx.listing.parameters);
					expect(result.error).toBeUndefined();
					baseline = result.items.map((i) => ctx.listing.idOf(i.json));
					expect(baseline.length).toBeGreaterThan(15);
					expect(new Set(baseline).size).toBe(baseline.length);
					expect(ctx.sandbox.requests(ctx.listing.dataPath).length).toBeGreaterThan(1);
				});
			});
			for (const fault of FAULTS) {
				it(fault.name, async () => {
					const ctx = contexts.get(spec.key)!;
					if (fault.when && !fault.when(ctx)) return skipCase('faults', `${spec.name}: ${fault.name}`, 'not applicable');
					await runCase('faults', `${spec.name}: ${fault.name}`, async () => {
						const result = await judge(ctx, fault, baseline);
						expect(result.problem).toBeUndefined();
					});
				});
			}
		});
	}
});

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const WRITES: WriteCase[] = [
	{
		vendor: 'hubPlanner',
		path: /\/v1\/booking$/,
		parameters: (ctx) => {
			const data = (ctx.sandbox as unknown as { data: { resources: Array<{ _id: string }>; projects: Array<{ _id: string }> } }).data;
			return { resource: 'booking', operation: 'create', bookedResource: rl(data.resources[0]._id), bookedProject: rl(data.projects[0]._id), view: 'day', start: '2026-03-02', end: '2026-03-04', state: 'STATE_DAY_MINUTE', stateValue: 240, options: { allowOverschedule: true } };
		},
	},
	{ vendor: 'pronestor', path: /CreateBillingAccount$/, parameters: (_c, n) => ({ resource: 'billingAccount', operation: 'create', name: `Reliability ${n}`, code: `CC-REL-${n}` }) },
	{ vendor: 'planningPme', path: /\/api\/task$/, parameters: (_c, n) => ({ resource: 'task', operation: 'create', label: `Reliability ${n}` }) },
	{ vendor: 'brp', path: /persons\.json$/, parameters: (_c, n) => ({ resource: 'person', operation: 'create', firstname: 'Rel', lastname: `Test${n}`, email: `rel.test${n}@example.se` }) },
	{ vendor: 'bookingsOne', path: /iotDevice$/, parameters: (_c, n) => ({ resource: 'iotDevice', operation: 'create', accessId: `REL-${n}` }) },
];

describe('faults on writes', () => {
	let n = 0;
	for (const write of WRITES) {
		const spec = VENDORS.find((v) => v.key === write.vendor)!;
		describe(spec.name, () => {
			for (const fault of WRITE_FAULTS) {
				it(fault.name, async () => {
					await runCase('faults', `${spec.name}: ${fault.name}`, async () => {
						expect(await judgeWrite(contexts.get(spec.key)!, write, fault, ++n)).toBeUndefined();
					});
				});
			}
		});
	}
});

registerVariants(shared);
registerTriggers(shared);
registerBadInput(shared);
registerAddresses(shared);
registerEcho(shared);
registerSecrets(shared);
registerAudit();

export type Shared = typeof shared;
