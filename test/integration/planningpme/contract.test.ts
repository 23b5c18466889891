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
		ctx.sandbox.requestDates = 'any';
		ctx.sandbox.fieldNames = {};
	});

	const check = () => runContractCheck(ctx.run);
	const noWrites = () => expect(writesIn(ctx.sandbox.log, (path) => path.endsWith('/token') || path.endsWith('/api/do/list'))).toEqual([]);

	it('confirms every checkable line of the default emulator and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'PlanningPME')).toBe(true);
		expect(notConfirmed(lines)).toEqual(['path.writes: not checkable']);
		expect(byLine['path.task'].where).toBe("nodes/PlanningPme/contract.ts PATHS.record('task', key)");
		expect(byLine.total.evidence).toMatch(/^records in "items", total \d+ under "totalItems"$/);
		expect(byLine['dates.requests'].evidence).toMatch(/^the tenant takes both forms: \/api\/do\/list: UTC \(\d{4}-\d\d-\d\dT\d\d:00:00Z\) accepted; wall time/);
		expect(byLine['fields.unavailability'].status).toBe('confirmed');
		expect(byLine['path.unavailability'].status).toBe('confirmed');
		const text = JSON.stringify(lines);
		for (const secret of SECRETS) expect(text).not.toContain(secret);
		noWrites();
	});

	it('reports a pageIndex counted from 1 as a contradicted page base', async () => {
		ctx.sandbox.pageIndexBase = 1;
		const { lines, byLine } = await check();
		expect(byLine.pageBase.status).toBe('contradicted');
		expect(byLine.pageBase.evidence).toContain('page 0, size 2 → PlanningPME answered 400');
		expect(byLine.pageBase.fix).toContain('Your tenant numbers pageIndex from 1, the node from 0');
		expect(byLine.pageBase.fix).toContain('Custom API Call');
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

	it('reports which date form a tenant takes: only UTC confirms, only wall times contradicts with the one-line fix', async () => {
		ctx.sandbox.requestDates = 'offset';
		const utcOnly = await check();
		expect(utcOnly.byLine['dates.requests'].status).toBe('confirmed');
		expect(utcOnly.byLine['dates.requests'].evidence).toMatch(/^the tenant takes only UTC: .*wall time \(\S+\) refused: PlanningPME answered 400/);
		expect(linesWith(utcOnly.lines, 'contradicted')).toEqual([]);
		ctx.sandbox.requestDates = 'wall';
		const wallOnly = await check();
		expect(wallOnly.byLine['dates.requests'].status).toBe('contradicted');
		expect(wallOnly.byLine['dates.requests'].evidence).toMatch(/^the tenant takes only wall times: /);
		expect(wallOnly.byLine['dates.requests'].fix).toContain('Your tenant takes only dates without an offset (wall times)');
		expect(wallOnly.byLine['dates.requests'].fix).toContain("report it at https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues with this check's output");
		expect(linesWith(wallOnly.lines, 'contradicted')).toEqual(['dates.requests']);
		noWrites();
	});

	it('compares sample records with the alias lists: a variant name in the lists confirms, an unknown one is contradicted', async () => {
		ctx.sandbox.fieldNames = { label: 'title', start: 'startDate', end: 'endDate' };
		const known = await check();
		expect(known.byLine['fields.plannedTask'].status).toBe('confirmed');
		expect(known.byLine['fields.plannedTask'].evidence).toContain('title←title');
		ctx.sandbox.fieldNames = { project: 'projectRef', resource: 'person' };
		const unknown = await check();
		expect(unknown.byLine['fields.plannedTask'].status).toBe('contradicted');
		expect(unknown.byLine['fields.plannedTask'].evidence).toContain('No source field for costCenter');
		expect(unknown.byLine['fields.unavailability'].evidence).toContain('No source field for resource');
		expect(unknown.byLine['fields.plannedTask'].fix).toContain('take the values from the vendor\'s own fields');
		noWrites();
	});
});
