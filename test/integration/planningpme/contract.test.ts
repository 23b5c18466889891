import { linesWith, notConfirmed, runContractCheck, writesIn } from '../contract';
import { SECRETS, startPlanningPme } from './setup';

/** API Contract → Check against the emulator: every line confirmed by default, the variant's line contradicted, never a write. */
describe('PlanningPME: API Contract → Check', () => {
	let ctx: Awaited<ReturnType<typeof startPlanningPme>>;

	beforeAll(async () => {
		ctx = await startPlanningPme();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.pageIndexBase = 0;
		ctx.sandbox.maxPageSize = 1000;
	});

	const check = () => runContractCheck(ctx.run);
	const noWrites = () => expect(writesIn(ctx.sandbox.log, (path) => path.endsWith('/token') || path.endsWith('/api/do/list'))).toEqual([]);

	it('confirms every checkable line of the default emulator and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'PlanningPME')).toBe(true);
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
		expect(byLine['path.task'].where).toBe("nodes/PlanningPme/transport.ts PATHS.record('task', key)");
		expect(byLine.total.evidence).toMatch(/^totalItems: \d+$/);
		const text = JSON.stringify(lines);
		for (const secret of SECRETS) expect(text).not.toContain(secret);
		noWrites();
	});

	it('reports a pageIndex counted from 1 as a contradicted page base', async () => {
		ctx.sandbox.pageIndexBase = 1;
		const { lines, byLine } = await check();
		expect(byLine.pageBase.status).toBe('contradicted');
		expect(byLine.pageBase.evidence).toContain('page 0, size 2 → PlanningPME answered 400');
		expect(byLine.pageBase.fix).toContain('firstPage: 1');
		expect(linesWith(lines, 'contradicted')).toEqual(['pageBase']);
		noWrites();
	});

	it('reports a smaller largest pageSize as a contradicted largest page', async () => {
		ctx.sandbox.maxPageSize = 500;
		const { lines, byLine } = await check();
		expect(byLine.largestPage.status).toBe('contradicted');
		expect(byLine.largestPage.evidence).toContain('pageSize must be a whole number from 1 to 500');
		expect(linesWith(lines, 'contradicted')).toEqual(['largestPage']);
		noWrites();
	});
});
