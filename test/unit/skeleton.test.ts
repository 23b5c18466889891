/**
 * One vendor skeleton: the five vendor folders hold the same files with the same jobs, apart from files a vendor's
 * nature needs (each named here with its reason). A reader who knows one folder knows all five.
 *
 *   <Vendor>.node.ts / .node.json            description + router
 *   <Vendor>Trigger.node.ts / .node.json     the trigger (a second trigger file only where a vendor has two kinds)
 *   baseUrl.ts                               the base URL from the credential (what the credential imports)
 *   transport.ts                             requests, paging, sessions
 *   contract.ts                              the contract table, alias lists, write-verification tables,
 *                                            learned-fact keys: every assumption about the vendor, as data
 *   fields.ts                                locators, ID and list readers, sorting, parameter readers
 *   normalize.ts                             the Simplify shape
 *   methods/listSearch.ts, methods/loadOptions.ts (where the vendor has dropdowns)
 *   resources/index.ts                       the resources and their operation lists
 *   resources/<resource>/<operation>.ts      exactly one operation: `export const operation: Operation`
 *   resources/apiContract/check.ts           API Contract → Check: `export const apiContract` (tables in contract.ts)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const NODES = join(ROOT, 'nodes');

const SKELETON = [
	'baseUrl.ts',
	'transport.ts',
	'contract.ts',
	'fields.ts',
	'normalize.ts',
	'methods/listSearch.ts',
	'resources/index.ts',
	'resources/apiContract/check.ts',
];

/** Files beyond the skeleton, per vendor, each with the reason the vendor needs it. */
const SPECIFIC: Record<string, Record<string, string>> = {
	BookingsOne: {
		'BookingsOnePollTrigger.node.ts': 'a second trigger kind: polling beside the webhook',
		'BookingsOnePollTrigger.node.json': 'its codex',
		'methods/loadOptions.ts': 'dropdowns',
	},
	Brp: {
		'xml.ts': 'BRP answers XML where a tenant has no JSON (bundled with its parser)',
		'rangeSearch.ts': "BRP's date-window search (learned range width, windows in flight)",
		'methods/loadOptions.ts': 'dropdowns',
	},
	HubPlanner: {
		'HubPlannerPollTrigger.node.ts': 'a second trigger kind: polling beside the webhook',
		'HubPlannerPollTrigger.node.json': 'its codex',
		'methods/loadOptions.ts': 'dropdowns',
	},
	PlanningPme: {
		'taskWindows.ts': "api/do/list's unpaged date windows",
		'methods/loadOptions.ts': 'dropdowns',
	},
	PronestorPlanner: {
		'lockWindows.ts': "FindLockedBookings' lock-time windows",
		'bookingSearch.ts': "FindBookingsByResourceType's date windows",
		'accountsCap.ts': 'billing accounts: one unpaged answer proven against the department lists',
	},
};

function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...filesUnder(path));
		else out.push(path);
	}
	return out;
}

const vendors = Object.keys(SPECIFIC);

test('nodes/ holds the five vendors and shared/, nothing else', () => {
	expect(readdirSync(NODES).sort()).toEqual([...vendors, 'shared'].sort());
});

describe.each(vendors)('%s', (vendor) => {
	const dir = join(NODES, vendor);
	const files = filesUnder(dir).map((f) => relative(dir, f).split('\\').join('/'));
	const own = [
		`${vendor}.node.ts`,
		`${vendor}.node.json`,
		`${vendor}Trigger.node.ts`,
		`${vendor}Trigger.node.json`,
	];

	test('has every skeleton file', () => {
		for (const file of [...own, ...SKELETON]) expect(files).toContain(file);
	});

	test('has no file outside the skeleton but its named vendor-specific ones', () => {
		const allowed = new Set([...own, ...SKELETON, ...Object.keys(SPECIFIC[vendor])]);
		const operation = /^resources\/[a-zA-Z]+\/[a-zA-Z]+\.ts$/;
		const stray = files.filter((f) => !allowed.has(f) && !operation.test(f));
		expect(stray).toEqual([]);
	});

	test('every resources/<resource>/<operation>.ts declares exactly one operation, one export shape', () => {
		const operations = files.filter((f) => /^resources\/[a-zA-Z]+\/[a-zA-Z]+\.ts$/.test(f));
		expect(operations.length).toBeGreaterThan(0);
		const wrong = operations.filter((f) => {
			const text = readFileSync(join(dir, f), 'utf8');
			const exports = text.match(/^export\s+[^\n]*/gm) ?? [];
			// API Contract → Check is a resource of its own (its tables live in contract.ts).
			const name = f === 'resources/apiContract/check.ts' ? 'apiContract' : 'operation';
			return exports.length !== 1 || !new RegExp(`^export const ${name}(: \\w+)? =`).test(exports[0]);
		});
		expect(wrong).toEqual([]);
	});

	test('no per-resource helper files (common, fields, spec, normalize) under resources/', () => {
		const helpers = files.filter((f) => /^resources\/.*\/(common|fields|spec|normalize)\.ts$/.test(f));
		expect(helpers).toEqual([]);
	});
});
