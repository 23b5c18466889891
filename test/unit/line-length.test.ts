/**
 * No line over 120 characters in the package's code and scripts, except a line that holds a URL (a URL is not
 * split). A long user-facing text is split into joined parts, so the message stays whole for the user.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAX = 120;

function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...filesUnder(path));
		else if (/\.(ts|mjs|js|sh)$/.test(name)) out.push(path);
	}
	return out;
}

test.each(['nodes', 'credentials', 'scripts'])(`no line in %s/ is over ${MAX} characters (URLs aside)`, (dir) => {
	const long: string[] = [];
	for (const file of filesUnder(join(ROOT, dir))) {
		readFileSync(file, 'utf8')
			.split('\n')
			.forEach((line, i) => {
				// Tabs count as two columns, as prettier's tabWidth says.
				const width = line.replace(/\t/g, '  ').length;
				if (width > MAX && !/https?:\/\//.test(line)) long.push(`${relative(ROOT, file)}:${i + 1} (${width})`);
			});
	}
	expect(long).toEqual([]);
});
