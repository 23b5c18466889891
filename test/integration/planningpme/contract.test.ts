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

	const check = async () => {
		const result = await ctx.run({ resource: 'apiContract', operation: 'check' });
		expect(result.error).toBeUndefined();
		const lines = result.items.map((i) => i.json as Record<string, string>);
		if (process.env.SHOW_CONTRACT) console.log(JSON.stringify(lines, null, 1));
		return { lines, byLine: Object.fromEntries(lines.map((l) => [l.line, l])) };
	};
	/** Only GETs, the token request (login) and the read-only planned-task listing. */
	const noWrites = () =>
		expect(
			ctx.sandbox.log
				.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && (r.path.endsWith('/token') || r.path.endsWith('/api/do/list'))))
				.map((r) => `${r.method} ${r.path}`),
		).toEqual([]);

	it('confirms every checkable line of the default emulator and writes nothing', async () => {
		const { lines, byLine } = await check();
		expect(lines.every((l) => l.vendor === 'PlanningPME')).toBe(true);
		expect(lines.filter((l) => l.status !== 'confirmed').map((l) => `${l.line}: ${l.status}`)).toEqual(['path.writes: not checkable']);
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
		expect(lines.filter((l) => l.status === 'contradicted').map((l) => l.line)).toEqual(['pageBase']);
		noWrites();
	});

	it('reports a smaller largest pageSize as a contradicted largest page', async () => {
		ctx.sandbox.maxPageSize = 500;
		const { lines, byLine } = await check();
		expect(byLine.largestPage.status).toBe('contradicted');
		expect(byLine.largestPage.evidence).toContain('pageSize must be a whole number from 1 to 500');
		expect(lines.filter((l) => l.status === 'contradicted').map((l) => l.line)).toEqual(['largestPage']);
		noWrites();
	});
});
