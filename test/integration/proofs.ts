/**
 * The window-cap rule (nodes/shared/windowCap.ts) reads a window whose answer may be cut again as two halves, and
 * once per credential and endpoint a wide window. Tests about other behaviour (window widths, retries, formats)
 * look at the listing's own windows: these helpers tell the two kinds of request apart by their windows alone.
 */
interface Call {
	status: number;
	query: Record<string, unknown>;
}

/** [from, to) of a request as comparable strings (the vendor's own date text; no end: open, after every date). */
function spanOf(call: Call, from: string, to: string): [string, string] {
	return [String(call.query[from] ?? ''), call.query[to] === undefined ? '\uffff' : String(call.query[to])];
}

/** Whether `inner` lies inside `outer` and is not the same window. */
function within(inner: [string, string], outer: [string, string]): boolean {
	return outer[0] <= inner[0] && inner[1] <= outer[1] && (outer[0] !== inner[0] || outer[1] !== inner[1]);
}

/**
 * The requests that are not proofs: a proof is a window inside one answered (200) earlier (a half), or around one
 * (the wide window). A listing's own windows tile its range: none holds another.
 */
export function withoutProofs<C extends Call>(calls: C[], from: string, to: string): C[] {
	return calls.filter((call, k) => {
		const span = spanOf(call, from, to);
		return !calls.slice(0, k).some((before) => {
			if (before.status !== 200) return false;
			const earlier = spanOf(before, from, to);
			return within(span, earlier) || within(earlier, span);
		});
	});
}

/** The proofs only (see withoutProofs). */
export function proofsOf<C extends Call>(calls: C[], from: string, to: string): C[] {
	const kept = new Set(withoutProofs(calls, from, to));
	return calls.filter((call) => !kept.has(call));
}
