import { linesWith, notConfirmed, runContractCheck, writesIn } from '../contract';
import { startHubPlanner } from './setup';

/** API Contract → Check against the emulator: every line confirmed by default, the variant's line contradicted, never a write. */
describe('Hub Planner: API Contract → Check', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		// One check stays under Hub Planner's burst limit (50 calls / 5 s); three in a row would not.
		ctx.sandbox.resetRateLimits();
		ctx.sandbox.pageBase = 0;
		ctx.sandbox.limitCap = undefined;
		ctx.sandbox.seedBookings(30);
	});

	const check = () => runContractCheck(ctx.run);
	const noWrites = () => expect(writesIn(ctx.sandbox.log, (path) => path.endsWith('/search'))).toEqual([]);

	it('confirms every checkable line of the default emulator and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'Hub Planner')).toBe(true);
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
		expect(byLine['path.booking'].where).toBe('nodes/HubPlanner/transport.ts PATHS.booking');
		expect(byLine['fields.booking'].evidence).toContain('amount←details.budgetBookedAmount');
		expect(byLine.rateLimitHeaders.evidence).toContain('x-ratelimit-limit');
		expect(JSON.stringify(lines)).not.toContain('hp-write-key');
		expect(ctx.sandbox.log.length).toBeLessThan(50);
		noWrites();
	});

	it('reports pages numbered from 1 as a contradicted page base', async () => {
		ctx.sandbox.pageBase = 1;
		const { lines, byLine } = await check();
		expect(byLine.pageBase.status).toBe('contradicted');
		expect(byLine.pageBase.evidence).toContain('page 0, size 2 → Hub Planner answered 400');
		expect(byLine.pageBase.fix).toContain('firstPage: 1');
		expect(linesWith(lines, 'contradicted')).toEqual(['pageBase']);
		expect(byLine.largestPage.status).toBe('not checkable');
		noWrites();
	});

	it('reports a page silently capped below 1000 as a contradicted largest page', async () => {
		ctx.sandbox.limitCap = 100;
		ctx.sandbox.seedBookings(250);
		const { lines, byLine } = await check();
		expect(byLine.largestPage.status).toBe('contradicted');
		expect(byLine.largestPage.evidence).toContain('the server caps a page at 100');
		expect(linesWith(lines, 'contradicted')).toEqual(['largestPage']);
		noWrites();
	});
});
