/**
 * Node and credential type registries over an n8n-core `PackageDirectoryLoader`, the way n8n's
 * `LoadNodesAndCredentials` / `NodeTypes` / `CredentialTypes` expose a community package:
 * node types are addressed as `<packageName>.<name>` in workflows (short names are accepted by the harness).
 * Also provides the two built-in nodes a harness workflow needs: Manual Trigger and No Operation.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import {
	NodeHelpers,
	UnexpectedError,
	type ICredentialType,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';
import type { CredentialTypeRegistry } from './credentials-helper';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';

/**
 * Stand-in for n8n-nodes-base's Manual Trigger. It passes its input items on, so the harness can start a run
 * with chosen items (what pinned data on the trigger does in the editor).
 */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: MANUAL_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Runs the flow on clicking a button in n8n',
		maxNodes: 1,
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Stand-in for n8n-nodes-base's No Operation node (also used by n8n's credential test). */
class NoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: NO_OP_TYPE,
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly builtIns: Record<string, INodeType> = {
		[MANUAL_TRIGGER_TYPE]: new ManualTrigger(),
		[NO_OP_TYPE]: new NoOp(),
	};
	/** Extra types registered at runtime (e.g. the credential-test node copy). */
	readonly extra: Record<string, INodeType> = {};
	/**
	 * The error instance each node's execute() threw in the current run, by node name. n8n stores only a
	 * plain copy of it in the run data; tests get the real NodeApiError / NodeOperationError from here.
	 */
	readonly thrown = new Map<string, Error>();
	private readonly wrapped = new WeakMap<INodeType, INodeType>();

	constructor(readonly loader: PackageDirectoryLoader) {}

	get packageName(): string {
		return this.loader.packageName;
	}

	/** `hubPlanner` → `n8n-nodes-bookings.hubPlanner`; full names and built-ins are returned as they are. */
	fullName(type: string): string {
		if (type.includes('.')) return type;
		return `${this.packageName}.${type}`;
	}

	/** Short names of the package's nodes. */
	shortNames(): string[] {
		return Object.keys(this.loader.nodeTypes);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.find(nodeType);
		if (!type) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}". Loaded from ${this.packageName}: ${this.shortNames().join(', ') || '(none)'}`,
			);
		}
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return this.capturing(NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version));
	}

	/** The same node type, with execute() recording the error instance it throws (prototype kept). */
	private capturing(type: INodeType): INodeType {
		if (typeof type.execute !== 'function') return type;
		const cached = this.wrapped.get(type);
		if (cached) return cached;
		const thrown = this.thrown;
		const execute = type.execute;
		const proxy = new Proxy(type, {
			get(target, property, receiver) {
				if (property !== 'execute') return Reflect.get(target, property, receiver);
				return async function (this: IExecuteFunctions, ...args: unknown[]) {
					try {
						return await (execute as (...a: unknown[]) => unknown).apply(this, args);
					} catch (error) {
						// programmatic nodes get the context as `this`; n8n-workflow `Node` classes as the argument
						const context = [this, args[0]].find(
							(c): c is IExecuteFunctions => typeof (c as IExecuteFunctions | undefined)?.getNode === 'function',
						);
						if (context) thrown.set(context.getNode().name, error as Error);
						throw error;
					}
				};
			},
		});
		this.wrapped.set(type, proxy);
		return proxy;
	}

	getKnownTypes() {
		return {};
	}

	/** The latest version of a node type (what the editor puts on a new node). */
	latestVersion(nodeType: string): number {
		const type = this.getByName(nodeType);
		if ('nodeVersions' in type) return type.currentVersion;
		const { version } = type.description;
		return Array.isArray(version) ? Math.max(...version) : version;
	}

	private find(nodeType: string): INodeType | IVersionedNodeType | undefined {
		if (this.extra[nodeType]) return this.extra[nodeType];
		if (this.builtIns[nodeType]) return this.builtIns[nodeType];
		const prefix = `${this.packageName}.`;
		const short = nodeType.startsWith(prefix) ? nodeType.slice(prefix.length) : nodeType;
		return this.loader.nodeTypes[short]?.type;
	}
}

export class HarnessCredentialTypes implements CredentialTypeRegistry {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	has(type: string): boolean {
		return this.loader.credentialTypes[type] !== undefined;
	}

	getByName(type: string): ICredentialType {
		const entry = this.loader.credentialTypes[type];
		if (!entry) throw new UnexpectedError(`Unknown credential type "${type}"`);
		return entry.type;
	}

	getSupportedNodes(type: string): string[] {
		const short = this.loader.known.credentials[type]?.supportedNodes ?? this.loader.nodesByCredential[type] ?? [];
		return short.map((name) => `${this.loader.packageName}.${name}`);
	}

	names(): string[] {
		return Object.keys(this.loader.credentialTypes);
	}
}
