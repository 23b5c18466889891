import type { LoggedRequest } from '../sandbox/framework';

/** One output item of API Contract → Check. */
export type ContractItem = Record<string, string>;

/** Runs API Contract → Check through the node and returns its items, and by line id (SHOW_CONTRACT=1 prints them). */
export async function runContractCheck(
	run: (parameters: Record<string, unknown>) => Promise<{ items: Array<{ json: unknown }>; error?: unknown }>,
) {
	const result = await run({ resource: 'apiContract', operation: 'check' });
	expect(result.error).toBeUndefined();
	const lines = result.items.map((i) => i.json as ContractItem);
	if (process.env.SHOW_CONTRACT) console.log(JSON.stringify(lines, null, 1));
	for (const l of lines) expect(Object.keys(l).sort()).toEqual(['assumption', 'evidence', 'fix', 'line', 'status', 'vendor', 'where']);
	return { lines, byLine: Object.fromEntries(lines.map((l) => [l.line, l])) };
}

/** The line ids with this status. */
export const linesWith = (lines: ContractItem[], status: string) => lines.filter((l) => l.status === status).map((l) => l.line);

/** "line: status" of every line not confirmed. */
export const notConfirmed = (lines: ContractItem[]) => lines.filter((l) => l.status !== 'confirmed').map((l) => `${l.line}: ${l.status}`);

/** Requests that could write: anything but GET, and POST except the read-only ones (a login, a documented search). */
export function writesIn(log: LoggedRequest[], readOnlyPost: (path: string) => boolean = () => false): string[] {
	return log.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && readOnlyPost(r.path))).map((r) => `${r.method} ${r.path}`);
}
