import { NodeHelpers, type IDataObject, type INodeParameters } from 'n8n-workflow';
import type { Harness } from '../harness';

/**
 * The Output option (node version 2) and the Simplify switch it replaced (version 1), checked the same way for
 * every vendor: an operation (or a trigger's "Fetch test event") is run through n8n's engine with each value.
 */

/** The normalized booking's keys (the shape the README documents); `unmapped` only where a field was missing. */
export const NORMALIZED_KEYS = [
	'amount',
	'costCenter',
	'end',
	'id',
	'kind',
	'lockedAt',
	'owner',
	'resource',
	'start',
	'status',
	'title',
	'updatedAt',
	'vendor',
];

export type Json = IDataObject;

export interface OutputRuns {
	raw: Json[];
	both: Json[];
	simple: Json[];
	/** Version 2 without an Output value. */
	v2Default: Json[];
	/** Version 1 (a saved workflow) with Simplify on, off, and not set. */
	v1On: Json[];
	v1Off: Json[];
	v1Default: Json[];
}

/** The items' JSON of one run at a node version with some parameters; a run that fails fails the test. */
export type RunAt = (typeVersion: number, parameters: IDataObject) => Promise<Json[]>;

/** Runs at every version and value. `where` is 'top' for an operation, 'options' for a trigger's Options. */
export async function runEachOutput(at: RunAt, where: 'top' | 'options'): Promise<OutputRuns> {
	const p = (values: IDataObject) => (where === 'top' ? values : { options: values });
	return {
		raw: await at(2, p({ output: 'raw' })),
		both: await at(2, p({ output: 'both' })),
		simple: await at(2, p({ output: 'simple' })),
		v2Default: await at(2, p({})),
		v1On: await at(1, p({ simplify: true })),
		v1Off: await at(1, p({ simplify: false })),
		v1Default: await at(1, p({})),
	};
}

/** Removes keys from a copy of each item (the event keys a trigger adds, `normalized`). */
export function without(items: Json[], keys: string[]): Json[] {
	return items.map((item) => {
		const copy = { ...item };
		for (const key of keys) delete copy[key];
		return copy;
	});
}

/**
 * What each value gives: Raw the vendor records (the IDs the emulator holds, no `normalized`), Both the same
 * records with `normalized` added, Simplified the normalized bookings alone (with the event keys a trigger adds);
 * version 2's default is Raw; version 1 gives what it gave: Simplify on as Both, off or unset as Raw.
 */
export function expectOutputShapes(
	runs: OutputRuns,
	opts: { idOf: (record: Json) => unknown; ids: unknown[]; eventKeys?: string[] },
): void {
	const eventKeys = opts.eventKeys ?? [];
	expect(runs.raw.length).toBeGreaterThan(0);
	expect(runs.raw.map(opts.idOf)).toEqual(opts.ids);
	for (const item of runs.raw) expect(item).not.toHaveProperty('normalized');

	expect(without(runs.both, ['normalized'])).toEqual(runs.raw);
	expect(runs.both.map((b) => (b.normalized as Json).id)).toEqual(opts.ids.map(String));

	expect(without(runs.simple, eventKeys)).toEqual(runs.both.map((b) => b.normalized));
	for (const item of runs.simple) {
		const keys = Object.keys(without([item], [...eventKeys, 'unmapped'])[0]).sort();
		expect(keys).toEqual(NORMALIZED_KEYS);
		expect(item).not.toHaveProperty('normalized');
		for (const key of eventKeys) expect(item[key]).toEqual(runs.raw[runs.simple.indexOf(item)][key]);
	}

	expect(runs.v2Default).toEqual(runs.raw);
	expect(runs.v1On).toEqual(runs.both);
	expect(runs.v1Off).toEqual(runs.raw);
	expect(runs.v1Default).toEqual(runs.raw);
}

/**
 * The parameters n8n keeps for a node (the editor's and the Workflow constructor's NodeHelpers.getNodeParameters
 * with defaults): which of Simplify, Output and Missing Fields a user sees at a version with some values.
 */
export function shownOutputParameters(
	harness: Harness,
	type: string,
	typeVersion: number,
	parameters: IDataObject,
): string[] {
	const node = harness.node({ type, typeVersion, parameters: parameters as INodeParameters });
	const nodeType = harness.nodeTypes.getByNameAndVersion(node.type, typeVersion);
	const kept = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		node.parameters,
		true,
		false,
		node,
		nodeType.description,
	);
	return ['simplify', 'output', 'missingFields'].filter((name) => kept && name in kept);
}

/** The checks of shownOutputParameters for an operation: what each version shows. */
export function expectShownParameters(harness: Harness, type: string, operation: IDataObject): void {
	const shown = (v: number, values: IDataObject) => shownOutputParameters(harness, type, v, { ...operation, ...values });
	expect(shown(1, {})).toEqual(['simplify']);
	expect(shown(1, { simplify: true })).toEqual(['simplify', 'missingFields']);
	expect(shown(1, { simplify: true, missingFields: 'fail' })).toEqual(['simplify', 'missingFields']);
	expect(shown(2, {})).toEqual(['output']);
	expect(shown(2, { output: 'raw' })).toEqual(['output']);
	expect(shown(2, { output: 'both' })).toEqual(['output', 'missingFields']);
	expect(shown(2, { output: 'simple' })).toEqual(['output', 'missingFields']);
	// A saved version-1 workflow's Simplify is not read by version 2, and Output not by version 1.
	expect(shown(2, { simplify: true })).toEqual(['output']);
	expect(shown(1, { output: 'simple' })).toEqual(['simplify']);
}

/** The items a trigger's Options collection offers at a node version (the collection n8n shows there). */
export function triggerOptionNames(harness: Harness, type: string, typeVersion: number, parameters: IDataObject): string[] {
	const node = harness.node({ type, typeVersion, parameters: parameters as INodeParameters });
	const { description } = harness.nodeTypes.getByNameAndVersion(node.type, typeVersion);
	const shown = description.properties.filter(
		(p) => p.name === 'options' && NodeHelpers.displayParameter(node.parameters, p, node, description),
	);
	expect(shown).toHaveLength(1);
	return (shown[0].options as Array<{ name: string }>).map((o) => o.name);
}

/** Version 1 offers Simplify among the trigger's Options, version 2 Output instead. */
export function expectTriggerOptions(harness: Harness, type: string, parameters: IDataObject = {}): void {
	const v1 = triggerOptionNames(harness, type, 1, parameters);
	const v2 = triggerOptionNames(harness, type, 2, parameters);
	expect(v1).toContain('simplify');
	expect(v1).not.toContain('output');
	expect(v2).toContain('output');
	expect(v2).not.toContain('simplify');
	expect(v1.filter((n) => n !== 'simplify')).toEqual(v2.filter((n) => n !== 'output'));
}
