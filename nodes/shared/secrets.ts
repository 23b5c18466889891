import type { INode } from 'n8n-workflow';

/**
 * The secret values each node works with, registered by the request layer (vendorRequest registers the
 * credential's secret fields before every request, and again after a failure, when a login may have replaced
 * a session or token), so that every error builder masks them without the call site passing them.
 *
 * Process memory on purpose, and safe to lose: a value is registered in the same process, before the request
 * whose answer could echo it. Secrets must not be copied into n8n's stores. Bounded: the most recently used
 * nodes, and per node the most recent values (a rotated token's old values age out).
 */
const byNode = new Map<string, Set<string>>();
const MAX_NODES = 1000;
const MAX_VALUES = 64;
/** Shortest value registered (shorter ones are too likely to be ordinary words). */
const MIN_LENGTH = 4;

const keyOf = (node: Pick<INode, 'id' | 'name' | 'type'>) =>
	`${node.type}\u0000${node.id || node.name}`;

/** The parts of a value that travel on their own: each cookie's value in a cookie jar (`a=x; b=y`). */
function partsOf(value: string): string[] {
	if (!/=/.test(value) || !/;|^[^=\s]+=/.test(value)) return [];
	return value
		.split(/;\s*/)
		.map((pair) => pair.slice(pair.indexOf('=') + 1).trim())
		.filter((part) => part.length >= 8);
}

/** Registers secret values (strings; anything else is ignored) for a node. */
export function registerSecrets(
	node: Pick<INode, 'id' | 'name' | 'type'>,
	values: unknown[],
): void {
	const key = keyOf(node);
	const set = byNode.get(key) ?? new Set<string>();
	byNode.delete(key);
	for (const value of values) {
		if (typeof value !== 'string' || value.length < MIN_LENGTH) continue;
		for (const v of [value, value.trim(), ...partsOf(value)]) {
			if (v.length < MIN_LENGTH) continue;
			set.delete(v);
			set.add(v);
		}
	}
	while (set.size > MAX_VALUES) set.delete(set.values().next().value!);
	byNode.set(key, set);
	while (byNode.size > MAX_NODES) byNode.delete(byNode.keys().next().value!);
}

/** The secret values registered for a node (none when it made no request yet). */
export function secretsOf(node: Pick<INode, 'id' | 'name' | 'type'> | undefined): string[] {
	if (!node) return [];
	return [...(byNode.get(keyOf(node)) ?? [])];
}
