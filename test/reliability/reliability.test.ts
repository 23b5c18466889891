/**
 * The reliability and security suite (issue 9): faults, triggers, bad input, addresses, secrets and the
 * runtime-dependency audit, over every vendor whose node has landed (registered in package.json and compiled).
 * One file so that the secret scan sees everything the suite produced; it ends with one line per area.
 * Run: npx tsc -p tsconfig.json && npx jest --selectProjects reliability --runInBand
 */
import { Harness } from '../harness';
import { FAULTS, judge } from './faults';
import { captureLogs, landed, runCase, skipCase, summary, VENDORS, type VendorContext, type VendorKey } from './lib';
import { registerTriggers } from './triggers';
import { registerBadInput } from './bad-input';
import { registerAddresses } from './addresses';
import { registerSecrets } from './secrets';
import { registerAudit } from './audit';

jest.setTimeout(10 * 60_000);

const contexts = new Map<VendorKey, VendorContext>();
const shared = { harness: undefined as unknown as Harness, contexts };

beforeAll(async () => {
	shared.harness = await Harness.load();
	captureLogs();
	for (const spec of VENDORS) if (landed(spec.dir, spec.node)) contexts.set(spec.key, await spec.start(shared.harness));
});

afterAll(async () => {
	for (const ctx of contexts.values()) await ctx.sandbox.stop();
	process.stdout.write(`\n${summary()}\n`);
});

describe('faults', () => {
	for (const spec of VENDORS) {
		describe(spec.name, () => {
			if (!landed(spec.dir, spec.node)) {
				it('not landed yet', () => skipCase('faults', spec.name, 'node not registered/compiled yet'));
				return;
			}
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

registerTriggers(shared);
registerBadInput(shared);
registerAddresses(shared);
registerSecrets(shared);
registerAudit();

export type Shared = typeof shared;
