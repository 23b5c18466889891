import type { IDataObject } from 'n8n-workflow';
import { toIso } from '../shared/dates';
import {
	normalizedBooking,
	pick,
	str,
	type NormalizedBooking,
	type SimplifyContract,
} from '../shared/normalize';
import { DateTime } from 'luxon';
import { aliasesOf, PLANNED_TASK_ALIASES, REF_ALIASES, type EntryKind } from './contract';

/** A vendor date (with an offset, or a wall time of the planning zone) as ISO 8601 with an offset. */
export function vendorDateToIso(value: unknown, zone: string): string | null {
	if (typeof value !== 'string' || value === '') return null;
	const parsed = DateTime.fromISO(value, { zone, setZone: true });
	return parsed.isValid ? toIso(parsed) : null;
}

/** The `{key, label}` of a reference (or the first of a list of them), read through REF_ALIASES. */
export function refOf(value: unknown): { key: unknown; label: unknown } | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	if (first === null || first === undefined) return undefined;
	if (typeof first !== 'object') return { key: first, label: undefined };
	const record = first as IDataObject;
	return { key: pick(record, REF_ALIASES.id).value, label: pick(record, REF_ALIASES.name).value };
}

/** The keys of a list of references (or of one), as text. */
export function refKeys(value: unknown): string[] {
	const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
	return list
		.map((v) => (v && typeof v === 'object' ? refOf(v)?.key : v))
		.filter((k) => k !== undefined && k !== null && k !== '')
		.map(String);
}

/** Where Simplify's names come from, per kind, for the error that says a field is missing on every record. */
export function simplifyContract(kind: EntryKind): SimplifyContract {
	const table = kind === 'plannedTask' ? 'PLANNED_TASK_ALIASES' : 'UNAVAILABILITY_ALIASES';
	return {
		vendor: 'PlanningPME',
		names: aliasesOf(kind),
		table,
	};
}

/**
 * The normalized booking of a planned task or an unavailability, every field read through its alias list
 * (contract.ts). `unmapped` lists the keys none of whose names the record carries: title, start, end,
 * resource, and for planned tasks costCenter (the project). PlanningPME reports no owner, amount, lock or
 * modification time, and status only for some entries: those are null without being flagged.
 */
export function normalizeBooking(
	record: IDataObject,
	kind: EntryKind,
	zone: string,
): NormalizedBooking {
	const a = aliasesOf(kind);
	const id = pick(record, a.id);
	const title = pick(record, a.title);
	const start = pick(record, a.start);
	const end = pick(record, a.end);
	const resource = pick(record, a.resource);
	const project =
		kind === 'plannedTask' ? pick(record, PLANNED_TASK_ALIASES.costCenter) : undefined;
	const status = pick(record, a.status).value;
	const resourceRef = refOf(resource.value);
	const projectValue =
		project?.value && typeof project.value === 'object'
			? refOf(project.value)?.label
			: project?.value;
	const unmapped = Object.entries({
		title: title.found,
		start: start.found,
		end: end.found,
		resource: resource.found,
		...(project ? { costCenter: project.found } : {}),
	})
		.filter(([, found]) => !found)
		.map(([key]) => key);
	return normalizedBooking({
		id: id.value,
		vendor: 'planningpme',
		kind,
		title: str(title.value),
		start: vendorDateToIso(start.value, zone),
		end: vendorDateToIso(end.value, zone),
		status: typeof status === 'string' ? status : null,
		resource: resourceRef
			? { id: str(resourceRef.key), name: str(resourceRef.label), type: 'resource' }
			: null,
		costCenter: str(projectValue),
		unmapped,
	});
}
