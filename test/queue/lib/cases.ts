/**
 * A small case runner for stages that drive long-lived servers: each case has a time limit and detail lines,
 * prints ✓/✗ with its duration, and the stage ends with `<name>: N passed, M failed` (what scripts/test-all.sh
 * adds to its totals). Stages (setup steps) are timed for the closing summary.
 */
export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((l) => `      ${l}`)
		.join('\n');
}

export class CaseRunner {
	readonly results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];
	private readonly stageTimes: Array<[string, number]> = [];

	/** `only`: run just the cases whose [tag] is listed (e.g. `batch,expiry`); the others are reported as skipped. */
	constructor(
		readonly name: string,
		readonly only: string[] = [],
	) {}

	readonly skipped: string[] = [];

	get passed(): number {
		return this.results.filter((r) => r.ok).length;
	}

	get failed(): number {
		return this.results.length - this.passed;
	}

	async stage<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
		const started = Date.now();
		try {
			return await fn();
		} finally {
			this.stageTimes.push([name, Date.now() - started]);
		}
	}

	/** Runs one case with a time limit; `log` adds a detail line printed under its result. */
	async run(name: string, timeoutMs: number, fn: (log: (message: string) => void) => Promise<void>): Promise<boolean> {
		const tag = /^\[([^\]]+)\]/.exec(name)?.[1];
		if (this.only.length && (!tag || !this.only.includes(tag))) {
			this.skipped.push(name);
			return false;
		}
		const started = Date.now();
		const details: string[] = [];
		let timer: NodeJS.Timeout | undefined;
		try {
			await Promise.race([
				fn((m) => details.push(`      ${m}`)),
				new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${seconds(timeoutMs)}`)), timeoutMs))),
			]);
			this.results.push({ name, ok: true, ms: Date.now() - started });
			console.log(`  ✓ ${name} (${seconds(Date.now() - started)})`);
			return true;
		} catch (error) {
			const message = (error as Error).message ?? String(error);
			this.results.push({ name, ok: false, ms: Date.now() - started, error: message });
			console.log(`  ✗ ${name} (${seconds(Date.now() - started)})\n${indent(message)}`);
			return false;
		} finally {
			if (timer) clearTimeout(timer);
			for (const d of details) console.log(d);
		}
	}

	fail(name: string, error: Error): void {
		this.results.push({ name, ok: false, ms: 0, error: error.message });
		console.log(`  ✗ ${name} failed\n${indent(error.message)}`);
	}

	printStages(): void {
		if (this.skipped.length) console.log(`skipped (--only ${this.only.join(',')}): ${this.skipped.length} case(s)`);
		console.log('stages:');
		for (const [name, ms] of this.stageTimes) console.log(`  ${name}: ${seconds(ms)}`);
	}

	/** `<name>: N passed, M failed` (`extraFailed` for an interrupted run). */
	closingLine(extraFailed = 0): string {
		return `${this.name}: ${this.passed} passed, ${this.failed + extraFailed} failed`;
	}
}
