import { mapLimited, runBounded } from '../../nodes/shared/pool';

/** A task that ends when the test says so. */
function gate() {
	let open!: () => void;
	let fail!: (error: Error) => void;
	const done = new Promise<void>((resolve, reject) => {
		open = resolve;
		fail = reject;
	});
	return { done, open, fail };
}

describe('the one bounded pool (shared/pool.ts)', () => {
	it('keeps at most `limit` tasks in flight and the results in input order', async () => {
		let inFlight = 0;
		let most = 0;
		const results = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise((resolve) => setImmediate(resolve));
			inFlight--;
			return n * 10;
		});
		expect(results).toEqual([50, 10, 40, 20, 30]);
		expect(most).toBe(2);
	});

	it('after a failure starts no task, awaits the tasks in flight, then throws the first error', async () => {
		const gates = [gate(), gate(), gate(), gate()];
		const started: number[] = [];
		const settled: number[] = [];
		let next = 0;
		const run = runBounded(
			2,
			() => (next < gates.length ? next++ : undefined),
			async (k) => {
				started.push(k);
				try {
					await gates[k].done;
				} finally {
					settled.push(k);
				}
			},
		);
		let thrown: unknown;
		const ended = run.catch((error: unknown) => {
			thrown = error;
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(started).toEqual([0, 1]);
		gates[0].fail(new Error('first'));
		await new Promise((resolve) => setImmediate(resolve));
		// Task 1 is still in flight: the pool has not thrown yet, and started nothing after the failure.
		expect(thrown).toBeUndefined();
		expect(started).toEqual([0, 1]);
		gates[1].fail(new Error('second'));
		await ended;
		expect((thrown as Error).message).toBe('first');
		expect(settled.sort()).toEqual([0, 1]);
		expect(started).toEqual([0, 1]);
	});

	it('an empty input runs nothing', async () => {
		expect(await mapLimited([], 4, async () => 1)).toEqual([]);
	});
});
