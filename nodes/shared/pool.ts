/**
 * The one bounded worker pool for requests in flight (pages, date windows, look-ups): at most `limit` tasks run at
 * once; after a failure no new task starts, the tasks already in flight are awaited (their retries included), and
 * then the first error is thrown. So no request of an operation is still running — perhaps on the next execution's
 * session — after the node reported its error.
 *
 * `take` hands out the next task when a worker is free (undefined: none left), so that a task can be shaped by what
 * the tasks before it learned (a date window cut to the width known when it is taken).
 */
export async function runBounded<T>(
	limit: number,
	take: () => T | undefined,
	run: (task: T) => Promise<void>,
): Promise<void> {
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (!failure) {
			const task = take();
			if (task === undefined) return;
			try {
				await run(task);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
	if (failure) throw failure.error;
}

/** Maps with at most `limit` calls in flight (runBounded); the results keep the input order. */
export async function mapLimited<A, B>(
	inputs: A[],
	limit: number,
	fn: (a: A, i: number) => Promise<B>,
): Promise<B[]> {
	const results = new Array<B>(inputs.length);
	let next = 0;
	await runBounded(
		Math.min(limit, inputs.length),
		() => (next < inputs.length ? next++ : undefined),
		async (i) => {
			results[i] = await fn(inputs[i], i);
		},
	);
	return results;
}
