import type { IDataObject } from 'n8n-workflow';
import { fieldValue } from '../../../shared/fieldReader';
import { DateTime } from 'luxon';
import {
	answerText,
	apiContractResource,
	clockLine,
	confirmed,
	DATES_FIX,
	PATH_FIX,
	contradicted,
	datesLine,
	fieldsLine,
	largestPageLine,
	notCheckable,
	pageBaseLine,
	pathLine,
	totalLine,
	windowCapLine,
	short,
	writesLine,
	type ContractLine,
	type PageReader,
	type Prober,
} from '../../../shared/contractCheck';
import {
	PAGE_SIZE_MAX,
	PATHS,
	PLANNED_TASK_FIELDS,
	REQUEST_DATES,
	UNAVAILABILITY_FIELDS,
	type RecordEntity,
} from '../../contract';
import {
	pageOf,
	planningPmeClient,
	planningPmeRequest,
	planningZone,
	requestDate,
} from '../../transport';
import { splitTaskWindow, WINDOW_CAP_WHERE } from '../../taskWindows';
import { REPORT_CHECK } from '../../../shared/messages';

const SOURCE = 'nodes/PlanningPme/contract.ts';
const TRANSPORT_SOURCE = 'nodes/PlanningPme/transport.ts';
const NORMALIZE_SOURCE = 'nodes/PlanningPme/normalize.ts normalizeBooking';
const FIRST_PAGE = 0;

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
	return { ids: page.items.map((r) => String(fieldValue(r, 'key'))), total: page.total };
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

/** Unavailabilities around today; else any (a tenant may have none in the window). */
async function unavailabilities(p: Prober): Promise<IDataObject[]> {
	const around = await p.get(PATHS.unavailabilities, { ...window(), pageSize: 20 });
	if (!around.ok) throw new Error(around.message);
	const items = pageOf(around.body)?.items ?? [];
	if (items.length > 0) return items;
	const any = await p.get(PATHS.unavailabilities, { pageSize: 20 });
	return any.ok ? (pageOf(any.body)?.items ?? []) : [];
}

/** Whether a read-only request with dates in one form is accepted: `undefined` when accepted, else the refusal. */
async function takes(
	p: Prober,
	path: string,
	from: DateTime,
	to: DateTime,
	zone: string,
	form: 'utc' | 'wall',
) {
	const dates = { dateFrom: requestDate(from, zone, form), dateTo: requestDate(to, zone, form) };
	const answer =
		path === PATHS.plannedTaskList
			? await p.search(path, { ...dates, results: 'Task' })
			: await p.get(path, { ...dates, pageSize: 1 });
	return {
		example: dates.dateFrom,
		refused: answer.ok ? undefined : short(answer.message ?? answerText(answer), 200),
		status: answer.status,
	};
}

/** What to do when the tenant takes dates in requests in another form than the node sends. */
const DATES_REQUESTS_FIX = {
	other:
		'Your tenant takes dates in requests in another form than the node sends (the evidence shows which): send ' +
		`date-bound requests with Custom API Call → Make an API Call in that form, and ${REPORT_CHECK}.`,
	wallOnly:
		'Your tenant takes only dates without an offset (wall times), and the node sends UTC: date filters and ' +
		'writes are refused. Until the node sends wall times of the Planning Time Zone set in the credential, send ' +
		`date-bound requests with Custom API Call → Make an API Call, and ${REPORT_CHECK}.`,
	utcOnly:
		'Your tenant takes only UTC dates, and the node sends wall times: date filters and writes are refused. ' +
		`Send date-bound requests with Custom API Call → Make an API Call until the node sends UTC, and ${REPORT_CHECK}.`,
	refused:
		'Your tenant refused both forms of date: read its message in the evidence, send date-bound requests with ' +
		`Custom API Call → Make an API Call in the form it asks for, and ${REPORT_CHECK}.`,
};

const firstKey = (entity: RecordEntity) => async (p: Prober) => {
	const answer = await p.get(PATHS.records(entity), { pageSize: 1 });
	const key = fieldValue(pageOf(answer.body)?.items[0], 'key');
	return key === undefined ? undefined : String(key);
};

const RECORDS: RecordEntity[] = ['task', 'customer', 'resource', 'project'];

const lines: ContractLine[] = [
	windowCapLine({
		where: WINDOW_CAP_WHERE,
		credentialType: planningPmeClient.credentialType,
		endpoint: PATHS.plannedTaskList,
		window: `${PATHS.plannedTaskList} from 30 days back to 90 days ahead`,
		async read(p, part) {
			const whole = window();
			const halves = splitTaskWindow(whole);
			if (!halves) return 'the window cannot be split';
			const dates = part === 0 ? whole : halves[part - 1];
			const answer = await p.search(PATHS.plannedTaskList, { ...dates, results: 'Task' });
			if (!answer.ok) return answer.message ?? 'refused';
			const page = pageOf(answer.body);
			if (!page) return 'the answer is not a page {totalItems, items}';
			return page.items.map((r) => String(fieldValue(r, 'key')));
		},
	}),
	pathLine({
		line: 'path.config',
		where: `${SOURCE} PATHS.config`,
		path: PATHS.config,
		what: 'the enums of the API version (stated); the token (POST /token) and X-APPKEY were accepted to get here',
		fix: `Check the credential (server, brand, app key, login) first; if only this path is refused: ${PATH_FIX}`,
	}),
	...RECORDS.flatMap((entity) => [
		pathLine({
			line: `path.${entity}s`,
			where: `${SOURCE} PATHS.records('${entity}')`,
			path: PATHS.records(entity),
			qs: { pageSize: 1 },
			what: `a page of ${entity} records`,
			shape: isPage,
		}),
		pathLine({
			line: `path.${entity}`,
			where: `${SOURCE} PATHS.record('${entity}', key)`,
			path: PATHS.record(entity, '{id}'),
			id: firstKey(entity),
			what: `one ${entity} by key`,
		}),
	]),
	...(['departments', 'categories'] as const).map((key) =>
		pathLine({
			line: `path.${key}`,
			where: `${SOURCE} PATHS.${key}`,
			path: PATHS[key],
			qs: { pageSize: 1 },
			what: `a page of ${key}`,
			shape: isPage,
		}),
	),
	pathLine({
		line: 'path.unavailabilities',
		where: `${SOURCE} PATHS.unavailabilities`,
		path: PATHS.unavailabilities,
		qs: () => ({ ...window(), pageSize: 1 }),
		what: 'a page of unavailabilities (with dateFrom/dateTo)',
		shape: isPage,
	}),
	pathLine({
		line: 'path.plannedTaskList',
		where: `${SOURCE} PATHS.plannedTaskList`,
		path: PATHS.plannedTaskList,
		searchBody: () => ({ ...window(), results: 'Task' }),
		what: 'the planned tasks of a date range {items} (a read-only listing)',
		shape: isPage,
	}),
	pathLine({
		line: 'path.plannedTask',
		where: `${SOURCE} PATHS.plannedTask`,
		path: PATHS.plannedTask('{id}'),
		id: async (p) => {
			const [task] = await plannedTasks(p);
			const key = fieldValue(task, 'key');
			return key === undefined ? undefined : String(key);
		},
		what: 'one planned task by key',
	}),
	pathLine({
		line: 'path.unavailability',
		where: `${SOURCE} PATHS.unavailability`,
		path: PATHS.unavailability('{id}'),
		id: async (p) => {
			const [record] = await p.once('unavailabilities', () => unavailabilities(p));
			const key = fieldValue(record, 'key');
			return key === undefined ? undefined : String(key);
		},
		what: 'one unavailability by key',
	}),
	writesLine({
		where:
			`${SOURCE} PATHS.records / record / plannedTasks / plannedTask / unavailabilities / unavailability ` +
			'(POST, PUT, DELETE)',
		assumption:
			'Records are created with POST api/<entity>, replaced with PUT and deleted with DELETE ' +
			'api/<entity>/{key}; planned tasks the same under api/do, unavailabilities under api/unavailability; ' +
			'each write is checked against the record answered (FIELDS)',
	}),
	{
		line: 'dates.requests',
		where: `${SOURCE} REQUEST_DATES`,
		assumption:
			"Dates in requests are taken as the document's ISO 8601 in UTC (2018-01-25T18:05:00Z); " +
			`the node sends them ${REQUEST_DATES === 'utc' ? 'so' : 'as wall times of the planning time zone'} ` +
			'(read-only probes: POST api/do/list and GET api/unavailability, in UTC and as wall times)',
		fix: DATES_REQUESTS_FIX.other,
		async probe(p) {
			const zone = await planningZone(p.ctx);
			const now = DateTime.now().setZone(zone).startOf('day');
			const [from, to] = [now, now.plus({ days: 7 })];
			const evidence: string[] = [];
			const utcOk: boolean[] = [];
			const wallOk: boolean[] = [];
			for (const path of [PATHS.plannedTaskList, PATHS.unavailabilities]) {
				const utc = await takes(p, path, from, to, zone, 'utc');
				const wall = await takes(p, path, from, to, zone, 'wall');
				if ((utc.refused && utc.status !== 400) || (wall.refused && wall.status !== 400)) {
					evidence.push(`${path}: ${utc.refused ?? wall.refused} (not a date refusal)`);
					continue;
				}
				utcOk.push(!utc.refused);
				wallOk.push(!wall.refused);
				evidence.push(
					`${path}: UTC (${utc.example}) ${utc.refused ? `refused: ${utc.refused}` : 'accepted'}; ` +
						`wall time (${wall.example}) ${wall.refused ? `refused: ${wall.refused}` : 'accepted'}`,
				);
			}
			const text = short(evidence.join('; '), 600);
			if (utcOk.length === 0) return notCheckable(text);
			const takesUtc = utcOk.every(Boolean);
			const takesWall = wallOk.every(Boolean);
			const forms =
				takesUtc && takesWall
					? 'both forms'
					: takesUtc
						? 'only UTC'
						: takesWall
							? 'only wall times'
							: 'neither form';
			const takesText = `the tenant takes ${forms}`;
			const sent = REQUEST_DATES === 'utc' ? takesUtc : takesWall;
			if (sent) return confirmed(`${takesText}: ${text}`);
			return contradicted(
				`${takesText}: ${text}`,
				takesWall
					? DATES_REQUESTS_FIX.wallOnly
					: takesUtc
						? DATES_REQUESTS_FIX.utcOnly
						: DATES_REQUESTS_FIX.refused,
			);
		},
	},
	pageBaseLine({
		where: `${TRANSPORT_SOURCE} planningPmeList (firstPage: 0)`,
		base: FIRST_PAGE,
		read: readTasks,
		fix: (base) =>
			`${
				base === undefined
					? 'The pages do not follow each other as documented'
					: `Your tenant numbers pageIndex from ${base}, the node from ${FIRST_PAGE}`
			}: ` +
			'listings cannot prove they read every record, so they stop with an error rather than return part of a ' +
			"list. Until the node pages your tenant's way, list with Custom API Call → Make an API Call (pageIndex " +
			`and pageSize), and ${REPORT_CHECK}.`,
	}),
	largestPageLine({
		where: `${SOURCE} PAGE_SIZE_MAX`,
		base: FIRST_PAGE,
		max: PAGE_SIZE_MAX,
		read: readTasks,
	}),
	totalLine({
		where: `${TRANSPORT_SOURCE} pageOf (totalItems)`,
		path: PATHS.records('task'),
		qs: { pageSize: 1 },
		documented: true,
		name: 'totalItems',
	}),
	fieldsLine({
		line: 'fields.plannedTask',
		where: `${SOURCE} PLANNED_TASK_ALIASES`,
		record: 'A planned task',
		aliases: PLANNED_TASK_FIELDS,
		optional: ['status'],
		sample: plannedTasks,
	}),
	fieldsLine({
		line: 'fields.unavailability',
		where: `${SOURCE} UNAVAILABILITY_ALIASES`,
		record: 'An unavailability',
		aliases: UNAVAILABILITY_FIELDS,
		optional: ['status'],
		sample: (p) => p.once('unavailabilities', () => unavailabilities(p)),
	}),
	datesLine({
		line: 'dates.plannedTask',
		where: NORMALIZE_SOURCE,
		assumption:
			"Planned task start/end are ISO 8601, without an offset a wall time of the planning's time zone (credential)",
		fix: DATES_FIX,
		fields: ['start', 'end'],
		accepted: ['ISO 8601 with offset', 'ISO 8601 without offset'],
		sample: plannedTasks,
	}),
	clockLine({ where: `${TRANSPORT_SOURCE} (token lifetime)`, path: PATHS.config }),
];

export const apiContract = apiContractResource({
	vendor: 'PlanningPME',
	request: planningPmeRequest,
	lines,
});
