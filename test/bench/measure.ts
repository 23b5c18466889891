/** Wall time, CPU time and peak memory of one async run in this process. */
import { performance } from 'perf_hooks';
import { getHeapStatistics } from 'v8';

export interface Measured<T> {
	value: T;
	wallMs: number;
	/** User + system CPU of this process during the run. */
	cpuMs: number;
	/** Peak heap used above the heap before the run (after a full GC), sampled every `sampleMs` (and at the end). */
	peakHeapDeltaBytes: number;
	/** Peak resident set size above the RSS before the run. */
	peakRssDeltaBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function collectGarbage(): void {
	if (gc) {
		gc();
		gc();
	}
}

export const canCollectGarbage = gc !== undefined;

export async function measure<T>(run: () => Promise<T>, sampleMs = 20): Promise<Measured<T>> {
	collectGarbage();
	// Cheap probes (process.memoryUsage() also walks every heap space and would add its own CPU to the run).
	const heapUsed = () => getHeapStatistics().used_heap_size;
	const before = { heapUsed: heapUsed(), rss: process.memoryUsage.rss() };
	let peakHeap = before.heapUsed;
	let peakRss = before.rss;
	const sample = () => {
		const heap = heapUsed();
		const rss = process.memoryUsage.rss();
		if (heap > peakHeap) peakHeap = heap;
		if (rss > peakRss) peakRss = rss;
	};
	const timer = setInterval(sample, sampleMs);
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let value: T;
	try {
		value = await run();
	} finally {
		clearInterval(timer);
	}
	const wallMs = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	sample();
	return {
		value,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		peakHeapDeltaBytes: Math.max(0, peakHeap - before.heapUsed),
		peakRssDeltaBytes: Math.max(0, peakRss - before.rss),
	};
}
