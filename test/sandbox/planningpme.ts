/**
 * PlanningPME emulator: serves `/<brand>/token` and `/<brand>/api/...` as PlanningPME's developer documentation and
 * ../shared/reference/vendor-contracts.md §3 describe. In-memory, seeded, deterministic.
 *
 * Stated by the vendor and emulated as such:
 * - `X-APPKEY` on every call, the token call included (missing → 401, unknown → 403).
 * - `POST /<brand>/token`, form-encoded, `grant_type=password` (username/password) or
 *   `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` (assertion = account token); reply
 *   `{access_token, token_type: "bearer", expires_in, username}`; then `Authorization: Bearer <token>`.
 * - Lists: `pageIndex` from 0 + `pageSize` → `{totalItems, items}`; without paging parameters the whole list.
 * - `sortInfo`: property name followed by + or -, several concatenated (`notValid-label+`); names are
 *   case-sensitive. A literal "+" arrives as a space when a client writes it unencoded in the query (as the
 *   vendor's own example does): both are read as ascending.
 * - `GET api/config` answers the enums of v4.7.0.26 from the developer documentation; it needs the app key only.
 * - `Accept-Language` picks the language of messages (en, es and fr are translated here).
 *
 * Assumed where the vendor is silent (keep docs/planningpme.md's assumption list in sync):
 * - Brand key is the first path segment, case-insensitive; any other brand → 404.
 * - Errors are ASP.NET-style `{"Message": "..."}`; token errors are OAuth-style `{error, error_description}` (400).
 * - A missing, unknown or expired bearer token → 401 with `WWW-Authenticate: Bearer`.
 * - pageSize 1..1000 (400 otherwise), pageIndex ≥ 0; a pageIndex past the end gives `items: []` with the total.
 * - Sorting by a property no record has → 400. Ties are ordered by key.
 * - Entities task, customer, resource, project: GET list, GET/PUT/DELETE `api/<entity>/{key}`, POST `api/<entity>`.
 *   POST answers 201 with the record; PUT replaces the whole record (fields left out are cleared); DELETE
 *   answers 200 `{key}`. `label` is required; resource `type` must be a ResourceType, customer `type` a CustomerType.
 * - `api/department`, `api/category`, `api/unavailability` (dateFrom/dateTo overlap filter) are paged lists.
 * - Planned tasks: `POST api/do/list` `{dateFrom, dateTo, resources?, categories?, results: "Task"}` → `{items}`
 *   (no paging); entries overlap the range; start/end are wall times of the planning's time zone without an
 *   offset; a date with an offset in the request is converted to that zone. `GET api/do/{key}`.
 * - Quota: a fixed one-hour window per app key (default 2,000 calls); over it → 429 with `Retry-After` (seconds).
 * - Planned-task writes: `POST api/do` (201 with the entry), `PUT api/do/{key}` (replaces it), `DELETE api/do/{key}`
 *   (200 `{key}`). `start`, `end` (after start) and `resources` (`[{key}]`, at least one) are required; `customers`
 *   (`[{key}]`), `task`, `project`, `category` (`{key}` or null) must name existing records and come back as
 *   `{key, label}`; dates are stored as wall times of the planning zone (a date with an offset is converted).
 * - Unavailability: `GET/PUT/DELETE api/unavailability/{key}`, `POST api/unavailability`; `resource` (`{key}`),
 *   `start`, `end` required; dates stored in UTC (`…Z`).
 * - Writes of planned tasks and unavailabilities bind the model's fields only (label, start, end, resources or
 *   resource, customers, task, project, category, remark, fields, status): other names are ignored silently, as
 *   ASP.NET model binding does.
 *
 * Stated: dates in requests are ISO 8601 (`2018-01-25T18:05:00Z`). Knobs for tenants that differ:
 * - `requestDates`: 'any' (default: with an offset as given, without one as a wall time of the planning zone),
 *   'offset' (only dates with Z or an offset: a wall time → 400), 'wall' (only wall times: an offset → 400),
 *   'dropOffset' (takes both but ignores the offset: every date is read as a wall time of the planning zone —
 *   the silent kind of tenant a write check must catch).
 * - `unboundRecordFields`: names a tenant's task/customer/resource/project model does not bind (dropped silently).
 * - `fieldNames`: the tenant's names for planned-task and unavailability fields (e.g. `{label: 'title'}`), used
 *   in its answers and the only names its writes bind.
 */
import { DateTime } from 'luxon';
import { Sandbox, WindowLimiter, q, seededRandom, type SandboxRequest, type SandboxResponse } from './framework';

export const PLANNINGPME_JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The enums the developer documentation lists for API v4.7.0.26 (each value maps to itself in the reply). */
export const PLANNINGPME_ENUMS: Record<string, string[]> = {
	Access: ['All', 'Read', 'Write'],
	BillingType: ['Package', 'Unit'],
	ColorDepending: ['Label', 'Category', 'Customer', 'Time', 'Project'],
	ConfigType: ['ExportTemplates', 'TimeRestrictedView', 'Filterings', 'Language', 'DateTimeFormat', 'GCSync', 'EffectTemplates', 'SyncResource', 'PrintTemplates'],
	ConstraintAction: ['NoTaskBeforeNbHours', 'NoTaskBeforeNbDays', 'NoTaskSamePeriod', 'NbMaxHours', 'NbMax', 'DurationMaxHours', 'DurationMaxDays'],
	ConstraintFor: ['All', 'Resources', 'Departments'],
	ConstraintIf: ['Nothing', 'Nb', 'NbHours', 'Begin', 'End'],
	ConstraintOp: ['Nothing', 'Equal', 'Inf', 'InfEqual', 'Sup', 'SupEqual', 'Before', 'After'],
	ConstraintType: ['Task', 'Unavailability'],
	ConstraintWhat: ['LabelAll', 'LabelExact', 'LabelBegin'],
	ConstraintWhen: ['Nothing', 'Day', 'Week', 'Month', 'Year'],
	CountHolidays: ['Five', 'Six'],
	CurrencyCode: ['GBP', 'EUR', 'USD', 'DEM', 'FRF', 'CHF', 'ARS', 'BRL', 'CLP', 'CRC', 'RUB', 'GTQ', 'PAB', 'PYG', 'PEN', 'UYU', 'SVC', 'HNL', 'NOK', 'CNY', 'JPY', 'CAD'],
	CustomerType: ['Individual', 'Company'],
	DataFieldType: ['Date', 'Time', 'Text', 'Numeric', 'Double', 'Combo', 'Link', 'Check', 'Memo', 'Separator', 'File', 'Position', 'SignatureMobile', 'Hyperlink', 'ProjectStartDate', 'ProjectEndDate', 'ProjectDuration', 'ProjectDeadline', 'ProjectDeadlineOver', 'Signature', 'ProjectEstimateDuration', 'SubProjectEstimateDuration'],
	DescriptionFieldType: ['Index1', 'Index2', 'EmailBody', 'Label', 'Mobile', 'CalendarBody', 'EmailSubject', 'Tooltip', 'LabelAssignment', 'CalendarSubject', 'Print', 'LabelUnavailability', 'PrintUnavailability'],
	DescriptionFieldStyle: ['Normal', 'Bold', 'Italic', 'Underline'],
	DescriptionFieldColor: ['Custom', 'Default', 'Destination'],
	Destination: ['Task0', 'Task2', 'Task3', 'Task4', 'Task5', 'Equipment0', 'Customer1', 'MaterialResource1', 'MaterialResource2', 'MaterialResource3', 'Project0', 'HumanResource1', 'HumanResource2', 'Task1', 'HumanResource3', 'Customer0', 'HumanResource0', 'Customer2', 'MaterialResource0', 'Customer3', 'Project1', 'Project2', 'SubProject0', 'Project3'],
	DestinationType: ['Task', 'Customer', 'Equipment', 'Resource', 'Project', 'SubProject'],
	DoMode: ['None', 'End', 'Duration'],
	EffActionType: ['Email', 'Sms', 'MicrosoftOutlook', 'GoogleCalendar'],
	EffIfType: ['Category', 'Status'],
	EffIfOp: ['IsIn', 'BecomesIn'],
	EffSourceType: ['Customer', 'Resource', 'Project', 'Status', 'ResourceIn', 'ProjectIn', 'TaskIn', 'Assignment', 'Unavailability', 'Task'],
	EffStepType: ['Start', 'End', 'Insert', 'Delete', 'Unperiodize', 'Update'],
	EffSubjectType: ['Assignment', 'Unavailability', 'Task'],
	EffTargetType: ['Customer', 'Resource', 'User', 'Account'],
	HistoryOp: ['Insert', 'Delete', 'Email', 'Invitation', 'Unperiodize', 'Session', 'Update'],
	HistoryType: ['Assignment', 'Customer', 'SessionDesktop', 'Unavailability', 'SessionMobile', 'Project', 'Resource', 'Task', 'SessionWebAccess'],
	InRootType: ['Customer', 'Project', 'Resource'],
	JoinStatus: ['Invited', 'Connected'],
	JsonWritingType: ['None', 'Normal', 'KeyLabel', 'String', 'Data'],
	LicenseStatus: ['Other', 'Evaluation', 'Ok', 'NoExpirationDate', 'WrongDatabase', 'WrongMachine', 'ResourceCount', 'LicenseCount', 'Expired', 'Empty', 'Corrupted'],
	LinkRefType: ['Assignment', 'Customer', 'Unavailability', 'Project', 'Resource', 'Task'],
	NotificationType: ['None', 'TaskInsert', 'TaskUpdate', 'UnavailabilityInsert', 'UnavailabilityUpdate'],
	OneOrMoreCustomers: ['OneCustomer', 'MoreCustomer'],
	OneOrMoreResources: ['OneResource', 'MoreResource'],
	RecurrenceDaily: ['AllThe', 'AllWorkingDays'],
	RecurrenceMonthly: ['Date', 'Day'],
	RecurrenceMonthlyDayWhich: ['First', 'Second', 'Third', 'Fourth', 'Last'],
	RecurrenceRange: ['NoEndDate', 'EndThe'],
	RecurrenceType: ['Daily', 'Weekly', 'Monthly', 'Yearly'],
	ResourceType: ['Human', 'Material', 'ToPlan', 'Extern'],
	StatusType: ['Task', 'Unavailability'],
	SyncType: ['_Google', 'Microsoft', 'Google'],
	TaskType: ['Default', 'Duration', 'Time'],
	Title: ['Miss', 'Mr', 'Ms'],
	TimeLapseUnit: ['Day', 'Week', 'Month', 'Year'],
	TypeHatch: ['BDIAGONAL', 'CROSS', 'DIAGCROSS', 'FDIAGONAL', 'HORIZONTAL', 'VERTICAL'],
	WorkCapacity: ['Hours', 'Slots'],};

export type EntityName = 'task' | 'customer' | 'resource' | 'project' | 'department' | 'category' | 'unavailability';
export type PpmeRecord = Record<string, unknown> & { key: number };

export interface PlanningPmeSandboxOptions {
	brand?: string;
	/** App keys and their hourly quota. */
	appKeys?: Record<string, number>;
	/** user name → password (grant_type=password). */
	users?: Record<string, string>;
	/** account token → user name (jwt-bearer grant). */
	accountTokens?: Record<string, string>;
	tokenTtlSeconds?: number;
	/** The planning's time zone: planned-task times are wall times of this zone. */
	timeZone?: string;
	seed?: number;
	tasks?: number;
	customers?: number;
	resources?: number;
	projects?: number;
	unavailabilities?: number;
	/** Planned tasks, spread from 3 days before to 25 days after the start of today. */
	plannedTasks?: number;
	maxPageSize?: number;
	now?: () => number;
	requestDates?: RequestDates;
	fieldNames?: Record<string, string>;
}

/** Which date forms the tenant takes in requests (see the header). */
export type RequestDates = 'any' | 'offset' | 'wall' | 'dropOffset';

/** The fields a planned-task / unavailability write binds (anything else is ignored). */
const DO_MODEL = ['label', 'start', 'end', 'resources', 'customers', 'task', 'project', 'category', 'remark', 'fields', 'status'];
const UNAVAILABILITY_MODEL = ['label', 'start', 'end', 'resource', 'remark', 'status'];

interface Token {
	username: string;
	expiresAt: number;
	appKey: string;
}

const MESSAGES: Record<string, Record<string, string>> = {
	noAppKey: {
		en: 'The X-APPKEY header is required.',
		es: 'Se requiere el encabezado X-APPKEY.',
		fr: "L'en-tête X-APPKEY est obligatoire.",
	},
	badAppKey: {
		en: 'The application key is not valid.',
		es: 'La clave de aplicación no es válida.',
		fr: "La clé d'application n'est pas valide.",
	},
	denied: {
		en: 'Authorization has been denied for this request.',
		es: 'Se ha denegado la autorización para esta solicitud.',
		fr: "L'autorisation a été refusée pour cette demande.",
	},
	notFound: {
		en: 'No {0} with key {1}.',
		es: 'No existe {0} con la clave {1}.',
		fr: "Aucun {0} avec la clé {1}.",
	},
	quota: {
		en: 'API quota of {0} requests per hour exceeded.',
		es: 'Se ha superado la cuota de {0} solicitudes por hora.',
		fr: 'Quota de {0} requêtes par heure dépassé.',
	},
};

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

const ENTITY_PATHS: EntityName[] = ['task', 'customer', 'resource', 'project'];
const LIST_PATHS: EntityName[] = ['task', 'customer', 'resource', 'project', 'department', 'category', 'unavailability'];

export class PlanningPmeSandbox extends Sandbox {
	static readonly APP_KEY = 'ppme-appkey-0123456789abcdef';
	static readonly USER = 'planner';
	static readonly PASSWORD = 'pl4nner-secret-pw';
	static readonly ACCOUNT_TOKEN = 'acct-token-9f8e7d6c5b4a';

	readonly brand: string;
	readonly appKeys: Record<string, number>;
	readonly users: Record<string, string>;
	readonly accountTokens: Record<string, string>;
	/** Grant types the account accepts (both by default). */
	readonly grantTypes = new Set<string>(['password', PLANNINGPME_JWT_GRANT]);
	tokenTtlSeconds: number;
	maxPageSize: number;
	/** Number of the first page (a tenant counting pageIndex from 1 answers 400 to pageIndex 0). */
	pageIndexBase: 0 | 1 = 0;
	/**
	 * Variant tenant: how a page is wrapped — as documented `{totalItems, items}`, a bare array (no total), or the
	 * total inside a metadata object (`{records, meta: {count}}`).
	 */
	listShape: 'documented' | 'bare' | 'meta' = 'documented';
	/** Variant tenant: a larger pageSize is served silently with this many records (an undocumented lower cap). */
	pageCap?: number;
	/** Date forms taken in requests: 'any' (default), 'offset' (Z or an offset only), 'wall' (no offset only). */
	requestDates: RequestDates = 'any';
	/** Field names a tenant's task/customer/resource/project model does not bind: writes drop them silently. */
	unboundRecordFields: string[] = [];
	/** The tenant's names of planned-task and unavailability fields (canonical → tenant), in answers and writes. */
	fieldNames: Record<string, string> = {};
	readonly timeZone: string;
	readonly data: Record<EntityName, PpmeRecord[]> & { do: PpmeRecord[] } = {
		task: [],
		customer: [],
		resource: [],
		project: [],
		department: [],
		category: [],
		unavailability: [],
		do: [],
	};
	/** Called before each request is checked (e.g. to expire tokens in the middle of a listing). */
	beforeRequest?: (req: SandboxRequest) => void;
	/** Tokens issued so far, by grant type. */
	readonly tokenStats = { issued: 0, password: 0, jwt: 0 };

	private readonly tokens = new Map<string, Token>();
	private readonly limiters = new Map<string, WindowLimiter>();
	private readonly now: () => number;
	private readonly rnd: () => number;
	private nextKey: Record<string, number> = {};

	constructor(opts: PlanningPmeSandboxOptions = {}) {
		super('planningpme');
		this.brand = (opts.brand ?? 'acme').toLowerCase();
		this.appKeys = { ...(opts.appKeys ?? { [PlanningPmeSandbox.APP_KEY]: 2000 }) };
		this.users = { ...(opts.users ?? { [PlanningPmeSandbox.USER]: PlanningPmeSandbox.PASSWORD }) };
		this.accountTokens = { ...(opts.accountTokens ?? { [PlanningPmeSandbox.ACCOUNT_TOKEN]: 'service.account' }) };
		this.tokenTtlSeconds = opts.tokenTtlSeconds ?? 86399;
		this.maxPageSize = opts.maxPageSize ?? 1000;
		this.timeZone = opts.timeZone ?? 'Europe/Paris';
		this.requestDates = opts.requestDates ?? 'any';
		this.fieldNames = { ...(opts.fieldNames ?? {}) };
		this.now = opts.now ?? Date.now;
		this.rnd = seededRandom(opts.seed ?? 7);
		this.seed(opts);
		this.registerRoutes();
	}

	// ---------------------------------------------------------------- knobs
	/** Makes every issued token expired (the next API call with one answers 401). */
	expireTokens(): void {
		for (const token of this.tokens.values()) token.expiresAt = 0;
	}

	/** Tokens currently valid. */
	liveTokens(): string[] {
		const t = this.now();
		return [...this.tokens.entries()].filter(([, v]) => v.expiresAt > t).map(([k]) => k);
	}

	/** Sets the hourly quota of an app key (and restarts its window). */
	setQuota(appKey: string, perHour: number): void {
		this.appKeys[appKey] = perHour;
		this.limiters.delete(appKey);
	}

	resetQuotas(): void {
		this.limiters.clear();
	}

	/** Replaces the records of one entity with n generated ones. */
	seedEntity(entity: EntityName, n: number): void {
		this.data[entity] = [];
		this.nextKey[entity] = this.firstKey(entity);
		for (let i = 0; i < n; i++) this.data[entity].push(this.generate(entity, i));
	}

	/** Inserts a record directly (no checks); returns it with its new key. */
	insert(entity: EntityName | 'do', fields: Record<string, unknown>): PpmeRecord {
		const record = { ...fields, key: this.takeKey(entity) } as PpmeRecord;
		this.data[entity].push(record);
		return record;
	}

	/** Inserts a planned task; start/end are wall times of the planning zone ("2030-01-07T09:00:00"). */
	insertPlannedTask(fields: Partial<PpmeRecord> & { start: string; end: string }): PpmeRecord {
		const resource = this.data.resource[0];
		const category = this.data.category[0];
		return this.insert('do', {
			label: 'Planned task',
			resources: resource ? [ref(resource)] : [],
			customers: [],
			project: null,
			category: category ? ref(category) : null,
			task: this.data.task[0] ? ref(this.data.task[0]) : null,
			fields: {},
			remark: '',
			...fields,
		});
	}

	/** Changes a planned task in place (as a planner would in the app). */
	updatePlannedTask(key: number, fields: Record<string, unknown>): PpmeRecord {
		const record = this.data.do.find((r) => r.key === key);
		if (!record) throw new Error(`no planned task ${key}`);
		Object.assign(record, fields);
		return record;
	}

	removePlannedTask(key: number): void {
		this.data.do = this.data.do.filter((r) => r.key !== key);
	}

	/** Today's start in the planning zone, as a wall time "yyyy-MM-ddT00:00:00". */
	todayWall(plusDays = 0, hour = 0): string {
		return DateTime.fromMillis(this.now(), { zone: this.timeZone })
			.startOf('day')
			.plus({ days: plusDays, hours: hour })
			.toFormat("yyyy-MM-dd'T'HH:mm:ss");
	}

	/** The same instant as todayWall, in the document's request form ("2018-01-25T18:05:00Z"). */
	todayUtc(plusDays = 0, hour = 0): string {
		return DateTime.fromMillis(this.now(), { zone: this.timeZone })
			.startOf('day')
			.plus({ days: plusDays, hours: hour })
			.toUTC()
			.toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
	}

	// ---------------------------------------------------------------- seeding
	private firstKey(entity: string): number {
		return ({ task: 700, customer: 100, resource: 10, project: 300, department: 1, category: 50, unavailability: 900, do: 5000 } as Record<string, number>)[entity] ?? 1;
	}

	private takeKey(entity: string): number {
		if (this.nextKey[entity] === undefined) {
			const existing = this.data[entity as EntityName].map((r) => r.key);
			this.nextKey[entity] = existing.length ? Math.max(...existing) + 1 : this.firstKey(entity);
		}
		return this.nextKey[entity]++;
	}

	private seed(opts: PlanningPmeSandboxOptions): void {
		this.seedEntity('department', 3);
		this.seedEntity('category', 5);
		this.seedEntity('resource', opts.resources ?? 8);
		this.seedEntity('customer', opts.customers ?? 12);
		this.seedEntity('project', opts.projects ?? 6);
		this.seedEntity('task', opts.tasks ?? 25);
		this.seedEntity('unavailability', opts.unavailabilities ?? 10);
		this.data.do = [];
		this.nextKey.do = this.firstKey('do');
		const n = opts.plannedTasks ?? 40;
		for (let i = 0; i < n; i++) {
			const day = -3 + Math.floor(this.rnd() * 28);
			const hour = 8 + Math.floor(this.rnd() * 8);
			const hours = 1 + Math.floor(this.rnd() * 3);
			this.insertPlannedTask({
				label: `Planned ${i + 1}`,
				start: this.todayWall(day, hour),
				end: this.todayWall(day, hour + hours),
				resources: [ref(this.data.resource[i % this.data.resource.length])],
				customers: this.data.customer.length ? [ref(this.data.customer[i % this.data.customer.length])] : [],
				project: this.data.project.length && i % 3 === 0 ? ref(this.data.project[i % this.data.project.length]) : null,
				category: ref(this.data.category[i % this.data.category.length]),
				task: this.data.task.length ? ref(this.data.task[i % this.data.task.length]) : null,
				remark: i % 4 === 0 ? 'Seeded' : '',
			});
		}
	}

	private generate(entity: EntityName, i: number): PpmeRecord {
		const key = this.takeKey(entity);
		const colors = ['#65A18D', '#214DE9', '#E9A821', '#A1216D', '#21A1E9'];
		switch (entity) {
			case 'department':
				return { key, label: ['Sales', 'Operations', 'Training'][i % 3] + (i >= 3 ? ` ${i}` : '') };
			case 'category':
				return { key, label: ['Meeting', 'Course', 'Intervention', 'Holiday', 'Travel'][i % 5] + (i >= 5 ? ` ${i}` : ''), style: { backgroundColor: colors[i % 5], color: '#000000' } };
			case 'resource': {
				const dept = this.data.department[i % Math.max(1, this.data.department.length)];
				return {
					key,
					label: `${['Alice', 'Bruno', 'Chloé', 'David', 'Emma', 'Félix', 'Gaëlle', 'Hugo'][i % 8]} ${['Martin', 'Bernard', 'Dubois', 'Robert'][i % 4]}${i >= 8 ? ` ${i}` : ''}`,
					type: i % 5 === 4 ? 'Material' : 'Human',
					email: `resource${i + 1}@example.com`,
					department: dept ? ref(dept) : null,
					notValid: i % 7 === 6,
				};
			}
			case 'customer':
				return {
					key,
					label: `${['Durand', 'Lefebvre', 'Moreau', 'Garcia', 'Roux', 'Fournier'][i % 6]} ${i % 2 ? 'SARL' : 'SA'}${i >= 6 ? ` ${i}` : ''}`,
					type: i % 3 === 2 ? 'Individual' : 'Company',
					email: `customer${i + 1}@example.com`,
					phone: `+33 1 00 00 ${String(i).padStart(2, '0')} 00`,
					notValid: false,
				};
			case 'project': {
				const customer = this.data.customer[i % Math.max(1, this.data.customer.length)];
				return {
					key,
					label: `${['Website', 'Relocation', 'Audit', 'Training plan', 'Rollout', 'Migration'][i % 6]}${i >= 6 ? ` ${i}` : ''}`,
					customer: customer ? ref(customer) : null,
					startDate: new Date(Date.UTC(2026, i % 12, 1)).toISOString().replace('.000Z', 'Z'),
					endDate: new Date(Date.UTC(2026, (i % 12) + 3, 1)).toISOString().replace('.000Z', 'Z'),
					notValid: i % 5 === 4,
				};
			}
			case 'task':
				return {
					key,
					label: `${['Cours d\'anglais', 'Coaching', 'Maintenance', 'Installation', 'Audit visit', 'Support'][i % 6]} ${i + 1}`,
					type: 1467 + (i % 3),
					taskType: ['Default', 'Duration', 'Time'][i % 3],
					style: { backgroundColor: colors[i % 5], color: '#000000' },
					notValid: i % 6 === 5,
					skills: i % 2 === 0 ? [[{ key: 12, name: 'Enfant', label: 'Pédagogie > Enfant', level: 1, domain: { key: 4, label: 'Pédagogie' } }]] : [],
				};
			case 'unavailability': {
				const resource = this.data.resource[i % Math.max(1, this.data.resource.length)];
				const day = Math.floor(this.rnd() * 60);
				return {
					key,
					label: ['Holiday', 'Sick leave', 'Training'][i % 3],
					start: DateTime.fromISO('2026-03-02T00:00:00Z').plus({ days: day }).toISO({ suppressMilliseconds: true }),
					end: DateTime.fromISO('2026-03-02T00:00:00Z').plus({ days: day + 1 + (i % 3) }).toISO({ suppressMilliseconds: true }),
					resource: resource ? ref(resource) : null,
					remark: '',
				};
			}
		}
	}

	// ---------------------------------------------------------------- routing
	private registerRoutes(): void {
		const b = `/${this.brand}`;
		this.route('POST', `${b}/token`, (req) => this.guard(req, false, () => this.token(req)));
		this.route('GET', `${b}/api/config`, (req) => this.guard(req, false, () => ({ body: this.config() })));
		this.route('POST', `${b}/api/do/list`, (req) => this.guard(req, true, () => this.plannedTasks(req)));
		this.route('GET', `${b}/api/do/:key`, (req) => this.guard(req, true, () => ({ body: this.tenantView(this.find('do', req.params.key, req)) })));
		this.route('POST', `${b}/api/do`, (req) => this.guard(req, true, () => this.writeEntry('do', req)));
		this.route('PUT', `${b}/api/do/:key`, (req) => this.guard(req, true, () => this.writeEntry('do', req, req.params.key)));
		this.route('DELETE', `${b}/api/do/:key`, (req) => this.guard(req, true, () => this.remove('do', req)));
		this.route('GET', `${b}/api/unavailability/:key`, (req) => this.guard(req, true, () => ({ body: this.tenantView(this.find('unavailability', req.params.key, req)) })));
		this.route('POST', `${b}/api/unavailability`, (req) => this.guard(req, true, () => this.writeEntry('unavailability', req)));
		this.route('PUT', `${b}/api/unavailability/:key`, (req) => this.guard(req, true, () => this.writeEntry('unavailability', req, req.params.key)));
		this.route('DELETE', `${b}/api/unavailability/:key`, (req) => this.guard(req, true, () => this.remove('unavailability', req)));
		for (const entity of LIST_PATHS) {
			this.route('GET', `${b}/api/${entity}`, (req) => this.guard(req, true, () => this.list(entity, req)));
		}
		for (const entity of ENTITY_PATHS) {
			this.route('GET', `${b}/api/${entity}/:key`, (req) => this.guard(req, true, () => ({ body: this.find(entity, req.params.key, req) })));
			this.route('POST', `${b}/api/${entity}`, (req) => this.guard(req, true, () => this.create(entity, req)));
			this.route('PUT', `${b}/api/${entity}/:key`, (req) => this.guard(req, true, () => this.replace(entity, req)));
			this.route('DELETE', `${b}/api/${entity}/:key`, (req) => this.guard(req, true, () => this.remove(entity, req)));
		}
	}

	/** App key, quota, bearer token and error mapping around every route. */
	private async guard(req: SandboxRequest, needsToken: boolean, fn: () => SandboxResponse | Promise<SandboxResponse>): Promise<SandboxResponse> {
		this.beforeRequest?.(req);
		const lang = language(req);
		const appKey = header(req, 'x-appkey');
		try {
			if (!appKey) throw new HttpError(401, msg('noAppKey', lang));
			const quota = this.appKeys[appKey];
			if (quota === undefined) throw new HttpError(403, msg('badAppKey', lang));
			let limiter = this.limiters.get(appKey);
			if (!limiter) {
				limiter = new WindowLimiter(quota, 3_600_000, this.now);
				this.limiters.set(appKey, limiter);
			}
			const taken = limiter.take();
			if (!taken.ok) throw new HttpError(429, msg('quota', lang, String(quota)), { 'Retry-After': String(taken.retryAfterSeconds) });
			if (needsToken) {
				const auth = header(req, 'authorization') ?? '';
				const m = /^Bearer\s+(\S+)$/i.exec(auth);
				const token = m ? this.tokens.get(m[1]) : undefined;
				if (!token || token.expiresAt <= this.now() || token.appKey !== appKey)
					throw new HttpError(401, msg('denied', lang), { 'WWW-Authenticate': 'Bearer' });
			}
			if (req.bodyError) throw new HttpError(400, `The request body is not valid JSON: ${req.bodyError}`);
			const res = await fn();
			return { ...res, headers: { 'Content-Language': lang, ...(res.headers ?? {}) } };
		} catch (error) {
			if (error instanceof HttpError) return { status: error.status, headers: { 'Content-Language': lang, ...error.headers }, body: { Message: error.message } };
			throw error;
		}
	}

	// ---------------------------------------------------------------- token
	private token(req: SandboxRequest): SandboxResponse {
		const type = String(req.headers['content-type'] ?? '');
		const oauth = (error: string, description: string): SandboxResponse => ({ status: 400, body: { error, error_description: description } });
		if (!type.includes('application/x-www-form-urlencoded')) return oauth('invalid_request', 'The token request must be form-encoded (application/x-www-form-urlencoded).');
		const form = (req.body ?? {}) as Record<string, string>;
		const grant = form.grant_type;
		if (!grant || !this.grantTypes.has(grant)) return oauth('unsupported_grant_type', `The grant type ${JSON.stringify(grant ?? '')} is not enabled for this API.`);
		let username: string | undefined;
		if (grant === 'password') {
			if (!form.username || this.users[form.username] === undefined || this.users[form.username] !== form.password)
				return oauth('invalid_grant', 'The user name or password is incorrect.');
			username = form.username;
			this.tokenStats.password++;
		} else {
			username = form.assertion ? this.accountTokens[form.assertion] : undefined;
			if (!username) return oauth('invalid_grant', 'The account token is not valid.');
			this.tokenStats.jwt++;
		}
		this.tokenStats.issued++;
		const accessToken = `ppme-at-${this.tokenStats.issued}-${Math.floor(this.rnd() * 1e9).toString(36)}${'x'.repeat(24)}`;
		this.tokens.set(accessToken, { username, expiresAt: this.now() + this.tokenTtlSeconds * 1000, appKey: header(req, 'x-appkey') as string });
		return { body: { access_token: accessToken, token_type: 'bearer', expires_in: this.tokenTtlSeconds, username } };
	}

	private config(): Record<string, unknown> {
		const enums: Record<string, Record<string, string>> = {};
		for (const [name, values] of Object.entries(PLANNINGPME_ENUMS)) enums[name] = Object.fromEntries(values.map((v) => [v, v]));
		return { version: '4.7.0.26', enums };
	}

	// ---------------------------------------------------------------- lists
	private list(entity: EntityName, req: SandboxRequest): SandboxResponse {
		let records = this.data[entity];
		if (entity === 'unavailability') {
			const from = this.requestInstant(q(req.query, 'dateFrom'), 'dateFrom');
			const to = this.requestInstant(q(req.query, 'dateTo'), 'dateTo');
			if (from !== undefined && to !== undefined && to <= from) throw new HttpError(400, 'dateTo must be after dateFrom.');
			records = records.filter((r) => (to === undefined || instant(r.start, this.timeZone) < to) && (from === undefined || instant(r.end, this.timeZone) > from));
		}
		const sorted = sortRecords(records, q(req.query, 'sortInfo'));
		const rawIndex = q(req.query, 'pageIndex');
		const rawSize = q(req.query, 'pageSize');
		const view = (r: PpmeRecord) => (entity === 'task' ? omit(r, ['skills']) : entity === 'unavailability' ? this.tenantView(r) : r);
		if (rawIndex === undefined && rawSize === undefined) return { body: { totalItems: sorted.length, items: sorted.map(view) } };
		if (rawIndex !== undefined && !/^\d+$/.test(rawIndex)) throw new HttpError(400, `pageIndex must be a whole number from 0 (got ${JSON.stringify(rawIndex)}).`);
		if (rawSize === undefined || !/^\d+$/.test(rawSize) || Number(rawSize) < 1 || Number(rawSize) > this.maxPageSize)
			throw new HttpError(400, `pageSize must be a whole number from 1 to ${this.maxPageSize} (got ${JSON.stringify(rawSize ?? '')}).`);
		const index = Number(rawIndex ?? this.pageIndexBase) - this.pageIndexBase;
		if (index < 0) throw new HttpError(400, `pageIndex must be a whole number from ${this.pageIndexBase} (got ${JSON.stringify(rawIndex)}).`);
		const size = Math.min(Number(rawSize), this.pageCap ?? Infinity);
		const items = sorted.slice(index * size, (index + 1) * size).map(view);
		if (this.listShape === 'bare') return { body: items };
		if (this.listShape === 'meta') return { body: { records: items, meta: { count: sorted.length } } };
		return { body: { totalItems: sorted.length, items } };
	}

	private find(entity: EntityName | 'do', rawKey: string, req: SandboxRequest): PpmeRecord {
		const key = Number(rawKey);
		const record = /^\d+$/.test(rawKey) ? this.data[entity].find((r) => r.key === key) : undefined;
		if (!record) throw new HttpError(404, msg('notFound', language(req), entity === 'do' ? 'planned task' : entity, rawKey));
		return record;
	}

	private plannedTasks(req: SandboxRequest): SandboxResponse {
		const body = objectBody(req);
		if (body.dateFrom === undefined || body.dateTo === undefined) throw new HttpError(400, 'dateFrom and dateTo are required.');
		const from = this.requestInstant(body.dateFrom, 'dateFrom') as number;
		const to = this.requestInstant(body.dateTo, 'dateTo') as number;
		if (to <= from) throw new HttpError(400, 'dateTo must be after dateFrom.');
		if (body.results !== undefined && body.results !== 'Task') throw new HttpError(400, `results must be "Task" (got ${JSON.stringify(body.results)}).`);
		const keys = (name: string): number[] | undefined => {
			const v = body[name];
			if (v === undefined || v === null) return undefined;
			if (!Array.isArray(v) || v.some((k) => !Number.isInteger(Number(k)))) throw new HttpError(400, `${name} must be an array of keys.`);
			return v.map(Number);
		};
		const resources = keys('resources');
		const categories = keys('categories');
		const items = this.data.do
			.filter((r) => instant(r.start, this.timeZone) < to && instant(r.end, this.timeZone) > from)
			.filter((r) => !resources || ((r.resources as Array<{ key: number }>) ?? []).some((x) => resources.includes(x.key)))
			.filter((r) => !categories || (r.category !== null && categories.includes((r.category as { key: number }).key)))
			.sort((a, b) => String(a.start).localeCompare(String(b.start)) || a.key - b.key);
		return { body: { items: items.map((r) => this.tenantView(r)) } };
	}

	// ---------------------------------------------------------------- writes
	private create(entity: EntityName, req: SandboxRequest): SandboxResponse {
		const body = this.unbind(this.validate(entity, objectBody(req)));
		const record = { ...body, key: this.takeKey(entity) } as PpmeRecord;
		this.data[entity].push(record);
		return { status: 201, body: record };
	}

	private replace(entity: EntityName, req: SandboxRequest): SandboxResponse {
		const current = this.find(entity, req.params.key, req);
		const body = this.unbind(this.validate(entity, objectBody(req)));
		if (body.key !== undefined && Number(body.key) !== current.key) throw new HttpError(400, `The key in the body (${String(body.key)}) differs from the key in the address (${current.key}).`);
		const next = { ...body, key: current.key } as PpmeRecord;
		this.data[entity][this.data[entity].indexOf(current)] = next;
		return { body: next };
	}

	private remove(entity: EntityName | 'do', req: SandboxRequest): SandboxResponse {
		const current = this.find(entity, req.params.key, req);
		this.data[entity] = this.data[entity].filter((r) => r !== current);
		return { body: { key: current.key } };
	}

	/** A date of a request, as the tenant's `requestDates` takes it; undefined when absent. */
	private requestInstant(value: unknown, name: string): number | undefined {
		if (value === undefined || value === '') return undefined;
		const text = String(value);
		const withOffset = /(Z|[+-]\d\d:?\d\d)$/i.test(text);
		if (this.requestDates === 'offset' && !withOffset)
			throw new HttpError(400, `${name} must be an ISO 8601 date with Z or an offset, e.g. 2018-01-25T18:05:00Z (got ${JSON.stringify(value)}).`);
		if (this.requestDates === 'wall' && withOffset)
			throw new HttpError(400, `${name} must be a date and time of the planning without an offset, e.g. 2018-01-25T18:05:00 (got ${JSON.stringify(value)}).`);
		if (this.requestDates === 'dropOffset') return optionalInstant(text.replace(/(Z|[+-]\d\d:?\d\d)$/i, ''), name, this.timeZone);
		return optionalInstant(value, name, this.timeZone);
	}

	/** A record as the tenant names its fields (`fieldNames`). */
	tenantView(record: PpmeRecord): Record<string, unknown> {
		if (Object.keys(this.fieldNames).length === 0) return record;
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(record)) out[this.fieldNames[k] ?? k] = v;
		return out;
	}

	/** A `{key}` reference (or a bare key) to an existing record, as `{key, label}`; null/undefined pass. */
	private reference(entity: EntityName, value: unknown, name: string): { key: number; label: unknown } | null | undefined {
		if (value === undefined || value === null) return value as null | undefined;
		const raw = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).key : value;
		const record = this.data[entity].find((r) => r.key === Number(raw));
		if (raw === undefined || raw === null || !record) throw new HttpError(400, `${name}: no ${entity} with key ${JSON.stringify(raw ?? null)}.`);
		return ref(record);
	}

	private references(entity: EntityName, value: unknown, name: string): Array<{ key: number; label: unknown }> | undefined {
		if (value === undefined || value === null) return undefined;
		if (!Array.isArray(value)) throw new HttpError(400, `${name} must be an array of {key}.`);
		return value.map((v) => this.reference(entity, v, name) as { key: number; label: unknown });
	}

	/** POST (no key) or PUT of a planned task (`do`) or an unavailability, bound to the model's fields. */
	private writeEntry(entity: 'do' | 'unavailability', req: SandboxRequest, rawKey?: string): SandboxResponse {
		const current = rawKey === undefined ? undefined : this.find(entity, rawKey, req);
		const given = objectBody(req);
		const model = entity === 'do' ? DO_MODEL : UNAVAILABILITY_MODEL;
		const input: Record<string, unknown> = {};
		for (const field of model) {
			const name = this.fieldNames[field] ?? field;
			if (given[name] !== undefined) input[field] = given[name];
		}
		const bodyKey = given[this.fieldNames.key ?? 'key'];
		if (current && bodyKey !== undefined && Number(bodyKey) !== current.key)
			throw new HttpError(400, `The key in the body (${String(bodyKey)}) differs from the key in the address (${current.key}).`);
		const startName = this.fieldNames.start ?? 'start';
		const endName = this.fieldNames.end ?? 'end';
		if (input.start === undefined || input.end === undefined) throw new HttpError(400, `The fields ${startName} and ${endName} are required.`);
		const start = this.requestInstant(input.start, startName) as number;
		const end = this.requestInstant(input.end, endName) as number;
		if (end <= start) throw new HttpError(400, `${endName} must be after ${startName}.`);
		if (input.label !== undefined && input.label !== null && typeof input.label !== 'string') throw new HttpError(400, 'label must be text.');
		const record: Record<string, unknown> = { ...input };
		if (entity === 'do') {
			const resources = this.references('resource', input.resources, this.fieldNames.resources ?? 'resources');
			if (!resources || resources.length === 0) throw new HttpError(400, `The field ${this.fieldNames.resources ?? 'resources'} needs at least one resource.`);
			record.resources = resources;
			record.customers = this.references('customer', input.customers, 'customers') ?? [];
			for (const [field, target] of [['task', 'task'], ['project', 'project'], ['category', 'category']] as const)
				record[field] = this.reference(target, input[field], field) ?? null;
			record.start = wall(start, this.timeZone);
			record.end = wall(end, this.timeZone);
			record.label = input.label ?? '';
			record.remark = input.remark ?? '';
			record.fields = input.fields ?? {};
		} else {
			const resource = this.reference('resource', input.resource, this.fieldNames.resource ?? 'resource');
			if (!resource) throw new HttpError(400, `The field ${this.fieldNames.resource ?? 'resource'} is required.`);
			record.resource = resource;
			record.start = utc(start);
			record.end = utc(end);
			record.label = input.label ?? '';
			record.remark = input.remark ?? '';
		}
		if (current) {
			const next = { ...record, key: current.key } as PpmeRecord;
			this.data[entity][this.data[entity].indexOf(current)] = next;
			return { body: this.tenantView(next) };
		}
		const created = { ...record, key: this.takeKey(entity) } as PpmeRecord;
		this.data[entity].push(created);
		return { status: 201, body: this.tenantView(created) };
	}

	private unbind(body: Record<string, unknown>): Record<string, unknown> {
		const out = { ...body };
		for (const name of this.unboundRecordFields) delete out[name];
		return out;
	}

	private validate(entity: EntityName, body: Record<string, unknown>): Record<string, unknown> {
		if (typeof body.label !== 'string' || body.label.trim() === '') throw new HttpError(400, 'The field label is required.');
		const enumOf: Partial<Record<EntityName, string>> = { resource: 'ResourceType', customer: 'CustomerType' };
		const name = enumOf[entity];
		if (name && body.type !== undefined && !PLANNINGPME_ENUMS[name].includes(String(body.type)))
			throw new HttpError(400, `The value ${JSON.stringify(body.type)} is not valid for type (${name}: ${PLANNINGPME_ENUMS[name].join(', ')}).`);
		return body;
	}
}

export function createPlanningPmeSandbox(opts?: PlanningPmeSandboxOptions): PlanningPmeSandbox {
	return new PlanningPmeSandbox(opts);
}

// ---------------------------------------------------------------- helpers
function ref(record: PpmeRecord): { key: number; label: unknown } {
	return { key: record.key, label: record.label };
}

function header(req: SandboxRequest, name: string): string | undefined {
	const v = req.headers[name];
	const s = Array.isArray(v) ? v[0] : v;
	return s === undefined || s === '' ? undefined : s;
}

function language(req: SandboxRequest): string {
	const raw = header(req, 'accept-language') ?? 'en';
	const lang = raw.split(',')[0].trim().slice(0, 2).toLowerCase();
	return MESSAGES.denied[lang] ? lang : 'en';
}

function msg(id: string, lang: string, ...args: string[]): string {
	const text = MESSAGES[id][lang] ?? MESSAGES[id].en;
	return args.reduce((t, a, i) => t.replace(`{${i}}`, a), text);
}

function objectBody(req: SandboxRequest): Record<string, unknown> {
	if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw new HttpError(400, 'The request body must be a JSON object.');
	return req.body as Record<string, unknown>;
}

function omit(record: PpmeRecord, keys: string[]): PpmeRecord {
	const out = { ...record };
	for (const k of keys) delete out[k];
	return out;
}

/** Epoch ms of a date: with an offset as given, without one as a wall time of the planning zone. */
function instant(value: unknown, zone: string): number {
	if (typeof value !== 'string') return NaN;
	return DateTime.fromISO(value, { zone }).toMillis();
}

function wall(ms: number, zone: string): string {
	return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

function utc(ms: number): string {
	return DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
}

function optionalInstant(value: unknown, name: string, zone: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const t = instant(value, zone);
	if (Number.isNaN(t)) throw new HttpError(400, `${name} must be an ISO 8601 date (got ${JSON.stringify(value)}).`);
	return t;
}

function getPath(record: Record<string, unknown>, path: string): unknown {
	let v: unknown = record;
	for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
	return v;
}

/** Applies a sortInfo such as "notValid-label+" ("label " counts as "label+": an unencoded + is a space). */
function sortRecords(records: PpmeRecord[], sortInfo: string | undefined): PpmeRecord[] {
	if (sortInfo === undefined || sortInfo.trim() === '') return [...records];
	const keys: Array<{ field: string; dir: number }> = [];
	const re = /([A-Za-z_][A-Za-z0-9_.]*)([+\- ])/gy;
	const text = /[+\- ]$/.test(sortInfo) ? sortInfo : `${sortInfo}+`;
	let m: RegExpExecArray | null;
	let consumed = 0;
	while ((m = re.exec(text)) !== null) {
		keys.push({ field: m[1], dir: m[2] === '-' ? -1 : 1 });
		consumed = re.lastIndex;
	}
	if (consumed !== text.length || keys.length === 0)
		throw new HttpError(400, `sortInfo ${JSON.stringify(sortInfo)} is not valid: use property names each followed by + or -, e.g. "label+".`);
	for (const k of keys)
		if (records.length > 0 && !records.some((r) => getPath(r, k.field) !== undefined))
			throw new HttpError(400, `Cannot sort on ${k.field}: no such property (names are case-sensitive).`);
	return [...records].sort((a, b) => {
		for (const { field, dir } of keys) {
			const c = compare(getPath(a, field), getPath(b, field));
			if (c !== 0) return c * dir;
		}
		return a.key - b.key;
	});
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	const x = String(a).toLowerCase();
	const y = String(b).toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}
