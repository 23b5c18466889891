/**
 * Secrets: every secret field of every credential holds a canary value for the whole suite (see lib.ts);
 * session cookies, access tokens and webhook secrets handed out at run time are added as they appear. This
 * area provokes the errors most likely to echo a secret (refused credentials, secrets pasted into an address,
 * credential tests), then scans everything the suite produced — outputs, error messages and descriptions,
 * n8n's run data, and every log line of n8n's logger and the console — for any of them.
 */
import type { IDataObject } from 'n8n-workflow';
import { CANARY, observe, observedCount, runCase, runtimeSecrets, secretFindings, tally, VENDORS, type VendorKey } from './lib';
import type { Shared } from './reliability.test';

/** Wrong secrets (also canaries): a refused credential must not echo what was entered. */
const WRONG: Record<VendorKey, IDataObject> = {
	hubPlanner: { apiKey: 'cnry-wrong-hp-apikey-51fe' },
	pronestor: { password: 'cnry-wrong-pn-password-77ab', sessionToken: '' },
	planningPme: { password: 'cnry-wrong-pp-password-3c1d', appApiKey: 'cnry-wrong-pp-appkey-9e0f', accessToken: '' },
	brp: { apiKey: 'cnry-wrong-brp-apikey-2d4a', password: 'cnry-wrong-brp-password-8b6c' },
	bookingsOne: { accessToken: 'cnry-wrong-b1-token-0a9e' },
};

/** Session/token fields written back by preAuthentication. */
const RUNTIME_FIELDS = ['sessionToken', 'accessToken', 'token'];

export function registerSecrets(shared: Shared): void {
	describe('secrets', () => {
		for (const spec of VENDORS) {
			it(`${spec.name}: refused credentials, secrets in addresses and credential tests echo no secret`, async () => {
				const ctx = shared.contexts.get(spec.key)!;
				for (const value of Object.values(WRONG[spec.key])) if (typeof value === 'string' && value) runtimeSecrets.add(value);

				await runCase('secrets', `${spec.name}: a refused credential`, async () => {
					ctx.reset();
					ctx.seedListing();
					ctx.useCredential(WRONG[spec.key]);
					const result = await ctx.run(ctx.listing.parameters);
					expect(result.error).toBeDefined();
					const test = await shared.harness.testCredential(ctx.credType);
					observe(test);
					expect(test.status).toBe('Error');
				});

				await runCase('secrets', `${spec.name}: a secret pasted into the address`, async () => {
					ctx.reset();
					const secret = Object.values(CANARY).find((c) => c.includes(spec.key === 'bookingsOne' ? '-b1-' : spec.key === 'planningPme' ? '-pp-' : spec.key === 'pronestor' ? '-pn-' : spec.key === 'hubPlanner' ? '-hp-' : '-brp-'))!;
					const field = spec.key === 'bookingsOne' ? 'serverUrl' : 'baseUrl';
					const extra: IDataObject = spec.key === 'pronestor' ? { deployment: 'custom' } : spec.key === 'planningPme' ? { environment: 'custom' } : {};
					for (const address of [`https://user:${secret}@api.example.com/`, `https://api.example.com/?key=${secret}`, `https://api.example.com/${secret} x`, `not a url ${secret}`]) {
						ctx.useCredential({ ...extra, [field]: address });
						const result = await ctx.run(ctx.listing.parameters);
						expect(result.error).toBeDefined();
					}
				});

				await runCase('secrets', `${spec.name}: the good credential's test`, async () => {
					ctx.reset();
					const test = await shared.harness.testCredential(ctx.credType);
					observe(test);
					expect(test.status).toBe('OK');
					const stored = shared.harness.getCredential(ctx.credType) as IDataObject;
					for (const key of RUNTIME_FIELDS) if (typeof stored[key] === 'string' && (stored[key] as string).length >= 8) runtimeSecrets.add(stored[key] as string);
				});
				ctx.reset();
			});
		}

		it('after the whole suite: 0 occurrences of any secret in outputs, errors and logs', async () => {
			await runCase('secrets', 'scan of outputs, errors and logs', () => {
				for (const ctx of shared.contexts.values()) {
					const stored = shared.harness.getCredential(ctx.credType) as IDataObject | undefined;
					for (const key of RUNTIME_FIELDS) {
						const value = stored?.[key];
						if (typeof value !== 'string' || value.length < 8) continue;
						runtimeSecrets.add(value);
						// A cookie jar: each cookie value on its own.
						for (const part of value.split(/[;=\s]+/)) if (part.length >= 16) runtimeSecrets.add(part);
					}
				}
				// Positive controls: the scan finds a canary and a run-time secret, and log capture saw n8n's logger.
				const control = [...runtimeSecrets][0] ?? CANARY.brpPassword;
				expect(secretFindings([['control', [`error: key=${CANARY.hubPlannerApiKey}`, `cookie ${control};`]]])).toHaveLength(2);
				expect(observedCount().logs).toBeGreaterThan(0);
				const findings = secretFindings();
				const seen = observedCount();
				tally.secrets.notes.push(
					`${Object.keys(CANARY).length} canaries + ${runtimeSecrets.size} run-time secrets searched in ${seen.outputs} recorded outputs/errors and ${seen.logs} log lines: ${findings.length} occurrences`,
				);
				expect(findings).toEqual([]);
			});
		});
	});
}
