import type { IDataObject } from 'n8n-workflow';

export type VendorKey = 'hubPlanner' | 'pronestor' | 'planningPme' | 'brp' | 'bookingsOne';

/**
 * One vendor as every test suite sees it (integration, reliability, bench, e2e): its names in the package,
 * its emulator, and the credential that points at a running emulator. A new vendor is one such file.
 */
export interface TestVendor<S, O = never> {
	key: VendorKey;
	/** Display name, as in the README. */
	name: string;
	/** The emulator's module (test/sandbox/<id>.ts), the examples folder and the e2e vendor id. */
	id: string;
	/** Folder under nodes/ (and dist/nodes/). */
	dir: string;
	/** File stem of <stem>.node.ts and <stem>Trigger.node.ts. */
	stem: string;
	nodeType: string;
	triggerType: string;
	/** A second, polling trigger beside a webhook trigger (for an n8n the vendor cannot reach). */
	pollTriggerType?: string;
	credentialType: string;
	/** The VendorClient exported by the vendor's transport.ts (tests tune its timeout and backoff). */
	client: string;
	/** Creates and starts the emulator on 127.0.0.1 (a free port). */
	startEmulator(opts?: O): Promise<S>;
	/** Credential data for a running emulator with the emulator's own secrets; `extra` overrides fields. */
	credential(sandbox: S, extra?: IDataObject): IDataObject;
}

/** The node types as n8n names them in the editor and in workflow JSON. */
export function packageNodeTypes(
	vendor: Pick<TestVendor<unknown>, 'nodeType' | 'triggerType' | 'pollTriggerType'>,
): string[] {
	const types = [vendor.nodeType, vendor.triggerType, ...(vendor.pollTriggerType ? [vendor.pollTriggerType] : [])];
	return types.map((t) => `n8n-nodes-bookings.${t}`);
}
