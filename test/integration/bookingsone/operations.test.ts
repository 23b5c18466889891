import { TOKEN, startBookingsOne } from './setup';
import { BOOKINGSONE_PATHS as P, readStoredZip } from '../../sandbox/bookingsone';

const API = '/API/external';

// The compiled module the nodes under test use (its process-memory speed cache).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { forgetLearnedInProcess } =
	require('../../../dist/nodes/shared/learned') as typeof import('../../../nodes/shared/learned');

describe('Bookings ONE node: every operation through n8n', () => {
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
		ctx.sandbox.rowCap = undefined;
		ctx.sandbox.pageBase = 1;
		ctx.sandbox.totalSkew = 0;
		ctx.sandbox.echoPage = true;
		forgetLearnedInProcess();
		ctx.sandbox.seedAppointments(60);
		ctx.useCredential();
	});

	const ok = async (parameters: Record<string, unknown>) => {
		const result = await ctx.run(parameters);
		expect(result.error).toBeUndefined();
		return result.items.map((i) => i.json);
	};

	describe('credential', () => {
		it('passes the credential test with the Authorization header and with Basic', async () => {
			expect((await ctx.harness.testCredential('bookingsOneApi')).status).toBe('OK');
			ctx.useCredential({ authMethod: 'basic' });
			expect((await ctx.harness.testCredential('bookingsOneApi')).status).toBe('OK');
			const [basic] = ctx.sandbox.requests(API + P.systemInformation).slice(-1);
			expect(basic.headers.authorization).toBe(
				'Basic ' + Buffer.from(`${TOKEN}:`).toString('base64'),
			);
			ctx.useCredential({ serverUrl: `${ctx.sandbox.baseUrl}/API/external/` });
			expect((await ctx.harness.testCredential('bookingsOneApi')).status).toBe('OK');
			ctx.useCredential({ serverUrl: ctx.sandbox.baseUrl.replace('127.0.0.1', 'localhost') });
			expect((await ctx.harness.testCredential('bookingsOneApi')).status).toBe('OK');
		});

		it('fails the credential test with a wrong token', async () => {
			ctx.useCredential({ accessToken: 'not-the-token' });
			const result = await ctx.harness.testCredential('bookingsOneApi');
			expect(result.status).toBe('Error');
		});

		it('sends the bare token even when "Bearer " was pasted, and Basic works for operations', async () => {
			ctx.useCredential({ accessToken: `Bearer ${TOKEN}` });
			expect(await ok({ resource: 'system', operation: 'getInformation' })).toEqual([
				{
					name: 'Bookings ONE',
					version: '2.2.0',
					environment: 'Production',
					clientName: 'Happy Ltd.',
				},
			]);
			ctx.useCredential({ authMethod: 'basic' });
			expect(
				(await ok({ resource: 'building', operation: 'search', returnAll: true })).length,
			).toBe(3);
			expect(ctx.sandbox.requests(API + P.building)[0].headers.authorization).toMatch(/^Basic /);
		});
	});

	describe('paging', () => {
		it.each([
			[0, 1],
			[1, 1],
			[999, 1],
			[1000, 1],
			[1001, 2],
			[2500, 3],
		])(
			'Return All over %i appointments gets every one with %i request(s) of row 1000',
			async (count, requests) => {
				ctx.sandbox.seedAppointments(count);
				const items = await ok({ resource: 'appointment', operation: 'search', returnAll: true });
				expect(items).toHaveLength(count);
				expect(new Set(items.map((a) => a.id)).size).toBe(count);
				const calls = ctx.sandbox.requests(API + P.resourceAppointment);
				expect(calls).toHaveLength(requests);
				// The first page without a number (documented: the first page), the next ones numbered as it echoed.
				const asked = calls.map((c) => [c.query.page, c.query.row] as [string | undefined, string]);
				expect(asked[0]).toEqual([undefined, '1000']);
				expect(asked.slice(1).sort()).toEqual(
					Array.from({ length: requests - 1 }, (_, p) => [String(p + 2), '1000']),
				);
			},
		);

		it('Limit asks only for what it needs', async () => {
			ctx.sandbox.seedAppointments(2500);
			expect(
				await ok({ resource: 'appointment', operation: 'search', returnAll: false, limit: 5 }),
			).toHaveLength(5);
			expect(ctx.sandbox.requests(API + P.resourceAppointment).map((c) => c.query.row)).toEqual([
				'5',
			]);
			ctx.sandbox.resetLog();
			expect(
				await ok({ resource: 'appointment', operation: 'search', returnAll: false, limit: 1500 }),
			).toHaveLength(1500);
			expect(ctx.sandbox.requests(API + P.resourceAppointment)).toHaveLength(2);
		});

		describe('a server that numbers pages from 0 (issue 14, finding 1)', () => {
			it.each([
				[300, 1],
				[1200, 2],
				[999, 1],
				[2500, 3],
			])(
				'Return All over %i appointments: every one, with %i request(s)',
				async (count, requests) => {
					ctx.sandbox.pageBase = 0;
					ctx.sandbox.seedAppointments(count);
					const items = await ok({ resource: 'appointment', operation: 'search', returnAll: true });
					expect(items).toHaveLength(count);
					expect(new Set(items.map((a) => a.id)).size).toBe(count);
					expect(ctx.sandbox.requests(API + P.resourceAppointment)).toHaveLength(requests);
				},
			);

			it('without a page number in metaData: page 1 tells the numbering (the second page here, nothing wasted)', async () => {
				ctx.sandbox.pageBase = 0;
				ctx.sandbox.echoPage = false;
				ctx.sandbox.seedAppointments(1200);
				expect(
					await ok({ resource: 'appointment', operation: 'search', returnAll: true }),
				).toHaveLength(1200);
				expect(ctx.sandbox.requests(API + P.resourceAppointment).map((c) => c.query.page)).toEqual([
					undefined,
					'1',
				]);
			});
		});

		it('a server numbering from 1 without a page number in metaData: one probe, then remembered for the credential', async () => {
			ctx.sandbox.echoPage = false;
			ctx.sandbox.seedAppointments(2500);
			expect(
				await ok({ resource: 'appointment', operation: 'search', returnAll: true }),
			).toHaveLength(2500);
			// Pages 2 and 3 are in flight together: their order in the log may vary.
			const pages = ctx.sandbox.requests(API + P.resourceAppointment).map((c) => c.query.page);
			expect(pages.slice(0, 2)).toEqual([undefined, '1']);
			expect(pages.slice(2).sort()).toEqual(['2', '3']);
			ctx.sandbox.resetLog();
			expect(
				await ok({ resource: 'appointment', operation: 'search', returnAll: true }),
			).toHaveLength(2500);
			const again = ctx.sandbox.requests(API + P.resourceAppointment).map((c) => c.query.page);
			expect(again[0]).toBeUndefined();
			expect(again.slice(1).sort()).toEqual(['2', '3']);
		});

		describe('a server that numbers pages from 0, continued', () => {
			it('Limit 5 of 300 gets the first five', async () => {
				ctx.sandbox.pageBase = 0;
				ctx.sandbox.seedAppointments(300);
				const all = await ok({ resource: 'appointment', operation: 'search', returnAll: true });
				const five = await ok({
					resource: 'appointment',
					operation: 'search',
					returnAll: false,
					limit: 5,
				});
				expect(five.map((a) => a.id)).toEqual(all.slice(0, 5).map((a) => a.id));
			});
		});

		it('fails, saying expected vs received and the suspect contract line, when the pages do not add up to the total', async () => {
			ctx.sandbox.seedAppointments(300);
			ctx.sandbox.totalSkew = 50;
			const result = await ctx.run({
				resource: 'appointment',
				operation: 'search',
				returnAll: true,
			});
			expect(result.error?.message).toContain(
				'Bookings ONE: the listing of /booking/v1/resourceAppointment is not complete: ' +
					'expected 350 records, received 300',
			);
			expect((result.error as { description?: string }).description).toMatch(
				/contract line "total"/,
			);
		});

		it('still returns everything when the server silently serves smaller pages than asked', async () => {
			ctx.sandbox.seedAppointments(250);
			ctx.sandbox.rowCap = 100;
			const items = await ok({ resource: 'appointment', operation: 'search', returnAll: true });
			expect(new Set(items.map((a) => a.id)).size).toBe(250);
			expect(ctx.sandbox.requests(API + P.resourceAppointment)).toHaveLength(3);
		});
	});

	describe('appointments', () => {
		it('sends every filter of the External API reference in the documented form (lists comma-separated, dates with offset, now)', async () => {
			const items = await ok({
				resource: 'appointment',
				operation: 'search',
				returnAll: true,
				filters: {
					id: '1, 2,3,7',
					from: '2025-03-03',
					to: 'now',
					organizerUserId: '={{ [1,2,3,4,5,6,7] }}',
					searchText: 'Meeting',
					bookingState: ['booked', 'using', 'waitingCheckIn', 'completed', 'cancelled', 'noShow'],
					bookableResourceId: ctx.sandbox.data.resources.map((r) => r.id).join(','),
					bookableResourceType: ['room', 'desk', 'equipment'],
					bookingId: '5001,5002,5004',
					excludePreparation: true,
				},
			});
			const [call] = ctx.sandbox.requests(API + P.resourceAppointment);
			expect(call.query).toMatchObject({
				id: '1,2,3,7',
				from: '2025-03-03T00:00:00Z',
				to: 'now',
				organizerUserId: '1,2,3,4,5,6,7',
				bookingState: 'booked,using,waitingCheckIn,completed,cancelled,noShow',
				bookableResourceType: 'room,desk,equipment',
				bookingId: '5001,5002,5004',
				excludePreparation: 'true',
			});
			expect(items.map((a) => a.id).sort()).toEqual(
				ctx.sandbox.data.appointments
					.filter((a) => [1, 2, 3, 7].includes(a.id) && /meeting/i.test(a.subject))
					.map((a) => a.id)
					.sort(),
			);
		});

		it('adds the normalized booking with Simplify', async () => {
			const [a] = await ok({
				resource: 'appointment',
				operation: 'search',
				returnAll: false,
				limit: 1,
				filters: { id: '2' },
				output: 'both',
			});
			const source = ctx.sandbox.data.appointments[1];
			expect(a.subject).toBe(source.subject);
			expect(a.normalized).toEqual({
				id: '2',
				vendor: 'bookingsOne',
				kind: 'appointment',
				title: source.subject,
				start: source.start,
				end: source.end,
				status: source.bookingState,
				resource: {
					id: String(source.bookableResource.id),
					name: source.bookableResource.name[0].value,
					type: ['room', 'desk', 'equipment'][source.bookableResource.type],
				},
				owner: {
					id: String(source.organizer.id),
					name: source.organizer.displayName,
					email: source.organizer.emailAddress,
				},
				amount: null,
				costCenter: null,
				lockedAt: null,
				updatedAt: source.updatedAt,
				unmapped: [],
			});
		});

		it('exports with Bookings ONE\'s default time zone when Time Zone is "none": no TimeZone parameter, dates read as UTC', async () => {
			const result = await ctx.run({ resource: 'appointment', operation: 'exportExcel', from: '2025-03-03', to: '2025-03-04', timeZone: 'none', binaryPropertyName: 'data' });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ from: '2025-03-03T00:00:00Z', to: '2025-03-04T00:00:00Z', timeZone: null });
			const [call] = ctx.sandbox.requests(API + P.exportByBookableResource);
			expect(call.query.TimeZone).toBeUndefined();
			expect(call.query.From).toBe('2025-03-03T00:00:00Z');
		});

		it('sends filter values the document gives only as examples (states, categories, controller types) also when they are not in the node list (the server decides)', async () => {
			await ok({ resource: 'appointment', operation: 'search', returnAll: true, filters: { bookingState: '={{ ["booked", "cancelled"] }}' } });
			expect(ctx.sandbox.requests(API + P.resourceAppointment)[0].query.bookingState).toBe('booked,cancelled');
			await ok({ resource: 'bookableResource', operation: 'search', returnAll: true, filters: { category: '={{ ["parking"] }}' } });
			expect(ctx.sandbox.requests(API + P.bookableResource).slice(-1)[0].query.category).toBe('parking');
			// A type this server does not know: the node sends it, the server's answer is what the user sees.
			const other = await ctx.run({ resource: 'ePaperController', operation: 'search', returnAll: true, filters: { type: '={{ ["otherGateway"] }}' } });
			expect(ctx.sandbox.requests(API + P.ePaperController).slice(-1)[0].query.type).toBe('otherGateway');
			expect(other.error?.message).toMatch(/^Bookings ONE answered 400/);
		});

		it('exports an Excel file as binary output with a file name', async () => {
			const result = await ctx.run({
				resource: 'appointment',
				operation: 'exportExcel',
				from: '2025-03-03',
				to: '2025-03-04',
				timeZone: 'Asia/Hong_Kong',
				binaryPropertyName: 'report',
			});
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.json).toMatchObject({
				fileName: 'Bookings_20250303_20250304.xlsx',
				from: '2025-03-03T00:00:00+08:00',
				to: '2025-03-04T00:00:00+08:00',
				timeZone: 'Asia/Hong_Kong',
			});
			expect(item.binary?.report).toMatchObject({
				fileName: 'Bookings_20250303_20250304.xlsx',
				mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				fileExtension: 'xlsx',
			});
			const bytes = await ctx.harness.binaryBuffer(item.binary!.report);
			const sheet = readStoredZip(bytes)['xl/worksheets/sheet1.xml'];
			expect((sheet.match(/<row /g) ?? []).length).toBe(7);
			const [call] = ctx.sandbox.requests(API + P.exportByBookableResource);
			expect(call.query).toEqual({
				From: '2025-03-03T00:00:00+08:00',
				To: '2025-03-04T00:00:00+08:00',
				TimeZone: 'Asia/Hong_Kong',
			});
		});

		it('names the export file as asked, and uses the workflow zone when none is given', async () => {
			const result = await ctx.run({
				resource: 'appointment',
				operation: 'exportExcel',
				from: '2025-03-03',
				to: '2025-03-10',
				fileName: 'week.xlsx',
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].binary?.data?.fileName).toBe('week.xlsx');
			expect(ctx.sandbox.requests(API + P.exportByBookableResource)[0].query.TimeZone).toBe('UTC');
		});
	});

	describe('directory and visitors', () => {
		it('gets system information', async () => {
			expect((await ok({ resource: 'system', operation: 'getInformation' }))[0]).toMatchObject({
				name: 'Bookings ONE',
				clientName: 'Happy Ltd.',
			});
		});

		it('gets a visitor badge by ID and by UID, and searches badges by state and dates', async () => {
			const badge = ctx.sandbox.data.badges[5];
			expect(
				(await ok({ resource: 'visitorBadge', operation: 'get', badgeId: String(badge.id) }))[0]
					.uid,
			).toBe(badge.uid);
			expect(
				(await ok({ resource: 'visitorBadge', operation: 'get', badgeId: badge.uid }))[0].id,
			).toBe(badge.id);
			const found = await ok({
				resource: 'visitorBadge',
				operation: 'search',
				returnAll: true,
				filters: {
					state: ['visited', 'visiting'],
					from: '2025-03-03T00:00:00+08:00',
					to: '2025-03-05T00:00:00+08:00',
					buildingId: '1,2',
				},
			});
			expect(found.length).toBe(4);
			expect(ctx.sandbox.requests(API + P.visitorBadge)[0].query).toMatchObject({
				state: 'visited,visiting',
				buildingId: '1,2',
				from: '2025-03-03T00:00:00+08:00',
			});
		});

		it('searches visiting appointments', async () => {
			const found = await ok({
				resource: 'visitingAppointment',
				operation: 'search',
				returnAll: true,
				filters: { visitorId: '501', bookingState: ['booked'] },
			});
			expect(found.length).toBeGreaterThan(0);
			expect(
				found.every(
					(a) =>
						a.bookingState === 'booked' &&
						(a.visitors as Array<{ id: number }>).some((v) => v.id === 501),
				),
			).toBe(true);
			const [simple] = await ok({
				resource: 'visitingAppointment',
				operation: 'search',
				returnAll: false,
				limit: 1,
				output: 'both',
			});
			expect(simple.normalized).toMatchObject({
				vendor: 'bookingsOne',
				kind: 'visitingAppointment',
				owner: { id: expect.any(String) },
				resource: { id: expect.any(String) },
			});
		});

		it('gets and searches users, service items, buildings, bookable resources and e-paper controllers', async () => {
			expect(
				(await ok({ resource: 'user', operation: 'get', userId: { mode: 'list', value: '2' } }))[0]
					.id,
			).toBe(2);
			expect(
				(
					await ok({
						resource: 'user',
						operation: 'search',
						returnAll: true,
						filters: { userGroupId: '2', isDeleted: false },
					})
				).every((u) => (u.userGroups as Array<{ id: number }>).some((g) => g.id === 2)),
			).toBe(true);
			expect(
				(await ok({ resource: 'serviceItem', operation: 'get', serviceItemId: '3' }))[0].id,
			).toBe(3);
			expect(
				(
					await ok({
						resource: 'serviceItem',
						operation: 'search',
						returnAll: true,
						filters: { type: ['afterBooking'] },
					})
				).every((s) => s.type === 1),
			).toBe(true);
			expect(
				(
					await ok({
						resource: 'building',
						operation: 'get',
						buildingId: { mode: 'id', value: '1' },
					})
				)[0].shortName,
			).toBe('HT');
			expect(
				await ok({
					resource: 'building',
					operation: 'search',
					returnAll: true,
					filters: { isDeleted: true },
				}),
			).toHaveLength(1);
			const resource = ctx.sandbox.data.resources[2];
			expect(
				(
					await ok({
						resource: 'bookableResource',
						operation: 'get',
						bookableResourceId: { mode: 'list', value: String(resource.id) },
					})
				)[0].accessId,
			).toBe(resource.accessId);
			const rooms = await ok({
				resource: 'bookableResource',
				operation: 'search',
				returnAll: true,
				filters: { type: ['room'], minCapacity: 6, floorId: '11,12,13,21,22,23,null' },
			});
			expect(rooms.every((r) => r.type === 0 && (r.capacity as number) >= 6)).toBe(true);
			expect(
				(await ok({ resource: 'ePaperController', operation: 'get', controllerId: '2' }))[0].name,
			).toBe('EPaperController 2');
			expect(
				(
					await ok({
						resource: 'ePaperController',
						operation: 'search',
						returnAll: true,
						filters: { type: ['qbicGateway'] },
					})
				).map((c) => c.id),
			).toEqual([1]);
		});

		it('gets daily visitor analytics for a day in the workflow time zone', async () => {
			const hk = await startBookingsOne({}, { timezone: 'Asia/Hong_Kong' });
			try {
				const result = await hk.run({
					resource: 'dashboard',
					operation: 'getDailyVisitorAnalytics',
					date: '2025-03-03',
				});
				expect(result.error).toBeUndefined();
				expect(result.items[0].json).toEqual({
					date: '2025-03-03T00:00:00+08:00',
					numberOfInitial: 1,
					numberOfVisiting: 1,
					numberOfVisited: 1,
					numberOfNoShow: 1,
				});
				expect(hk.sandbox.requests(API + P.dailyVisitorAnalytics)[0].query.date).toBe(
					'2025-03-03T00:00:00+08:00',
				);
				const own = await hk.run({
					resource: 'dashboard',
					operation: 'getDailyVisitorAnalytics',
					date: '2025-03-03T15:30:00-05:00',
				});
				expect(own.items[0].json.date).toBe('2025-03-03T00:00:00-05:00');
				// The default is today in the workflow time zone.
				const today = await hk.run({
					resource: 'dashboard',
					operation: 'getDailyVisitorAnalytics',
				});
				expect(today.error).toBeUndefined();
				expect(today.items[0].json.date).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\+08:00$/);
			} finally {
				await hk.sandbox.stop();
			}
		});
	});

	describe('IoT and e-paper writes', () => {
		it('creates an IoT device without an Access ID: sent as null (the document: "string or null"), the server generates one', async () => {
			const [created] = await ok({ resource: 'iotDevice', operation: 'create', accessId: '', additionalFields: { name: 'Unnamed sensor' } });
			expect(created.accessId).toMatch(/^GEN\d{4}$/);
			const [sent] = ctx.sandbox.requests(API + P.iotDevice).filter((c) => c.method === 'POST');
			expect(sent.body).toMatchObject({ accessId: null, name: 'Unnamed sensor' });
		});

		it('creates, gets, searches and updates an IoT device (update keeps the fields not given)', async () => {
			const resource = ctx.sandbox.data.resources[6];
			const [created] = await ok({
				resource: 'iotDevice',
				operation: 'create',
				accessId: 'DESK-SENSOR-7',
				additionalFields: {
					name: 'Desk sensor',
					bookableResource: { mode: 'list', value: String(resource.id) },
				},
			});
			expect(created).toMatchObject({
				accessId: 'DESK-SENSOR-7',
				name: 'Desk sensor',
				bookableResource: { id: resource.id },
				isDeleted: false,
			});
			const id = String(created.id);
			expect(
				(
					await ok({
						resource: 'iotDevice',
						operation: 'get',
						iotDeviceId: { mode: 'id', value: id },
					})
				)[0].name,
			).toBe('Desk sensor');
			expect(
				await ok({
					resource: 'iotDevice',
					operation: 'search',
					returnAll: true,
					filters: { accessId: 'DESK-SENSOR-7' },
				}),
			).toHaveLength(1);
			const [updated] = await ok({
				resource: 'iotDevice',
				operation: 'update',
				iotDeviceId: { mode: 'id', value: id },
				updateFields: { name: 'Renamed' },
			});
			expect(updated).toMatchObject({
				id: created.id,
				accessId: 'DESK-SENSOR-7',
				name: 'Renamed',
				bookableResource: { id: resource.id },
				isDeleted: false,
			});
			const put = ctx.sandbox.requests(API + `${P.iotDevice}/${id}`, 'PUT')[0];
			expect(put.body).toEqual({
				id: created.id,
				accessId: 'DESK-SENSOR-7',
				name: 'Renamed',
				bookableResource: { id: resource.id },
				isDeleted: false,
			});
		});

		it('posts occupancy sensor data', async () => {
			const [answer] = await ok({
				resource: 'iotSensor',
				operation: 'postOccupancy',
				accessId: 'SENSOR-Room101',
				isConnected: true,
				isOccupied: true,
				timestamp: '2026-01-12T12:23:02+08:00',
			});
			expect(answer).toEqual({
				deviceId: 1,
				timestamp: '2026-01-12T12:23:02+08:00',
				data: { isConnected: true, isOccupied: true },
			});
			await ok({
				resource: 'iotSensor',
				operation: 'postOccupancy',
				accessId: 'SENSOR-Room101',
				isConnected: true,
				isOccupied: false,
			});
			expect(ctx.sandbox.requests(API + P.iotSensorOccupancy).map((r) => r.body)).toEqual([
				{
					accessId: 'SENSOR-Room101',
					timestamp: '2026-01-12T12:23:02+08:00',
					data: { isConnected: true, isOccupied: true },
				},
				{ accessId: 'SENSOR-Room101', data: { isConnected: true, isOccupied: false } },
			]);
		});

		it('updates an e-paper tag status', async () => {
			const [answer] = await ok({
				resource: 'ePaperController',
				operation: 'updateTagStatus',
				ePaperTagId: 'TAG-001',
				isOnline: false,
				additionalFields: { batteryLevel: 12.5 },
			});
			expect(answer).toEqual({ isSuccess: true, ePaperTagId: 'TAG-001' });
			expect(ctx.sandbox.data.ePaperControllers[0].tags[0]).toMatchObject({
				batteryLevel: 12.5,
				isOnline: false,
				screenSize: 4,
			});
		});
	});

	describe('custom API call and pickers', () => {
		it('calls any path with the credential', async () => {
			const items = await ok({
				resource: 'customApiCall',
				operation: 'call',
				method: 'GET',
				path: P.building,
				query: '{"isDeleted": false}',
			});
			expect(items[0]).toMatchObject({ data: expect.any(Array), metaData: { totalCount: 2 } });
			expect(ctx.sandbox.requests(API + P.building)[0].headers.authorization).toBe(TOKEN);
		});

		it('sends a JSON body with POST', async () => {
			const items = await ok({
				resource: 'customApiCall',
				operation: 'call',
				method: 'POST',
				path: P.iotDevice,
				body: '{"accessId": "CUSTOM-1", "name": "Custom"}',
			});
			expect(items[0]).toMatchObject({ accessId: 'CUSTOM-1', name: 'Custom' });
			expect(ctx.sandbox.requests(API + P.iotDevice, 'POST')[0].body).toEqual({
				accessId: 'CUSTOM-1',
				name: 'Custom',
			});
		});

		it('returns a vendor record that has a "json" field whole: records are never taken for n8n items', async () => {
			const record = { id: 9, json: { schema: 'v2' }, binary: 'not a file', name: 'Has json' };
			ctx.sandbox.fault({
				status: 200,
				body: record,
				match: (r) => r.path === `${API}${P.building}/9`,
			});
			expect(
				await ok({
					resource: 'customApiCall',
					operation: 'call',
					method: 'GET',
					path: `${P.building}/9`,
				}),
			).toEqual([record]);
			// And a list of such records is split into one item per record, each whole.
			ctx.sandbox.fault({
				status: 200,
				body: [record, { ...record, id: 10 }],
				match: (r) => r.path === `${API}${P.building}/9`,
			});
			expect(
				await ok({
					resource: 'customApiCall',
					operation: 'call',
					method: 'GET',
					path: `${P.building}/9`,
				}),
			).toEqual([record, { ...record, id: 10 }]);
		});

		it('lists bookable resources, buildings, users and IoT devices for the pickers, with search text and pages', async () => {
			const resources = (await ctx.harness.loadOptions({
				type: 'bookingsOne',
				method: 'searchBookableResources',
				kind: 'listSearch',
				credentials: ['bookingsOneApi'],
			})) as { results: Array<{ name: string; value: string }> };
			expect(resources.results.map((r) => r.value)).toEqual(
				ctx.sandbox.data.resources.filter((r) => !r.isDeleted).map((r) => String(r.id)),
			);
			expect(resources.results[0].name).toBe('Meeting Room 1 (101)');
			const rooms = (await ctx.harness.loadOptions({
				type: 'bookingsOne',
				method: 'searchBookableResources',
				kind: 'listSearch',
				credentials: ['bookingsOneApi'],
				filter: 'desk',
			})) as { results: unknown[] };
			expect(rooms.results.length).toBe(
				ctx.sandbox.data.resources.filter((r) => !r.isDeleted && r.type === 1).length,
			);
			for (const method of ['searchBuildings', 'searchUsers', 'searchIotDevices']) {
				const list = (await ctx.harness.loadOptions({
					type: 'bookingsOne',
					method,
					kind: 'listSearch',
					credentials: ['bookingsOneApi'],
				})) as { results: unknown[]; paginationToken?: string };
				expect(list.results.length).toBeGreaterThan(0);
				expect(list.paginationToken).toBeUndefined();
			}
			const trigger = (await ctx.harness.loadOptions({
				type: 'bookingsOneTrigger',
				method: 'getBookableResources',
				credentials: ['bookingsOneApi'],
			})) as Array<{ name: string; value: string }>;
			expect(trigger).toHaveLength(ctx.sandbox.data.resources.filter((r) => !r.isDeleted).length);
		});
	});

	it('pairs every output item with its input item', async () => {
		const result = await ctx.run(
			{ resource: 'user', operation: 'get', userId: { mode: 'id', value: '={{ $json.id }}' } },
			{ items: [{ id: 1 }, { id: 3 }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.id, i.pairedItem])).toEqual([
			[1, { item: 0 }],
			[3, { item: 1 }],
		]);
	});
});
