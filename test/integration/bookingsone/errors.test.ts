import type { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { BOOKINGSONE_PATHS as P } from '../../sandbox/bookingsone';
import { TOKEN, startBookingsOne } from './setup';

const API = '/API/external';

describe('Bookings ONE node: errors and bad input', () => {
	let ctx: Awaited<ReturnType<typeof startBookingsOne>>;

	beforeAll(async () => {
		ctx = await startBookingsOne();
	});
	afterAll(async () => {
		await ctx.sandbox.stop();
	});
	beforeEach(() => {
		ctx.sandbox.resetLog();
		ctx.sandbox.clearFaults();
		ctx.sandbox.expiredTokens.clear();
		ctx.useCredential();
	});

	const fails = async (parameters: Record<string, unknown>) => {
		const result = await ctx.run(parameters);
		expect(result.error).toBeDefined();
		expect(JSON.stringify(result.error)).not.toContain(TOKEN);
		expect(JSON.stringify(result.runError)).not.toContain(TOKEN);
		return result.error as NodeApiError & NodeOperationError;
	};

	describe('answers of the server', () => {
		it('401: a wrong or expired token says how to fix the credential and never shows the token', async () => {
			ctx.useCredential({ accessToken: `${TOKEN}-old` });
			const wrong = await fails({ resource: 'building', operation: 'search', returnAll: true });
			expect(wrong.httpCode).toBe('401');
			expect(wrong.description).toMatch(/access token/);
			expect(JSON.stringify(wrong)).not.toContain(`${TOKEN}-old`);
			ctx.useCredential();
			ctx.sandbox.expiredTokens.add(TOKEN);
			expect((await fails({ resource: 'system', operation: 'getInformation' })).httpCode).toBe('401');
		});

		it('404 and 409 carry the server\'s own message', async () => {
			const missing = await fails({ resource: 'user', operation: 'get', userId: { mode: 'id', value: '999' } });
			expect(missing.httpCode).toBe('404');
			expect(missing.message).toContain('User 999 was not found');
			const taken = await fails({ resource: 'iotDevice', operation: 'create', accessId: 'SENSOR-Room101' });
			expect(taken.httpCode).toBe('409');
			expect(taken.message).toContain('already exists');
			const unknownSensor = await fails({ resource: 'iotSensor', operation: 'postOccupancy', accessId: 'NOPE', isConnected: true, isOccupied: true });
			expect(unknownSensor.httpCode).toBe('404');
		});

		it('400 names the field the server refused', async () => {
			ctx.sandbox.maxRow = 500;
			try {
				const refused = await fails({ resource: 'appointment', operation: 'search', returnAll: true });
				expect(refused.httpCode).toBe('400');
				expect(refused.message).toMatch(/row must be a whole number from 1 to 500/);
				expect(refused.message).toMatch(/row: Invalid row/);
			} finally {
				ctx.sandbox.maxRow = 1000;
			}
		});

		it('429 with Retry-After and 503 on reads are retried; a failed write is not repeated', async () => {
			ctx.sandbox.fault({ status: 429, headers: { 'Retry-After': '0' }, body: { title: 'Too many requests' }, match: (r) => r.path === API + P.building });
			ctx.sandbox.fault({ status: 503, match: (r) => r.path === API + P.building });
			const result = await ctx.run({ resource: 'building', operation: 'search', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
			expect(ctx.sandbox.requests(API + P.building).map((r) => r.status)).toEqual([429, 503, 200]);

			ctx.sandbox.fault({ status: 503, match: (r) => r.path === API + P.iotDevice && r.method === 'POST' });
			const write = await fails({ resource: 'iotDevice', operation: 'create', accessId: 'ONCE-ONLY' });
			expect(write.httpCode).toBe('503');
			expect(ctx.sandbox.requests(API + P.iotDevice, 'POST')).toHaveLength(1);
		});

		it('an HTML page or a cut-off JSON answer is reported, not passed on', async () => {
			ctx.sandbox.fault({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Sign in</body></html>' });
			expect((await fails({ resource: 'system', operation: 'getInformation' })).message).toMatch(/HTML/);
			// A body cut off mid-way (connection dropped) is a network failure: the read is simply repeated.
			ctx.sandbox.fault({ truncate: true, body: { data: [{ id: 1, name: 'x'.repeat(200) }], metaData: {} } });
			const repeated = await ctx.run({ resource: 'building', operation: 'search', returnAll: true });
			expect(repeated.error).toBeUndefined();
			expect(repeated.items).toHaveLength(3);
			// A JSON document that is not valid JSON is reported.
			ctx.sandbox.fault({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"data": [{"id": 1' });
			expect((await fails({ resource: 'building', operation: 'search', returnAll: true })).message).toMatch(/not valid JSON/);
		});

		it('the Excel export reports a JSON or HTML answer instead of a file, with a hint', async () => {
			ctx.sandbox.fault({ status: 200, body: { message: 'Not available in this version' }, match: (r) => r.path === API + P.exportByBookableResource });
			const error = await fails({ resource: 'appointment', operation: 'exportExcel', from: '2025-03-03', to: '2025-03-04' });
			expect(error.message).toMatch(/expected an Excel file/);
			expect(error.description).toMatch(/under construction/);
		});

		it('an e-paper tag the server does not know (isSuccess false) is an error', async () => {
			const error = await fails({ resource: 'ePaperController', operation: 'updateTagStatus', ePaperTagId: 'TAG-404', isOnline: true });
			expect(error.message).toContain('did not update e-paper tag TAG-404');
		});
	});

	describe('bad input is refused before any request', () => {
		it.each([
			['an unparseable date', { resource: 'appointment', operation: 'search', returnAll: true, filters: { from: 'next tuesday-ish' } }, /From: "next tuesday-ish" is not a date/],
			['To before From', { resource: 'appointment', operation: 'search', returnAll: true, filters: { from: '2025-03-05', to: '2025-03-01' } }, /To: .* is not after From/],
			['a non-numeric ID list', { resource: 'appointment', operation: 'search', returnAll: true, filters: { bookableResourceId: '101, room-2' } }, /Bookable Resource IDs: "room-2" is not an ID/],
			['an unknown resource type from an expression (a closed list)', { resource: 'appointment', operation: 'search', returnAll: true, filters: { bookableResourceType: '={{ ["room", "spaceship"] }}' } }, /Bookable Resource Types: "spaceship" is not one of/],
			['a limit of 0', { resource: 'user', operation: 'search', returnAll: false, limit: 0 }, /Limit/],
			['a non-numeric record ID', { resource: 'building', operation: 'get', buildingId: { mode: 'id', value: '={{ "HT" }}' } }, /Building: "HT" is not an ID/],
			['an empty update', { resource: 'iotDevice', operation: 'update', iotDeviceId: { mode: 'id', value: '1' }, updateFields: {} }, /Update Fields: is empty/],
			['a bad bookable resource on a device', { resource: 'iotDevice', operation: 'create', accessId: 'X-1', additionalFields: { bookableResource: { mode: 'id', value: '={{ "Room 1" }}' } } }, /Bookable Resource: "Room 1" is not an ID/],
			['an unknown time zone', { resource: 'appointment', operation: 'exportExcel', from: '2025-03-03', to: '2025-03-04', timeZone: 'Mars/Olympus' }, /Time Zone: "Mars\/Olympus" is not a time zone/],
			['an export period that ends before it starts', { resource: 'appointment', operation: 'exportExcel', from: '2025-03-04', to: '2025-03-03' }, /To: .* is not after From/],
			['an empty export date', { resource: 'appointment', operation: 'exportExcel', from: '={{ "" }}', to: '2025-03-03' }, /From: is empty/],
			['a bad dashboard date', { resource: 'dashboard', operation: 'getDailyVisitorAnalytics', date: '31/02/2025' }, /Date: "31\/02\/2025" is not a date/],
			['a bad sensor timestamp', { resource: 'iotSensor', operation: 'postOccupancy', accessId: 'SENSOR-Room101', timestamp: 'soon' }, /Timestamp: "soon" is not a date/],
			['an empty access ID', { resource: 'iotSensor', operation: 'postOccupancy', accessId: '  ' }, /Access ID: is empty/],
			['an invalid custom call body', { resource: 'customApiCall', operation: 'call', method: 'POST', path: P.iotDevice, body: '{"accessId": ' }, /Body \(JSON\): is not valid JSON/],
			['a full URL as custom call path', { resource: 'customApiCall', operation: 'call', method: 'GET', path: 'https://elsewhere.example.com/x' }, /must be relative/],
		])('%s', async (_label, parameters, message) => {
			const error = await fails(parameters);
			expect(error.message).toMatch(message);
			expect(error.description).toBeTruthy();
			expect(ctx.sandbox.log).toHaveLength(0);
		});

		it('refuses a plain-http server URL outside this machine and a URL with a query', async () => {
			for (const serverUrl of ['http://bookings.example.com', 'https://bookings.example.com/?x=1', 'https://user:pw@bookings.example.com']) {
				ctx.useCredential({ serverUrl });
				const error = await fails({ resource: 'system', operation: 'getInformation' });
				expect(error.message).toMatch(/Server URL/);
			}
		});

		it('with Continue On Fail, a bad item yields an error item and the others still run', async () => {
			const result = await ctx.run(
				{ resource: 'user', operation: 'get', userId: { mode: 'id', value: '={{ $json.id }}' } },
				{ items: [{ id: 1 }, { id: 'x' }, { id: 999 }, { id: 2 }], continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => [i.json.id ?? null, typeof i.json.error, i.pairedItem])).toEqual([
				[1, 'undefined', { item: 0 }],
				[null, 'string', { item: 1 }],
				[null, 'string', { item: 2 }],
				[2, 'undefined', { item: 3 }],
			]);
			expect(JSON.stringify(result.items)).not.toContain(TOKEN);
		});
	});
});
