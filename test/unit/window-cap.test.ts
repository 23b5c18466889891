import { cutPoints, readCapped, UNSPLITTABLE_FLOOR } from '../../nodes/shared/windowCap';
import type { RequestContext } from '../../nodes/shared/types';

/**
 * The window-cap rule on a model tenant: records at integer instants, windows [from, to) of integers, a silent cap
 * on every answer. Whatever the cap, the rule returns every record or fails; never fewer in silence.
 */
type Win = [number, number];
const ctxFor = (name: string): RequestContext =>
	({ getNode: () => ({ name, credentials: { model: { id: name, name } } }) }) as unknown as RequestContext;

function tenant(times: number[], cap = Infinity) {
	const records = times.map((t, k) => ({ id: String(k), t }));
	let requests = 0;
	return {
		records,
		get requests() {
			return requests;
		},
		fetch: async ([from, to]: Win) => {
			requests++;
			return records.filter((r) => r.t >= from && r.t < to).slice(0, cap);
		},
	};
}

async function read(name: string, model: ReturnType<typeof tenant>, window: Win) {
	return await readCapped<Win, { id: string; t: number }>({
		window,
		ctx: ctxFor(name),
		credentialType: 'model',
		endpoint: 'list',
		fetch: model.fetch,
		split: ([from, to]) => {
			if (to - from < 2) return undefined;
			const mid = from + Math.floor((to - from) / 2);
			return [
				[from, mid],
				[mid, to],
			];
		},
		between: {
			rangeOf: (w) => w,
			spanOf: (r) => [r.t, r.t],
			cutAt: ([from, to], at) =>
				at > from && at < to
					? [
							[from, at],
							[at, to],
						]
					: undefined,
		},
		idOf: (r) => r.id,
		describe: ([from, to]) => `[${from}, ${to})`,
		fail: (s) => new Error(`windowCap: expected ${s.expected}, received ${s.received}: ${s.reason}`),
	});
}

describe('window-cap rule (shared/windowCap.ts)', () => {
	it('cutPoints: the median start between separable records; tight cuts around records sharing an instant', () => {
		expect(cutPoints([0, 100], [[10, 10], [20, 20], [30, 30]])).toEqual({ at: [20, 21], separable: true });
		expect(cutPoints([0, 100], [[40, 40], [40, 40]])).toEqual({ at: [40, 41], separable: false });
		expect(cutPoints([40, 41], [[40, 40]])).toEqual({ at: [], separable: false });
		// Overlapping spans (records overlapping the window): all overlap 50..60.
		expect(cutPoints([0, 100], [[10, 60], [50, 90]])).toEqual({ at: [50, 60], separable: false });
		// A record without a time: no cut between records.
		expect(cutPoints([0, 100], [[10, 10], undefined])).toEqual({ at: [], separable: false });
	});

	it('an uncapped tenant: one request for an answer below a proven bound, three for a new largest one', async () => {
		const model = tenant([1, 5, 9, 12, 20, 33, 47, 60]);
		expect((await read('uncapped', model, [0, 64])).map((r) => r.t).sort((a, b) => a - b)).toEqual(
			[1, 5, 9, 12, 20, 33, 47, 60],
		);
		expect(model.requests).toBe(3);
		const before = model.requests;
		expect(await read('uncapped', model, [0, 10])).toHaveLength(3);
		expect(model.requests - before).toBe(1);
	});

	it.each([1, 2, 3, 5, 8])('a silent cap of %i: every record, or an error naming windowCap', async (cap) => {
		const times = [3, 3, 7, 11, 11, 11, 18, 25, 26, 40, 41, 42, 58, 59, 63];
		const model = tenant(times, cap);
		const result = await read(`cap${cap}`, model, [0, 64]).then(
			(records) => ({ records }),
			(error: Error) => ({ error }),
		);
		if ('error' in result) expect(result.error.message).toMatch(/^windowCap/);
		else expect(result.records.map((r) => r.t).sort((a, b) => a - b)).toEqual(times);
		// Records sharing an instant beyond the cap cannot all be read: with cap < 3, the three at 11 fail loudly.
		if (cap < 3) expect('error' in result).toBe(true);
	});

	it(`records sharing one instant, fewer than ${UNSPLITTABLE_FLOOR}, on an uncapped tenant: complete (the stated floor)`, async () => {
		const model = tenant([30, 30, 30]);
		expect(await read('instant', model, [0, 64])).toHaveLength(3);
		// Cut tightly around them (before and after the instant): a few requests, not a descent to the smallest window.
		expect(model.requests).toBeLessThanOrEqual(5);
	});

	it('a lone record on a tenant capping at 1 with a hidden record elsewhere: the tight cuts find it', async () => {
		const model = tenant([30, 50], 1);
		const result = await read('lone', model, [0, 64]).then(
			(records) => ({ records }),
			(error: Error) => ({ error }),
		);
		if ('records' in result) expect(result.records.map((r) => r.t).sort()).toEqual([30, 50]);
		else expect(result.error.message).toMatch(/^windowCap/);
	});
});
