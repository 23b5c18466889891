/**
 * API Contract → Check in the real app: for every vendor, a workflow (Manual Trigger → the vendor's node with
 * resource apiContract, operation check) run with `n8n execute` against the emulator in its default configuration
 * (no line contradicted) and in one variant tenant (the variant's line reported as contradicted).
 */
import {
	nodeItems,
	type CredentialImport,
	type N8nApp,
	type WorkflowJson,
} from '../../scripts/lib/n8n';
import type { LoadedVendor } from '../../scripts/lib/vendors';
import type { RunningSandbox } from './lib/types';

/** One variant tenant per vendor: the emulator knob to turn and the contract line it must contradict. */
const VARIANTS: Record<
	string,
	{ knob: string; value: unknown; line: string; defaults?: Record<string, unknown> }
> = {
	bookingsone: { knob: 'pageBase', value: 0, line: 'pageBase' },
	hubplanner: { knob: 'pageBase', value: 1, line: 'pageBase' },
	planningpme: { knob: 'pageIndexBase', value: 1, line: 'pageBase' },
	pronestor: { knob: 'fieldSet', value: 'variant', line: 'helpPage.ApiBooking' },
	// The e2e BRP emulator refuses ranges over 3 days (to exercise range splitting): the default run uses the
	// assumed calendar month, and 14 days is the variant.
	brp: { knob: 'maxRangeDays', value: 14, line: 'rangeLimit', defaults: { maxRangeDays: 31 } },
};

const NODE_NAME = 'Check API Contract';

/** The check workflow of one vendor (its id fits n8n's 21 characters). */
export function contractWorkflow(
	vendor: LoadedVendor,
	credentials: CredentialImport[],
): WorkflowJson | undefined {
	const nodeType = vendor.adapter.nodeTypes.find((t) => !/Trigger$/.test(t));
	const credential = credentials[0];
	if (!nodeType || !credential) return undefined;
	return {
		id: `ctr${vendor.adapter.vendor}`.slice(0, 21),
		name: `${vendor.adapter.displayName}: API Contract → Check`,
		nodes: [
			{
				id: 'm1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'c1',
				name: NODE_NAME,
				type: nodeType,
				typeVersion: 1,
				position: [240, 0],
				parameters: { resource: 'apiContract', operation: 'check' },
				credentials: { [credential.type]: { id: credential.id, name: credential.name } },
			},
		],
		connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		settings: {},
	};
}

export async function checkContract(
	app: N8nApp,
	vendor: string,
	workflow: WorkflowJson,
	sandbox: RunningSandbox,
	log: (m: string) => void,
): Promise<void> {
	const run = async () => {
		const res = await app.execute(workflow.id);
		if (!res.ok || !res.run) {
			const error = JSON.stringify(res.run?.data?.resultData?.error ?? res).slice(0, 400);
			throw new Error(`the check failed to run: ${error}`);
		}
		const lines = nodeItems(res.run, NODE_NAME) as Array<Record<string, string>>;
		if (lines.length < 5) throw new Error(`the check returned ${lines.length} lines`);
		for (const l of lines) {
			if (!['confirmed', 'contradicted', 'not checkable'].includes(l.status))
				throw new Error(`line ${l.line} has status ${l.status}`);
		}
		return lines;
	};
	const byStatus = (lines: Array<Record<string, string>>, status: string) =>
		lines.filter((l) => l.status === status).map((l) => l.line);

	const variant = VARIANTS[vendor];
	const handle = sandbox.handle as Record<string, unknown>;
	const knobs = [...Object.keys(variant?.defaults ?? {}), ...(variant ? [variant.knob] : [])];
	const saved = Object.fromEntries(knobs.map((k) => [k, handle[k]]));
	try {
		Object.assign(handle, variant?.defaults ?? {});
		const lines = await run();
		const contradicted = byStatus(lines, 'contradicted');
		if (contradicted.length)
			throw new Error(`default emulator: contradicted ${contradicted.join(', ')}`);
		const unchecked = byStatus(lines, 'not checkable').join(', ') || 'none';
		log(`default: ${byStatus(lines, 'confirmed').length} confirmed, not checkable: ${unchecked}`);
		if (!variant) return;

		handle[variant.knob] = variant.value;
		const setting = `${variant.knob}=${String(variant.value)}`;
		const varied = await run();
		const found = byStatus(varied, 'contradicted');
		if (!found.includes(variant.line)) {
			throw new Error(
				`variant ${setting}: expected ${variant.line} contradicted, got ${found.join(', ') || 'none'}`,
			);
		}
		const evidence = varied.find((l) => l.line === variant.line)!.evidence.slice(0, 100);
		log(`variant ${setting}: contradicted ${found.join(', ')} — ${evidence}`);
	} finally {
		Object.assign(handle, saved);
	}
}
