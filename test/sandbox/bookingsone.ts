/**
 * Bookings ONE emulator: serves `/API/external/...` as the Bookings ONE External API (v1) reference and ../shared/reference/vendor-contracts.md §5
 * describe it. In-memory, seeded, deterministic; the clock is injectable (`now`) or can be moved on
 * (`advance(ms)`) so subscription expiry can be tested through simulated days.
 *
 * Only `/API/external/system/v1/information` is confirmed publicly. Everything below marked "assumed" is this
 * package's choice, kept identical to nodes/BookingsOne/contract.ts (PATHS) and listed in
 * docs/bookingsone.md:
 * - Paths `/API/external/<group>/v1/<entity>` (search) and `/<entity>/{id}` (get), see PATHS below.
 * - Auth: `Authorization: <token>` (no "Bearer") or HTTP Basic with the token as user name and an empty
 *   password; anything else → 401 with an empty body and `WWW-Authenticate: Basic`. Expired tokens → 401.
 * - Paging: `page` from 1 (default 1; knob `pageBase` = 0 for a server counting from 0), `row` 1–1000 (default 50);
 *   other values → 400 (knob `totalSkew` reports a wrong totalCount). Replies
 *   `{data, metaData: {page, row, totalCount, totalPages}}`.
 * - Errors: ASP.NET problem details `{type, title, status, detail?, errors?}`.
 * - Multi-value filters are comma-separated; ids must be whole numbers, enum names must be known (400 otherwise).
 * - `from`/`to` (ISO 8601 or `now`) select records whose period overlaps [from, to].
 * - Enums are numbers in records (as the reference's samples show `"type": 0`) and names in filters.
 * - Subscriptions: `POST bookableResource/v1/subscribeAppointmentChange {ids, callbackUrl, expireTime}`;
 *   expireTime 1–1440 minutes (default 60 when missing), one subscription per (resource, callback URL):
 *   subscribing again replaces its expiry (that is how a client renews or shortens it); replies a string (the
 *   subscription id). There is no cancel call. On appointment create/update every unexpired subscription of
 *   the appointment's resource gets `POST callbackUrl` with
 *   `{bookableResourceId, appointmentId, bookingId, changeType: "created"|"updated", changedAt}`.
 *   Deliveries only go to loopback hosts (127.0.0.1, localhost); others are recorded as skipped. The document
 *   lists the same call under BookableResourcePlayerContent too: both paths are served and share subscriptions.
 * - Daily access key changes: `POST bookableResourceAccessKey/v1/subscribeDailyAccessKeyChange` with the same body
 *   and rules (documented shape; path assumed). When the daily keys change (`rotateDailyAccessKeys()`, the
 *   emulator's "midnight"), each subscription of a changed resource gets `POST callbackUrl` with
 *   `{bookableResourceId, type: "daily", changedAt}` (assumed payload); knob `batchCallbacks` sends one POST per
 *   callback URL with an array of such changes instead.
 * - Access keys `GET bookableResourceAccessKey/v1/accessKey?bookableResourceId&type` and player content
 *   `GET bookableResourcePlayerContent/v1/playerContent?id`: bare JSON arrays, no paging (as the document's
 *   samples show); record fields assumed. Access key `type` in records is a number (0 oneTime, 1 static, 2 daily),
 *   like the other enums.
 * - Tenant variants (issue 14): `appointmentFieldVariant = 'alt'` serves appointments under other plausible field
 *   names (title, startTime, endTime, state, resource, organizerUser, modifiedAt); `dropAppointmentFields` leaves
 *   fields out; `iotDeviceNameField = 'deviceName'` stores a device's name under `deviceName` and ignores `name`;
 *   `occupancyDataField = 'occupancy'` reads sensor values from `occupancy` (a reading posted with `data` is stored
 *   without values, silently, and echoed as `occupancy: null`).
 * - Excel export `GET booking/v1/exportByBookableResource?From&To&TimeZone` → a real .xlsx (one sheet),
 *   `Content-Disposition: attachment; filename="Bookings_<from>_<to>.xlsx"`.
 */
import { DateTime } from 'luxon';
import {
	Sandbox,
	q,
	seededRandom,
	type Query,
	type SandboxRequest,
	type SandboxResponse,
} from './framework';

export const BOOKINGSONE_PREFIX = '/API/external';

/** The contract table of the emulator (relative to /API/external). */
export const BOOKINGSONE_PATHS = {
	systemInformation: '/system/v1/information',
	visitorBadge: '/visitorManagement/v1/visitorBadge',
	visitingAppointment: '/visitingAppointment/v1/appointment',
	user: '/user/v1/user',
	serviceItem: '/serviceItem/v1/serviceItem',
	iotSensorOccupancy: '/iotSensorData/v1/occupancy',
	iotDevice: '/iotDevice/v1/iotDevice',
	ePaperController: '/ePaperController/v1/ePaperController',
	ePaperTagStatus: '/ePaperController/v1/tagStatus',
	dailyVisitorAnalytics: '/dashboard/v1/dailyVisitorAnalytics',
	building: '/building/v1/building',
	resourceAppointment: '/booking/v1/resourceAppointment',
	exportByBookableResource: '/booking/v1/exportByBookableResource',
	bookableResource: '/bookableResource/v1/bookableResource',
	subscribeAppointmentChange: '/bookableResource/v1/subscribeAppointmentChange',
	playerContentSubscribeAppointmentChange:
		'/bookableResourcePlayerContent/v1/subscribeAppointmentChange',
	playerContent: '/bookableResourcePlayerContent/v1/playerContent',
	accessKey: '/bookableResourceAccessKey/v1/accessKey',
	subscribeDailyAccessKeyChange: '/bookableResourceAccessKey/v1/subscribeDailyAccessKeyChange',
} as const;

export const DOC_ACCESS_KEY_TYPES = ['oneTime', 'static', 'daily'];

export const DOC_RESOURCE_TYPES = ['room', 'desk', 'equipment'];
export const RESOURCE_CATEGORIES = ['meetingRoom', 'phoneBooth', 'hotDesk', 'parking'];
export const DOC_BOOKING_STATES = [
	'booked',
	'using',
	'waitingCheckIn',
	'completed',
	'cancelled',
	'noShow',
];
export const DOC_BADGE_STATES = ['initial', 'noShow', 'visited', 'visiting'];
export const SERVICE_ITEM_TYPES = ['betweenBooking', 'afterBooking'];
export const EPAPER_TYPES = ['qbicGateway', 'MinewServer'];
const ZONE = 'Asia/Hong_Kong';

type Text = Array<{ languageCode: string; value: string }>;
const text = (value: string): Text => [{ languageCode: 'en-US', value }];

export interface Floor {
	id: number;
	name: Text;
	order: number;
}
export interface Building {
	id: number;
	name: Text;
	address: string;
	shortName: string;
	floors: Floor[];
	isDeleted: boolean;
	order: number;
}
export interface BookableResource {
	id: number;
	accessId: string;
	name: Text;
	type: number;
	category: number;
	description: Text;
	actualServiceItems: Array<{ id: number }>;
	floor: { id: number; name: Text; buildingId: number };
	capacity: number;
	isDeleted: boolean;
}
export interface User {
	id: number;
	displayName: string;
	emailAddress: string;
	userName: string;
	isActivated: boolean;
	userGroups: Array<{ id: number; name: string }>;
	actualPermissions: string[];
	isDeleted: boolean;
}
export interface Appointment {
	id: number;
	bookingId: number;
	subject: string;
	content: string;
	start: string;
	end: string;
	bookingState: string;
	isPreparation: boolean;
	organizer: { id: number; displayName: string; emailAddress: string };
	bookableResource: { id: number; name: Text; type: number };
	createdAt: string;
	updatedAt: string;
}
export interface Visitor {
	id: number;
	name: string;
	email: string;
	company: string;
}
export interface VisitorBadge {
	id: number;
	uid: string;
	period: { start: string; end: string };
	registrationCode: string;
	state: number;
	visitor: Visitor;
	buildingId: number;
	checkInDate: string | null;
	checkOutDate: string | null;
}
export interface VisitingAppointment {
	id: number;
	bookingId: number;
	subject: string;
	content: string;
	start: string;
	end: string;
	bookingState: string;
	invitingUser: { id: number; displayName: string };
	bookableResource: { id: number; name: Text };
	building: { id: number };
	visitors: Visitor[];
}
export interface ServiceItem {
	id: number;
	name: Text;
	description: Text;
	type: number;
	servicePlanId: number;
	isDeleted: boolean;
	actualAssignedUsers: Array<{ id: number; displayName: string }>;
}
export interface IotDevice {
	id: number;
	accessId: string | null;
	name: string | null;
	bookableResource: { id: number; name: Text } | null;
	isDeleted: boolean;
}
export interface EPaperTag {
	ePaperTagId: string;
	batteryLevel: number | null;
	screenSize: number | null;
	isOnline: boolean;
}
export interface EPaperController {
	id: number;
	name: string;
	displayLanguage: string;
	type: number;
	isDeleted: boolean;
	tags: EPaperTag[];
}
export interface AccessKey {
	id: number;
	bookableResourceId: number;
	type: number;
	key: string;
	validFrom: string;
	validTo: string | null;
}
export interface PlayerContent {
	id: number;
	name: Text;
	contents: Array<{ id: number; type: string; value: string; order: number }>;
}
export interface Subscription {
	id: string;
	/** What the subscription is for: appointment changes or daily access key changes. */
	kind: 'appointment' | 'dailyAccessKey';
	resourceId: number;
	callbackUrl: string;
	expiresAt: number;
	createdAt: number;
	renewals: number;
}
export interface Delivery {
	subscriptionId: string;
	url: string;
	/** Receiver's status; 0 when the POST failed; -1 when skipped (not a loopback host). */
	status: number;
	body: unknown;
	at: number;
	error?: string;
}
export interface OccupancyReading {
	deviceId: number;
	accessId: string;
	timestamp: string;
	data: { isConnected: boolean; isOccupied: boolean } | null;
}

export interface BookingsOneSandboxOptions {
	tokens?: string[];
	seed?: number;
	appointments?: number;
	resources?: number;
	users?: number;
	badges?: number;
	/** Clock for subscription expiry and `now` in filters (default: real time plus `advance()`d time). */
	now?: () => number;
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errors?: Record<string, string[]>,
	) {
		super(message);
	}
}

const TITLES: Record<number, string> = {
	400: 'One or more validation errors occurred.',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
};

function problem(
	status: number,
	detail: string,
	errors?: Record<string, string[]>,
): SandboxResponse {
	return {
		status,
		headers: { 'Content-Type': 'application/problem+json; charset=utf-8' },
		body: {
			type: `https://tools.ietf.org/html/rfc9110#section-15.5.${status === 404 ? 5 : 1}`,
			title: TITLES[status] ?? 'Error',
			status,
			detail,
			...(errors ? { errors } : {}),
		},
	};
}

export class BookingsOneSandbox extends Sandbox {
	static readonly TOKEN = 'b1-token-5f1c2e9a77d0';

	readonly data = {
		buildings: [] as Building[],
		resources: [] as BookableResource[],
		users: [] as User[],
		appointments: [] as Appointment[],
		visitors: [] as Visitor[],
		badges: [] as VisitorBadge[],
		visitingAppointments: [] as VisitingAppointment[],
		serviceItems: [] as ServiceItem[],
		iotDevices: [] as IotDevice[],
		ePaperControllers: [] as EPaperController[],
		subscriptions: [] as Subscription[],
		accessKeys: [] as AccessKey[],
		playerContents: [] as PlayerContent[],
		occupancy: [] as OccupancyReading[],
	};
	/** Valid tokens; remove one to simulate revocation, or add to `expiredTokens`. */
	readonly tokens: Set<string>;
	readonly expiredTokens = new Set<string>();
	readonly deliveries: Delivery[] = [];
	/** Largest `row` accepted (400 above it). */
	maxRow = 1000;
	/** When set, a larger `row` is served silently with this many rows (a server with a lower, undocumented cap). */
	rowCap?: number;
	/** Tenant variant: the number of the first page (the contract says 1; a server may count from 0). */
	pageBase: 0 | 1 = 1;
	/** Tenant variant: metaData without the page number it served. */
	echoPage = true;
	/** Tenant variant: the total reported in metaData is off by this much (a server that counts otherwise). */
	totalSkew = 0;
	/**
	 * Tenant variant: how a page reports its size — as documented (totalCount and totalPages), not at all, or the
	 * total under another name (`totalName`) without totalPages.
	 */
	pageTotal: 'documented' | 'none' | 'renamed' = 'documented';
	/** With pageTotal 'renamed': the name of the total in metaData. */
	totalName = 'recordsTotal';
	/** Tenant variant: metaData without the row it served. */
	echoRow = true;
	/** Tenant variant: callbacks to one URL are sent as one POST with an array of changes. */
	batchCallbacks = false;
	/** Tenant variant: appointments carry other names for their fields (issue 14). */
	appointmentFieldVariant: 'default' | 'alt' = 'default';
	/** Tenant variant: appointment fields the server does not send (top-level names, after the variant). */
	dropAppointmentFields: string[] = [];
	/**
	 * Tenant variant: the key style of appointment records at every depth (the reference's samples are camelCase;
	 * a server whose serializer is set to PascalCase or snake_case writes `BookingState` / `booking_state`).
	 */
	appointmentKeyCase: 'camel' | 'pascal' | 'snake' = 'camel';
	/** Tenant variant: the field an IoT device keeps its name in (a server that ignores `name`). */
	iotDeviceNameField: 'name' | 'deviceName' = 'name';
	/** Tenant variant: the field occupancy readings carry their values in (a server that ignores `data`). */
	occupancyDataField: 'data' | 'occupancy' = 'data';
	/** Timeout of a callback POST. */
	deliveryTimeoutMs = 5000;
	private offsetMs = 0;
	private readonly clock?: () => number;
	private readonly seed: number;
	private counters = { appointment: 0, iotDevice: 0, subscription: 0, booking: 0, accessKey: 0 };

	constructor(opts: BookingsOneSandboxOptions = {}) {
		super('bookingsone');
		this.tokens = new Set(opts.tokens ?? [BookingsOneSandbox.TOKEN]);
		this.clock = opts.now;
		this.seed = opts.seed ?? 7;
		this.seedDirectory(opts.resources ?? 12, opts.users ?? 8, opts.badges ?? 20);
		this.seedAppointments(opts.appointments ?? 60);
		this.seedAccess();
		this.registerRoutes();
	}

	// ---------------------------------------------------------------- clock
	now(): number {
		return (this.clock ?? Date.now)() + this.offsetMs;
	}

	/** Moves the emulator's clock on (subscriptions expire by this clock). */
	advance(ms: number): void {
		this.offsetMs += ms;
	}

	// ---------------------------------------------------------------- seeding
	private seedDirectory(resources: number, users: number, badges: number): void {
		const rnd = seededRandom(this.seed);
		this.data.buildings = [1, 2].map((id) => ({
			id,
			name: text(id === 1 ? 'Harbour Tower' : 'Garden Court'),
			address: id === 1 ? '1 Harbour Road, Hong Kong' : '8 Garden Road, Hong Kong',
			shortName: id === 1 ? 'HT' : 'GC',
			floors: [1, 2, 3].map((n) => ({ id: id * 10 + n, name: text(`Floor ${n}`), order: n })),
			isDeleted: false,
			order: id,
		}));
		this.data.buildings.push({
			id: 3,
			name: text('Old Annex'),
			address: '',
			shortName: 'OA',
			floors: [],
			isDeleted: true,
			order: 3,
		});
		const floors = this.data.buildings.flatMap((b) =>
			b.floors.map((f) => ({ ...f, buildingId: b.id })),
		);
		this.data.serviceItems = Array.from({ length: 6 }, (_, i) => ({
			id: i + 1,
			name: text(['Cleaning', 'Catering', 'Projector setup', 'Flowers', 'Coffee', 'IT support'][i]),
			description: text(`Service item ${i + 1}`),
			type: i % 2,
			servicePlanId: 1 + (i % 3),
			isDeleted: i === 5,
			actualAssignedUsers: [],
		}));
		this.data.resources = Array.from({ length: resources }, (_, i) => {
			const type = i % 3 === 2 ? 1 : i % 5 === 4 ? 2 : 0;
			const floor = floors[i % floors.length];
			return {
				id: 100 + i + 1,
				accessId: `${DOC_RESOURCE_TYPES[type] === 'room' ? 'Room' : DOC_RESOURCE_TYPES[type] === 'desk' ? 'Desk' : 'Equip'}${101 + i}`,
				name: text(
					`${DOC_RESOURCE_TYPES[type] === 'room' ? 'Meeting Room' : DOC_RESOURCE_TYPES[type] === 'desk' ? 'Desk' : 'Projector'} ${i + 1}`,
				),
				type,
				category: type === 0 ? (i % 4 === 3 ? 1 : 0) : type === 1 ? 2 : 3,
				description: text(''),
				actualServiceItems: type === 0 ? [{ id: 1 }, { id: 2 }] : [],
				floor: { id: floor.id, name: floor.name, buildingId: floor.buildingId },
				capacity: type === 0 ? 4 + Math.floor(rnd() * 12) : 1,
				isDeleted: i === resources - 1,
			};
		});
		const groups = [
			{ id: 1, name: 'Staff' },
			{ id: 2, name: 'Reception' },
			{ id: 3, name: 'Facilities' },
		];
		const names = [
			'Mei Chan',
			'Wing Lee',
			'Ada Wong',
			'Ken Ho',
			'Grace Lam',
			'Tony Yip',
			'Iris Tse',
			'Sam Lau',
			'Joy Ng',
			'Max Fung',
		];
		this.data.users = Array.from({ length: users }, (_, i) => ({
			id: i + 1,
			displayName: names[i % names.length] + (i >= names.length ? ` ${i}` : ''),
			emailAddress: `user${i + 1}@example.com`,
			userName: `user${i + 1}`,
			isActivated: i % 6 !== 5,
			userGroups: [groups[i % 3]],
			actualPermissions: i === 0 ? ['admin'] : ['booking'],
			isDeleted: i === users - 1,
		}));
		this.data.serviceItems[0].actualAssignedUsers = [
			{ id: 3, displayName: this.data.users[2]?.displayName ?? '' },
		];
		this.data.visitors = Array.from({ length: 10 }, (_, i) => ({
			id: 500 + i + 1,
			name: `Visitor ${i + 1}`,
			email: `visitor${i + 1}@example.org`,
			company: i % 2 === 0 ? 'Acme Ltd.' : 'Globex',
		}));
		const day0 = DateTime.fromISO('2025-03-03T00:00:00', { zone: ZONE });
		this.data.badges = Array.from({ length: badges }, (_, i) => {
			const start = day0.plus({ days: Math.floor(i / 4), hours: 9 + (i % 4) * 2 });
			const state = i % 4;
			return {
				id: i + 1,
				uid: `VB-${(0x1000 + i * 37).toString(16).toUpperCase()}`,
				period: { start: iso(start), end: iso(start.plus({ hours: 2 })) },
				registrationCode: code6(rnd),
				state,
				visitor: this.data.visitors[i % this.data.visitors.length],
				buildingId: 1 + (i % 2),
				checkInDate: state >= 2 ? iso(start.plus({ minutes: 5 })) : null,
				checkOutDate: state === 2 ? iso(start.plus({ minutes: 110 })) : null,
			};
		});
		this.data.visitingAppointments = Array.from({ length: 8 }, (_, i) => {
			const start = day0.plus({ days: i, hours: 10 });
			const resource = this.data.resources[(i * 3) % this.data.resources.length];
			return {
				id: 700 + i + 1,
				bookingId: 9000 + i + 1,
				subject: `Client visit ${i + 1}`,
				content: i % 2 === 0 ? 'Quarterly review' : 'Site tour',
				start: iso(start),
				end: iso(start.plus({ hours: 1 })),
				bookingState: DOC_BOOKING_STATES[i % 3],
				invitingUser: {
					id: this.data.users[i % this.data.users.length].id,
					displayName: this.data.users[i % this.data.users.length].displayName,
				},
				bookableResource: { id: resource.id, name: resource.name },
				building: { id: resource.floor.buildingId },
				visitors: [
					this.data.visitors[i % this.data.visitors.length],
					this.data.visitors[(i + 1) % this.data.visitors.length],
				],
			};
		});
		this.data.iotDevices = this.data.resources.slice(0, 4).map((r, i) => ({
			id: i + 1,
			accessId: `SENSOR-${r.accessId}`,
			name: `Occupancy sensor ${r.accessId}`,
			bookableResource: { id: r.id, name: r.name },
			isDeleted: false,
		}));
		this.counters.iotDevice = this.data.iotDevices.length;
		this.data.ePaperControllers = [
			{
				id: 1,
				name: 'EPaperController 1',
				displayLanguage: 'en-US',
				type: 0,
				isDeleted: false,
				tags: [{ ePaperTagId: 'TAG-001', batteryLevel: 80, screenSize: 4, isOnline: true }],
			},
			{
				id: 2,
				name: 'EPaperController 2',
				displayLanguage: 'zh-HK',
				type: 1,
				isDeleted: false,
				tags: [{ ePaperTagId: 'TAG-002', batteryLevel: 35, screenSize: 7.5, isOnline: false }],
			},
		];
	}

	/** Replaces the appointments with n deterministic ones (from 2025-03-03, Hong Kong time). */
	seedAppointments(n: number): void {
		const rnd = seededRandom(this.seed + 1);
		const day0 = DateTime.fromISO('2025-03-03T00:00:00', { zone: ZONE });
		const live = this.data.resources.filter((r) => !r.isDeleted);
		this.data.appointments = [];
		for (let i = 0; i < n; i++) {
			const resource = live[i % live.length];
			const start = day0.plus({ days: Math.floor(i / 6), hours: 8 + (i % 6) * 1.5 });
			const user = this.data.users[Math.floor(rnd() * (this.data.users.length - 1))];
			const stamp = iso(
				DateTime.fromISO('2025-03-01T00:00:00Z').plus({ minutes: i }).setZone(ZONE),
			);
			this.data.appointments.push({
				id: i + 1,
				bookingId: 5000 + Math.floor(i / 2) + 1,
				subject: i % 7 === 0 ? `Board meeting ${i + 1}` : `Meeting ${i + 1}`,
				content: i % 5 === 0 ? 'Budget review' : '',
				start: iso(start),
				end: iso(start.plus({ minutes: 60 + (i % 3) * 15 })),
				bookingState: DOC_BOOKING_STATES[i % DOC_BOOKING_STATES.length],
				isPreparation: i % 10 === 9,
				organizer: { id: user.id, displayName: user.displayName, emailAddress: user.emailAddress },
				bookableResource: { id: resource.id, name: resource.name, type: resource.type },
				createdAt: stamp,
				updatedAt: stamp,
			});
		}
		this.counters.appointment = n;
		this.counters.booking = 5000 + Math.ceil(n / 2);
	}

	/** Access keys (a static key for every room, a daily key for every live resource, one-time keys for some) and player content. */
	private seedAccess(): void {
		const rnd = seededRandom(this.seed + 2);
		const day = DateTime.fromMillis(this.now(), { zone: ZONE }).startOf('day');
		this.data.accessKeys = [];
		for (const r of this.data.resources.filter((x) => !x.isDeleted)) {
			if (r.type === 0) this.addKey(r.id, 1, `S-${r.accessId}`, iso(day.minus({ days: 30 })), null);
			this.addKey(r.id, 2, code6(rnd), iso(day), iso(day.plus({ days: 1 })));
			if (r.id % 4 === 1)
				this.addKey(r.id, 0, code6(rnd), iso(day.plus({ hours: 9 })), iso(day.plus({ hours: 11 })));
		}
		this.data.playerContents = this.data.resources
			.filter((r) => !r.isDeleted && r.type === 0)
			.map((r, i) => ({
				id: r.id,
				name: r.name,
				contents: [
					{ id: i * 10 + 1, type: 'text', value: `Welcome to ${r.name[0].value}`, order: 1 },
					{
						id: i * 10 + 2,
						type: 'image',
						value: `https://cdn.example.com/signs/${r.id}.png`,
						order: 2,
					},
				],
			}));
	}

	private addKey(resourceId: number, type: number, key: string, from: string, to: string | null) {
		this.data.accessKeys.push({
			id: ++this.counters.accessKey,
			bookableResourceId: resourceId,
			type,
			key,
			validFrom: from,
			validTo: to,
		});
	}

	/**
	 * The daily keys change (the server's midnight): each given live resource (default: all) gets a new daily key
	 * valid for the emulator's current day, and daily-access-key subscribers of those resources are called.
	 */
	async rotateDailyAccessKeys(resourceIds?: number[]): Promise<AccessKey[]> {
		const rnd = seededRandom(this.seed + 3 + this.counters.accessKey);
		const day = DateTime.fromMillis(this.now(), { zone: ZONE }).startOf('day');
		const changedAt = iso(DateTime.fromMillis(this.now(), { zone: ZONE }));
		const ids = (
			resourceIds ?? this.data.resources.filter((r) => !r.isDeleted).map((r) => r.id)
		).filter((id) => this.data.resources.some((r) => r.id === id && !r.isDeleted));
		this.data.accessKeys = this.data.accessKeys.filter(
			(k) => !(k.type === 2 && ids.includes(k.bookableResourceId)),
		);
		for (const id of ids) this.addKey(id, 2, code6(rnd), iso(day), iso(day.plus({ days: 1 })));
		await this.deliver(
			'dailyAccessKey',
			ids.map((id) => ({
				resourceId: id,
				body: { bookableResourceId: id, type: 'daily', changedAt },
			})),
		);
		return this.data.accessKeys.filter((k) => k.type === 2 && ids.includes(k.bookableResourceId));
	}

	/** An appointment as the server sends it (in the tenant variant's field names). */
	servedAppointment(a: Appointment): Record<string, unknown> {
		let out: Record<string, unknown> = { ...a };
		if (this.appointmentFieldVariant === 'alt') {
			const { subject, start, end, bookingState, bookableResource, organizer, updatedAt, ...rest } =
				a;
			out = {
				...rest,
				title: subject,
				startTime: start,
				endTime: end,
				state: bookingState,
				resource: bookableResource,
				organizerUser: organizer,
				modifiedAt: updatedAt,
			};
		}
		for (const key of this.dropAppointmentFields) delete out[key];
		return this.appointmentKeyCase === 'camel' ? out : (restyled(out, this.appointmentKeyCase) as Record<string, unknown>);
	}

	// ---------------------------------------------------------------- appointment changes (fire callbacks)
	/** Creates an appointment as a Bookings ONE user would (in the app, not through the external API) and notifies subscribers. */
	async createAppointment(
		fields: Partial<Appointment> & { resourceId: number; start: string; end: string },
	): Promise<Appointment> {
		const resource = this.data.resources.find((r) => r.id === fields.resourceId);
		if (!resource) throw new Error(`No bookable resource ${fields.resourceId}`);
		const user = this.data.users[0];
		const stamp = iso(DateTime.fromMillis(this.now(), { zone: ZONE }));
		const { resourceId: _ignored, ...rest } = fields;
		const appointment: Appointment = {
			id: ++this.counters.appointment,
			bookingId: ++this.counters.booking,
			subject: 'New meeting',
			content: '',
			bookingState: 'booked',
			isPreparation: false,
			organizer: { id: user.id, displayName: user.displayName, emailAddress: user.emailAddress },
			createdAt: stamp,
			updatedAt: stamp,
			...rest,
			start: iso(DateTime.fromISO(fields.start, { zone: ZONE, setZone: true })),
			end: iso(DateTime.fromISO(fields.end, { zone: ZONE, setZone: true })),
			bookableResource: { id: resource.id, name: resource.name, type: resource.type },
		};
		this.data.appointments.push(appointment);
		await this.notify(appointment, 'created');
		return appointment;
	}

	/** Changes an appointment and notifies subscribers. */
	async updateAppointment(id: number, fields: Partial<Appointment>): Promise<Appointment> {
		const appointment = this.data.appointments.find((a) => a.id === id);
		if (!appointment) throw new Error(`No appointment ${id}`);
		Object.assign(appointment, fields, {
			updatedAt: iso(DateTime.fromMillis(this.now(), { zone: ZONE })),
		});
		await this.notify(appointment, 'updated');
		return appointment;
	}

	/** Removes an appointment (cancelled on the server: gone from every search) and notifies subscribers. */
	async deleteAppointment(id: number): Promise<Appointment> {
		const index = this.data.appointments.findIndex((a) => a.id === id);
		if (index < 0) throw new Error(`No appointment ${id}`);
		const [appointment] = this.data.appointments.splice(index, 1);
		await this.notify(appointment, 'deleted');
		return appointment;
	}

	/** Unexpired subscriptions (by the emulator clock), of one resource and kind when given. */
	activeSubscriptions(resourceId?: number, kind?: Subscription['kind']): Subscription[] {
		const now = this.now();
		return this.data.subscriptions.filter(
			(s) =>
				s.expiresAt > now &&
				(resourceId === undefined || s.resourceId === resourceId) &&
				(kind === undefined || s.kind === kind),
		);
	}

	private async notify(appointment: Appointment, changeType: 'created' | 'updated' | 'deleted'): Promise<void> {
		const body = {
			bookableResourceId: appointment.bookableResource.id,
			appointmentId: appointment.id,
			bookingId: appointment.bookingId,
			changeType,
			changedAt: appointment.updatedAt,
		};
		await this.deliver('appointment', [{ resourceId: appointment.bookableResource.id, body }]);
	}

	/**
	 * Knob: send a recorded callback again, byte for byte (a sender retrying after a slow or lost answer; the
	 * document does not say whether Bookings ONE retries). Recorded as a new delivery.
	 */
	async redeliver(delivery: Delivery): Promise<Delivery> {
		const again: Delivery = { ...delivery, status: 0, error: undefined, at: this.now() };
		try {
			const res = await fetch(delivery.url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'User-Agent': 'BookingsONE-Callback' },
				body: JSON.stringify(delivery.body),
				signal: AbortSignal.timeout(this.deliveryTimeoutMs),
			});
			again.status = res.status;
			await res.arrayBuffer();
		} catch (error) {
			again.error = (error as Error).message;
		}
		this.deliveries.push(again);
		return again;
	}

	/** Calls every unexpired subscription of the changed resources (one POST per change, or per URL with batchCallbacks). */
	private async deliver(
		kind: Subscription['kind'],
		changes: Array<{ resourceId: number; body: Record<string, unknown> }>,
	): Promise<void> {
		const calls: Array<{ sub: Subscription; body: unknown }> = [];
		for (const change of changes)
			for (const sub of this.activeSubscriptions(change.resourceId, kind)) {
				const batch = this.batchCallbacks
					? calls.find((c) => c.sub.callbackUrl === sub.callbackUrl)
					: undefined;
				if (batch) (batch.body as unknown[]).push(change.body);
				else calls.push({ sub, body: this.batchCallbacks ? [change.body] : change.body });
			}
		for (const { sub, body } of calls) {
			const delivery: Delivery = {
				subscriptionId: sub.id,
				url: sub.callbackUrl,
				status: 0,
				body,
				at: this.now(),
			};
			const host = new URL(sub.callbackUrl).hostname;
			if (host !== '127.0.0.1' && host !== 'localhost') {
				delivery.status = -1;
				delivery.error = 'skipped: not a loopback host';
				this.deliveries.push(delivery);
				continue;
			}
			try {
				const res = await fetch(sub.callbackUrl, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'User-Agent': 'BookingsONE-Callback' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(this.deliveryTimeoutMs),
				});
				delivery.status = res.status;
				await res.arrayBuffer();
			} catch (error) {
				delivery.error = (error as Error).message;
			}
			this.deliveries.push(delivery);
		}
	}

	// ---------------------------------------------------------------- routing
	private registerRoutes(): void {
		const P = BOOKINGSONE_PATHS;
		const on = (
			method: string,
			path: string,
			fn: (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>,
		) => this.route(method, BOOKINGSONE_PREFIX + path, (req) => this.guard(req, fn));
		const d = this.data;

		on('GET', P.systemInformation, () => ({
			body: {
				name: 'Bookings ONE',
				version: '2.2.0',
				environment: 'Production',
				clientName: 'Happy Ltd.',
			},
		}));

		on('GET', `${P.visitorBadge}/:id`, (req) => {
			const key = req.params.id;
			const badge = d.badges.find((b) => String(b.id) === key || b.uid === key);
			if (!badge) throw new HttpError(404, `Visitor badge ${key} was not found`);
			return { body: badge };
		});
		on('GET', P.visitorBadge, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.badges.filter(
				(b) =>
					f.ids('id', b.id) &&
					f.strings('uid', b.uid) &&
					f.strings('registrationCode', b.registrationCode) &&
					f.ids('buildingId', b.buildingId) &&
					f.enumIndex('state', DOC_BADGE_STATES, b.state) &&
					f.period(b.period),
			);
			return this.page(rows, req.query);
		});

		on('GET', P.visitingAppointment, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.visitingAppointments.filter(
				(a) =>
					f.ids('id', a.id) &&
					f.ids('invitingUserId', a.invitingUser.id) &&
					f.text('searchText', [a.subject, a.content]) &&
					f.enumName('bookingState', DOC_BOOKING_STATES, a.bookingState) &&
					f.ids('bookableResourceId', a.bookableResource.id) &&
					f.ids('buildingId', a.building.id) &&
					f.idsAny(
						'visitorId',
						a.visitors.map((v) => v.id),
					) &&
					f.ids('bookingId', a.bookingId) &&
					f.period(a),
			);
			return this.page(rows, req.query);
		});

		on('GET', `${P.user}/:id`, (req) => ({ body: byId(d.users, req.params.id, 'User') }));
		on('GET', P.user, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.users.filter(
				(u) =>
					f.ids('id', u.id) &&
					f.idsAny(
						'userGroupId',
						u.userGroups.map((g) => g.id),
					) &&
					f.text('searchText', [u.displayName, u.emailAddress, u.userName]) &&
					f.bool('isDeleted', u.isDeleted),
			);
			return this.page(rows, req.query);
		});

		on('GET', `${P.serviceItem}/:id`, (req) => ({
			body: byId(d.serviceItems, req.params.id, 'Service item'),
		}));
		on('GET', P.serviceItem, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.serviceItems.filter(
				(s) =>
					f.ids('id', s.id) &&
					f.enumIndex('type', SERVICE_ITEM_TYPES, s.type) &&
					f.ids('servicePlanId', s.servicePlanId) &&
					f.text(
						'searchText',
						s.name.map((n) => n.value),
					),
			);
			return this.page(rows, req.query);
		});

		on('POST', P.iotSensorOccupancy, (req) => {
			const body = objectBody(req);
			const accessId = body.accessId;
			if (typeof accessId !== 'string' || accessId === '')
				throw new HttpError(400, 'accessId is required', {
					accessId: ['The AccessId field is required.'],
				});
			const field = this.occupancyDataField;
			const data = body[field] as Record<string, unknown> | null | undefined;
			// Variant: a server that reads the values under another name takes a reading without them ("object or
			// null", as the document allows) and says nothing.
			if (
				field === 'data' &&
				(!data || typeof data.isConnected !== 'boolean' || typeof data.isOccupied !== 'boolean')
			) {
				throw new HttpError(400, 'data.isConnected and data.isOccupied must be true or false', {
					data: ['isConnected and isOccupied are required booleans.'],
				});
			}
			let timestamp: string;
			if (body.timestamp === undefined || body.timestamp === null || body.timestamp === '')
				timestamp = iso(DateTime.fromMillis(this.now(), { zone: ZONE }));
			else {
				const t = DateTime.fromISO(String(body.timestamp), { setZone: true });
				if (!t.isValid)
					throw new HttpError(400, 'timestamp is not a date', {
						timestamp: ['The value is not a valid date-time.'],
					});
				timestamp = iso(t);
			}
			const device = d.iotDevices.find((x) => x.accessId === accessId && !x.isDeleted);
			if (!device) throw new HttpError(404, `No IoT device with access ID ${accessId}`);
			const reading: OccupancyReading = {
				deviceId: device.id,
				accessId,
				timestamp,
				data:
					data && typeof data.isConnected === 'boolean' && typeof data.isOccupied === 'boolean'
						? { isConnected: data.isConnected, isOccupied: data.isOccupied }
						: null,
			};
			d.occupancy.push(reading);
			return { body: { deviceId: device.id, timestamp, [field]: reading.data } };
		});

		on('GET', P.iotDevice, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.iotDevices.filter(
				(x) =>
					f.ids('id', x.id) &&
					f.strings('accessId', x.accessId ?? '') &&
					f.text('searchText', [x.name ?? '']) &&
					f.idsOrNull('bookableResourceId', x.bookableResource?.id ?? null) &&
					f.bool('isDeleted', x.isDeleted),
			);
			return this.page(rows, req.query);
		});
		on('POST', P.iotDevice, (req) => {
			const device = this.readDevice(objectBody(req), undefined);
			device.id = ++this.counters.iotDevice;
			if (!device.accessId) device.accessId = `GEN${String(device.id).padStart(4, '0')}`;
			d.iotDevices.push(device);
			return { status: 200, body: this.servedDevice(device) };
		});
		on('GET', `${P.iotDevice}/:id`, (req) => ({
			body: this.servedDevice(byId(d.iotDevices, req.params.id, 'IoT device')),
		}));
		on('PUT', `${P.iotDevice}/:id`, (req) => {
			const existing = byId(d.iotDevices, req.params.id, 'IoT device');
			const next = this.readDevice(objectBody(req), existing.id);
			Object.assign(existing, next, { id: existing.id });
			return { body: this.servedDevice(existing) };
		});

		on('GET', `${P.ePaperController}/:id`, (req) => ({
			body: byId(d.ePaperControllers, req.params.id, 'E-paper controller'),
		}));
		on('GET', P.ePaperController, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.ePaperControllers.filter(
				(c) =>
					f.ids('id', c.id) &&
					f.bool('isDeleted', c.isDeleted) &&
					f.enumIndex('type', EPAPER_TYPES, c.type) &&
					f.text('searchText', [c.name]),
			);
			return this.page(rows, req.query);
		});
		on('POST', P.ePaperTagStatus, (req) => {
			const body = objectBody(req);
			const tagId = body.ePaperTagId;
			if (typeof tagId !== 'string' || tagId === '')
				throw new HttpError(400, 'ePaperTagId is required', {
					ePaperTagId: ['The ePaperTagId field is required.'],
				});
			for (const key of ['batteryLevel', 'screenSize'] as const) {
				if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'number')
					throw new HttpError(400, `${key} must be a number`, { [key]: ['Must be a number.'] });
			}
			if (body.isOnline !== undefined && typeof body.isOnline !== 'boolean')
				throw new HttpError(400, 'isOnline must be true or false', {
					isOnline: ['Must be a boolean.'],
				});
			const tag = d.ePaperControllers.flatMap((c) => c.tags).find((t) => t.ePaperTagId === tagId);
			if (!tag) return { body: { isSuccess: false } };
			if (body.batteryLevel !== undefined) tag.batteryLevel = body.batteryLevel as number | null;
			if (body.screenSize !== undefined) tag.screenSize = body.screenSize as number | null;
			if (body.isOnline !== undefined) tag.isOnline = body.isOnline as boolean;
			return { body: { isSuccess: true } };
		});

		on('GET', P.dailyVisitorAnalytics, (req) => {
			const raw = q(req.query, 'date');
			if (!raw)
				throw new HttpError(400, 'date is required', { date: ['The date field is required.'] });
			const date = DateTime.fromISO(raw, { setZone: true });
			if (!date.isValid || !/[zZ]|[+-]\d\d:?\d\d$/.test(raw))
				throw new HttpError(
					400,
					'date must be an ISO 8601 date-time with an offset, e.g. 2022-01-05T00:00:00+08:00',
					{ date: ['Invalid date-time.'] },
				);
			const dayStart = date.startOf('day');
			const dayEnd = dayStart.plus({ days: 1 });
			const counts = [0, 0, 0, 0];
			for (const b of d.badges) {
				const s = DateTime.fromISO(b.period.start);
				if (s >= dayStart && s < dayEnd) counts[b.state]++;
			}
			return {
				body: {
					numberOfInitial: counts[0],
					numberOfVisiting: counts[3],
					numberOfVisited: counts[2],
					numberOfNoShow: counts[1],
				},
			};
		});

		on('GET', `${P.building}/:id`, (req) => ({
			body: byId(d.buildings, req.params.id, 'Building'),
		}));
		on('GET', P.building, (req) => {
			const f = new Filters(req.query, this.now());
			const rows = d.buildings.filter(
				(b) =>
					f.ids('id', b.id) &&
					f.bool('isDeleted', b.isDeleted) &&
					f.text('searchText', [...b.name.map((n) => n.value), b.shortName]),
			);
			return this.page(rows, req.query);
		});

		on('GET', P.resourceAppointment, (req) => {
			const f = new Filters(req.query, this.now());
			const exclude = q(req.query, 'excludePreparation');
			if (exclude !== undefined && exclude !== 'true' && exclude !== 'false')
				throw new HttpError(400, 'excludePreparation must be true or false', {
					excludePreparation: ['Must be a boolean.'],
				});
			const rows = d.appointments.filter(
				f.only<Appointment>({
					id: (a) => f.ids('id', a.id),
					organizerUserId: (a) => f.ids('organizerUserId', a.organizer.id),
					searchText: (a) => f.text('searchText', [a.subject, a.content]),
					bookingState: (a) => f.enumName('bookingState', DOC_BOOKING_STATES, a.bookingState),
					bookableResourceId: (a) => f.ids('bookableResourceId', a.bookableResource.id),
					bookableResourceType: (a) =>
						f.enumIndex('bookableResourceType', DOC_RESOURCE_TYPES, a.bookableResource.type),
					bookingId: (a) => f.ids('bookingId', a.bookingId),
					excludePreparation: (a) => !(exclude === 'true' && a.isPreparation),
					'from,to': (a) => f.period(a),
				}),
			);
			// Start times parsed once per record (instants), and no sort when the records are in order already: large
			// seeds stay cheap to page through.
			const starts = rows.map((a) => instants(a).startMs);
			let ordered = true;
			for (let i = 1; ordered && i < rows.length; i++)
				ordered =
					starts[i - 1] < starts[i] || (starts[i - 1] === starts[i] && rows[i - 1].id < rows[i].id);
			if (!ordered) rows.sort((a, b) => instants(a).startMs - instants(b).startMs || a.id - b.id);
			const variant =
				this.appointmentFieldVariant !== 'default' ||
				this.dropAppointmentFields.length > 0 ||
				this.appointmentKeyCase !== 'camel';
			return variant
				? this.page(
						rows.map((a) => this.servedAppointment(a)),
						req.query,
					)
				: this.page(rows, req.query);
		});

		on('GET', P.exportByBookableResource, (req) => {
			const zone = q(req.query, 'TimeZone') ?? 'UTC';
			if (!DateTime.now().setZone(zone).isValid)
				throw new HttpError(400, `Unknown time zone ${zone}`, { TimeZone: ['Unknown time zone.'] });
			const read = (name: string) => {
				const raw = q(req.query, name);
				if (!raw)
					throw new HttpError(400, `${name} is required`, {
						[name]: [`The ${name} field is required.`],
					});
				const t = DateTime.fromISO(raw, { zone, setZone: true });
				if (!t.isValid)
					throw new HttpError(400, `${name} is not a date`, { [name]: ['Invalid date-time.'] });
				return t;
			};
			const from = read('From');
			const to = read('To');
			if (to <= from)
				throw new HttpError(400, 'To must be after From', { To: ['To must be after From.'] });
			const rows = d.appointments
				.filter((a) => Date.parse(a.end) > from.toMillis() && Date.parse(a.start) < to.toMillis())
				.sort(
					(a, b) =>
						a.bookableResource.id - b.bookableResource.id ||
						Date.parse(a.start) - Date.parse(b.start),
				);
			const local = (s: string) => DateTime.fromISO(s).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
			const sheet = [
				['Bookable resource', 'Subject', 'Start', 'End', 'Organizer', 'State'],
				...rows.map((a) => [
					a.bookableResource.name[0].value,
					a.subject,
					local(a.start),
					local(a.end),
					a.organizer.displayName,
					a.bookingState,
				]),
			];
			const name = `Bookings_${from.setZone(zone).toFormat('yyyyMMdd')}_${to.setZone(zone).toFormat('yyyyMMdd')}.xlsx`;
			return {
				headers: {
					'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
					'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${name}`,
				},
				body: buildXlsx(sheet),
			};
		});

		on('GET', `${P.bookableResource}/:id`, (req) => ({
			body: byId(d.resources, req.params.id, 'Bookable resource'),
		}));
		on('GET', P.bookableResource, (req) => {
			const f = new Filters(req.query, this.now());
			const min = f.int('minCapacity');
			const max = f.int('maxCapacity');
			const rows = d.resources.filter(
				(r) =>
					f.ids('id', r.id) &&
					f.enumIndex('type', DOC_RESOURCE_TYPES, r.type) &&
					f.enumIndex('category', RESOURCE_CATEGORIES, r.category) &&
					f.strings('accessId', r.accessId) &&
					f.bool('isDeleted', r.isDeleted) &&
					f.text(
						'searchText',
						r.name.map((n) => n.value),
					) &&
					f.idsOrNull('floorId', r.floor.id) &&
					(min === undefined || r.capacity >= min) &&
					(max === undefined || r.capacity <= max),
			);
			return this.page(rows, req.query);
		});

		const subscribe =
			(kind: Subscription['kind']) =>
			(req: SandboxRequest): SandboxResponse => {
				const body = objectBody(req);
				const ids = body.ids;
				if (typeof ids !== 'string' || ids.trim() === '')
					throw new HttpError(400, 'ids is required', { ids: ['The ids field is required.'] });
				const resourceIds = ids.split(',').map((s) => s.trim());
				if (resourceIds.some((s) => !/^\d+$/.test(s)))
					throw new HttpError(400, 'ids must be comma-separated whole numbers', {
						ids: ['Invalid id list.'],
					});
				for (const id of resourceIds) {
					if (!d.resources.some((r) => r.id === Number(id) && !r.isDeleted))
						throw new HttpError(400, `Bookable resource ${id} does not exist`, {
							ids: [`Unknown bookable resource ${id}.`],
						});
				}
				const callbackUrl = body.callbackUrl;
				let parsed: URL | undefined;
				try {
					parsed = typeof callbackUrl === 'string' ? new URL(callbackUrl) : undefined;
				} catch {
					parsed = undefined;
				}
				if (!parsed || !/^https?:$/.test(parsed.protocol))
					throw new HttpError(400, 'callbackUrl must be an absolute http(s) URL', {
						callbackUrl: ['Invalid URL.'],
					});
				const expire =
					body.expireTime === undefined || body.expireTime === null ? 60 : body.expireTime;
				if (
					typeof expire !== 'number' ||
					!Number.isInteger(expire) ||
					expire < 1 ||
					expire > 1440
				) {
					throw new HttpError(400, 'expireTime must be a whole number of minutes from 1 to 1440', {
						expireTime: ['Must be between 1 and 1440.'],
					});
				}
				const now = this.now();
				const id = `sub-${String(++this.counters.subscription).padStart(6, '0')}`;
				for (const rid of resourceIds.map(Number)) {
					const existing = d.subscriptions.find(
						(s) => s.kind === kind && s.resourceId === rid && s.callbackUrl === callbackUrl,
					);
					if (existing) {
						existing.expiresAt = now + expire * 60_000;
						existing.renewals++;
					} else {
						d.subscriptions.push({
							id,
							kind,
							resourceId: rid,
							callbackUrl: callbackUrl as string,
							expiresAt: now + expire * 60_000,
							createdAt: now,
							renewals: 0,
						});
					}
				}
				return {
					body: JSON.stringify(id),
					headers: { 'Content-Type': 'application/json; charset=utf-8' },
				};
			};
		// The document lists the appointment subscription under BookableResource and BookableResourcePlayerContent.
		on('POST', P.subscribeAppointmentChange, subscribe('appointment'));
		on('POST', P.playerContentSubscribeAppointmentChange, subscribe('appointment'));
		on('POST', P.subscribeDailyAccessKeyChange, subscribe('dailyAccessKey'));

		on('GET', P.accessKey, (req) => {
			const f = new Filters(req.query, this.now());
			return {
				body: d.accessKeys.filter(
					(k) =>
						f.ids('bookableResourceId', k.bookableResourceId) &&
						f.enumIndex('type', DOC_ACCESS_KEY_TYPES, k.type),
				),
			};
		});
		on('GET', P.playerContent, (req) => {
			const f = new Filters(req.query, this.now());
			return { body: d.playerContents.filter((c) => f.ids('id', c.id)) };
		});
	}

	/** A device as the server sends it (variant: the name under `deviceName`). */
	private servedDevice(device: IotDevice): Record<string, unknown> {
		if (this.iotDeviceNameField === 'name') return { ...device };
		const { name, ...rest } = device;
		return { ...rest, deviceName: name };
	}

	private readDevice(body: Record<string, unknown>, selfId: number | undefined): IotDevice {
		const accessId = body.accessId === undefined ? null : body.accessId;
		if (accessId !== null && typeof accessId !== 'string')
			throw new HttpError(400, 'accessId must be text', { accessId: ['Must be a string.'] });
		// Documented as "string or null": on create, null (or absent) has the server generate one.
		if (!accessId && selfId !== undefined)
			throw new HttpError(400, 'accessId is required', {
				accessId: ['The AccessId field is required.'],
			});
		if (accessId && this.data.iotDevices.some((x) => x.accessId === accessId && x.id !== selfId))
			throw new HttpError(409, `An IoT device with access ID ${accessId} already exists`);
		// Variant: a server whose field is `deviceName` ignores `name` (stores none).
		const sentName = body[this.iotDeviceNameField];
		const name = sentName === undefined ? null : sentName;
		if (name !== null && typeof name !== 'string')
			throw new HttpError(400, 'name must be text', { name: ['Must be a string.'] });
		let resource: IotDevice['bookableResource'] = null;
		const ref = body.bookableResource as { id?: unknown } | null | undefined;
		if (ref !== undefined && ref !== null) {
			const r = this.data.resources.find((x) => x.id === Number(ref.id));
			if (!r)
				throw new HttpError(400, `Bookable resource ${String(ref.id)} does not exist`, {
					bookableResource: ['Unknown bookable resource.'],
				});
			resource = { id: r.id, name: r.name };
		}
		if (body.isDeleted !== undefined && typeof body.isDeleted !== 'boolean')
			throw new HttpError(400, 'isDeleted must be true or false', {
				isDeleted: ['Must be a boolean.'],
			});
		return {
			id: selfId ?? 0,
			accessId,
			name,
			bookableResource: resource,
			isDeleted: body.isDeleted === true,
		};
	}

	private page<T>(rows: T[], query: Query): SandboxResponse {
		const rawPage = q(query, 'page');
		const rawRow = q(query, 'row');
		const base = this.pageBase;
		if (rawPage !== undefined && (!/^\d+$/.test(rawPage) || Number(rawPage) < base))
			throw new HttpError(400, `page must be a whole number from ${base} (got ${rawPage})`, {
				page: ['Invalid page.'],
			});
		if (
			rawRow !== undefined &&
			(!/^\d+$/.test(rawRow) || Number(rawRow) < 1 || Number(rawRow) > this.maxRow)
		) {
			throw new HttpError(
				400,
				`row must be a whole number from 1 to ${this.maxRow} (got ${rawRow})`,
				{ row: ['Invalid row.'] },
			);
		}
		const page = rawPage === undefined ? base : Number(rawPage);
		const asked = rawRow === undefined ? 50 : Number(rawRow);
		const row = this.rowCap !== undefined ? Math.min(asked, this.rowCap) : asked;
		return {
			body: {
				data: rows.slice((page - base) * row, (page - base + 1) * row),
				metaData: {
					...(this.echoPage ? { page } : {}),
					...(this.echoRow ? { row } : {}),
					...(this.pageTotal === 'documented'
						? {
								totalCount: rows.length + this.totalSkew,
								totalPages: Math.ceil((rows.length + this.totalSkew) / row),
							}
						: this.pageTotal === 'renamed'
							? { [this.totalName]: rows.length + this.totalSkew }
							: {}),
				},
			},
		};
	}

	private async guard(
		req: SandboxRequest,
		fn: (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>,
	): Promise<SandboxResponse> {
		const token = tokenOf(req.headers.authorization);
		if (token === undefined || !this.tokens.has(token) || this.expiredTokens.has(token)) {
			return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="Bookings ONE"' } };
		}
		try {
			return await fn(req);
		} catch (error) {
			if (error instanceof HttpError) return problem(error.status, error.message, error.errors);
			throw error;
		}
	}
}

export function createBookingsOneSandbox(opts?: BookingsOneSandboxOptions): BookingsOneSandbox {
	return new BookingsOneSandbox(opts);
}

/** The token from `Authorization: <token>` or `Authorization: Basic base64(token:)`. */
function tokenOf(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const basic = /^Basic\s+(.+)$/i.exec(header);
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return undefined;
		if (decoded.slice(colon + 1) !== '') return undefined;
		return decoded.slice(0, colon);
	}
	if (/^Bearer\s/i.test(header)) return undefined;
	return header;
}

function objectBody(req: SandboxRequest): Record<string, unknown> {
	if (req.bodyError) throw new HttpError(400, `The body is not valid JSON: ${req.bodyError}`);
	if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
		throw new HttpError(400, 'A JSON object body is required');
	return req.body as Record<string, unknown>;
}

function byId<T extends { id: number }>(rows: T[], raw: string, what: string): T {
	if (!/^\d+$/.test(raw))
		throw new HttpError(400, `The value '${raw}' is not valid.`, {
			id: [`The value '${raw}' is not valid.`],
		});
	const found = rows.find((r) => r.id === Number(raw));
	if (!found) throw new HttpError(404, `${what} ${raw} was not found`);
	return found;
}

/** Query filters of the search endpoints; each returns true when the record passes (or the filter is absent). */
class Filters {
	constructor(
		private readonly query: Query,
		private readonly nowMs: number,
	) {}

	/**
	 * Each filter is read from the query once per request, not once per record: a listing of 50,000 records
	 * checks every record against every filter (the emulator's own CPU is a floor of every client's wall time).
	 * Keyed by kind, then by the (literal) filter name.
	 */
	private readonly parsed = new Map<string, Map<string, unknown>>();
	private once<T>(kind: string, name: string, parse: () => T): T {
		// An absent filter parses to "no filter" at once (the common case: no map lookups per record).
		if (this.query[name] === undefined) return parse();
		let byName = this.parsed.get(kind);
		if (!byName) this.parsed.set(kind, (byName = new Map()));
		if (!byName.has(name)) byName.set(name, parse());
		return byName.get(name) as T;
	}

	/**
	 * One predicate for a listing: only the checks whose query parameters this request sets (a key may name several,
	 * comma-separated) run per record. An absent or empty parameter means "no filter" for every check.
	 */
	only<T>(checks: Record<string, (record: T) => boolean>): (record: T) => boolean {
		const active = Object.entries(checks)
			.filter(([names]) =>
				names.split(',').some((name) => {
					const raw = q(this.query, name);
					return raw !== undefined && raw !== '';
				}),
			)
			.map(([, check]) => check);
		return (record) => active.every((check) => check(record));
	}

	private list(name: string): string[] | undefined {
		return this.once('list', name, () => {
			const raw = q(this.query, name);
			if (raw === undefined || raw.trim() === '') return undefined;
			return raw
				.split(',')
				.map((s) => s.trim())
				.filter((s) => s !== '');
		});
	}

	private numbers(name: string, allowNull = false): Array<number | null> | undefined {
		return this.once(allowNull ? 'numbersOrNull' : 'numbers', name, () =>
			this.parseNumbers(name, allowNull),
		);
	}

	private parseNumbers(name: string, allowNull: boolean): Array<number | null> | undefined {
		const values = this.list(name);
		if (!values) return undefined;
		return values.map((v) => {
			if (allowNull && v.toLowerCase() === 'null') return null;
			if (!/^\d+$/.test(v))
				throw new HttpError(400, `${name} must be comma-separated whole numbers (got ${v})`, {
					[name]: [`'${v}' is not a valid id.`],
				});
			return Number(v);
		});
	}

	ids(name: string, value: number): boolean {
		const set = this.numbers(name);
		return !set || set.includes(value);
	}

	idsAny(name: string, values: number[]): boolean {
		const set = this.numbers(name);
		return !set || values.some((v) => set.includes(v));
	}

	idsOrNull(name: string, value: number | null): boolean {
		const set = this.numbers(name, true);
		return !set || set.includes(value);
	}

	strings(name: string, value: string): boolean {
		const set = this.list(name);
		return !set || set.includes(value);
	}

	enumIndex(name: string, names: string[], value: number): boolean {
		const set = this.list(name);
		if (!set) return true;
		const wanted = set.map((s) => {
			const i = names.findIndex((n) => n.toLowerCase() === s.toLowerCase());
			if (i < 0)
				throw new HttpError(400, `${name} accepts ${names.join(', ')} (got ${s})`, {
					[name]: [`'${s}' is not valid.`],
				});
			return i;
		});
		return wanted.includes(value);
	}

	enumName(name: string, names: string[], value: string): boolean {
		const set = this.list(name);
		if (!set) return true;
		for (const s of set)
			if (!names.some((n) => n.toLowerCase() === s.toLowerCase()))
				throw new HttpError(400, `${name} accepts ${names.join(', ')} (got ${s})`, {
					[name]: [`'${s}' is not valid.`],
				});
		return set.some((s) => s.toLowerCase() === value.toLowerCase());
	}

	text(name: string, haystack: string[]): boolean {
		const needle = q(this.query, name);
		if (!needle) return true;
		return haystack.some((h) => h.toLowerCase().includes(needle.toLowerCase()));
	}

	bool(name: string, value: boolean): boolean {
		const raw = q(this.query, name);
		if (raw === undefined || raw === '') return true;
		if (raw !== 'true' && raw !== 'false')
			throw new HttpError(400, `${name} must be true or false`, {
				[name]: [`The value '${raw}' is not valid.`],
			});
		return (raw === 'true') === value;
	}

	int(name: string): number | undefined {
		const raw = q(this.query, name);
		if (raw === undefined || raw === '') return undefined;
		if (!/^-?\d+$/.test(raw))
			throw new HttpError(400, `${name} must be a whole number`, {
				[name]: [`The value '${raw}' is not valid.`],
			});
		return Number(raw);
	}

	private time(name: string): number | undefined {
		return this.once('time', name, () => this.parseTime(name));
	}

	private parseTime(name: string): number | undefined {
		const raw = q(this.query, name);
		if (raw === undefined || raw === '') return undefined;
		if (raw.toLowerCase() === 'now') return this.nowMs;
		const t = DateTime.fromISO(raw, { setZone: true, zone: 'UTC' });
		if (!t.isValid)
			throw new HttpError(400, `${name} must be ISO 8601 or 'now' (got ${raw})`, {
				[name]: [`The value '${raw}' is not valid.`],
			});
		return t.toMillis();
	}

	/** Records whose [start, end] overlaps [from, to]. */
	period(record: { start: string; end: string }): boolean {
		const from = this.time('from');
		const to = this.time('to');
		if (from !== undefined && to !== undefined && to < from)
			throw new HttpError(400, 'to must not be before from', {
				to: ['to must not be before from.'],
			});
		if (from === undefined && to === undefined) return true;
		const t = instants(record);
		if (from !== undefined && t.endMs <= from) return false;
		if (to !== undefined && t.startMs >= to) return false;
		return true;
	}
}

/**
 * A record's start and end as epoch ms, remembered per record while its texts stay the same: every listing request
 * filters and sorts all records by time.
 */
const TIMES = new WeakMap<object, { start: string; end: string; startMs: number; endMs: number }>();
function instants(record: { start: string; end: string }): { startMs: number; endMs: number } {
	let t = TIMES.get(record);
	if (!t || t.start !== record.start || t.end !== record.end) {
		t = {
			start: record.start,
			end: record.end,
			startMs: Date.parse(record.start),
			endMs: Date.parse(record.end),
		};
		TIMES.set(record, t);
	}
	return t;
}

function iso(t: DateTime): string {
	return t.toISO({ suppressMilliseconds: true }) as string;
}

function code6(rnd: () => number): string {
	const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
	return Array.from({ length: 6 }, () => letters[Math.floor(rnd() * letters.length)]).join('');
}

// ---------------------------------------------------------------- a minimal .xlsx writer (stored zip)
function xmlEscape(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

function columnName(i: number): string {
	let n = i + 1;
	let out = '';
	while (n > 0) {
		const r = (n - 1) % 26;
		out = String.fromCharCode(65 + r) + out;
		n = Math.floor((n - 1) / 26);
	}
	return out;
}

/** A one-sheet workbook with inline strings, as a zip with stored entries. */
export function buildXlsx(rows: string[][]): Buffer {
	const sheetRows = rows
		.map(
			(row, r) =>
				`<row r="${r + 1}">${row.map((cell, c) => `<c r="${columnName(c)}${r + 1}" t="inlineStr"><is><t>${xmlEscape(cell)}</t></is></c>`).join('')}</row>`,
		)
		.join('');
	const files: Array<[string, string]> = [
		[
			'[Content_Types].xml',
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
		],
		[
			'_rels/.rels',
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
		],
		[
			'xl/workbook.xml',
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Bookings" sheetId="1" r:id="rId1"/></sheets></workbook>',
		],
		[
			'xl/_rels/workbook.xml.rels',
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
		],
		[
			'xl/worksheets/sheet1.xml',
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
		],
	];
	return storedZip(files.map(([name, content]) => [name, Buffer.from(content, 'utf8')]));
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(data: Buffer): number {
	let c = 0xffffffff;
	for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function storedZip(entries: Array<[string, Buffer]>): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, data] of entries) {
		const nameBuf = Buffer.from(name, 'utf8');
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6);
		local.writeUInt16LE(0, 8);
		local.writeUInt32LE(0, 10);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(nameBuf.length, 26);
		local.writeUInt16LE(0, 28);
		locals.push(local, nameBuf, data);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(0, 10);
		central.writeUInt32LE(0, 12);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(nameBuf.length, 28);
		central.writeUInt32LE(offset, 42);
		centrals.push(central, nameBuf);
		offset += 30 + nameBuf.length + data.length;
	}
	const centralSize = centrals.reduce((n, b) => n + b.length, 0);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(centralSize, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, ...centrals, end]);
}

/** Reads the entries of a stored (uncompressed) zip, for tests. */
export function readStoredZip(zip: Buffer): Record<string, string> {
	const out: Record<string, string> = {};
	let p = 0;
	while (zip.readUInt32LE(p) === 0x04034b50) {
		const size = zip.readUInt32LE(p + 18);
		const nameLen = zip.readUInt16LE(p + 26);
		const extra = zip.readUInt16LE(p + 28);
		const name = zip.subarray(p + 30, p + 30 + nameLen).toString('utf8');
		const start = p + 30 + nameLen + extra;
		out[name] = zip.subarray(start, start + size).toString('utf8');
		p = start + size;
	}
	return out;
}

/** Every key of a JSON value, at every depth, from camelCase into another key style. */
function restyled(value: unknown, style: 'pascal' | 'snake'): unknown {
	if (Array.isArray(value)) return value.map((v) => restyled(v, style));
	if (value === null || typeof value !== 'object') return value;
	const key = (k: string) =>
		style === 'pascal'
			? k.charAt(0).toUpperCase() + k.slice(1)
			: k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([k, v]) => [key(k), restyled(v, style)]),
	);
}
