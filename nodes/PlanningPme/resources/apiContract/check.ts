import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import {
	apiContractResource,
	clockLine,
	confirmed,
	contradicted,
	datesLine,
	fieldsLine,
	largestPageLine,
	notCheckable,
	pageBaseLine,
	pathLine,
	writesLine,
	type AliasTable,
	type ContractLine,
	type PageReader,
	type Prober,
} from '../../../shared/contractCheck';
import {
	PAGE_SIZE_MAX,
	pageOf,
	PATHS,
	planningPmeRequest,
	type RecordEntity,
} from '../../transport';

const T = 'nodes/PlanningPme/transport.ts';
const NORMALIZE = 'nodes/PlanningPme/common.ts normalizeBooking';
const FIRST_PAGE = 0;

/** The vendor field names Simplify reads for each normalized key (normalizeBooking). */
export const PLANNED_TASK_FIELDS: AliasTable = {
	id: ['key'],
	title: ['label'],
	start: ['start'],
	end: ['end'],
	status: ['status.label', 'status'],
	resource: ['resources', 'resource'],
	costCenter: ['project.label', 'project'],
};

const isPage = (body: unknown) =>
	pageOf(body) ? undefined : 'the answer is not a page {totalItems, items}';

const readTasks: PageReader = async (p, pageIndex, pageSize) => {
	const answer = await p.get(
		PATHS.records('task'),
		pageIndex === undefined ? { pageSize } : { pageIndex, pageSize },
	);
	if (!answer.ok) return { ids: [], error: answer.message };
	const page = pageOf(answer.body);
	if (!page) return { ids: [], error: 'not a page {totalItems, items}' };
	return { ids: page.items.map((r) => String(r.key)), total: page.total };
};

/** A window around today: planned tasks are listed by date. */
function window() {
	const now = DateTime.utc();
	return {
		dateFrom: now.minus({ days: 30 }).toISO({ suppressMilliseconds: true }),
		dateTo: now.plus({ days: 90 }).toISO({ suppressMilliseconds: true }),
	};
}

async function plannedTasks(p: Prober): Promise<IDataObject[]> {
	const answer = await p.search(PATHS.plannedTaskList, { ...window(), results: 'Task' });
	if (!answer.ok) throw new Error(answer.message);
	return (pageOf(answer.body)?.items ?? []).slice(0, 20);
}

const firstKey = (entity: RecordEntity) => async (p: Prober) => {
	const answer = await p.get(PATHS.records(entity), { pageSize: 1 });
	const key = pageOf(answer.body)?.items[0]?.key;
	return key === undefined ? undefined : String(key);
};

const RECORDS: RecordEntity[] = ['task', 'customer', 'resource', 'project'];

const lines: ContractLine[] = [
	pathLine({
		line: 'path.config',
		where: `${T} PATHS.config`,
		path: PATHS.config,
		what: 'the enums of the API version (stated); the token (POST /token) and X-APPKEY were accepted to get here',
		fix: `Check the credential (server, brand, app key, login) first; if only this path is refused, change ${T} PATHS.config.`,
	}),
	...RECORDS.flatMap((entity) => [
		pathLine({
			line: `path.${entity}s`,
			where: `${T} PATHS.records('${entity}')`,
			path: PATHS.records(entity),
			qs: { pageSize: 1 },
			what: `a page of ${entity} records`,
			shape: isPage,
		}),
		pathLine({
			line: `path.${entity}`,
			where: `${T} PATHS.record('${entity}', key)`,
			path: PATHS.record(entity, '{id}'),
			id: firstKey(entity),
			what: `one ${entity} by key`,
		}),
	]),
	...(['departments', 'categories'] as const).map((key) =>
		pathLine({
			line: `path.${key}`,
			where: `${T} PATHS.${key}`,
			path: PATHS[key],
			qs: { pageSize: 1 },
			what: `a page of ${key}`,
			shape: isPage,
		}),
	),
	pathLine({
		line: 'path.unavailabilities',
		where: `${T} PATHS.unavailabilities`,
		path: PATHS.unavailabilities,
		qs: () => ({ ...window(), pageSize: 1 }),
		what: 'a page of unavailabilities (with dateFrom/dateTo)',
		shape: isPage,
	}),
	pathLine({
		line: 'path.plannedTaskList',
		where: `${T} PATHS.plannedTaskList`,
		path: PATHS.plannedTaskList,
		searchBody: () => ({ ...window(), results: 'Task' }),
		what: 'the planned tasks of a date range {items} (a read-only listing)',
		shape: isPage,
	}),
	pathLine({
		line: 'path.plannedTask',
		where: `${T} PATHS.plannedTask`,
		path: PATHS.plannedTask('{id}'),
		id: async (p) => {
			const [task] = await plannedTasks(p);
			return task?.key === undefined ? undefined : String(task.key);
		},
		what: 'one planned task by key',
	}),
	writesLine(
		`${T} PATHS.records / record (POST, PUT, DELETE)`,
		'Records are created with POST api/<entity>, replaced with PUT and deleted with DELETE api/<entity>/{key}',
	),
	pageBaseLine({
		where: `${T} planningPmeList (firstPage: 0)`,
		base: FIRST_PAGE,
		read: readTasks,
		fix: (base) =>
			base === undefined
				? `The pages do not follow each other as documented: set firstPage in planningPmeList (${T}) to your tenant's first pageIndex.`
				: `Your tenant numbers pageIndex from ${base}: set firstPage: ${base} in planningPmeList (${T}).`,
	}),
	largestPageLine({
		where: `${T} PAGE_SIZE_MAX`,
		base: FIRST_PAGE,
		max: PAGE_SIZE_MAX,
		read: readTasks,
	}),
	{
		line: 'total',
		where: `${T} pageOf (totalItems)`,
		assumption: 'A list answer reports its total as totalItems',
		fix: `Read the total under your tenant's name in pageOf (${T}).`,
		async probe(p) {
			const answer = await p.get(PATHS.records('task'), { pageSize: 1 });
			if (!answer.ok) return notCheckable(answer.message ?? 'failed');
			const body = (answer.body ?? {}) as IDataObject;
			return typeof body.totalItems === 'number'
				? confirmed(`totalItems: ${body.totalItems}`)
				: contradicted(`keys: ${Object.keys(body).join(', ')}`);
		},
	},
	fieldsLine({
		line: 'fields.plannedTask',
		where: NORMALIZE,
		record: 'A planned task',
		aliases: PLANNED_TASK_FIELDS,
		optional: ['status'],
		sample: plannedTasks,
	}),
	datesLine({
		line: 'dates.plannedTask',
		where: NORMALIZE,
		assumption:
			"Planned task start/end are ISO 8601, without an offset a wall time of the planning's time zone (credential)",
		fix: 'Teach vendorDateToIso (nodes/PlanningPme/common.ts) the format your tenant sends.',
		fields: ['start', 'end'],
		accepted: ['ISO 8601 with offset', 'ISO 8601 without offset'],
		sample: plannedTasks,
	}),
	clockLine({ where: `${T} (token lifetime)`, path: PATHS.config }),
];

export const apiContract = apiContractResource({
	vendor: 'PlanningPME',
	request: planningPmeRequest,
	lines,
});
