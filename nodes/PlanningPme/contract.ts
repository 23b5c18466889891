import type { RateLimit } from '../shared/scheduler';
import type { AliasTable } from '../shared/contractCheck';

/**
 * Every assumption the package makes about PlanningPME, as data: paths, request date form, field names sent,
 * alias lists read, the write-verification table, the record entities and the API Contract → Check field tables.
 * No requests here (transport.ts), no node logic (fields.ts, normalize.ts).
 */

/**
 * PlanningPME's contract: every path this package relies on, relative to `<server>/<brand>` (PlanningPME's
 * developer documentation, "PlanningPME API – Documentación del desarrollador"). Marked "assumed" where no
 * public text confirms it; a path that differs is one line here.
 */
export const PATHS = {
	/** Stated: POST, form-encoded, both grant types (used by the credential's preAuthentication). */
	token: '/token',
	/** Stated: the enums of the API version. */
	config: '/api/config',
	/** Stated (GET list and GET by key for task); assumed for POST/PUT/DELETE and the other entities. */
	records: (entity: RecordEntity) => `/api/${entity}`,
	record: (entity: RecordEntity, key: string) => `/api/${entity}/${encodeURIComponent(key)}`,
	/** Seen in public client code: planned tasks in a date range (POST, no paging), and one planned task (GET). */
	plannedTaskList: '/api/do/list',
	plannedTask: (key: string) => `/api/do/${encodeURIComponent(key)}`,
	/** Assumed: POST api/do creates a planned task (answers it); PUT / DELETE api/do/{key} replace / delete one. */
	plannedTasks: '/api/do',
	/** Seen in public client code (department, category). */
	departments: '/api/department',
	categories: '/api/category',
	/**
	 * Assumed: GET api/unavailability (paged, dateFrom/dateTo overlap filter), GET/PUT/DELETE
	 * api/unavailability/{key}, POST api/unavailability (answers the record).
	 */
	unavailabilities: '/api/unavailability',
	unavailability: (key: string) => `/api/unavailability/${encodeURIComponent(key)}`,
} as const;

/**
 * Dates the node sends (request bodies and queries), one format everywhere. Stated: "El formato de fecha utilizado
 * por la API y esperado en cada solicitud JSON es el formato ISO 8601. Ex: 2018-01-25T18:05:00Z" — UTC with `Z`.
 * ('wall' would send zone-less wall times of the planning time zone, the form public client code sends to
 * api/do/list: the one line to change for a tenant that takes only those. API Contract → Check, line
 * `dates.requests`, tells which forms a tenant takes.)
 */
export const REQUEST_DATES: 'utc' | 'wall' = 'utc';

/**
 * Field names the node sends in write bodies (assumed: the names planned tasks and unavailabilities are read
 * with in public client code; a reference to another record is sent as `{key}`). A write is checked against
 * the record PlanningPME answers (see verifiedEntry in fields.ts): a value sent that comes back missing names
 * its line here.
 */
export const FIELDS = {
	key: 'key',
	/** Task, customer, resource, project: the name field, and the type (ResourceType / CustomerType). */
	record: { label: 'label', type: 'type' },
	plannedTask: {
		label: 'label',
		start: 'start',
		end: 'end',
		resources: 'resources',
		customers: 'customers',
		task: 'task',
		project: 'project',
		category: 'category',
		remark: 'remark',
	},
	unavailability: {
		label: 'label',
		start: 'start',
		end: 'end',
		resource: 'resource',
		remark: 'remark',
	},
} as const;

/**
 * Every name a tenant may give a field the node reads, per normalized key, first present wins (a dotted name reads
 * a nested object). Stated by nobody: `key`, `label`, `start`, `end`, `resources`, `project` are what public client
 * code reads; the others are plausible variants (`title`, `startDate`/`endDate`, `dateStart`/`dateEnd`). Simplify,
 * the trigger, the write check and API Contract → Check read through these lists; a key none of whose names a
 * record carries is listed in `normalized.unmapped` (a field present with null stays a plain null).
 */
export const PLANNED_TASK_ALIASES = {
	id: ['key', 'id'],
	title: ['label', 'title', 'name'],
	start: ['start', 'startDate', 'dateStart', 'begin'],
	end: ['end', 'endDate', 'dateEnd'],
	status: ['status.label', 'status'],
	resource: ['resources', 'resource'],
	customers: ['customers', 'customer'],
	task: ['task'],
	category: ['category'],
	project: ['project'],
	costCenter: ['project.label', 'project'],
	remark: ['remark', 'comment', 'note'],
} as const;

export const UNAVAILABILITY_ALIASES = {
	id: ['key', 'id'],
	title: ['label', 'title', 'name', 'reason'],
	start: ['start', 'startDate', 'dateStart', 'begin'],
	end: ['end', 'endDate', 'dateEnd'],
	status: ['status.label', 'status'],
	resource: ['resource', 'resources'],
	remark: ['remark', 'comment', 'note'],
} as const;

/** The key and name of a reference to another record (`{key, label}`). */
export const REF_ALIASES = { id: ['key', 'id'], name: ['label', 'name'] } as const;

export type RecordEntity = 'task' | 'customer' | 'resource' | 'project';

/**
 * Lists answer `{totalItems, items}`; pageIndex counts from 0 (stated). The largest page is not documented:
 * 1000 is assumed. Once the total is known the remaining pages go four at a time — far below the
 * 2,000 requests/hour default quota per app key.
 */
export const PAGE_SIZE_MAX = 1000;
export const PAGE_CONCURRENCY = 4;

/**
 * stated (seed: rate limit): 2,000 requests an hour per app key by default (paid tiers higher). Requests are paced
 * under it (nodes/shared/scheduler.ts): past it, a request fails at once naming this line rather than meet the
 * vendor's refusal (whose form is not documented). A tenant on a higher tier meets it only above 2,000 requests
 * an hour from one n8n process.
 */
export const RATE_LIMITS: RateLimit[] = [
	{ requests: 2_000, perMs: 3_600_000, line: 'limits.hourly', text: '2,000 requests per hour' },
];

/** A dated entry: a planned task (api/do) or an unavailability (api/unavailability). */
export type EntryKind = 'plannedTask' | 'unavailability';

/** The alias lists of one kind of dated entry. */
export function aliasesOf(kind: EntryKind) {
	return kind === 'plannedTask' ? PLANNED_TASK_ALIASES : UNAVAILABILITY_ALIASES;
}

/** What the user calls a dated entry, in messages. */
export const NOUN: Record<EntryKind, string> = {
	plannedTask: 'planned task',
	unavailability: 'unavailability',
};

/** How a field sent in a write is read back: its alias list (above) and how values compare. */
export interface ReadBack {
	label: string;
	aliases: readonly string[];
	compare: 'text' | 'date' | 'ref' | 'refs';
}

/** The write check's table (verifiedEntry in fields.ts): per FIELDS name sent, how it is read back. */
export const READ_BACK: Record<EntryKind, Record<string, ReadBack>> = {
	plannedTask: {
		[FIELDS.plannedTask.label]: {
			label: 'label',
			aliases: PLANNED_TASK_ALIASES.title,
			compare: 'text',
		},
		[FIELDS.plannedTask.start]: {
			label: 'start',
			aliases: PLANNED_TASK_ALIASES.start,
			compare: 'date',
		},
		[FIELDS.plannedTask.end]: { label: 'end', aliases: PLANNED_TASK_ALIASES.end, compare: 'date' },
		[FIELDS.plannedTask.resources]: {
			label: 'resources',
			aliases: PLANNED_TASK_ALIASES.resource,
			compare: 'refs',
		},
		[FIELDS.plannedTask.customers]: {
			label: 'customers',
			aliases: PLANNED_TASK_ALIASES.customers,
			compare: 'refs',
		},
		[FIELDS.plannedTask.task]: {
			label: 'task',
			aliases: PLANNED_TASK_ALIASES.task,
			compare: 'ref',
		},
		[FIELDS.plannedTask.project]: {
			label: 'project',
			aliases: PLANNED_TASK_ALIASES.project,
			compare: 'ref',
		},
		[FIELDS.plannedTask.category]: {
			label: 'category',
			aliases: PLANNED_TASK_ALIASES.category,
			compare: 'ref',
		},
		[FIELDS.plannedTask.remark]: {
			label: 'remark',
			aliases: PLANNED_TASK_ALIASES.remark,
			compare: 'text',
		},
	},
	unavailability: {
		[FIELDS.unavailability.label]: {
			label: 'label',
			aliases: UNAVAILABILITY_ALIASES.title,
			compare: 'text',
		},
		[FIELDS.unavailability.start]: {
			label: 'start',
			aliases: UNAVAILABILITY_ALIASES.start,
			compare: 'date',
		},
		[FIELDS.unavailability.end]: {
			label: 'end',
			aliases: UNAVAILABILITY_ALIASES.end,
			compare: 'date',
		},
		[FIELDS.unavailability.resource]: {
			label: 'resource',
			aliases: UNAVAILABILITY_ALIASES.resource,
			compare: 'ref',
		},
		[FIELDS.unavailability.remark]: {
			label: 'remark',
			aliases: UNAVAILABILITY_ALIASES.remark,
			compare: 'text',
		},
	},
};

/** Task, customer, resource and project share one shape in PlanningPME's API; each is described by one spec. */
export interface RecordSpec {
	value: RecordEntity;
	label: string;
	plural: string;
	/** listSearch method for the "From List" picker. */
	searchMethod: string;
	/** A field whose values come from an `api/config` enum (e.g. resource type). */
	typeField?: { displayName: string; name: string; loadOptionsMethod: string; description: string };
}

export const SPECS: Record<RecordEntity, RecordSpec> = {
	task: { value: 'task', label: 'Task', plural: 'tasks', searchMethod: 'searchTasks' },
	customer: {
		value: 'customer',
		label: 'Customer',
		plural: 'customers',
		searchMethod: 'searchCustomers',
		typeField: {
			displayName: 'Customer Type Name or ID',
			name: 'type',
			loadOptionsMethod: 'getCustomerTypes',
			description:
				'Individual or company, from the CustomerType list of your API version. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	},
	resource: {
		value: 'resource',
		label: 'Resource',
		plural: 'resources',
		searchMethod: 'searchResources',
		typeField: {
			displayName: 'Resource Type Name or ID',
			name: 'type',
			loadOptionsMethod: 'getResourceTypes',
			description:
				'Human, material, to plan or external, from the ResourceType list of your API version. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	},
	project: {
		value: 'project',
		label: 'Project',
		plural: 'projects',
		searchMethod: 'searchProjects',
	},
};

/** The node parameter holding a record's key, e.g. `taskKey`. */
export function keyParameter(spec: RecordSpec): string {
	return `${spec.value}Key`;
}

/** The alias lists Simplify reads for each normalized key (above; normalizeBooking in normalize.ts). */
function aliasTable(aliases: Record<string, readonly string[]>, keys: string[]): AliasTable {
	return Object.fromEntries(keys.map((k) => [k, [...aliases[k]]]));
}
export const PLANNED_TASK_FIELDS: AliasTable = aliasTable(PLANNED_TASK_ALIASES, [
	'id',
	'title',
	'start',
	'end',
	'status',
	'resource',
	'costCenter',
]);
export const UNAVAILABILITY_FIELDS: AliasTable = aliasTable(UNAVAILABILITY_ALIASES, [
	'id',
	'title',
	'start',
	'end',
	'status',
	'resource',
]);
