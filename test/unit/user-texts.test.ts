/**
 * What the package tells a user who installed it: API Contract → Check's fix texts and every error's description
 * name a node option, a credential field, a workaround or where to report — never a source file ("nodes/…",
 * "….ts") or a source constant ("REQUEST_DATES in …").
 *
 * The compiled package (dist/nodes) is scanned, not a run: a fix text only appears in the output of a contradicted
 * line, and most error descriptions only on a tenant that differs, so no run against the emulators reaches them
 * all. Every string and template literal of every compiled node file is read with TypeScript's parser. Source
 * pointers are allowed in one place only, the maintainers' `where` column of the check's output: a literal inside
 * a `where:` value, or inside the initializer of a pointer constant (a name ending in SOURCE or WHERE, or `where`),
 * and such a constant (or a `.where` property) may be used only there.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const DIST = path.resolve(__dirname, '..', '..', 'dist', 'nodes');

/** A source path, or an UPPER_CASE constant (with or without a ".member" path) followed by " in ". */
const FORBIDDEN: Array<[string, RegExp]> = [
	['a source path', /nodes\/|\.ts\b/],
	['a constant named as where to change something', /\b(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{2,}\.[\w.]+)(?:\.[\w.]+)? in\b/],
];

const isPointerName = (name: string) => /(^|_)(SOURCE|WHERE)$/.test(name);

function jsFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		return e.isDirectory() ? jsFiles(full) : e.name.endsWith('.js') ? [full] : [];
	});
}

/** Whether the node lies in a `where:` value or a pointer constant's initializer. */
function inPointerPosition(node: ts.Node): boolean {
	for (let n: ts.Node | undefined = node; n; n = n.parent) {
		if (ts.isPropertyAssignment(n) && n.name.getText() === 'where') return true;
		if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && (isPointerName(n.name.text) || n.name.text === 'where'))
			return true;
		// exports.WINDOW_CAP_WHERE = '…'
		if (ts.isBinaryExpression(n) && ts.isPropertyAccessExpression(n.left) && isPointerName(n.left.name.text)) return true;
	}
	return false;
}

interface Finding {
	file: string;
	line: number;
	text: string;
	why: string;
}

function scan(file: string): Finding[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2019, true);
	const found: Finding[] = [];
	const report = (node: ts.Node, text: string, why: string) =>
		found.push({
			file: path.relative(DIST, file),
			line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
			text: text.slice(0, 160),
			why,
		});
	const visit = (node: ts.Node) => {
		if (!node.parent) return ts.forEachChild(node, visit);
		const isRequire =
			ts.isCallExpression(node.parent) &&
			node.parent.expression.getText() === 'require' &&
			node.parent.arguments[0] === node;
		if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
			const text = node.text;
			if (!isRequire && !inPointerPosition(node))
				for (const [why, pattern] of FORBIDDEN) if (pattern.test(text)) report(node, text, why);
		}
		// A pointer constant (T.where, X.SOMETHING_WHERE, SOURCE) used anywhere but a `where:` value.
		const name = ts.isIdentifier(node)
			? node.text
			: ts.isPropertyAccessExpression(node)
				? node.name.text
				: undefined;
		const declaration =
			(ts.isVariableDeclaration(node.parent) && node.parent.name === node) ||
			(ts.isPropertyAssignment(node.parent) && node.parent.name === node) ||
			(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) ||
			ts.isExportSpecifier(node.parent) ||
			ts.isImportSpecifier(node.parent);
		if (name && !declaration && (isPointerName(name) || (ts.isPropertyAccessExpression(node) && name === 'where'))) {
			const assigned = ts.isBinaryExpression(node.parent) && node.parent.left === node; // exports.X_WHERE = …
			if (!assigned && !inPointerPosition(node)) report(node, node.getText(), `the source pointer ${name} outside a where value`);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('user-facing texts of the compiled package', () => {
	const files = jsFiles(DIST);

	it('the compiled nodes are there to scan (npm run build first)', () => {
		expect(files.some((f) => f.endsWith(path.join('shared', 'contractCheck.js')))).toBe(true);
		expect(files.filter((f) => /apiContract[\\/]check\.js$/.test(f))).toHaveLength(5);
	});

	it('no fix text or error description names a source file or a source constant to change', () => {
		const findings = files.flatMap(scan);
		expect(findings.map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`)).toEqual([]);
	});

	it('the scan sees what it must refuse (a fix naming a file, a constant "in …", a pointer in a fix)', () => {
		const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'user-texts-'));
		const probe = path.join(dir, 'probe.js');
		fs.writeFileSync(
			probe,
			[
				"const SOURCE = 'nodes/X/transport.ts';",
				'const line = { where: `${SOURCE} PATHS.x`, fix: `Set READ_FORMAT in ${SOURCE}.` };',
				"const other = { fix: 'Change nodes/X/transport.ts to your path.' };",
				"const third = { fix: 'Add the name to FIELDS.account in the table.' };",
				'const fourth = { fix: `See ${SOURCE}`, fifth: `x ${line.where}` };',
				"const fine = { fix: 'Set Simplify → Missing Fields to Flag Only; report the line \"FIELDS.account.deleted\".' };",
			].join('\n'),
		);
		try {
			const why = scan(probe).map((f) => `${f.line}:${f.why}`);
			expect(why).toEqual([
				'2:a constant named as where to change something',
				'2:the source pointer SOURCE outside a where value',
				'3:a source path',
				'4:a constant named as where to change something',
				'5:the source pointer SOURCE outside a where value',
				'5:the source pointer where outside a where value',
			]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
