/**
 * `npm start` and `npm run n8n:sandboxes` start the vendor emulators they find (scripts/lib/vendors.ts): an
 * emulator is test/sandbox/<vendor>.ts of a vendor declared in test/vendors/. Other modules in test/sandbox (the
 * framework, an emulator's helpers) are not started as emulators: `npm start` once tried pronestorHelpPage.ts and
 * printed "pronestorHelpPage sandbox could not start: ... exports no create…Sandbox() factory" on every start.
 */
import * as fs from 'fs';
import * as path from 'path';
import { emulatorVendors } from '../../scripts/lib/vendors';
import { TEST_VENDORS } from '../vendors';

const sandboxDir = path.resolve(__dirname, '..', 'sandbox');

describe('vendor emulator discovery (scripts/lib/vendors.ts)', () => {
	it('finds one emulator per declared vendor', () => {
		const declared = TEST_VENDORS.map((v) => v.key.toLowerCase()).sort();
		expect(emulatorVendors()).toEqual(declared);
	});

	it('leaves out the modules of test/sandbox that are not emulators', () => {
		const modules = fs.readdirSync(sandboxDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
		const others = modules.map((f) => f.replace(/\.ts$/, '')).filter((m) => !emulatorVendors().includes(m));
		expect(others).toEqual(expect.arrayContaining(['framework', 'pronestorHelpPage']));
		for (const other of others) expect(fs.existsSync(path.resolve(__dirname, '..', 'vendors', `${other}.ts`))).toBe(false);
	});
});
