/**
 * Faults: every vendor's paged "Return All" listing under connection resets, timeouts, 5xx, 429 storms,
 * sessions that end mid-listing, cut-off bodies, HTML pages and empty or foreign answers with status 200.
 * A run passes when it completes with exactly the records of a clean run, or fails with a clear error and
 * no output — never a partial list presented as complete.
 */
import { clearError, nth, type VendorContext } from './lib';

/**
 * What a fault allows: 'either' = complete with exactly the clean run's records (e.g. after a retry or a new
 * login) or fail with a clear error and no output; 'fail' = the data cannot be had (the fault never ends, or
 * waiting it out would stall the workflow): a clear error is the only right answer; 'complete' = the fault is
 * transient and documented as retried.
 */
export type Outcome = 'complete' | 'fail' | 'either';

/** Longer than any bounded wait a node may do (logins time out after 30 s), shorter than jest's timeout. */
const HANG_GUARD_MS = 45_000;

export interface FaultCase {
	name: string;
	expect: Outcome | ((ctx: VendorContext) => Outcome);
	/** Queues the fault on the emulator (the listing's data requests are `ctx.listing.dataPath`). */
	arm(ctx: VendorContext): void;
	/** Only for vendors where this applies. */
	when?(ctx: VendorContext): boolean;
}

const brokenBody = (ctx: VendorContext) =>
	ctx.listing.format === 'xml'
		? { headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: '<?xml version="1.0"?><servicebookings><servicebooking><id>1</id><start><timestamp>17' }
		: { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"data": [{"id": 1, "items": [{"_id": "a"}, {"key": 2' };

const validFullBody = (ctx: VendorContext) =>
	ctx.listing.format === 'xml'
		? { headers: { 'Content-Type': 'text/xml' }, body: '<?xml version="1.0"?><servicebookings><servicebooking><id>1</id></servicebooking></servicebookings>' }
		: { body: { data: [{ id: 1 }], items: [{ key: 1 }], _id: 'x' } };

export const FAULTS: FaultCase[] = [
	{ name: 'connection reset once on the 2nd data request', expect: 'complete', arm: (c) => c.sandbox.fault({ reset: true, match: nth(c.listing.dataPath, 2) }) },
	{ name: 'connection reset on every request', expect: 'fail', arm: (c) => c.sandbox.fault({ reset: true, times: 1000 }) },
	{ name: 'timeout once (no answer) on the 2nd data request', expect: 'complete', arm: (c) => c.sandbox.fault({ hang: true, match: nth(c.listing.dataPath, 2) }) },
	{ name: 'server never answers', expect: 'fail', arm: (c) => c.sandbox.fault({ hang: true, times: 1000, match: (r) => c.listing.dataPath.test(r.path) }) },
	{
		name: 'login never answers',
		// A token still valid from earlier runs needs no login: completing is fine, hanging is not.
		expect: 'either',
		when: (c) => c.loginPath !== undefined,
		arm: (c) => c.sandbox.fault({ hang: true, times: 1000, match: (r) => c.loginPath!.test(r.path) }),
	},
	{ name: '500 on the 2nd data request', expect: 'either', arm: (c) => c.sandbox.fault({ status: 500, body: { error: { message: 'Internal error' }, Message: 'Internal error' }, match: nth(c.listing.dataPath, 2) }) },
	{ name: '503 twice, then answers', expect: 'complete', arm: (c) => c.sandbox.fault({ status: 503, body: 'Service Unavailable', times: 2, match: (r) => c.listing.dataPath.test(r.path) }) },
	{ name: '502 and 504 once each', expect: 'complete', arm: (c) => c.sandbox.fault({ status: 502, body: 'Bad gateway', match: nth(c.listing.dataPath, 2) }).fault({ status: 504, body: 'Gateway timeout', match: nth(c.listing.dataPath, 1) }) },
	{
		name: '429 storm (3 × Retry-After: 0) mid-listing',
		expect: 'complete',
		arm: (c) => c.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { error: { message: 'Too many requests' }, Message: 'Too many requests' }, times: 3, match: (r) => c.listing.dataPath.test(r.path) }),
	},
	{
		name: '429 with Retry-After: 1 (seconds) is waited out',
		expect: 'complete',
		arm: (c) => c.sandbox.fault({ status: 429, headers: { 'Retry-After': '1' }, body: { error: { message: 'Too many requests' } }, match: nth(c.listing.dataPath, 2) }),
	},
	{
		name: '429 storm that never ends (Retry-After: 0)',
		expect: 'fail',
		arm: (c) => c.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { error: { message: 'Too many requests' } }, times: 1000, match: (r) => c.listing.dataPath.test(r.path) }),
	},
	{
		name: '429 asking to wait an hour',
		expect: 'fail',
		arm: (c) => c.sandbox.fault({ status: 429, headers: { 'Retry-After': '3600' }, body: { error: { message: 'Quota' } }, match: nth(c.listing.dataPath, 2) }),
	},
	{
		name: 'session or token ends in the middle of the listing',
		// Sessions and tokens that can be renewed are (transparently); an API key that stopped working cannot.
		expect: (c) => (c.expireAuth?.recovers ? 'complete' : 'fail'),
		when: (c) => c.expireAuth !== undefined,
		arm: (c) => c.sandbox.fault({ status: 599, match: nth(c.listing.dataPath, 2, () => c.expireAuth!.apply()) }),
	},
	{ name: 'body cut off mid-transfer (socket closed) on the 2nd data request', expect: 'either', arm: (c) => c.sandbox.fault({ status: 200, truncate: true, ...validFullBody(c), match: nth(c.listing.dataPath, 2) }) },
	{ name: 'cut-off JSON/XML document with status 200 on the 2nd data request', expect: 'either', arm: (c) => c.sandbox.fault({ status: 200, ...brokenBody(c), match: nth(c.listing.dataPath, 2) }) },
	{
		name: 'HTML maintenance page with status 200 on the 2nd data request',
		expect: 'either',
		arm: (c) => c.sandbox.fault({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>', match: nth(c.listing.dataPath, 2) }),
	},
	{
		name: 'HTML login page with status 200 on the 1st data request',
		// A login page can mean an expired session: logging in again and completing is right too.
		expect: 'either',
		arm: (c) => c.sandbox.fault({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<html><head><title>Sign in</title></head><body><form></form></body></html>', match: nth(c.listing.dataPath, 1) }),
	},
	{ name: 'empty body with status 200 on the 2nd data request', expect: 'either', arm: (c) => c.sandbox.fault({ status: 200, body: '', match: nth(c.listing.dataPath, 2) }) },
	{
		name: 'a JSON object that is not a page (status 200) on the 2nd data request',
		expect: 'either',
		arm: (c) =>
			c.sandbox.fault({
				status: 200,
				...(c.listing.format === 'xml' ? { headers: { 'Content-Type': 'text/xml' }, body: '<?xml version="1.0"?><status>ok</status>' } : { body: { status: 'ok', message: 'Request accepted' } }),
				match: nth(c.listing.dataPath, 2),
			}),
	},
];

export interface FaultResult {
	outcome: 'complete' | 'fail';
	problem?: string;
}

/** Runs the listing with the fault armed and judges the result against the clean run's ids. */
export async function judge(ctx: VendorContext, fault: FaultCase, baseline: string[]): Promise<FaultResult> {
	const expect = typeof fault.expect === 'function' ? fault.expect(ctx) : fault.expect;
	ctx.reset();
	ctx.seedListing();
	fault.arm(ctx);
	// A node that hangs is a failure of its own; the guard keeps the suite going (the emulator's stop() ends the hung call).
	let timer: NodeJS.Timeout | undefined;
	const guard = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_GUARD_MS)));
	const raced = await Promise.race([ctx.run(ctx.listing.parameters), guard]);
	clearTimeout(timer);
	ctx.expireAuth?.undo?.();
	if (raced === 'hung') {
		ctx.sandbox.clearFaults();
		return { outcome: 'fail', problem: `no result after ${HANG_GUARD_MS / 1000} s: the node hangs instead of failing` };
	}
	const result = raced;
	if (result.error) {
		const unclear = clearError(result.error);
		if (result.items.length > 0) return { outcome: 'fail', problem: `failed but still output ${result.items.length} items` };
		if (expect === 'complete') return { outcome: 'fail', problem: `should have completed, failed with: ${result.error.message}` };
		if (unclear) return { outcome: 'fail', problem: `unclear error: ${unclear}` };
		return { outcome: 'fail' };
	}
	const ids = result.items.map((i) => ctx.listing.idOf(i.json));
	const expected = [...baseline].sort();
	const got = [...ids].sort();
	if (expect === 'fail') {
		return { outcome: 'complete', problem: `should have failed, completed with ${ids.length} of ${baseline.length} records${got.join() === expected.join() ? ' (all of them)' : ''}` };
	}
	if (got.join() !== expected.join()) {
		const missing = expected.filter((id) => !got.includes(id)).length;
		const dup = got.length - new Set(got).size;
		return { outcome: 'complete', problem: `completed with ${ids.length} records instead of ${baseline.length} (${missing} missing, ${dup} duplicates) — partial data presented as complete` };
	}
	return { outcome: 'complete' };
}

// ------------------------------------------------------------------------------------------------ writes
/**
 * Writes are not idempotent: after a 5xx or a dropped connection the vendor may have done the work, so the
 * node must not send the write again (a second booking, a second person) — it fails clearly instead. A 429
 * means the request was refused unprocessed, so it is waited out and sent again.
 */
export interface WriteCase {
	vendor: VendorContext['key'];
	/** Parameters of one create; `n` makes values unique. */
	parameters(ctx: VendorContext, n: number): Record<string, unknown>;
	path: RegExp;
}

export const WRITE_FAULTS: Array<{ name: string; expect: 'fail' | 'complete'; writes: number; arm(ctx: VendorContext, path: RegExp): void }> = [
	{ name: '503 on a create: not sent again, clear error', expect: 'fail', writes: 1, arm: (c, p) => c.sandbox.fault({ status: 503, body: 'Service Unavailable', times: 5, match: (r) => r.method === 'POST' && p.test(r.path) }) },
	{ name: 'connection reset on a create: not sent again, clear error', expect: 'fail', writes: 1, arm: (c, p) => c.sandbox.fault({ reset: true, times: 5, match: (r) => r.method === 'POST' && p.test(r.path) }) },
	{
		name: '429 on a create: waited out and sent once more',
		expect: 'complete',
		writes: 2,
		arm: (c, p) => c.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { error: { message: 'Too many requests' } }, match: (r) => r.method === 'POST' && p.test(r.path) }),
	},
];

export async function judgeWrite(ctx: VendorContext, write: WriteCase, fault: (typeof WRITE_FAULTS)[number], n: number): Promise<string | undefined> {
	ctx.reset();
	fault.arm(ctx, write.path);
	const result = await ctx.run(write.parameters(ctx, n) as never);
	const sent = ctx.sandbox.requests(write.path, 'POST').length;
	if (sent !== fault.writes) return `the create was sent ${sent} times (expected ${fault.writes})`;
	if (fault.expect === 'complete') {
		if (result.error) return `should have completed, failed with: ${result.error.message}`;
		if (result.items.length !== 1) return `completed with ${result.items.length} items instead of 1`;
		return undefined;
	}
	if (!result.error) return `should have failed, completed with ${result.items.length} items`;
	if (result.items.length > 0) return `failed but still output ${result.items.length} items`;
	return clearError(result.error);
}
