import {
	pauseLane,
	resetLanes,
	startRequest as start,
	tooLongMessage,
	type RateLimit,
	type Slot,
} from '../../nodes/shared/scheduler';

/** A request that may start (the tests below never wait longer than they allow). */
async function startRequest(key: string, limits: RateLimit[], maxWaitMs: number): Promise<Slot> {
	const slot = await start(key, limits, maxWaitMs);
	if (!('done' in slot)) throw new Error(tooLongMessage(slot));
	return slot;
}

const limit: RateLimit = {
	requests: 3,
	perMs: 150,
	line: 'limits.test',
	text: '3 calls per 150 ms',
};

describe('the request scheduler (nodes/shared/scheduler.ts)', () => {
	beforeEach(() => resetLanes());

	it('never starts more than the limit within one window, counted from each answer', async () => {
		const starts: number[] = [];
		const ends: number[] = [];
		await Promise.all(
			Array.from({ length: 10 }, async () => {
				const slot = await startRequest('a', [limit], 60_000);
				starts.push(Date.now());
				await new Promise((r) => setImmediate(r));
				ends.push(Date.now());
				slot.done();
			}),
		);
		starts.sort((a, b) => a - b);
		ends.sort((a, b) => a - b);
		// The (k+3)-th start comes a full window after the k-th answer.
		for (let k = 0; k + limit.requests < starts.length; k++)
			expect(starts[k + limit.requests] - ends[k]).toBeGreaterThanOrEqual(limit.perMs - 1);
	});

	it('keeps lanes apart: another credential does not wait', async () => {
		for (let i = 0; i < limit.requests; i++) (await startRequest('a', [limit], 60_000)).done();
		const before = Date.now();
		(await startRequest('b', [limit], 60_000)).done();
		expect(Date.now() - before).toBeLessThan(limit.perMs);
	});

	it('fails at once, naming the limit, where the wait would be longer than a request waits', async () => {
		for (let i = 0; i < limit.requests; i++) (await startRequest('a', [limit], 60_000)).done();
		const refused = await start('a', [limit], 10);
		expect('done' in refused).toBe(false);
		expect(refused).toMatchObject({ limit: { line: 'limits.test' } });
		expect(tooLongMessage(refused as Exclude<typeof refused, Slot>)).toContain(
			'3 calls per 150 ms',
		);
	});

	it('a pause (429 + Retry-After) holds every request on the lane until it has passed', async () => {
		pauseLane('a', 120);
		const before = Date.now();
		const slots = await Promise.all([startRequest('a', [], 60_000), startRequest('a', [], 60_000)]);
		expect(Date.now() - before).toBeGreaterThanOrEqual(110);
		for (const slot of slots) slot.done();
	});

	it('a request waits for one in flight to end when the window is full of requests in flight', async () => {
		const held = await Promise.all([1, 2, 3].map(() => startRequest('a', [limit], 60_000)));
		let started = false;
		const next = startRequest('a', [limit], 60_000).then((slot) => {
			started = true;
			return slot;
		});
		await new Promise((r) => setTimeout(r, 20));
		expect(started).toBe(false);
		for (const slot of held) slot.done();
		(await next).done();
		expect(started).toBe(true);
	});
});
