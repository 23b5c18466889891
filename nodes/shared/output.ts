import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

/**
 * The "Output" option (node version 2) and the "Simplify" switch it replaces (node version 1).
 *
 * n8n's convention for a changed parameter is a new node version: a saved workflow keeps the version it was made
 * with, so its parameters mean what they meant (Simplify on: the vendor record plus `normalized`; off: the vendor
 * record). A node added to a workflow gets the default version and shows Output instead: `simple` (the normalized
 * booking only), `raw` (the vendor record) or `both` (what Simplify on gave).
 */
export type OutputMode = 'simple' | 'raw' | 'both';

/** The first node version with the Output option; earlier versions show Simplify. */
export const OUTPUT_VERSION = 2;

/** Output's default for a new node: the vendor record, as Simplify's default (off) gave. */
export const DEFAULT_OUTPUT: OutputMode = 'raw';

const MODES: readonly OutputMode[] = ['simple', 'raw', 'both'];

const V1 = { '@version': [1] };
const V2 = { '@version': [{ _cnd: { gte: OUTPUT_VERSION } }] };

/** Whether the node is at a version that offers Output (else it offers Simplify). */
export function hasOutputOption(node: INode): boolean {
	return (node.typeVersion ?? 1) >= OUTPUT_VERSION;
}

/** The Output mode from a node's values: `output` from version 2 on, `simplify` (true: both) before. */
export function outputModeOf(
	node: INode,
	values: { simplify?: unknown; output?: unknown },
): OutputMode {
	if (!hasOutputOption(node)) return values.simplify === true ? 'both' : 'raw';
	const output = values.output ?? DEFAULT_OUTPUT;
	return MODES.includes(output as OutputMode) ? (output as OutputMode) : DEFAULT_OUTPUT;
}

/** The Output mode of an operation's item (its Simplify switch at node version 1). */
export function operationOutputMode(ctx: IExecuteFunctions, itemIndex: number): OutputMode {
	const node = ctx.getNode();
	if (!hasOutputOption(node))
		return outputModeOf(node, { simplify: ctx.getNodeParameter('simplify', itemIndex, false) });
	return outputModeOf(node, {
		output: ctx.getNodeParameter('output', itemIndex, DEFAULT_OUTPUT),
	});
}

/** Whether the output carries the normalized booking (Simplified or Both). */
export function includesNormalized(mode: OutputMode): boolean {
	return mode !== 'raw';
}

const OUTPUT_OPTIONS = [
	{
		name: 'Both',
		value: 'both',
		description: 'The vendor\'s record with a "normalized" object added',
	},
	{
		name: 'Raw',
		value: 'raw',
		description: "The vendor's record as the API returned it",
	},
	{
		name: 'Simplified',
		value: 'simple',
		description:
			'Only the booking fields shared by every vendor (ID, title, start, end, status, resource, owner, amount, ' +
			'cost center, locked and updated times)',
	},
];

/** The Output option itself (a top-level parameter or an item of a trigger's Options). */
export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: OUTPUT_OPTIONS,
	default: DEFAULT_OUTPUT,
	description: 'What each item holds: the vendor record, the normalized booking, or both',
};

/**
 * An operation's output parameters: Simplify (and Missing Fields when it is on) at node version 1, Output (and
 * Missing Fields when the output includes the normalized booking) from version 2 on.
 */
export function versionedOutputProperties(
	simplify: INodeProperties,
	missingFields: INodeProperties,
): INodeProperties[] {
	return [
		{ ...simplify, displayOptions: { show: { ...V1 } } },
		{ ...missingFields, displayOptions: { show: { ...V1, simplify: [true] } } },
		{ ...outputProperty, displayOptions: { show: { ...V2 } } },
		{ ...missingFields, displayOptions: { show: { ...V2, output: ['simple', 'both'] } } },
	];
}

/**
 * A trigger's Options collection per node version: with the Simplify item at version 1, with Output from version 2
 * on (items sorted by name, as n8n's guidelines ask).
 */
export function versionedTriggerOptions(
	collection: INodeProperties,
	simplify: INodeProperties,
): INodeProperties[] {
	const items = (collection.options ?? []) as INodeProperties[];
	const sorted = (extra: INodeProperties) =>
		[...items, extra].sort((a, b) => a.displayName.localeCompare(b.displayName));
	const show = collection.displayOptions?.show ?? {};
	return [
		{ ...collection, options: sorted(simplify), displayOptions: { show: { ...show, ...V1 } } },
		{
			...collection,
			options: sorted(outputProperty),
			displayOptions: { show: { ...show, ...V2 } },
		},
	];
}

/** A trigger's Output mode from its Options collection. */
export function triggerOutputMode(node: INode, options: IDataObject): OutputMode {
	return outputModeOf(node, options);
}
