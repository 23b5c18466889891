/**
 * Secret echo (issue 21, part 4): the vendor (or a gateway in front of it) echoes what the request carried —
 * the credential included — in every place an answer has room for (test/sandbox/echo.ts): a JSON body, a text
 * body, response headers, the URL of a followed redirect and a Location header, base64 as in HTTP Basic, an
 * HTML error page over 2,000 characters with the secret near and across the 200/300/2,000 marks, and a body cut
 * off inside the secret. For every vendor, on its data requests and on its login, with error answers (400, 401,
 * 403, 500) and with 200 answers that are not what the node expects. The credentials hold canaries with
 * `" \ / & = + %`, spaces and non-ASCII characters. A case passes when no canary, no run-time secret (session,
 * token) and no piece of one appears in the node's output, its error (message, description, everything it
 * carries), n8n's run data or any log line written during the case.
 */
import type { IDataObject } from 'n8n-workflow';
import { ECHO_PATH, ECHO_PLACES, echoAnswer, type EchoPlace } from '../sandbox/echo';
import type { SandboxRequest } from '../sandbox/framework';
import type { BrpSandbox } from '../sandbox/brp';
import type { BookingsOneSandbox } from '../sandbox/bookingsone';
import type { HubPlannerSandbox } from '../sandbox/hubplanner';
import type { PlanningPmeSandbox } from '../sandbox/planningpme';
import type { PronestorSandbox } from '../sandbox/pronestor';
import {
	describe as text,
	logLines,
	observe,
	runCase,
	runtimeSecrets,
	tally,
	VENDORS,
	type VendorContext,
	type VendorKey,
} from './lib';
import type { Shared } from './reliability.test';

/** Canaries: header-borne ones stay Latin-1 (HTTP headers carry nothing else); the others go beyond it. */
export const ECHO_CANARY = {
	hubPlannerApiKey: 'HpEcho "q\\/&=+% ÿé 7c1e',
	pronestorPassword: 'PnEcho "q\\/&=+% ÿé✓日 8d2e',
	planningPmeAppKey: 'PpEchoApp "q\\/&=+% ÿé 6a1f',
	planningPmePassword: 'PpEchoPw "q\\/&=+% ✓日 2b7e',
	planningPmeAccountToken: 'PpEchoAt "q\\/&=+% ✓日 5c8d',
	brpApiKey: 'BrEchoKey "q\\/&=+% ✓日 4e1d',
	brpPassword: 'BrEchoPw "q\\/&=+% ✓日 9f3b',
	bookingsOneToken: 'B1Echo "q\\/&=+% ÿé 7d2c',
} as const;

const STATUSES = [400, 401, 403, 500, 200];
/** Places that echo every value at once; 'html' and 'cut' put one value (the focus) at the marks. */
const EVERY_VALUE: EchoPlace[] = ECHO_PLACES.filter((p) => p !== 'html' && p !== 'cut');

interface Target {
	label: string;
	path(ctx: VendorContext): RegExp;
	/** The secrets the HTML page and the cut put at their marks (undefined: the first value the request carried). */
	focus: Array<string | undefined>;
}

interface EchoVendor {
	/** Lets the emulator accept the canaries; returns the switch back. */
	accept(ctx: VendorContext): () => void;
	credential: IDataObject;
	targets: Target[];
	/** Run-time secret fields of the stored credential (sessions, tokens). */
	runtime?: string[];
	/** Credential fields that differ per case (and what the emulator needs to accept them). */
	perCase?(ctx: VendorContext, n: number): IDataObject;
}

const data: Target['path'] = (ctx) => ctx.listing.dataPath;

const VENDOR_SETUP: Record<VendorKey, EchoVendor> = {
	hubPlanner: {
		accept(ctx) {
			const keys = (ctx.sandbox as HubPlannerSandbox).apiKeys;
			keys[ECHO_CANARY.hubPlannerApiKey] = 'write';
			return () => delete keys[ECHO_CANARY.hubPlannerApiKey];
		},
		credential: { apiKey: ECHO_CANARY.hubPlannerApiKey },
		targets: [{ label: 'data request', path: data, focus: [ECHO_CANARY.hubPlannerApiKey] }],
	},
	pronestor: {
		accept(ctx) {
			const sandbox = ctx.sandbox as PronestorSandbox;
			const before = sandbox.password;
			sandbox.password = ECHO_CANARY.pronestorPassword;
			return () => (sandbox.password = before);
		},
		credential: { password: ECHO_CANARY.pronestorPassword, sessionToken: '' },
		targets: [
			{ label: 'data request', path: data, focus: [undefined] },
			{ label: 'login', path: (ctx) => ctx.loginPath!, focus: [ECHO_CANARY.pronestorPassword] },
		],
		runtime: ['sessionToken'],
	},
	planningPme: {
		accept(ctx) {
			const sandbox = ctx.sandbox as PlanningPmeSandbox;
			sandbox.appKeys[ECHO_CANARY.planningPmeAppKey] = 1_000_000_000;
			const before = sandbox.users.planner;
			sandbox.users.planner = ECHO_CANARY.planningPmePassword;
			return () => {
				delete sandbox.appKeys[ECHO_CANARY.planningPmeAppKey];
				sandbox.users.planner = before;
			};
		},
		credential: {
			appApiKey: ECHO_CANARY.planningPmeAppKey,
			password: ECHO_CANARY.planningPmePassword,
			accountToken: ECHO_CANARY.planningPmeAccountToken,
			accessToken: '',
		},
		targets: [
			{ label: 'data request', path: data, focus: [ECHO_CANARY.planningPmeAppKey, undefined] },
			{
				label: 'login',
				path: (ctx) => ctx.loginPath!,
				focus: [ECHO_CANARY.planningPmePassword, ECHO_CANARY.planningPmeAppKey],
			},
		],
		runtime: ['accessToken'],
		perCase(ctx, n) {
			(ctx.sandbox as PlanningPmeSandbox).users[`echo-${n}`] = ECHO_CANARY.planningPmePassword;
			return { username: `echo-${n}` };
		},
	},
	brp: {
		accept(ctx) {
			const sandbox = ctx.sandbox as BrpSandbox;
			sandbox.apiKeys[ECHO_CANARY.brpApiKey] = 2;
			const anna = sandbox.data.persons.find((p) => p.email === annaEmail(ctx))!;
			const before = anna.password;
			anna.password = ECHO_CANARY.brpPassword;
			return () => {
				delete sandbox.apiKeys[ECHO_CANARY.brpApiKey];
				anna.password = before;
			};
		},
		credential: { apiKey: ECHO_CANARY.brpApiKey, password: ECHO_CANARY.brpPassword },
		targets: [
			{
				label: 'data request',
				path: data,
				focus: [ECHO_CANARY.brpApiKey, ECHO_CANARY.brpPassword],
			},
		],
	},
	bookingsOne: {
		accept(ctx) {
			const tokens = (ctx.sandbox as BookingsOneSandbox).tokens;
			tokens.add(ECHO_CANARY.bookingsOneToken);
			return () => tokens.delete(ECHO_CANARY.bookingsOneToken);
		},
		credential: { accessToken: ECHO_CANARY.bookingsOneToken },
		targets: [
			{ label: 'data request', path: data, focus: [ECHO_CANARY.bookingsOneToken] },
			{
				label: 'data request (token as HTTP Basic)',
				path: data,
				focus: [ECHO_CANARY.bookingsOneToken],
			},
		],
	},
};

/** The BRP person the suite logs in as (the one whose password the suite's credential holds). */
function annaEmail(ctx: VendorContext): string {
	const sandbox = ctx.sandbox as BrpSandbox;
	return sandbox.data.persons.find((p) => p.password !== undefined && p.email)!.email;
}

/** The polling triggers. */
const POLLS: Array<{ vendor: VendorKey; triggerType: string; parameters: IDataObject }> = [
	{
		vendor: 'pronestor',
		triggerType: 'pronestorPlannerTrigger',
		parameters: {
			event: 'lockedBooking',
			startFrom: new Date(Date.now() - 10 * 60_000).toISOString(),
			options: {},
		},
	},
	{
		vendor: 'planningPme',
		triggerType: 'planningPmeTrigger',
		parameters: { windowDays: 14, filters: {}, options: {} },
	},
	{
		vendor: 'brp',
		triggerType: 'brpTrigger',
		parameters: {
			events: ['new', 'changed'],
			scope: 'businessUnits',
			businessUnitIds: ['11', '12'],
			options: { daysAhead: 30 },
		},
	},
];

/** The webhook triggers: subscribing sends the vendor a secret of the node's own. */
const HOOKS: Array<{
	vendor: VendorKey;
	triggerType: string;
	parameters(ctx: VendorContext): IDataObject;
	secretIn(body: unknown): string | undefined;
}> = [
	{
		vendor: 'hubPlanner',
		triggerType: 'hubPlannerTrigger',
		parameters: () => ({ events: ['booking.create', 'booking.update'], options: {} }),
		secretIn: (body) => (body as { authorization_token?: string } | undefined)?.authorization_token,
	},
	{
		vendor: 'bookingsOne',
		triggerType: 'bookingsOneTrigger',
		parameters: (ctx) => ({
			bookableResourceIds: [String((ctx.sandbox as BookingsOneSandbox).data.resources[0].id)],
			options: {},
		}),
		secretIn: (body) => {
			const url = (body as { callbackUrl?: string } | undefined)?.callbackUrl;
			return url ? (new URL(url).searchParams.get('secret') ?? undefined) : undefined;
		},
	},
];

// ------------------------------------------------------------------------------------------------ detector
const jsonOnce = (s: string) => JSON.stringify(s).slice(1, -1);
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * What betrays a secret: the whole of it in its echoed forms, and any piece of `piece` characters of it (as is
 * or escaped): 6 for the canaries (no piece of them occurs in ordinary text), 12 for run-time secrets.
 */
export function needles(secret: string, users: string[] = [], piece = 6): string[] {
	const out = new Set<string>();
	for (const form of [secret, jsonOnce(secret), jsonOnce(jsonOnce(secret))]) {
		const chars = [...form];
		for (let i = 0; i + piece <= chars.length; i++) out.add(chars.slice(i, i + piece).join(''));
	}
	const u = secret.replace(
		/[^A-Za-z0-9 ]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
	for (const form of [
		u,
		encodeURIComponent(secret),
		new URLSearchParams({ v: secret }).toString().slice(2),
		b64(secret),
	]) {
		out.add(form);
		out.add(jsonOnce(form));
	}
	const encoded = b64(secret);
	for (let i = 0; i + 12 <= encoded.length; i += 4) out.add(encoded.slice(i, i + 12));
	// HTTP Basic: base64 of "user:secret", from the first group that holds only the secret.
	for (const user of users) {
		const basic = b64(`${user}:${secret}`);
		for (let i = Math.ceil((user.length + 1) / 3) * 4; i + 12 <= basic.length; i += 4)
			out.add(basic.slice(i, i + 12));
	}
	return [...out];
}

export function leaksIn(
	texts: string[],
	secrets: string[],
	users: string[] = ['gateway-user'],
	piece = 6,
): string[] {
	const found: string[] = [];
	for (const secret of secrets) {
		for (const needle of needles(secret, users, piece)) {
			const hit = texts.find((t) => t.includes(needle));
			if (hit) {
				const at = hit.indexOf(needle);
				found.push(
					`${secret.slice(0, 6)}… as "${needle}" in …${hit.slice(Math.max(0, at - 60), at + needle.length + 10)}`,
				);
			}
		}
	}
	return found;
}

const echoTally = { cases: 0, leaks: 0, redirects: 0, followed: 0 };

export function registerEcho(shared: Shared): void {
	describe('secret echo', () => {
		it('the detector finds every form the emulator echoes (positive control)', async () => {
			await runCase('secret echo', 'positive control: the detector sees the raw echo', () => {
				const secret = ECHO_CANARY.brpPassword;
				const req: SandboxRequest = {
					method: 'GET',
					path: '/x',
					params: {},
					query: { apikey: ECHO_CANARY.brpApiKey },
					headers: { authorization: `Basic ${b64(`anna@example.se:${secret}`)}` },
					rawBody: Buffer.alloc(0),
					body: undefined,
				};
				for (const place of ECHO_PLACES) {
					const answer = echoAnswer(
						req,
						{ place, status: 400, focus: secret },
						'http://127.0.0.1:1',
					);
					const raw = [text(answer.body), text(answer.headers)];
					expect(leaksIn(raw, [secret], ['anna@example.se']).length).toBeGreaterThan(0);
					// And in base64 alone (HTTP Basic as the request sent it).
					expect(
						leaksIn([String(req.headers.authorization)], [secret], ['anna@example.se']).length,
					).toBeGreaterThan(0);
				}
			});
		});

		for (const spec of VENDORS) {
			const title =
				'an echoed credential appears nowhere (body, headers, redirect URL, Basic, HTML over 2,000 characters)';
			it(`${spec.name}: ${title}`, async () => {
				const ctx = shared.contexts.get(spec.key)!;
				const setup = VENDOR_SETUP[spec.key];
				const secrets = Object.values(ECHO_CANARY);
				for (const s of secrets) runtimeSecrets.add(s);
				const undo = setup.accept(ctx);
				const failures: string[] = [];
				try {
					for (const target of setup.targets) {
						const basic = target.label.includes('HTTP Basic') ? { authMethod: 'basic' } : {};
						for (const status of STATUSES) {
							const cases: Array<[EchoPlace, string | undefined]> = [
								...EVERY_VALUE.map((p): [EchoPlace, string | undefined] => [p, undefined]),
								...target.focus.flatMap(
									(f): Array<[EchoPlace, string | undefined]> => [
										['html', f],
										['cut', f],
									],
								),
							];
							for (const [place, focus] of cases) {
								const focusNote = focus ? ` (${focus.slice(0, 9)}…)` : '';
								const name = `${spec.name}: ${target.label} answers ${status} echoing in ${place}${focusNote}`;
								try {
									await runCase('secret echo', name, async () => {
										echoTally.cases++;
										ctx.reset();
										// A new account each case, so a login really happens (tokens are shared per account).
										ctx.useCredential({
											...setup.credential,
											...basic,
											...setup.perCase?.(ctx, echoTally.cases),
										});
										const logsBefore = logLines.length;
										ctx.sandbox.echo({
											place,
											status,
											focus,
											times: 1000,
											match: (r) => target.path(ctx).test(r.path),
										});
										const result = await ctx.run(ctx.listing.parameters);
										ctx.sandbox.clearFaults();
										if (place === 'redirect') {
											echoTally.redirects++;
											if (ctx.sandbox.requests(ECHO_PATH).length > 0) echoTally.followed++;
										}
										const hit = ctx.sandbox.requests(target.path(ctx));
										// The echo happened (the request was made; otherwise: what was asked instead).
										expect(
											hit.length > 0
												? 'echoed'
												: ctx.sandbox.log
														.map((r) => `${r.method} ${r.path} ${r.status}`)
														.slice(0, 4)
														.join(', '),
										).toBe('echoed');
										const stored = shared.harness.getCredential(ctx.credType) as IDataObject;
										// A cookie jar ("name=value; name=value"): the values are the secrets, not the names.
										const runtime = (setup.runtime ?? [])
											.map((f) => stored[f])
											.filter((v): v is string => typeof v === 'string' && v.length >= 8)
											.flatMap((v) =>
												/=/.test(v) ? v.split(/;\s*/).map((p) => p.slice(p.indexOf('=') + 1)) : [v],
											)
											.filter((v) => v.length >= 12);
										for (const r of runtime) runtimeSecrets.add(r);
										const texts = [
											text(result.items),
											text(result.error),
											text(result.runError),
											text(result.run?.data?.resultData),
											...logLines.slice(logsBefore),
										];
										observe(result.items, result.error);
										const users = [
											'gateway-user',
											'planner',
											...(spec.key === 'brp' ? [annaEmail(ctx)] : []),
										];
										const leaks = [
											...leaksIn(texts, secrets, users),
											...leaksIn(texts, runtime, users, 12),
										];
										echoTally.leaks += leaks.length;
										expect(leaks).toEqual([]);
										// A failed run outputs nothing (never part of a listing).
										expect(result.items.length === 0 || !result.error).toBe(true);
									});
								} catch (error) {
									failures.push(`${name}: ${String((error as Error).message).slice(0, 600)}`);
								}
							}
						}
					}
				} finally {
					undo();
					ctx.reset();
				}
				expect(failures).toEqual([]);
			});
		}

		for (const poll of POLLS) {
			const spec = VENDORS.find((v) => v.key === poll.vendor)!;
			it(`${spec.name} trigger: an echoed credential appears nowhere in what a poll produces`, async () => {
				const ctx = shared.contexts.get(spec.key)!;
				const setup = VENDOR_SETUP[spec.key];
				const secrets = Object.values(ECHO_CANARY);
				const undo = setup.accept(ctx);
				const failures: string[] = [];
				try {
					for (const status of [400, 401, 500, 200]) {
						for (const place of ECHO_PLACES) {
							const name = `${spec.name} trigger: the first request answers ${status} echoing in ${place}`;
							try {
								await runCase('secret echo', name, async () => {
									echoTally.cases++;
									ctx.reset();
									ctx.useCredential({
										...setup.credential,
										...setup.perCase?.(ctx, echoTally.cases),
									});
									const logsBefore = logLines.length;
									ctx.sandbox.echo({
										place,
										status,
										focus: setup.targets[0].focus[0],
										times: 1000,
									});
									const result = await shared.harness.poll({
										type: poll.triggerType,
										parameters: poll.parameters as never,
										credentials: [ctx.credType],
										staticData: {},
									});
									ctx.sandbox.clearFaults();
									expect(ctx.sandbox.log.length).toBeGreaterThan(0);
									observe(result.items, result.error);
									const texts = [
										text(result.items),
										text(result.error),
										text(result.staticData),
										...logLines.slice(logsBefore),
									];
									const leaks = leaksIn(texts, secrets, [
										'gateway-user',
										'planner',
										...(spec.key === 'brp' ? [annaEmail(ctx)] : []),
									]);
									echoTally.leaks += leaks.length;
									expect(leaks).toEqual([]);
								});
							} catch (error) {
								failures.push(`${name}: ${String((error as Error).message).slice(0, 600)}`);
							}
						}
					}
				} finally {
					undo();
					ctx.reset();
				}
				expect(failures).toEqual([]);
			});
		}

		for (const hook of HOOKS) {
			const spec = VENDORS.find((v) => v.key === hook.vendor)!;
			const title = 'an echoed credential and webhook secret appear nowhere when it subscribes';
			it(`${spec.name} trigger: ${title}`, async () => {
				const ctx = shared.contexts.get(spec.key)!;
				const setup = VENDOR_SETUP[spec.key];
				const undo = setup.accept(ctx);
				const failures: string[] = [];
				try {
					for (const status of [400, 401, 500, 200]) {
						for (const place of ECHO_PLACES) {
							const name = `${spec.name} trigger: subscribing answers ${status} echoing in ${place}`;
							try {
								await runCase('secret echo', name, async () => {
									echoTally.cases++;
									ctx.reset();
									ctx.useCredential(setup.credential);
									const logsBefore = logLines.length;
									const staticData: IDataObject = {};
									const lifecycle = shared.harness.webhook({
										type: hook.triggerType,
										parameters: hook.parameters(ctx) as never,
										credentials: [ctx.credType],
										staticData,
									});
									await lifecycle.listen();
									// The subscribing request (a trigger may first list or remove earlier subscriptions).
									ctx.sandbox.echo({
										place,
										status,
										focus: setup.targets[0].focus[0],
										times: 1000,
										match: (r) => r.method === 'POST',
									});
									let error: unknown;
									try {
										await lifecycle.activate();
									} catch (e) {
										error = e;
									} finally {
										ctx.sandbox.clearFaults();
										await lifecycle.close();
									}
									// The webhook secret as the emulator received it (the node made it up).
									const sent = ctx.sandbox.log
										.map((r) => hook.secretIn(r.body))
										.filter((v): v is string => !!v);
									expect(sent.length).toBeGreaterThan(0);
									// Static data keeps the secret by design (to check deliveries); anything else kept is checked.
									const { secret: _s, token: _t, callbackUrl: _c, ...kept } = staticData;
									observe(error);
									const texts = [text(error), text(kept), ...logLines.slice(logsBefore)];
									const leaks = [
										...leaksIn(texts, Object.values(ECHO_CANARY)),
										...leaksIn(texts, sent, [], 12),
									];
									echoTally.leaks += leaks.length;
									expect(leaks).toEqual([]);
								});
							} catch (error) {
								failures.push(`${name}: ${String((error as Error).message).slice(0, 600)}`);
							}
						}
					}
				} finally {
					undo();
					ctx.reset();
				}
				expect(failures).toEqual([]);
			});
		}

		it('summary', () => {
			const { cases, leaks, redirects, followed } = echoTally;
			tally['secret echo'].notes.push(
				`${cases} echo cases, ${leaks} leaks; ${followed} of ${redirects} redirects followed`,
			);
		});
	});
}
