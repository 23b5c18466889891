/**
 * Tests are TypeScript (transpiled per file); the nodes under test are the compiled package in dist/.
 * - unit: product tests (test/unit) and the emulators' self-tests (next to the emulators, test/sandbox);
 * - integration: the nodes through n8n's engine (test/integration) and the harness's own tests (test/harness);
 * - reliability: test/reliability;
 * - fuzz: the property-based tenant fuzzer (test/fuzz): generated tenants in front of every emulator.
 */
const common = {
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testEnvironment: 'node',
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
};

module.exports = {
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/sandbox/**/*.test.ts'] },
		{
			...common,
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/harness/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/harness/setup.ts'],
		},
		{
			...common,
			displayName: 'reliability',
			testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/harness/setup.ts'],
		},
		{
			...common,
			displayName: 'fuzz',
			testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/harness/setup.ts'],
		},
	],
};
