/**
 * The emulators (test/sandbox) and the tenant fuzzer (test/fuzz) are written from the vendor documents, never
 * from the nodes: a test built from our own assumptions cannot find where they are wrong. None of their files
 * may import from nodes/ or dist/, or name a constant that nodes/ exports (alias lists, page sizes, field tables).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string, ext: RegExp): string[] {
	const out: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...files(full, ext));
		else if (ext.test(entry.name)) out.push(full);
	}
	return out;
}

const independent = ['test/sandbox', 'test/fuzz'].flatMap((d) =>
	files(path.join(ROOT, d), /\.ts$/),
);
const rel = (f: string) => path.relative(ROOT, f);

/** UPPER_CASE constants of 6+ characters exported by the nodes. */
function nodeConstants(): string[] {
	const names = new Set<string>();
	for (const file of files(path.join(ROOT, 'nodes'), /\.ts$/)) {
		for (const m of fs
			.readFileSync(file, 'utf8')
			.matchAll(/export\s+const\s+([A-Z][A-Z0-9_]{5,})\b/g))
			names.add(m[1]);
	}
	return [...names];
}

describe('emulators and the fuzzer are independent of the nodes', () => {
	it('has files to check', () => {
		expect(independent.length).toBeGreaterThan(8);
		expect(nodeConstants().length).toBeGreaterThan(5);
	});

	it('no file imports from nodes/ or dist/', () => {
		const offenders: string[] = [];
		for (const file of independent) {
			const text = fs.readFileSync(file, 'utf8');
			const specifiers = [
				...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"`]([^'"`]+)['"`]/g),
			].map((m) => m[1]);
			const joined = [
				...text.matchAll(/path\.(?:join|resolve)\([^)]*['"`](?:nodes|dist)['"`/]/g),
			].map((m) => m[0]);
			for (const s of specifiers)
				if (/(^|\/)(nodes|dist)(\/|$)/.test(s)) offenders.push(`${rel(file)}: ${s}`);
			for (const j of joined) offenders.push(`${rel(file)}: ${j}`);
		}
		expect(offenders).toEqual([]);
	});

	it('no file names a constant exported by nodes/', () => {
		const constants = nodeConstants();
		const offenders: string[] = [];
		for (const file of independent) {
			const text = fs.readFileSync(file, 'utf8');
			for (const name of constants)
				if (new RegExp(`\\b${name}\\b`).test(text)) offenders.push(`${rel(file)}: ${name}`);
		}
		expect(offenders).toEqual([]);
	});
});
