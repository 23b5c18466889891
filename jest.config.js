/** Tests are TypeScript (transpiled per file); the nodes under test are the compiled package in dist/. */
const common = {
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testEnvironment: 'node',
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
};

module.exports = {
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{
			...common,
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/harness/setup.ts'],
		},
		{
			...common,
			displayName: 'reliability',
			testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/harness/setup.ts'],
		},
	],
};
