/**
 * Hub Planner emulator: serves `/v1/...` as Hub Planner's public API documents it (see
 * ../shared/reference/vendor-contracts.md §1 and reference/hubplanner/Sections). In-memory, seeded, deterministic.
 *
 * Choices where the docs are silent (keep docs/hubplanner.md's assumption list in sync):
 * - Errors are `{"error": {"status", "code", "message"}}`.
 * - Deleted bookings are soft-deleted (`deleted: true`, `deletedDate`). They are hidden from GET /booking and
 *   /booking/search unless asked for (`?deleted=true` / `{"deleted": true}` or a `deletedDate` condition → ONLY
 *   deleted ones), and GET/PUT/PATCH/DELETE /booking/:id on a deleted booking answer 404.
 * - Search: an undocumented property, an unknown `$operator`, or an operator the property does not support → 400.
 *   `resource` and `resources` both filter the booking's resource. `$like` is a case-insensitive substring match.
 * - Sort: a field that is not documented as sortable → 400. Ties (and unsorted lists) are ordered by `_id`.
 *   Only the documented repeated form `sort=a&sort=-b` is read; `sort[0]=a` / `sort[]=a` (n8n's default array
 *   serialisation; use `arrayFormat: 'repeat'`) → 400, as does a comma list (`sort=a,b` is one unknown field).
 * - Unknown resource/project on a booking write → 400. Over-schedule refusal → 400 with code OVERSCHEDULE_WARNING.
 * - Booking times are wall times "YYYY-MM-DDTHH:mm" (an offset in the input is dropped, not converted); a plain
 *   date becomes 09:00 (start) / 18:00 (end). End before start → 400.
 * - `type` is read-only except WAITING_FOR_APPROVAL → APPROVED/REJECTED (needs approvalInfo.approvedOrRejectedById).
 * - Bulk delete takes exactly one of ids/resourceId/projectId and answers `{message, count}`.
 * - Time entries (Sections/timesheets.md): default page 20 like bookings; `resource`/`resources` both filter the
 *   resource; minutes a whole number 0–1440; date "YYYY-MM-DD"; a `locked` entry cannot be changed or deleted
 *   (400); a project with `timeEntryNoteRequired` refuses an entry without a note (400); read-only fields sent
 *   back on PUT are ignored. DELETE /timeentry/:id answers the entry; DELETE /timeentry with an id array → 204.
 * - Clients (Sections/clients.md): unpaged GET answers all; `name` is required on create and PUT; metadata is
 *   accepted on create (the document shows only name). Billing rates: GET /billingRate (all), /billingRate/:id.
 * - Booking `bookingRate.{external,internal}.defaultRateId` must name a billing rate (400 otherwise); customFields
 *   must be an array of objects; deadlineDate is stored as midnight UTC ("2018-06-10T00:00:00.000Z").
 * - Variant knobs (a real tenant that differs): `renameFields` answers booking fields under other names (and
 *   accepts them on input, the documented name winning); `ignoredOnWrite` drops those body fields on every
 *   booking / time entry / client write and answers success (what a tenant that names a field differently does).
 * - X-RateLimit-* on normal replies describe the daily limit (Reset = epoch seconds of next UTC midnight); a burst
 *   429 describes the burst window instead and adds Retry-After (seconds). Only known keys are counted.
 */
import {
	Sandbox,
	WindowLimiter,
	objectId,
	q,
	qAll,
	seededRandom,
	type Query,
	type SandboxRequest,
	type SandboxResponse,
} from './framework';

export type KeyRight = 'read' | 'write';

export interface HubPlannerSandboxOptions {
	apiKeys?: Record<string, KeyRight>;
	bookings?: number;
	resources?: number;
	projects?: number;
	seed?: number;
	burstLimit?: number;
	burstWindowMs?: number;
	dailyLimit?: number;
	timeEntries?: number;
	clients?: number;
	now?: () => number;
}

export interface Booking {
	_id: string;
	title: string;
	state: string;
	type: string;
	allDay: boolean;
	scale: string;
	start: string;
	end: string;
	stateValue: number;
	resource: string;
	project: string;
	note: string;
	metadata: string;
	categoryName: string;
	bookingCreatorId: string;
	lastUpdatedById: string;
	createdDate: string;
	updatedDate: string;
	details: { workDaysCount: number; bookedMinutes: number; [k: string]: unknown };
	approvalInfo?: Record<string, unknown>;
	deleted?: boolean;
	deletedDate?: string;
	[field: string]: unknown;
}

export interface Resource {
	_id: string;
	firstName: string;
	lastName: string;
	email: string;
	status: string;
	role: string;
	metadata: string;
	createdDate: string;
	updatedDate: string | null;
	customFields: Array<Record<string, unknown>>;
	[field: string]: unknown;
}

export interface Project {
	_id: string;
	name: string;
	projectCode: string;
	status: string;
	metadata: string;
	resources: string[];
	start: string | null;
	end: string | null;
	createdDate: string;
	updatedDate: string;
	customFields: Array<Record<string, unknown>>;
	[field: string]: unknown;
}

export interface TimeEntry {
	_id: string;
	resource: string;
	project: string;
	projectName: string;
	projectType: string;
	projectStatus: string;
	date: string;
	minutes: number;
	note: string;
	createdDate: string;
	updatedDate: string;
	metadata: string;
	status: string;
	locked: boolean;
	creator: string;
	categoryTemplateId: string;
	categoryName: string;
	[field: string]: unknown;
}

export interface Client {
	_id: string;
	name: string;
	metadata: string | null;
	createdDate: string;
	updatedDate?: string | null;
	[field: string]: unknown;
}

export interface BillingRate {
	_id: string;
	rate: number;
	label: string;
	currency: string;
	metadata: string;
	createdDate: string;
	updatedDate: string | null;
}

/** Booking field names a variant tenant may answer with, all of them in the node's alias lists. */
export const VARIANT_BOOKING_NAMES: Record<string, string> = {
	title: 'name',
	start: 'startDate',
	end: 'endDate',
	resource: 'resourceId',
	bookingCreatorId: 'createdBy',
	updatedDate: 'updatedAt',
	type: 'bookingType',
};

export interface Subscription {
	_id: string;
	companyId: string;
	creationDate: string;
	event: string;
	target_url: string;
	authorization_token?: string;
}

export interface Delivery {
	url: string;
	event: string;
	/** Receiver's HTTP status, 0 when the POST failed. */
	status: number;
	headers: Record<string, string>;
	body: unknown;
	error?: string;
}

export const HUBPLANNER_EVENTS = [
	'project.update',
	'resource.update',
	'booking.create',
	'booking.update',
	'booking.delete',
	'booking.delete.multiple',
	'timeEntry.create',
	'timeEntry.update',
	'timeEntry.create.update',
	'timeEntry.delete',
];
const STATES = ['STATE_DAY_MINUTE', 'STATE_PERCENTAGE', 'STATE_TOTAL_MINUTE'];
const TYPES = ['SCHEDULED', 'APPROVED', 'WAITING_FOR_APPROVAL', 'REJECTED'];
const WRITABLE = (
	'title state stateValue allDay scale start end resource project note metadata deadlineName deadlineDate ' +
	'backgroundColor customFields bookingRate categoryTemplateId categoryName'
).split(' ');
const DOC_TIME_ENTRY_STATUSES = ['UNSUBMITTED', 'SUBMITTED', 'APPROVED', 'REJECTED', 'PENDING'];
const TIME_ENTRY_WRITABLE = 'resource project date minutes note metadata status categoryTemplateId'.split(' ');
const COMPANY_ID = objectId(1, 'c0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What a search may ask of a property: ids/strings ($in/$nin/equality), dates (ranges), flags, or text ($like too). */
type FieldKind = 'id' | 'date' | 'bool' | 'text' | 'like-only';
const OPS: Record<FieldKind, string[]> = {
	id: ['$in', '$nin'],
	text: ['$in', '$nin', '$like'],
	date: ['$lt', '$lte', '$gt', '$gte'],
	bool: [],
	'like-only': ['$like'],
};
const KNOWN_OPS = ['$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$like'];

interface Entity {
	search: Record<string, { kind: FieldKind; get: (r: any) => unknown }>;
	sortable: string[];
	defaultLimit?: number;
}

const customFieldGetters = {
	customFieldsTemplateId: { kind: 'id' as const, get: (r: any) => cf(r, 'templateId') },
	customFieldsTemplateLabel: { kind: 'text' as const, get: (r: any) => cf(r, 'templateLabel') },
	customFieldsTemplateType: { kind: 'id' as const, get: (r: any) => cf(r, 'templateType') },
	customFieldsValue: { kind: 'text' as const, get: (r: any) => cf(r, 'value') },
	customFieldsChoiceId: { kind: 'id' as const, get: (r: any) => cf(r, 'choiceId') },
};
function cf(r: { customFields?: Array<Record<string, unknown>> }, key: string): unknown[] {
	return (r.customFields ?? []).map((f) => f[key]).filter((v) => v !== undefined);
}
const field = (kind: FieldKind, name: string) => ({ kind, get: (r: any) => r[name] });

const ENTITIES: Record<'booking' | 'resource' | 'project' | 'timeEntry' | 'client' | 'billingRate', Entity> = {
	timeEntry: {
		defaultLimit: 20,
		sortable: ['projectName', 'date', 'minutes', 'createdDate', 'updatedDate', 'metadata', 'status', 'categoryName'],
		search: {
			_id: field('id', '_id'),
			metadata: field('id', 'metadata'),
			date: field('date', 'date'),
			updatedDate: field('date', 'updatedDate'),
			resource: field('id', 'resource'),
			resources: field('id', 'resource'),
			project: field('id', 'project'),
			status: field('id', 'status'),
		},
	},
	client: {
		sortable: ['name', 'createdDate', 'updatedDate'],
		search: { name: field('text', 'name'), metadata: field('text', 'metadata') },
	},
	billingRate: {
		sortable: [],
		search: {
			_id: field('id', '_id'),
			metadata: field('id', 'metadata'),
			label: field('id', 'label'),
			currency: field('id', 'currency'),
			rate: field('id', 'rate'),
		},
	},
	booking: {
		defaultLimit: 20,
		sortable: ['title', 'state', 'start', 'end', 'stateValue', 'createdDate', 'updatedDate', 'metadata'],
		search: {
			_id: field('id', '_id'),
			metadata: field('id', 'metadata'),
			start: field('date', 'start'),
			end: field('date', 'end'),
			updatedDate: field('date', 'updatedDate'),
			resource: field('id', 'resource'),
			resources: field('id', 'resource'),
			project: field('id', 'project'),
			deleted: { kind: 'bool', get: (r: Booking) => r.deleted === true },
			deletedDate: field('date', 'deletedDate'),
		},
	},
	resource: {
		sortable: ['email', 'metadata', 'createdDate', 'updatedDate', 'firstName', 'lastName', 'status', 'role'],
		search: {
			_id: field('id', '_id'),
			metadata: field('id', 'metadata'),
			firstName: field('id', 'firstName'),
			lastName: field('id', 'lastName'),
			status: field('id', 'status'),
			role: field('id', 'role'),
			email: field('id', 'email'),
			...customFieldGetters,
		},
	},
	project: {
		sortable: ['name', 'createdDate', 'updatedDate', 'budgetHours', 'budgetCashAmount', 'budgetCurrency', 'status', 'metadata'],
		search: {
			_id: field('id', '_id'),
			metadata: field('id', 'metadata'),
			name: field('id', 'name'),
			projectCode: field('id', 'projectCode'),
			status: field('id', 'status'),
			resources: field('id', 'resources'),
			start: field('date', 'start'),
			end: field('date', 'end'),
			...customFieldGetters,
		},
	},
};

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly code = codeFor(status),
	) {
		super(message);
	}
}
const CODES: Record<number, string> = {
	400: 'BAD_REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	429: 'TOO_MANY_REQUESTS',
};
function codeFor(status: number): string {
	return CODES[status] ?? 'ERROR';
}
function errorBody(status: number, message: string, code = codeFor(status)) {
	return { error: { status, code, message } };
}

export class HubPlannerSandbox extends Sandbox {
	static readonly WRITE_KEY = 'hp-write-key-123';
	static readonly READ_KEY = 'hp-read-key-456';

	readonly data: {
		bookings: Booking[];
		resources: Resource[];
		projects: Project[];
		subscriptions: Subscription[];
		timeEntries: TimeEntry[];
		clients: Client[];
		billingRates: BillingRate[];
	} = {
		bookings: [],
		resources: [],
		projects: [],
		subscriptions: [],
		timeEntries: [],
		clients: [],
		billingRates: [],
	};
	/** Variant tenant: booking fields answered under other names (documented name → tenant's name). */
	renameFields: Record<string, string> = {};
	/** Variant tenant: body fields silently dropped on booking, time entry and client writes. */
	ignoredOnWrite: string[] = [];
	/** Known API keys and their rights; edit to revoke or add keys during a test. */
	readonly apiKeys: Record<string, KeyRight>;
	/** When true, a create/patch overlapping another booking of the same resource is refused unless allowOverschedule. */
	overscheduleWarning = false;
	/** Number of the first page (a tenant counting from 1 answers 400 to page 0). */
	pageBase: 0 | 1 = 0;
	/** When set, a larger `limit` is served silently with this many records (an undocumented lower cap). */
	limitCap?: number;
	/** Variant tenant counting pages from 1 that serves page 0 as page 1 instead of refusing it (so 0 and 1 are one). */
	lenientPageZero = false;
	readonly deliveries: Delivery[] = [];
	/** How long one webhook POST may take before it is recorded as failed. */
	webhookTimeoutMs = 5000;
	/** Booking dependencies (GET ?dependencies=true adds parentIds/childIds). */
	readonly dependencies: Array<{ parent: string; child: string }> = [];
	burstLimit: number;
	burstWindowMs: number;
	dailyLimit: number;

	private readonly now: () => number;
	private readonly seed: number;
	private readonly limiters = new Map<string, { burst: WindowLimiter; day: number; count: number }>();
	private counter = { booking: 0, subscription: 0, timeEntry: 0, client: 0 };
	private lastStamp = 0;

	constructor(opts: HubPlannerSandboxOptions = {}) {
		super('hubplanner');
		this.apiKeys = { ...(opts.apiKeys ?? { [HubPlannerSandbox.WRITE_KEY]: 'write', [HubPlannerSandbox.READ_KEY]: 'read' }) };
		this.burstLimit = opts.burstLimit ?? 50;
		this.burstWindowMs = opts.burstWindowMs ?? 5000;
		this.dailyLimit = opts.dailyLimit ?? 6000;
		this.now = opts.now ?? Date.now;
		this.seed = opts.seed ?? 42;
		this.seedDirectory(opts.resources ?? 8, opts.projects ?? 6);
		this.seedBookings(opts.bookings ?? 30);
		this.seedFinance(opts.timeEntries ?? 45, opts.clients ?? 5);
		this.registerRoutes();
	}

	// ---------------------------------------------------------------- seeding
	private seedDirectory(resources: number, projects: number): void {
		const rnd = seededRandom(this.seed);
		const first = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'John'];
		const last = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Backus'];
		const roles = ['ROLE_OWNER', 'ROLE_ADMIN', 'ROLE_MANAGER', 'ROLE_TEAM'];
		this.data.resources = Array.from({ length: resources }, (_, i) => ({
			_id: objectId(i + 1, 'a1'),
			firstName: first[i % first.length],
			lastName: `${last[Math.floor(rnd() * last.length)]}${i >= first.length ? ` ${i}` : ''}`,
			email: `resource${i + 1}@example.com`,
			status: i % 7 === 6 ? 'STATUS_ARCHIVED' : 'STATUS_ACTIVE',
			role: i === 0 ? 'ROLE_OWNER' : roles[1 + (i % 3)],
			metadata: `EMP-${String(i + 1).padStart(3, '0')}`,
			note: '',
			isProjectManager: i % 3 === 0,
			createdDate: new Date(Date.UTC(2024, 0, 1, 8, i)).toISOString(),
			updatedDate: null,
			customFields:
				i % 2 === 0
					? [
							{
								templateId: objectId(1, 'f0'),
								templateLabel: 'Department',
								templateType: 'TEXT',
								value: i % 4 === 0 ? 'Finance' : 'Engineering',
							},
						]
					: [],
		}));
		const names = ['Website Relaunch', 'ERP Migration', 'Office Move', 'Annual Audit', 'Mobile App', 'Data Warehouse'];
		this.data.projects = Array.from({ length: projects }, (_, i) => ({
			_id: objectId(i + 1, 'b2'),
			name: `${names[i % names.length]}${i >= names.length ? ` ${i}` : ''}`,
			projectCode: `P-${String(i + 1).padStart(3, '0')}`,
			status: i % 5 === 4 ? 'STATUS_ARCHIVED' : 'STATUS_ACTIVE',
			metadata: `CC-${100 + i}`,
			note: '',
			resources: this.data.resources.filter((_r, j) => (i + j) % 2 === 0).map((r) => r._id),
			projectManagers: [],
			start: null,
			end: null,
			budgetHours: (i + 1) * 100,
			budgetCashAmount: (i + 1) * 10000,
			budgetCurrency: 'EUR',
			createdDate: new Date(Date.UTC(2024, 0, 2, 8, i)).toISOString(),
			updatedDate: new Date(Date.UTC(2024, 0, 3, 8, i)).toISOString(),
			customFields: [],
		}));
	}

	/** Replace the bookings with n deterministic ones spread over resources, projects and dates (from 2025-01-06). */
	seedBookings(n: number): void {
		const rnd = seededRandom(this.seed + 1);
		const { resources, projects } = this.data;
		if (n > 0 && (resources.length === 0 || projects.length === 0))
			throw new Error('seedBookings needs at least one resource and one project');
		this.data.bookings.length = 0;
		this.dependencies.length = 0;
		const day0 = Date.UTC(2025, 0, 6);
		for (let i = 0; i < n; i++) {
			const startDay = new Date(day0 + Math.floor(rnd() * 180) * 86400000).toISOString().slice(0, 10);
			const endDay = new Date(Date.parse(startDay) + Math.floor(rnd() * 5) * 86400000).toISOString().slice(0, 10);
			const state = STATES[i % 3];
			const stamp = new Date(Date.UTC(2025, 0, 1) + i * 60000).toISOString();
			const booking = this.buildBooking(
				{
					title: i % 4 === 0 ? `Booking ${i + 1}` : '',
					resource: resources[i % resources.length]._id,
					project: projects[Math.floor(rnd() * projects.length)]._id,
					start: startDay,
					end: endDay,
					state,
					stateValue: state === 'STATE_PERCENTAGE' ? 50 + (i % 6) * 10 : 240 + (i % 5) * 60,
					metadata: i % 3 === 0 ? `ERP-${1000 + i}` : '',
					note: i % 5 === 0 ? 'Seeded booking' : '',
				},
				objectId(i + 1, 'e4'),
				stamp,
			);
			booking.type = i % 9 === 4 ? 'WAITING_FOR_APPROVAL' : 'SCHEDULED';
			this.data.bookings.push(booking);
			if (i % 10 === 1) this.dependencies.push({ parent: this.data.bookings[i - 1]._id, child: booking._id });
		}
		this.counter.booking = n;
		this.lastStamp = Math.max(this.lastStamp, Date.UTC(2025, 0, 1) + n * 60000);
	}

	/** Billing rates (3), clients and time entries; time entries spread over resources, projects and days. */
	seedFinance(timeEntries: number, clients: number): void {
		const base = new Date(Date.UTC(2024, 0, 5, 8)).toISOString();
		this.data.billingRates = [
			{ _id: objectId(1, 'f1'), rate: 100, label: 'default', currency: 'USD', metadata: '', createdDate: base, updatedDate: null },
			{ _id: objectId(2, 'f1'), rate: 150, label: 'Senior consultant', currency: 'EUR', metadata: 'SR', createdDate: base, updatedDate: null },
			{ _id: objectId(3, 'f1'), rate: 800, label: 'Intern', currency: 'SEK', metadata: '', createdDate: base, updatedDate: null },
		];
		const names = ['Acme Ltd', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises'];
		this.data.clients = Array.from({ length: clients }, (_, i) => ({
			_id: objectId(i + 1, 'c1'),
			name: `${names[i % names.length]}${i >= names.length ? ` ${i}` : ''}`,
			metadata: i % 2 === 0 ? `ERP-C${100 + i}` : null,
			createdDate: new Date(Date.UTC(2024, 0, 6, 8, i)).toISOString(),
			...(i % 3 === 0 ? { updatedDate: new Date(Date.UTC(2024, 1, 6, 8, i)).toISOString() } : {}),
		}));
		this.seedTimeEntries(timeEntries);
	}

	/** Replace the time entries with n deterministic ones (from 2025-03-03, one day apart per resource). */
	seedTimeEntries(n: number): void {
		const { resources, projects } = this.data;
		this.data.timeEntries = Array.from({ length: n }, (_, i) => {
			const project = projects[i % projects.length];
			const stamp = new Date(Date.UTC(2025, 2, 1) + i * 60000).toISOString();
			return {
				_id: objectId(i + 1, 'd7'),
				resource: resources[i % resources.length]._id,
				project: project._id,
				projectName: project.name,
				projectType: 'REGULAR',
				projectStatus: project.status,
				date: new Date(Date.UTC(2025, 2, 3) + Math.floor(i / resources.length) * 86400000).toISOString().slice(0, 10),
				minutes: 60 * (1 + (i % 8)),
				note: i % 4 === 0 ? 'Seeded entry' : '',
				createdDate: stamp,
				updatedDate: stamp,
				metadata: i % 5 === 0 ? `TS-${i}` : '',
				status: DOC_TIME_ENTRY_STATUSES[i % DOC_TIME_ENTRY_STATUSES.length],
				locked: i % 11 === 10,
				creator: resources[0]._id,
				categoryTemplateId: '',
				categoryName: '',
			};
		});
		this.counter.timeEntry = n;
	}

	/** Insert a booking directly (no API checks, no webhooks); unspecified fields get defaults. */
	insertBooking(fields: Partial<Booking> & { resource: string; project: string; start: string; end: string }): Booking {
		const booking = this.buildBooking(fields, objectId(++this.counter.booking, 'e4'), this.stamp());
		if (fields.type) booking.type = fields.type;
		this.data.bookings.push(booking);
		return booking;
	}

	/** Change a booking directly (no API checks, no webhooks): its updatedDate moves, as on any write. */
	touchBooking(id: string, fields: Partial<Booking> = {}): Booking {
		const booking = this.data.bookings.find((b) => b._id === id && !b.deleted);
		if (!booking) throw new Error(`No live booking ${id}`);
		Object.assign(booking, fields, { updatedDate: this.stamp() });
		return booking;
	}

	/** Delete a booking directly (soft delete, as DELETE /booking/:id: deleted, deletedDate; no webhooks). */
	removeBooking(id: string): Booking {
		const booking = this.data.bookings.find((b) => b._id === id && !b.deleted);
		if (!booking) throw new Error(`No live booking ${id}`);
		this.markDeleted(booking);
		return booking;
	}

	resetRateLimits(): void {
		this.limiters.clear();
	}

	// ---------------------------------------------------------------- webhooks
	/** Deliver a payload to every subscription of `event`, awaiting each POST; failures are recorded, not thrown. */
	async emit(event: string, payload: object | object[]): Promise<void> {
		for (const sub of this.data.subscriptions.filter((s) => s.event === event)) {
			const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'HubPlanner-Webhooks' };
			if (sub.authorization_token) headers['hubplanner-token'] = sub.authorization_token;
			const delivery: Delivery = { url: sub.target_url, event, status: 0, headers, body: payload };
			try {
				const res = await fetch(sub.target_url, {
					method: 'POST',
					headers,
					body: JSON.stringify(payload),
					signal: AbortSignal.timeout(this.webhookTimeoutMs),
				});
				delivery.status = res.status;
				await res.arrayBuffer();
			} catch (error) {
				delivery.error = (error as Error).message;
			}
			this.deliveries.push(delivery);
		}
	}

	/**
	 * Knob: send a recorded delivery again, byte for byte (a sender retrying after a slow or lost answer; the
	 * document says the endpoint must answer 200, 201 or 204, not what happens otherwise). Recorded as a new
	 * delivery.
	 */
	async redeliver(delivery: Delivery): Promise<Delivery> {
		const again: Delivery = { ...delivery, status: 0, error: undefined };
		try {
			const res = await fetch(delivery.url, {
				method: 'POST',
				headers: delivery.headers,
				body: JSON.stringify(delivery.body),
				signal: AbortSignal.timeout(this.webhookTimeoutMs),
			});
			again.status = res.status;
			await res.arrayBuffer();
		} catch (error) {
			again.error = (error as Error).message;
		}
		this.deliveries.push(again);
		return again;
	}

	/** The thin booking payload webhooks.md shows. */
	webhookPayload(booking: Booking, event: string): Record<string, unknown> {
		const person = (id: string) => {
			const r = this.data.resources.find((x) => x._id === id);
			return r ? `${r.firstName} ${r.lastName}` : '';
		};
		const minutes = booking.details.bookedMinutes;
		const payload: Record<string, unknown> = {
			bookingId: booking._id,
			resourceId: booking.resource,
			projectId: booking.project,
			projectName: this.data.projects.find((p) => p._id === booking.project)?.name ?? '',
			resourceName: person(booking.resource),
			createdBy: booking.bookingCreatorId,
			updatedBy: booking.lastUpdatedById,
			bookingCreatorName: person(booking.bookingCreatorId),
			bookingCreatorId: booking.bookingCreatorId,
			lastUpdatedById: booking.lastUpdatedById,
			lastUpdatedByName: person(booking.lastUpdatedById),
			start: dateObject(booking.start),
			end: dateObject(booking.end),
			categoryName: booking.categoryName,
			duration: `${Math.round((minutes / 60) * 100) / 100} hrs`,
			durationMinutes: minutes,
			event,
		};
		if (event.startsWith('booking.delete')) {
			payload.deletedById = booking.lastUpdatedById;
			payload.deletedByResourceName = person(booking.lastUpdatedById);
		}
		return payload;
	}

	// ---------------------------------------------------------------- routing
	private registerRoutes(): void {
		const on = (
			method: string,
			path: string,
			write: boolean,
			fn: (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse,
		) => this.route(method, `/v1${path}`, (req) => this.guard(req, write, fn));
		on('GET', '/booking', false, (req) =>
			this.list('booking', this.bookingsWhere({ deleted: q(req.query, 'deleted') === 'true' }), req.query),
		);
		on('POST', '/booking/search', false, (req) => this.search('booking', req));
		on('GET', '/booking/:id', false, (req) => ({ body: this.view(this.liveBooking(req.params.id), req.query) }));
		on('POST', '/booking', true, (req) => this.createBooking(req));
		on('PUT', '/booking/:id', true, (req) => this.updateBooking(req, 'put'));
		on('PATCH', '/booking/:id', true, (req) => this.updateBooking(req, 'patch'));
		on('DELETE', '/booking/:id', true, (req) => this.deleteBooking(req));
		on('DELETE', '/booking', true, (req) => this.bulkDelete(req));
		on('GET', '/resource', false, (req) => this.list('resource', this.data.resources, req.query));
		on('POST', '/resource/search', false, (req) => this.search('resource', req));
		on('GET', '/resource/:id', false, (req) => ({ body: find(this.data.resources, req.params.id, 'Resource') }));
		on('GET', '/project', false, (req) => this.list('project', this.data.projects, req.query));
		on('POST', '/project/search', false, (req) => this.search('project', req));
		on('GET', '/project/:id', false, (req) => ({ body: find(this.data.projects, req.params.id, 'Project') }));
		on('GET', '/timeentry', false, (req) => this.list('timeEntry', this.data.timeEntries, req.query));
		on('POST', '/timeentry/search', false, (req) => this.search('timeEntry', req));
		on('GET', '/timeentry/:id', false, (req) => ({ body: find(this.data.timeEntries, req.params.id, 'TimeEntry') }));
		on('POST', '/timeentry', true, (req) => this.writeTimeEntry(req));
		on('PUT', '/timeentry/:id', true, (req) => this.writeTimeEntry(req, req.params.id));
		on('DELETE', '/timeentry/:id', true, (req) => {
			const entry = this.unlocked(find(this.data.timeEntries, req.params.id, 'TimeEntry'));
			this.data.timeEntries.splice(this.data.timeEntries.indexOf(entry), 1);
			return { body: entry };
		});
		on('DELETE', '/timeentry', true, (req) => {
			if (!Array.isArray(req.body) || req.body.some((id) => typeof id !== 'string'))
				throw new HttpError(400, 'Body must be an array of time entry ids');
			const entries = (req.body as string[]).map((id) => this.unlocked(find(this.data.timeEntries, id, 'TimeEntry')));
			for (const e of entries) this.data.timeEntries.splice(this.data.timeEntries.indexOf(e), 1);
			return { status: 204, body: undefined };
		});
		on('GET', '/client', false, (req) => this.list('client', this.data.clients, req.query));
		on('POST', '/client/search', false, (req) => this.search('client', req));
		on('GET', '/client/:id', false, (req) => ({ body: find(this.data.clients, req.params.id, 'Client') }));
		on('POST', '/client', true, (req) => this.writeClient(req));
		on('PUT', '/client/:id', true, (req) => this.writeClient(req, req.params.id));
		on('DELETE', '/client/:id', true, (req) => {
			const client = find(this.data.clients, req.params.id, 'Client');
			this.data.clients.splice(this.data.clients.indexOf(client), 1);
			return { body: client };
		});
		on('GET', '/billingRate', false, (req) => this.list('billingRate', this.data.billingRates, req.query));
		on('POST', '/billingRate/search', false, (req) => this.search('billingRate', req));
		on('GET', '/billingRate/:id', false, (req) => ({ body: find(this.data.billingRates, req.params.id, 'Billing rate') }));
		on('GET', '/subscription', false, () => ({ body: this.data.subscriptions }));
		on('POST', '/subscription', true, (req) => this.subscribe(req));
		on('DELETE', '/subscription/:id', true, (req) => {
			const sub = find(this.data.subscriptions, req.params.id, 'Subscription');
			this.data.subscriptions.splice(this.data.subscriptions.indexOf(sub), 1);
			return { body: sub };
		});
	}

	/** Auth, rights, burst/daily limits, JSON body checks, error mapping and rate-limit headers around every route. */
	private async guard(
		req: SandboxRequest,
		write: boolean,
		fn: (req: SandboxRequest) => Promise<SandboxResponse> | SandboxResponse,
	): Promise<SandboxResponse> {
		const auth = req.headers.authorization;
		if (typeof auth !== 'string' || auth === '')
			return { status: 401, body: errorBody(401, 'Missing Authorization header: send your API key as "Authorization: <key>"') };
		if (/^bearer\s/i.test(auth))
			return { status: 401, body: errorBody(401, 'Invalid API key: do not put "Bearer" before the API key') };
		const right = Object.prototype.hasOwnProperty.call(this.apiKeys, auth) ? this.apiKeys[auth] : undefined;
		if (!right) return { status: 401, body: errorBody(401, 'Invalid API key, or API access is disabled for this account') };

		const limit = this.takeLimit(auth);
		if ('status' in limit) return limit;
		const headers = limit.headers;
		if (write && right !== 'write')
			return { status: 403, headers, body: errorBody(403, 'This API key is read only; writes need a Read & Write key') };
		if (req.rawBody.length > 0) {
			const type = String(req.headers['content-type'] ?? '').toLowerCase();
			if (!type.includes('application/json'))
				return { status: 400, headers, body: errorBody(400, 'Content-Type must be application/json') };
			if (req.bodyError) return { status: 400, headers, body: errorBody(400, `Malformed JSON body: ${req.bodyError}`) };
		}
		try {
			const res = await fn(req);
			return { ...res, headers: { ...headers, ...(res.headers ?? {}) } };
		} catch (error) {
			if (error instanceof HttpError)
				return { status: error.status, headers, body: errorBody(error.status, error.message, error.code) };
			throw error;
		}
	}

	private takeLimit(key: string): SandboxResponse | { headers: Record<string, string> } {
		const now = this.now();
		const day = Math.floor(now / 86400000);
		let state = this.limiters.get(key);
		if (!state || state.burst.limit !== this.burstLimit || state.burst.windowMs !== this.burstWindowMs) {
			state = { burst: new WindowLimiter(this.burstLimit, this.burstWindowMs, this.now), day, count: 0 };
			this.limiters.set(key, state);
		}
		if (state.day !== day) Object.assign(state, { day, count: 0 });
		const dayReset = String((day + 1) * 86400);
		if (state.count >= this.dailyLimit) {
			const wait = String(Math.max(1, Math.ceil(((day + 1) * 86400000 - now) / 1000)));
			return {
				status: 429,
				headers: {
					'Retry-After': wait,
					'X-RateLimit-Limit': String(this.dailyLimit),
					'X-RateLimit-Remaining': '0',
					'X-RateLimit-Reset': dayReset,
				},
				body: errorBody(429, `Daily API limit of ${this.dailyLimit} calls reached`),
			};
		}
		const burst = state.burst.take();
		if (!burst.ok) {
			return {
				status: 429,
				headers: {
					'Retry-After': String(burst.retryAfterSeconds),
					'X-RateLimit-Limit': String(this.burstLimit),
					'X-RateLimit-Remaining': '0',
					'X-RateLimit-Reset': String(Math.ceil(now / 1000) + burst.retryAfterSeconds),
				},
				body: errorBody(429, `Burst limit of ${this.burstLimit} calls per ${this.burstWindowMs / 1000} s exceeded; retry later`),
			};
		}
		state.count++;
		return {
			headers: {
				'X-RateLimit-Limit': String(this.dailyLimit),
				'X-RateLimit-Remaining': String(this.dailyLimit - state.count),
				'X-RateLimit-Reset': dayReset,
			},
		};
	}

	// ---------------------------------------------------------------- listing, search, sort, paging
	private list(kind: keyof typeof ENTITIES, records: any[], query: Query): SandboxResponse {
		const bracketed = Object.keys(query).find((k) => /^(sort|page|limit)\[/.test(k));
		if (bracketed)
			throw new HttpError(400, `Unsupported query parameter ${bracketed}: repeat the parameter instead (sort=a&sort=-b)`);
		const sorted = sortRecords(records, qAll(query, 'sort'), ENTITIES[kind].sortable);
		const lenient = this.lenientPageZero && this.pageBase === 1 && q(query, 'page') === '0';
		const asked = lenient ? { ...query, page: '1' } : query;
		const page = pageOf(sorted, asked, ENTITIES[kind].defaultLimit, this.pageBase, this.limitCap);
		return { body: kind === 'booking' ? page.map((b) => this.view(b, query)) : page };
	}

	private search(kind: keyof typeof ENTITIES, req: SandboxRequest): SandboxResponse {
		const body = req.rawBody.length === 0 ? {} : req.body;
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new HttpError(400, 'Search body must be a JSON object, e.g. {"resource": {"$in": ["<id>"]}}');
		const conditions = compileQuery(body as Record<string, unknown>, ENTITIES[kind]);
		let records: any[];
		if (kind === 'booking') {
			const wantsDeleted = 'deleted' in (body as object) || 'deletedDate' in (body as object);
			records = this.data.bookings.filter((b) => (wantsDeleted ? true : !b.deleted));
		} else
			records = {
				resource: this.data.resources,
				project: this.data.projects,
				timeEntry: this.data.timeEntries,
				client: this.data.clients,
				billingRate: this.data.billingRates,
			}[kind];
		return this.list(
			kind,
			records.filter((r) => conditions.every((c) => c(r))),
			req.query,
		);
	}

	private bookingsWhere({ deleted }: { deleted: boolean }): Booking[] {
		return this.data.bookings.filter((b) => (b.deleted === true) === deleted);
	}

	private view(booking: Booking, query: Query): Booking {
		const copy = structuredClone(booking);
		if (q(query, 'dependencies') === 'true') {
			copy.parentIds = this.dependencies.filter((d) => d.child === booking._id).map((d) => d.parent);
			copy.childIds = this.dependencies.filter((d) => d.parent === booking._id).map((d) => d.child);
		}
		for (const [documented, tenant] of Object.entries(this.renameFields)) {
			if (!(documented in copy)) continue;
			const value = copy[documented];
			delete copy[documented];
			copy[tenant] = value;
		}
		return copy;
	}

	/** A write body as this tenant reads it: its own names accepted (the documented name wins), ignored fields dropped. */
	private incoming(body: Record<string, unknown>, renames: boolean): Record<string, unknown> {
		const copy = { ...body };
		if (renames)
			for (const [documented, tenant] of Object.entries(this.renameFields)) {
				if (tenant in copy && !(documented in copy)) copy[documented] = copy[tenant];
				delete copy[tenant];
			}
		for (const key of this.ignoredOnWrite) delete copy[key];
		return copy;
	}

	// ---------------------------------------------------------------- time entries and clients
	private unlocked(entry: TimeEntry): TimeEntry {
		if (entry.locked) throw new HttpError(400, `TimeEntry ${entry._id} is locked and cannot be changed`);
		return entry;
	}

	private writeTimeEntry(req: SandboxRequest, id?: string): SandboxResponse {
		const current = id === undefined ? undefined : this.unlocked(find(this.data.timeEntries, id, 'TimeEntry'));
		const body = this.incoming(objectBody(req), false);
		const missing = ['resource', 'project', 'date', 'minutes'].filter((k) => body[k] === undefined || body[k] === null || body[k] === '');
		if (missing.length) throw new HttpError(400, `Missing required TimeEntry field(s): ${missing.join(', ')}`);
		for (const key of ['resource', 'project'] as const) {
			const list: Array<{ _id: string }> = key === 'resource' ? this.data.resources : this.data.projects;
			if (typeof body[key] !== 'string' || !list.some((r) => r._id === body[key]))
				throw new HttpError(400, `Unknown ${key} ${JSON.stringify(body[key])}: no ${key} with this id`);
		}
		if (typeof body.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.date) || Number.isNaN(Date.parse(`${body.date}T00:00:00Z`)))
			throw new HttpError(400, `date must be "YYYY-MM-DD" (got ${JSON.stringify(body.date)})`);
		if (typeof body.minutes !== 'number' || !Number.isInteger(body.minutes) || body.minutes < 0 || body.minutes > 1440)
			throw new HttpError(400, 'minutes must be a whole number from 0 to 1440');
		const status = body.status ?? current?.status ?? 'UNSUBMITTED';
		if (!DOC_TIME_ENTRY_STATUSES.includes(status as string))
			throw new HttpError(400, `Unknown status ${JSON.stringify(status)}; use one of ${DOC_TIME_ENTRY_STATUSES.join(', ')}`);
		const metadata = body.metadata ?? '';
		if (typeof metadata !== 'string' || metadata.length > 255)
			throw new HttpError(400, 'metadata must be a string of at most 255 characters');
		const project = this.data.projects.find((p) => p._id === body.project)!;
		const note = typeof body.note === 'string' ? body.note : '';
		if (project.timeEntryNoteRequired === true && note.trim() === '')
			throw new HttpError(400, `Project ${project._id} requires a note on every time entry`);
		const stamp = this.stamp();
		const entry: TimeEntry = {
			...(current ?? {}),
			...pick(body, TIME_ENTRY_WRITABLE),
			_id: current?._id ?? objectId(++this.counter.timeEntry, 'd7'),
			projectName: project.name,
			projectType: 'REGULAR',
			projectStatus: project.status,
			note,
			metadata,
			status: status as string,
			locked: false,
			creator: current?.creator ?? this.data.resources[0]?._id ?? '',
			categoryTemplateId: typeof body.categoryTemplateId === 'string' ? body.categoryTemplateId : '',
			categoryName: typeof body.categoryTemplateId === 'string' && body.categoryTemplateId ? 'Category' : '',
			createdDate: current?.createdDate ?? stamp,
			updatedDate: stamp,
		} as TimeEntry;
		if (current) this.data.timeEntries[this.data.timeEntries.indexOf(current)] = entry;
		else this.data.timeEntries.push(entry);
		return { status: current ? 200 : 201, body: entry };
	}

	private writeClient(req: SandboxRequest, id?: string): SandboxResponse {
		const current = id === undefined ? undefined : find(this.data.clients, id, 'Client');
		const body = this.incoming(objectBody(req), false);
		if (typeof body.name !== 'string' || body.name.trim() === '') throw new HttpError(400, 'Client name is required');
		const stamp = this.stamp();
		if (current) {
			// Only the name can be updated (documented).
			current.name = body.name;
			current.updatedDate = stamp;
			return { body: current };
		}
		if (body.metadata !== undefined && body.metadata !== null && typeof body.metadata !== 'string')
			throw new HttpError(400, 'metadata must be a string');
		const client: Client = {
			_id: objectId(++this.counter.client + 100, 'c1'),
			name: body.name,
			metadata: (body.metadata as string | undefined) ?? null,
			createdDate: stamp,
		};
		this.data.clients.push(client);
		return { status: 201, body: client };
	}

	// ---------------------------------------------------------------- booking writes
	private liveBooking(id: string): Booking {
		const booking = this.data.bookings.find((b) => b._id === id && !b.deleted);
		if (!booking) throw new HttpError(404, `Booking ${id} not found`);
		return booking;
	}

	private async createBooking(req: SandboxRequest): Promise<SandboxResponse> {
		const body = this.incoming(objectBody(req), true);
		requireFields(body);
		if (body.type !== undefined && body.type !== 'SCHEDULED' && body.type !== 'WAITING_FOR_APPROVAL')
			throw new HttpError(
				400,
				`type must be SCHEDULED or WAITING_FOR_APPROVAL when creating a booking (got ${JSON.stringify(body.type)})`,
			);
		const stamp = this.stamp();
		const booking = this.buildBooking(body, objectId(this.counter.booking + 1, 'e4'), stamp);
		booking.type = (body.type as string) ?? 'SCHEDULED';
		this.checkOverschedule(booking, body.allowOverschedule === true);
		this.counter.booking++;
		this.data.bookings.push(booking);
		await this.emit('booking.create', this.webhookPayload(booking, 'booking.create'));
		return { status: 201, body: this.view(booking, req.query) };
	}

	private async updateBooking(req: SandboxRequest, mode: 'put' | 'patch'): Promise<SandboxResponse> {
		const current = this.liveBooking(req.params.id);
		const body = this.incoming(objectBody(req), true);
		if (mode === 'put') requireFields(body);
		const merged = mode === 'put' ? { ...body } : { ...pick(current, WRITABLE), ...body };
		const next = this.buildBooking(merged, current._id, current.createdDate, this.stamp());
		next.bookingCreatorId = current.bookingCreatorId;
		next.type = current.type;
		if (current.approvalInfo) next.approvalInfo = current.approvalInfo;
		if (body.type !== undefined && body.type !== current.type) {
			if (!TYPES.includes(body.type as string))
				throw new HttpError(400, `Unknown booking type ${JSON.stringify(body.type)}; use one of ${TYPES.join(', ')}`);
			if (body.type !== 'APPROVED' && body.type !== 'REJECTED')
				throw new HttpError(400, `type is read-only except approving or rejecting a request (got ${JSON.stringify(body.type)})`);
			if (current.type !== 'WAITING_FOR_APPROVAL')
				throw new HttpError(
					400,
					`Only bookings WAITING_FOR_APPROVAL can be approved or rejected; booking ${current._id} is ${current.type}`,
				);
			const info = body.approvalInfo as Record<string, unknown> | undefined;
			if (
				!info ||
				typeof info !== 'object' ||
				typeof info.approvedOrRejectedById !== 'string' ||
				info.approvedOrRejectedById === ''
			)
				throw new HttpError(400, 'approvalInfo.approvedOrRejectedById is required to approve or reject a booking request');
			next.type = body.type as string;
			next.approvalInfo = {
				...info,
				approvedOrRejectedDate: typeof info.approvedOrRejectedDate === 'string' ? info.approvedOrRejectedDate : next.updatedDate,
			};
		}
		const moved =
			next.start !== current.start ||
			next.end !== current.end ||
			next.resource !== current.resource ||
			next.type !== current.type;
		if (moved) this.checkOverschedule(next, body.allowOverschedule === true);
		this.data.bookings[this.data.bookings.indexOf(current)] = next;
		await this.emit('booking.update', this.webhookPayload(next, 'booking.update'));
		return { body: this.view(next, req.query) };
	}

	private async deleteBooking(req: SandboxRequest): Promise<SandboxResponse> {
		const booking = this.liveBooking(req.params.id);
		this.markDeleted(booking);
		await this.emit('booking.delete', this.webhookPayload(booking, 'booking.delete'));
		return { body: this.view(booking, req.query) };
	}

	private async bulkDelete(req: SandboxRequest): Promise<SandboxResponse> {
		const given = ['ids', 'resourceId', 'projectId'].filter((k) => q(req.query, k) !== undefined && q(req.query, k) !== '');
		if (given.length !== 1)
			throw new HttpError(400, 'Bulk delete needs exactly one of the query parameters ids, resourceId or projectId');
		const value = q(req.query, given[0]) as string;
		const live = this.data.bookings.filter((b) => !b.deleted);
		const targets =
			given[0] === 'ids'
				? live.filter((b) =>
						value
							.split(',')
							.map((s) => s.trim())
							.includes(b._id),
					)
				: live.filter((b) => (given[0] === 'resourceId' ? b.resource : b.project) === value);
		for (const b of targets) this.markDeleted(b);
		if (targets.length > 0)
			await this.emit(
				'booking.delete.multiple',
				targets.map((b) => this.webhookPayload(b, 'booking.delete.multiple')),
			);
		return { body: { message: `${targets.length} booking(s) deleted`, count: targets.length } };
	}

	private markDeleted(booking: Booking): void {
		booking.deleted = true;
		booking.deletedDate = this.stamp();
		booking.updatedDate = booking.deletedDate;
	}

	private checkOverschedule(booking: Booking, allowed: boolean): void {
		if (!this.overscheduleWarning || allowed || booking.type === 'REJECTED') return;
		const [s, e] = [toMs(booking.start), toMs(booking.end)];
		const clash = this.data.bookings.find(
			(b) =>
				b._id !== booking._id &&
				!b.deleted &&
				b.resource === booking.resource &&
				(b.type === 'SCHEDULED' || b.type === 'APPROVED') &&
				toMs(b.start) < e &&
				s < toMs(b.end),
		);
		if (clash)
			throw new HttpError(
				400,
				`Over-schedule warning: resource ${booking.resource} already has booking ${clash._id} from ${clash.start} to ${clash.end}. Repeat the request with "allowOverschedule": true to proceed`,
				'OVERSCHEDULE_WARNING',
			);
	}

	/** Validate and normalise a booking body into a full record (throws 400 on bad input). */
	private buildBooking(body: Record<string, unknown>, id: string, createdDate: string, updatedDate = createdDate): Booking {
		for (const key of ['resource', 'project'] as const) {
			const list: Array<{ _id: string }> = key === 'resource' ? this.data.resources : this.data.projects;
			if (typeof body[key] !== 'string' || !list.some((r) => r._id === body[key]))
				throw new HttpError(400, `Unknown ${key} ${JSON.stringify(body[key])}: no ${key} with this id`);
		}
		const allDay = body.allDay === undefined ? true : body.allDay;
		if (typeof allDay !== 'boolean') throw new HttpError(400, 'allDay must be a boolean');
		const start = wallTime(body.start, 'start', '09:00');
		const end = wallTime(body.end, 'end', '18:00');
		if (toMs(end) < toMs(start)) throw new HttpError(400, `end (${end}) is before start (${start})`);
		const state = body.state ?? 'STATE_PERCENTAGE';
		if (!STATES.includes(state as string))
			throw new HttpError(400, `Unknown state ${JSON.stringify(state)}; use one of ${STATES.join(', ')}`);
		const stateValue = body.stateValue ?? 0;
		if (typeof stateValue !== 'number' || !Number.isFinite(stateValue) || stateValue < 0)
			throw new HttpError(400, 'stateValue must be a non-negative number');
		const metadata = body.metadata ?? '';
		if (typeof metadata !== 'string' || metadata.length > 255)
			throw new HttpError(400, 'metadata must be a string of at most 255 characters');
		this.checkBookingExtras(body);
		const workDays = countWorkDays(start, end);
		const bookedMinutes = !allDay
			? Math.round((toMs(end) - toMs(start)) / 60000)
			: state === 'STATE_DAY_MINUTE'
				? workDays * stateValue
				: state === 'STATE_PERCENTAGE'
					? Math.round((workDays * 480 * stateValue) / 100)
					: stateValue;
		const extra = pick(body, WRITABLE);
		const updater = this.data.resources[0]?._id ?? '';
		return {
			title: '',
			note: '',
			categoryName: 'General',
			backgroundColor: '',
			customFields: [],
			...extra,
			_id: id,
			type: 'SCHEDULED',
			state: state as string,
			stateValue,
			allDay,
			scale: allDay ? 'SCALE_DAY' : 'SCALE_HOUR',
			start,
			end,
			resource: body.resource as string,
			project: body.project as string,
			metadata,
			bookingCreatorId: updater,
			lastUpdatedById: updater,
			details: { offDaysCount: 0, workDaysCount: workDays, holidayCount: 0, bookedMinutes, budgetBookedAmount: 0 },
			createdDate,
			updatedDate,
		} as Booking;
	}

	/** bookingRate names known billing rates; customFields is a list of objects; deadlineDate is a date. */
	private checkBookingExtras(body: Record<string, unknown>): void {
		const rate = body.bookingRate;
		if (rate !== undefined && rate !== null) {
			if (typeof rate !== 'object' || Array.isArray(rate)) throw new HttpError(400, 'bookingRate must be an object');
			for (const [side, value] of Object.entries(rate as Record<string, unknown>)) {
				if (side !== 'external' && side !== 'internal') throw new HttpError(400, `bookingRate.${side} is not a rate side; use external or internal`);
				const id = (value as { defaultRateId?: unknown } | null)?.defaultRateId;
				if (typeof id !== 'string' || !this.data.billingRates.some((r) => r._id === id))
					throw new HttpError(400, `bookingRate.${side}.defaultRateId ${JSON.stringify(id)} is not a billing rate`);
			}
		}
		const custom = body.customFields;
		if (custom !== undefined && (!Array.isArray(custom) || custom.some((f) => !f || typeof f !== 'object' || Array.isArray(f))))
			throw new HttpError(400, 'customFields must be an array of objects');
		if (body.deadlineDate !== undefined && body.deadlineDate !== null && body.deadlineDate !== '') {
			const t = toMs(body.deadlineDate);
			if (Number.isNaN(t)) throw new HttpError(400, `deadlineDate must be a date (got ${JSON.stringify(body.deadlineDate)})`);
			body.deadlineDate = `${new Date(t).toISOString().slice(0, 10)}T00:00:00.000Z`;
		}
		if (body.deadlineName !== undefined && typeof body.deadlineName !== 'string') throw new HttpError(400, 'deadlineName must be a string');
	}

	// ---------------------------------------------------------------- subscriptions
	private subscribe(req: SandboxRequest): SandboxResponse {
		const body = objectBody(req);
		if (typeof body.event !== 'string' || !HUBPLANNER_EVENTS.includes(body.event))
			throw new HttpError(400, `Unknown event ${JSON.stringify(body.event)}; supported: ${HUBPLANNER_EVENTS.join(', ')}`);
		let url: URL | undefined;
		try {
			url = new URL(String(body.target_url));
		} catch {
			url = undefined;
		}
		if (!url || !/^https?:$/.test(url.protocol)) throw new HttpError(400, 'target_url must be an http(s) URL');
		if (body.authorization_token !== undefined && typeof body.authorization_token !== 'string')
			throw new HttpError(400, 'authorization_token must be a string');
		const sub: Subscription = {
			_id: objectId(++this.counter.subscription, 'd3'),
			companyId: COMPANY_ID,
			creationDate: this.stamp(),
			target_url: String(body.target_url),
			event: body.event,
			...(body.authorization_token !== undefined ? { authorization_token: body.authorization_token as string } : {}),
		};
		this.data.subscriptions.push(sub);
		return { status: 201, body: sub };
	}

	// ---------------------------------------------------------------- clock
	/** A strictly increasing ISO timestamp from the injected clock, so updatedDate changes on every write. */
	private stamp(): string {
		this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
		return new Date(this.lastStamp).toISOString();
	}
}

export function createHubPlannerSandbox(opts?: HubPlannerSandboxOptions): HubPlannerSandbox {
	return new HubPlannerSandbox(opts);
}

// ---------------------------------------------------------------- helpers
function find<T extends { _id: string }>(list: T[], id: string, label: string): T {
	const found = list.find((r) => r._id === id);
	if (!found) throw new HttpError(404, `${label} ${id} not found`);
	return found;
}

function objectBody(req: SandboxRequest): Record<string, unknown> {
	if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
		throw new HttpError(400, 'Request body must be a JSON object');
	return req.body as Record<string, unknown>;
}

function requireFields(body: Record<string, unknown>): void {
	const missing = ['resource', 'project', 'start', 'end'].filter(
		(k) => body[k] === undefined || body[k] === null || body[k] === '',
	);
	if (missing.length) throw new HttpError(400, `Missing required booking field(s): ${missing.join(', ')}`);
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
	return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** "2017-08-21", "2017-08-21 10:00", "2017-08-21T10:00:00+02:00" → "2017-08-21T10:00" (wall time, offset dropped). */
function wallTime(value: unknown, name: string, defaultTime: string): string {
	const m =
		typeof value === 'string'
			? /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim())
			: null;
	if (!m || Number.isNaN(Date.parse(`${m[1]}T${m[2] ?? defaultTime}:00Z`)))
		throw new HttpError(400, `${name} must be a date like "2024-05-01" or "2024-05-01 10:00" (got ${JSON.stringify(value)})`);
	return `${m[1]}T${m[2] ?? defaultTime}`;
}

/** Milliseconds of a stored or queried date; zone-less values are read as UTC. NaN when unparseable. */
function toMs(value: unknown): number {
	if (typeof value !== 'string') return NaN;
	const v = value.trim().replace(' ', 'T');
	if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`);
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) return Date.parse(`${v}Z`);
	return Date.parse(v);
}

function countWorkDays(start: string, end: string): number {
	let n = 0;
	for (let t = toMs(start.slice(0, 10)); t <= toMs(end.slice(0, 10)); t += 86400000) {
		const d = new Date(t).getUTCDay();
		if (d !== 0 && d !== 6) n++;
	}
	return n;
}

function dateObject(wall: string) {
	const d = new Date(toMs(wall));
	const day = d.getUTCDate();
	const suffix =
		day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
	const month = MONTHS[d.getUTCMonth()];
	const year = String(d.getUTCFullYear());
	return { formatted: `${month} ${day}${suffix} ${year}`, date: d.toISOString(), year, month, day: `${day}${suffix}` };
}

type Condition = (record: unknown) => boolean;

/** Compile a Mongo-style search body into predicates; anything undocumented → 400. */
function compileQuery(body: Record<string, unknown>, entity: Entity): Condition[] {
	return Object.entries(body).map(([name, spec]) => {
		if (name.startsWith('$')) throw new HttpError(400, `Unknown search operator ${name}`);
		const def = entity.search[name];
		if (!def)
			throw new HttpError(400, `Property ${name} is not searchable; searchable: ${Object.keys(entity.search).join(', ')}`);
		const values = (r: unknown): unknown[] => {
			const v = def.get(r);
			return Array.isArray(v) ? v : [v];
		};
		if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
			if (def.kind === 'date') {
				const t = queryDate(name, spec);
				return (r) => values(r).some((v) => toMs(v) === t);
			}
			if (def.kind === 'bool' && typeof spec !== 'boolean') throw new HttpError(400, `${name} must be true or false`);
			return (r) => values(r).some((v) => v === spec);
		}
		const parts = Object.entries(spec as Record<string, unknown>).map(([op, operand]): Condition => {
			if (!KNOWN_OPS.includes(op)) throw new HttpError(400, `Unknown search operator ${op} on ${name}`);
			if (!OPS[def.kind].includes(op)) throw new HttpError(400, `Operator ${op} is not supported on ${name}`);
			if (op === '$in' || op === '$nin') {
				const set = Array.isArray(operand) ? operand : [operand];
				const hit = (r: unknown) => values(r).some((v) => set.includes(v));
				return op === '$in' ? hit : (r) => !hit(r);
			}
			if (op === '$like') {
				if (typeof operand !== 'string') throw new HttpError(400, `$like on ${name} needs a string`);
				const needle = operand.toLowerCase();
				return (r) => values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
			}
			const t = queryDate(name, operand);
			const cmp = {
				$lt: (a: number) => a < t,
				$lte: (a: number) => a <= t,
				$gt: (a: number) => a > t,
				$gte: (a: number) => a >= t,
			}[op as '$lt'];
			return (r) => values(r).some((v) => v !== null && v !== undefined && cmp(toMs(v)));
		});
		return (r) => parts.every((p) => p(r));
	});
}

function queryDate(name: string, value: unknown): number {
	const t = toMs(value);
	if (Number.isNaN(t)) throw new HttpError(400, `${name} needs a date (got ${JSON.stringify(value)})`);
	return t;
}

function sortRecords<T extends { _id: string }>(records: T[], sort: string[], sortable: string[]): T[] {
	const keys = sort
		.filter((s) => s !== '')
		.map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: -1 } : { field: s, dir: 1 }));
	for (const k of keys)
		if (!sortable.includes(k.field))
			throw new HttpError(400, `Cannot sort by ${k.field}; sortable fields: ${sortable.join(', ')}`);
	return [...records].sort((a, b) => {
		for (const { field: f, dir } of keys) {
			const c = compare((a as any)[f], (b as any)[f]);
			if (c !== 0) return c * dir;
		}
		return a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
	});
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a) < String(b) ? -1 : 1;
}

function pageOf<T>(records: T[], query: Query, defaultLimit?: number, base = 0, limitCap?: number): T[] {
	const rawPage = q(query, 'page');
	const rawLimit = q(query, 'limit');
	const page = rawPage === undefined ? 0 : Number(rawPage) - base;
	if (!/^\d+$/.test(rawPage ?? String(base)) || page < 0)
		throw new HttpError(400, `page must be a whole number from ${base} (got ${JSON.stringify(rawPage)})`);
	if (rawLimit === undefined)
		return defaultLimit === undefined
			? page === 0
				? records
				: []
			: records.slice(page * defaultLimit, (page + 1) * defaultLimit);
	const limit = Number(rawLimit);
	if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > 1000)
		throw new HttpError(400, `limit must be a whole number from 1 to 1000 (got ${JSON.stringify(rawLimit)})`);
	const size = limitCap !== undefined ? Math.min(limit, limitCap) : limit;
	return records.slice(page * size, (page + 1) * size);
}
