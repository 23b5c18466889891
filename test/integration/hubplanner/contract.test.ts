import { linesWith, notConfirmed, runContractCheck, writesIn } from '../contract';
import { VARIANT_BOOKING_NAMES } from '../../sandbox/hubplanner';
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
		expect(byLine['path.booking'].where).toBe('nodes/HubPlanner/contract.ts PATHS.booking');
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
		expect(byLine.pageBase.fix).toContain('Your tenant numbers pages from 1, the node from 0');
		expect(byLine.pageBase.fix).toContain('Custom API Call');
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

describe('Hub Planner: API Contract → Check on variant field names', () => {
	let ctx: Awaited<ReturnType<typeof startHubPlanner>>;

	beforeAll(async () => {
		ctx = await startHubPlanner();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.resetRateLimits();
	});

	it('confirms a tenant whose names are in the alias lists, and shows which names it read', async () => {
		ctx.sandbox.renameFields = { ...VARIANT_BOOKING_NAMES };
		const { lines, byLine } = await runContractCheck(ctx.run);
		expect(byLine['fields.booking'].status).toBe('confirmed');
		expect(byLine['fields.booking'].evidence).toContain('title←name');
		expect(byLine['fields.booking'].evidence).toContain('start←startDate');
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
	});

	it('contradicts the field line for names outside the alias lists, naming the missing keys and BOOKING_ALIASES', async () => {
		ctx.sandbox.renameFields = { title: 'subject', resource: 'assignee' };
		const { lines, byLine } = await runContractCheck(ctx.run);
		expect(linesWith(lines, 'contradicted')).toEqual(['fields.booking']);
		expect(byLine['fields.booking'].evidence).toMatch(/No source field for title \(reads title \| name\); resource \(reads resource \| resourceId \| resourceName\)/);
		expect(byLine['fields.booking'].evidence).toContain('subject');
		expect(byLine['fields.booking'].fix).toContain("report it at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues with this check's output");
		expect(writesIn(ctx.sandbox.log, (path) => path.endsWith('/search'))).toEqual([]);
	});
});
