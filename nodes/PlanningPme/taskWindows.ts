import { DateTime } from 'luxon';

/**
 * The date windows of `api/do/list` (planned tasks overlapping [dateFrom, dateTo), unpaged): how a window is split
 * in two for the window-cap rule (shared/windowCap.ts). A window keeps the form its dates were sent in (UTC with
 * "Z", or wall times of the planning time zone): halves are cut at a whole second and written in the same form.
 */

/** Where the cap on one answer is measured and used (the contract line "windowCap"). */
export const WINDOW_CAP_WHERE =
	'nodes/PlanningPme/transport.ts listPlannedTasks' +
	' (the cap on one api/do/list answer, measured by API Contract → Check or by the first listing)';

export interface TaskWindow {
	dateFrom: string;
	dateTo: string;
}

const WALL = "yyyy-MM-dd'T'HH:mm:ss";

/** A sent date as an instant on one axis (a wall time is read on a UTC axis: only its order and spacing matter). */
function parse(text: string): { at: DateTime; utc: boolean } | undefined {
	const utc = /z$/i.test(text.trim());
	const at = DateTime.fromISO(text.trim(), { zone: 'utc' });
	return at.isValid ? { at: at.startOf('second'), utc } : undefined;
}

function format(at: DateTime, utc: boolean): string {
	return utc ? at.toUTC().toFormat(`${WALL}'Z'`) : at.toUTC().toFormat(WALL);
}

/** The two halves of a window, cut at a whole second; undefined below 2 seconds or for dates it cannot read. */
export function splitTaskWindow(window: TaskWindow): [TaskWindow, TaskWindow] | undefined {
	const from = parse(window.dateFrom);
	const to = parse(window.dateTo);
	if (!from || !to) return undefined;
	const seconds = Math.floor(to.at.diff(from.at, 'seconds').seconds);
	if (seconds < 2) return undefined;
	const middle = format(from.at.plus({ seconds: Math.floor(seconds / 2) }), from.utc);
	return [
		{ dateFrom: window.dateFrom, dateTo: middle },
		{ dateFrom: middle, dateTo: window.dateTo },
	];
}

/**
 * A sent or answered date as epoch ms on the same axis as `parse` (a wall time read as UTC): for choosing where to
 * cut a window between its tasks, where only order matters (a cut in the wrong place costs a request, never a record).
 */
export function taskTime(value: unknown): number {
	if (typeof value !== 'string') return NaN;
	const at = DateTime.fromISO(value.trim(), { zone: 'utc' });
	return at.isValid ? at.toMillis() : NaN;
}

/** A window's span on that axis (NaN where unreadable: no cut between tasks then). */
export function taskWindowRange(window: TaskWindow): [number, number] {
	return [taskTime(window.dateFrom), taskTime(window.dateTo)];
}

/** The two halves of a window cut at `at` (a whole second, in the window's own form), or undefined. */
export function cutTaskWindow(
	window: TaskWindow,
	at: number,
): [TaskWindow, TaskWindow] | undefined {
	const from = parse(window.dateFrom);
	const to = parse(window.dateTo);
	if (!from || !to) return undefined;
	const cut = DateTime.fromMillis(at, { zone: 'utc' }).startOf('second');
	if (cut <= from.at || cut >= to.at) return undefined;
	const middle = format(cut, from.utc);
	return [
		{ dateFrom: window.dateFrom, dateTo: middle },
		{ dateFrom: middle, dateTo: window.dateTo },
	];
}

/** A wide window around one (30 days before it to 90 days after): its answer raises the window-cap bound. */
export function widenTaskWindow(window: TaskWindow): TaskWindow | undefined {
	const from = parse(window.dateFrom);
	const to = parse(window.dateTo);
	if (!from || !to) return undefined;
	return {
		dateFrom: format(from.at.minus({ days: 30 }), from.utc),
		dateTo: format(to.at.plus({ days: 90 }), to.utc),
	};
}
