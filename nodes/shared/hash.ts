/** One content hash for the package (trigger versions, opaque in-memory keys). Not for security. */

/** JSON with object keys sorted at every level: equal content gives equal text, whatever the key order. */
export function stableStringify(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
	const entries = Object.keys(value as object)
		.sort()
		.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
	return `{${entries.join(',')}}`;
}

/** A short, stable version of a record's content (key order does not matter; any change changes it). */
export function contentVersion(record: unknown): string {
	const text = stableStringify(record);
	// Two independent 32-bit hashes (FNV-1a and djb2): 64 bits, plenty to tell versions of one record apart.
	let h1 = 0x811c9dc5;
	let h2 = 5381;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
		h2 = (Math.imul(h2, 33) + c) >>> 0;
	}
	return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
