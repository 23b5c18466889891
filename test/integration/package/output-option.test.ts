import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { Harness } from '../../harness';

/**
 * Every operation and trigger that offers Simplify at node version 1 offers Output at version 2 (and Missing
 * Fields with each), and such a node declares both versions with 2 as the default for new nodes.
 */
describe('package: Output replaces Simplify at node version 2, everywhere', () => {
	let harness: Harness;
	beforeAll(async () => {
		harness = await Harness.load();
	});

	const scope = (p: INodeProperties) => {
		const { '@version': _version, simplify: _s, output: _o, ...rest } = p.displayOptions?.show ?? {};
		return JSON.stringify(rest);
	};
	const named = (d: INodeTypeDescription, name: string) => d.properties.filter((p) => p.name === name);
	const nested = (d: INodeTypeDescription, name: string) =>
		d.properties.filter((p) => p.type === 'collection' && (p.options as INodeProperties[]).some((o) => o.name === name));

	it('pairs every Simplify with an Output of the same resource and operation', () => {
		const offering: string[] = [];
		for (const short of Object.keys(harness.loader.nodeTypes)) {
			const d = harness.nodeTypes.getByName(short).description as INodeTypeDescription;
			const simplify = [...named(d, 'simplify'), ...nested(d, 'simplify')];
			const output = [...named(d, 'output'), ...nested(d, 'output')];
			if (simplify.length === 0 && output.length === 0) continue;
			offering.push(short);
			expect({ short, version: d.version, defaultVersion: d.defaultVersion }).toEqual({ short, version: [1, 2], defaultVersion: 2 });
			expect(simplify.map(scope).sort()).toEqual(output.map(scope).sort());
			for (const p of simplify) expect(p.displayOptions?.show?.['@version']).toEqual([1]);
			for (const p of output) expect(p.displayOptions?.show?.['@version']).toEqual([{ _cnd: { gte: 2 } }]);
			const missing = named(d, 'missingFields');
			expect(missing.length).toBe(2 * named(d, 'simplify').length);
		}
		expect(offering.sort()).toEqual([
			'bookingsOne',
			'bookingsOnePollTrigger',
			'brp',
			'brpTrigger',
			'hubPlanner',
			'hubPlannerPollTrigger',
			'planningPme',
			'planningPmeTrigger',
			'pronestorPlanner',
			'pronestorPlannerTrigger',
		]);
	});
});
