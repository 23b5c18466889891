import { runContractCheck } from '../contract';
import { startPronestor } from './setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetLearnedInProcess } =
	require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

/**
 * Issue 21: a Pronestor tenant that caps how many accounts one GetBillingAccounts answer holds (no paging, no
 * total, no window, no error). API Contract → Check sees it against GetBillingAccountsByDepartment over the
 * departments; Billing Account → Get Many then fails naming the line instead of returning a partial list.
 */
describe('Pronestor Planner: a silent cap on the billing accounts answer', () => {
	let ctx: Awaited<ReturnType<typeof startPronestor>>;

	beforeAll(async () => {
		ctx = await startPronestor();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	afterEach(() => {
		ctx.sandbox.accountsAnswerCap = undefined;
		forgetLearnedInProcess();
	});

	it('Check learns the cap, Get Many fails naming accountsCap; uncapped, it returns every account', async () => {
		forgetLearnedInProcess();
		const all = ctx.sandbox.data.billingAccounts.length;
		expect(all).toBeGreaterThan(3);
		ctx.sandbox.accountsAnswerCap = 3;
		const { byLine } = await runContractCheck(ctx.run);
		expect(byLine.accountsCap.status).toBe('contradicted');
		expect(byLine.accountsCap.evidence).toContain(`GetBillingAccounts: 3 accounts`);
		const capped = await ctx.run({
			resource: 'billingAccount',
			operation: 'getAll',
			hideDeleted: false,
		});
		expect(capped.items).toHaveLength(0);
		expect(capped.error?.message).toMatch(/is not complete/);
		expect((capped.error as { description?: string }).description).toContain('"accountsCap"');

		ctx.sandbox.accountsAnswerCap = undefined;
		forgetLearnedInProcess();
		const checked = await runContractCheck(ctx.run);
		expect(checked.byLine.accountsCap.status).toBe('confirmed');
		const full = await ctx.run({
			resource: 'billingAccount',
			operation: 'getAll',
			hideDeleted: false,
		});
		expect(full.error).toBeUndefined();
		expect(full.items).toHaveLength(all);
	});

	it('without Check (a fresh process): Get Many compares with the department lists itself; uncapped, the next listing needs no comparison', async () => {
		forgetLearnedInProcess();
		const all = ctx.sandbox.data.billingAccounts.length;
		ctx.sandbox.accountsAnswerCap = 3;
		const capped = await ctx.run({ resource: 'billingAccount', operation: 'getAll', hideDeleted: false });
		expect(capped.items).toHaveLength(0);
		expect(capped.error?.message).toMatch(/expected \d+ records, received 3/);
		expect((capped.error as { description?: string }).description).toContain('"accountsCap"');

		ctx.sandbox.accountsAnswerCap = undefined;
		forgetLearnedInProcess();
		ctx.sandbox.resetLog();
		const full = await ctx.run({ resource: 'billingAccount', operation: 'getAll', hideDeleted: false });
		expect(full.error).toBeUndefined();
		expect(full.items).toHaveLength(all);
		expect(ctx.sandbox.requests(/GetBillingAccountsByDepartment$/).length).toBeGreaterThan(0);
		// Proven once: a listing of the same size is compared again (it may be cut at exactly that size)…
		ctx.sandbox.resetLog();
		await ctx.run({ resource: 'billingAccount', operation: 'getAll', hideDeleted: false });
		expect(ctx.sandbox.requests(/GetBillingAccounts$/)).toHaveLength(1);
	});
});
