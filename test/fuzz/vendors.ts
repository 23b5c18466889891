/**
 * Each vendor as the fuzzer sees it: its emulator, the listing routes a tenant may rewrite (from the vendor
 * documents and the emulator: paging parameters, envelope, flags), the operations run through n8n's engine, and
 * the expected records of each, read straight from the emulator (its own HTTP answers, unmutated) — never from
 * the node.
 */
import type { IDataObject } from 'n8n-workflow';
import { BookingsOneSandbox } from '../sandbox/bookingsone';
import { BrpSandbox } from '../sandbox/brp';
import { HubPlannerSandbox } from '../sandbox/hubplanner';
import { PlanningPmeSandbox } from '../sandbox/planningpme';
import {
	BOOKINGS_ONE,
	BRP,
	HUB_PLANNER,
	PLANNING_PME,
	PRONESTOR,
	type VendorKey,
} from '../vendors';
import type { Protocol } from './proxy';

export interface Operation {
	name: string;
	kind: 'listing' | 'search' | 'export' | 'simplify' | 'filter' | 'poll';
	parameters: IDataObject;
	/** The records the operation must return, from the emulator's own unmutated answers. */
	expected(): Promise<IDataObject[]>;
	/** A trigger poll: activated, then records are added to the emulator and the next poll must emit exactly them. */
	poll?: PollSpec;
}

export interface PollSpec {
	triggerType: string;
	/** Credential fields the trigger needs besides the vendor's default credential. */
	credentialExtra?: IDataObject;
	/** Adds records to the emulator's data; answers their ids. */
	insert(): string[];
	/** Takes them out again (the listings' expected records stay as they were). */
	remove(ids: string[]): void;
}

export interface FuzzVendor {
	key: VendorKey;
	name: string;
	nodeType: string;
	credentialType: string;
	/** The record's identity field, as the emulator names it. */
	idKey: string;
	/** Simplify's normalized keys and the emulator's record field each stands for (from the vendor documents). */
	simplified: Record<string, string>;
	/** Largest generated page cap (below the listing sizes, so that several pages are served). */
	maxCap: number;
	protocol: Protocol;
	/**
	 * Unpaged date windows: a tenant's cap on one answer is measured by API Contract → Check or proven by the
	 * listing itself. Every other credential runs Check first, as a user does after setting it up (FUZZ_NO_CHECK=1
	 * skips it everywhere).
	 */
	checkFirst?: boolean;
	/** The emulator's own address (the proxy forwards there). */
	upstream: string;
	operations: Operation[];
	/** Credential data for the tenant behind `url` (the proxy's address for this tenant). */
	credential(url: string): IDataObject;
	stop(): Promise<void>;
}

type Sandboxed = { baseUrl: string; stop(): Promise<void> };

async function getJson(url: string, init: RequestInit = {}): Promise<unknown> {
	const res = await fetch(url, init);
	if (!res.ok)
		throw new Error(
			`emulator answered ${res.status} to ${url}: ${(await res.text()).slice(0, 200)}`,
		);
	return await res.json();
}

/** Runs each expected() once (the emulator's data does not change during a run). */
function once(fn: () => Promise<IDataObject[]>): () => Promise<IDataObject[]> {
	let cached: Promise<IDataObject[]> | undefined;
	return () => (cached ??= fn());
}

const bare = (body: unknown) => ({ records: body as unknown[] });
const asIsBare = (records: unknown[]) => records;
const stopper = (s: Sandboxed) => () => s.stop();

// ------------------------------------------------------------------------------------------------ Hub Planner
async function hubPlanner(): Promise<FuzzVendor> {
	// The burst and daily limits are out of the way: thousands of runs in a few seconds are not what is tested.
	const sandbox = await HUB_PLANNER.startEmulator({
		bookings: 30,
		burstLimit: 1_000_000_000,
		dailyLimit: 1_000_000_000,
	});
	const bookings = once(
		async () =>
			(await getJson(`${sandbox.baseUrl}/v1/booking?page=0&limit=1000`, {
				headers: { Authorization: HubPlannerSandbox.WRITE_KEY },
			})) as IDataObject[],
	);
	const paging = { page: 'page', size: 'limit', base: 0 as const, defaultSize: 20, maxSize: 1000 };
	return {
		key: HUB_PLANNER.key,
		name: HUB_PLANNER.name,
		nodeType: HUB_PLANNER.nodeType,
		credentialType: HUB_PLANNER.credentialType,
		idKey: '_id',
		simplified: { title: 'title', start: 'start', end: 'end', resource: 'resource' },
		maxCap: 12,
		protocol: {
			flags: ['deleted'],
			listings: [
				{ method: 'GET', path: /\/v1\/booking$/, paging, read: bare, write: asIsBare },
				{ method: 'POST', path: /\/v1\/booking\/search$/, paging, read: bare, write: asIsBare },
			],
		},
		operations: [
			{
				name: 'booking getAll',
				kind: 'listing',
				parameters: { resource: 'booking', operation: 'getAll', returnAll: true },
				expected: bookings,
			},
			{
				name: 'booking search',
				kind: 'search',
				parameters: { resource: 'booking', operation: 'search', returnAll: true },
				expected: bookings,
			},
			{
				name: 'booking getAll Simplify',
				kind: 'simplify',
				parameters: { resource: 'booking', operation: 'getAll', returnAll: true, output: 'both' },
				expected: bookings,
			},
		],
		credential: (url) => HUB_PLANNER.credential(sandbox, { baseUrl: `${url}/v1` }),
		upstream: sandbox.baseUrl,
		stop: stopper(sandbox),
	};
}

// ------------------------------------------------------------------------------------------------ Pronestor
async function pronestor(): Promise<FuzzVendor> {
	const sandbox = await PRONESTOR.startEmulator({ lockedBookings: 40 });
	const start = new Date(Date.now() - 2 * 365 * 86_400_000).toISOString();
	const stamp = (ms: number) =>
		new Date(ms)
			.toISOString()
			.replace('T', ' ')
			.replace(/\.\d{3}Z$/, 'Z');
	/** The emulator's own answers, read as a tenant with authentication bypass (its on-premise setting). */
	const direct = async (path: string): Promise<IDataObject[]> => {
		const before = sandbox.allowAuthenticationBypass;
		sandbox.allowAuthenticationBypass = true;
		try {
			return (await getJson(`${sandbox.baseUrl}/Api.mvc/v1/${path}`)) as IDataObject[];
		} finally {
			sandbox.allowAuthenticationBypass = before;
		}
	};
	const locked = once(async () => {
		const out: IDataObject[] = [];
		const step = 150 * 86_400_000;
		for (let from = Date.parse(start); from < Date.now(); from += step) {
			const to = from + step;
			const range = `startLockTime=${encodeURIComponent(stamp(from))}`;
			const end = to < Date.now() ? `&endLockTime=${encodeURIComponent(stamp(to))}` : '';
			out.push(...(await direct(`FindLockedBookings?${range}${end}`)));
		}
		return out;
	});
	const liveAccounts = once(async () =>
		(await direct('GetBillingAccounts')).filter((a) => a.IsDeleted !== true),
	);
	const exportParams = {
		resource: 'lockedBooking',
		operation: 'export',
		startLockTime: start,
		endLockTime: '',
	};
	return {
		key: PRONESTOR.key,
		name: PRONESTOR.name,
		nodeType: PRONESTOR.nodeType,
		credentialType: PRONESTOR.credentialType,
		idKey: 'Id',
		checkFirst: true,
		simplified: {
			start: 'Start',
			end: 'End',
			amount: 'TotalPrice',
			costCenter: 'CostCenter',
			lockedAt: 'LockedTime',
		},
		maxCap: 9,
		protocol: {
			flags: ['IsDeleted'],
			listings: [
				{ method: 'GET', path: /\/FindLockedBookings$/, window: true, read: bare, write: asIsBare },
				{ method: 'GET', path: /\/GetBillingAccounts$/, read: bare, write: asIsBare },
			],
		},
		operations: [
			{ name: 'locked booking export', kind: 'export', parameters: exportParams, expected: locked },
			{
				name: 'locked booking export Simplify',
				kind: 'simplify',
				parameters: { ...exportParams, output: 'both' },
				expected: locked,
			},
			{
				name: 'locked booking trigger poll',
				kind: 'poll',
				parameters: {
					event: 'lockedBooking',
					startFrom: new Date(Date.now() - 10 * 60_000).toISOString(),
					options: { lookBackSeconds: 5 },
				},
				expected: async () => [],
				poll: {
					triggerType: PRONESTOR.triggerType,
					insert: () => {
						const lockedAt = Math.floor((Date.now() - 1000) / 1000) * 1000;
						return [0, 1, 2].map(() => String(sandbox.insertLockedBooking(lockedAt).Id));
					},
					remove: (ids) =>
						(sandbox.data.bookings = sandbox.data.bookings.filter(
							(b) => !ids.includes(String(b.Id)),
						)),
				},
			},
			{
				name: 'billing account getAll (Hide Deleted)',
				kind: 'filter',
				parameters: { resource: 'billingAccount', operation: 'getAll' },
				expected: liveAccounts,
			},
		],
		credential: (url) => PRONESTOR.credential(sandbox, { baseUrl: url }),
		upstream: sandbox.baseUrl,
		stop: stopper(sandbox),
	};
}

// ------------------------------------------------------------------------------------------------ PlanningPME
async function planningPme(): Promise<FuzzVendor> {
	const sandbox = await PLANNING_PME.startEmulator({ tasks: 25, customers: 18 });
	const list = (entity: string) =>
		once(async () => {
			const token = (await getJson(`${sandbox.baseUrl}/acme/token`, {
				method: 'POST',
				headers: {
					'X-APPKEY': PlanningPmeSandbox.APP_KEY,
					'Content-Type': 'application/x-www-form-urlencoded',
				},
				body: new URLSearchParams({
					grant_type: 'password',
					username: PlanningPmeSandbox.USER,
					password: PlanningPmeSandbox.PASSWORD,
				}).toString(),
			})) as { access_token: string };
			const body = (await getJson(
				`${sandbox.baseUrl}/acme/api/${entity}?pageIndex=0&pageSize=1000`,
				{
					headers: {
						'X-APPKEY': PlanningPmeSandbox.APP_KEY,
						Authorization: `Bearer ${token.access_token}`,
					},
				},
			)) as { items: IDataObject[] };
			return body.items;
		});
	const paging = { page: 'pageIndex', size: 'pageSize', base: 0 as const, maxSize: 1000 };
	const read = (body: unknown) => {
		const b = body as { items: unknown[]; totalItems: number };
		return { records: b.items, total: b.totalItems };
	};
	const write = (records: unknown[], total: number) => ({ totalItems: total, items: records });
	return {
		key: PLANNING_PME.key,
		name: PLANNING_PME.name,
		nodeType: PLANNING_PME.nodeType,
		credentialType: PLANNING_PME.credentialType,
		idKey: 'key',
		simplified: { title: 'label' },
		maxCap: 8,
		protocol: {
			flags: ['notValid'],
			listings: [
				{ method: 'GET', path: /\/api\/(task|customer|resource|project)$/, paging, read, write },
				{
					method: 'POST',
					path: /\/api\/do\/list$/,
					window: true,
					read: (body) => ({ records: (body as { items: unknown[] }).items }),
					write: (records) => ({ items: records }),
				},
			],
		},
		operations: [
			{
				name: 'task getAll',
				kind: 'listing',
				parameters: { resource: 'task', operation: 'getAll', returnAll: true },
				expected: list('task'),
			},
			{
				name: 'customer getAll',
				kind: 'listing',
				parameters: { resource: 'customer', operation: 'getAll', returnAll: true },
				expected: list('customer'),
			},
			{
				name: 'planned task trigger poll',
				kind: 'poll',
				parameters: { windowDays: 14, filters: {}, options: {} },
				expected: async () => [],
				poll: {
					triggerType: PLANNING_PME.triggerType,
					insert: () =>
						[1, 2, 3].map((day) =>
							String(
								sandbox.insertPlannedTask({
									start: sandbox.todayWall(day, 9),
									end: sandbox.todayWall(day, 10),
								}).key,
							),
						),
					remove: (ids) => ids.forEach((id) => sandbox.removePlannedTask(Number(id))),
				},
			},
		],
		credential: (url) => PLANNING_PME.credential(sandbox, { baseUrl: url }),
		upstream: sandbox.baseUrl,
		stop: stopper(sandbox),
	};
}

// ------------------------------------------------------------------------------------------------ BRP
async function brp(): Promise<FuzzVendor> {
	const sandbox = await BRP.startEmulator({ maxRangeDays: 31 });
	const [startDate, endDate] = ['2026-03-01', '2026-06-01']; // three windows of 31 days: several answers, each small
	const bookings = once(async () => {
		const before = sandbox.maxRangeDays;
		sandbox.maxRangeDays = 100_000; // one answer for the whole range, read straight from the emulator
		try {
			const basic = Buffer.from(
				`${BrpSandbox.PERSON.email}:${BrpSandbox.PERSON.password}`,
			).toString('base64');
			const query = `startdate=${startDate}&enddate=${endDate}&apikey=${BrpSandbox.KEYS.level2}`;
			const body = (await getJson(`${sandbox.apiUrl}/servicebookings.json?${query}`, {
				headers: { Authorization: `Basic ${basic}` },
			})) as { servicebookings: IDataObject[] };
			return body.servicebookings;
		} finally {
			sandbox.maxRangeDays = before;
		}
	});
	const params = {
		resource: 'serviceBooking',
		operation: 'getAll',
		returnAll: true,
		startDate,
		endDate,
	};
	return {
		key: BRP.key,
		name: BRP.name,
		nodeType: BRP.nodeType,
		credentialType: BRP.credentialType,
		idKey: 'id',
		checkFirst: true,
		simplified: { start: 'start', end: 'end' },
		maxCap: 4,
		protocol: {
			flags: ['preliminary'],
			listings: [
				{
					method: 'GET',
					path: /\/servicebookings\.json$/,
					window: true,
					read: (body) => ({ records: (body as { servicebookings: unknown[] }).servicebookings }),
					write: (records) => ({ servicebookings: records }),
				},
			],
		},
		operations: [
			{ name: 'service booking getAll', kind: 'listing', parameters: params, expected: bookings },
			{
				name: 'service booking getAll Simplify',
				kind: 'simplify',
				parameters: { ...params, output: 'both' },
				expected: bookings,
			},
			{
				name: 'service booking trigger poll',
				kind: 'poll',
				parameters: {
					events: ['new', 'changed'],
					scope: 'businessUnits',
					businessUnitIds: ['11', '12'],
					options: { daysAhead: 30 },
				},
				expected: async () => [],
				poll: {
					triggerType: BRP.triggerType,
					credentialExtra: {
						apiKey: BrpSandbox.KEYS.level3,
						keyLevel: 3,
						username: '',
						password: '',
					},
					insert: () =>
						[2, 3, 4].map((day) => {
							const start = Math.ceil((Date.now() + day * 86_400_000) / 900_000) * 900_000;
							return String(
								sandbox.addServiceBooking({ ownerPersonId: 102, resourceIds: [8], start }).id,
							);
						}),
					remove: (ids) =>
						(sandbox.data.serviceBookings = sandbox.data.serviceBookings.filter(
							(b) => !ids.includes(String(b.id)),
						)),
				},
			},
		],
		credential: (url) => BRP.credential(sandbox, { baseUrl: url + BrpSandbox.BASE_PATH }),
		upstream: sandbox.baseUrl,
		stop: stopper(sandbox),
	};
}

// ------------------------------------------------------------------------------------------------ Bookings ONE
async function bookingsOne(): Promise<FuzzVendor> {
	const sandbox = await BOOKINGS_ONE.startEmulator({ appointments: 60 });
	const path = '/API/external/booking/v1/resourceAppointment';
	const appointments = once(async () => {
		const body = (await getJson(`${sandbox.baseUrl}${path}?page=1&row=1000`, {
			headers: { Authorization: BookingsOneSandbox.TOKEN },
		})) as { data: IDataObject[] };
		return body.data;
	});
	const params = { resource: 'appointment', operation: 'search', returnAll: true };
	return {
		key: BOOKINGS_ONE.key,
		name: BOOKINGS_ONE.name,
		nodeType: BOOKINGS_ONE.nodeType,
		credentialType: BOOKINGS_ONE.credentialType,
		idKey: 'id',
		simplified: { title: 'subject', start: 'start', end: 'end' },
		maxCap: 25,
		protocol: {
			flags: ['isPreparation'],
			listings: [
				{
					method: 'GET',
					path: /\/booking\/v1\/resourceAppointment$/,
					paging: { page: 'page', size: 'row', base: 1, defaultSize: 50, maxSize: 1000 },
					read: (body) => {
						const b = body as { data: unknown[]; metaData: { totalCount: number } };
						return { records: b.data, total: b.metaData.totalCount };
					},
					write: (records, total, page) => {
						const row = page.size ?? 50;
						return {
							data: records,
							metaData: {
								page: page.page ?? 1,
								row,
								totalCount: total,
								totalPages: Math.ceil(total / row),
							},
						};
					},
				},
			],
		},
		operations: [
			{ name: 'appointment search', kind: 'search', parameters: params, expected: appointments },
			{
				name: 'appointment search Simplify',
				kind: 'simplify',
				parameters: { ...params, output: 'both' },
				expected: appointments,
			},
		],
		credential: (url) => BOOKINGS_ONE.credential(sandbox, { serverUrl: url }),
		upstream: sandbox.baseUrl,
		stop: stopper(sandbox),
	};
}

export const FUZZ_VENDORS: Array<{ key: VendorKey; start(): Promise<FuzzVendor> }> = [
	{ key: 'hubPlanner', start: hubPlanner },
	{ key: 'pronestor', start: pronestor },
	{ key: 'planningPme', start: planningPme },
	{ key: 'brp', start: brp },
	{ key: 'bookingsOne', start: bookingsOne },
];
