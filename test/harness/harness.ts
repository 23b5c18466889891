/**
 * Runs a compiled n8n community package through n8n-core's real engine, the way the n8n app does:
 * PackageDirectoryLoader → Workflow → WorkflowExecute (regular nodes), PollContext (poll), HookContext /
 * WebhookContext (webhook lifecycle and requests), TriggerContext (trigger() with registerCron captured),
 * LoadOptionsContext (loadOptions / listSearch), RoutingNode + CredentialTestContext (credential test).
 * Credentials live in an in-memory store that behaves like n8n's DB (see credentials-helper.ts).
 */
import * as path from 'path';
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	HookContext,
	LoadOptionsContext,
	PackageDirectoryLoader,
	PollContext,
	RoutingNode,
	TriggerContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	BINARY_ENCODING,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	type ExecutionBaseError,
	type IBinaryData,
	type ICredentialsDecrypted,
	type ICredentialTestFunction,
	type ICredentialTestRequestData,
	type IDataObject,
	type IExecuteData,
	type IConnections,
	type INode,
	type INodeCredentials,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IRunExecutionData,
	type ITaskDataConnections,
	type ITriggerResponse,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
	type INodePropertyOptions,
	type INodeListSearchResult,
} from 'n8n-workflow';
import { HarnessCredentialsHelper, type CredentialStats } from './credentials-helper';
import { HarnessCredentialTypes, HarnessNodeTypes, MANUAL_TRIGGER_TYPE, NO_OP_TYPE } from './node-types';
import { FakeResponse, WebhookServer, createRequest, type WebhookRequestInput } from './webhook-http';

/** The package root of this repository (its package.json `n8n` section points at dist/). */
export const DEFAULT_PACKAGE_DIR = path.resolve(__dirname, '..', '..');
/** The fixture package that proves the harness itself. */
export const FIXTURE_PACKAGE_DIR = path.resolve(__dirname, 'fixtures');

const MANUAL_TRIGGER_NAME = 'Manual Trigger';
const DEFAULT_INSTANCE_URL = 'http://127.0.0.1:5678';

export interface HarnessOptions {
	/** Base URL of the pretend n8n instance (webhook URLs are built from it). */
	instanceBaseUrl?: string;
	/** Workflow timezone (n8n's GENERIC_TIMEZONE); default 'UTC' so tests are deterministic. */
	timezone?: string;
}

export interface NodeOptions {
	/** Node type: short name ('hubPlanner') or full name ('n8n-nodes-bookings.hubPlanner'). */
	type: string;
	parameters: INodeParameters;
	/** Credential types to attach (must have been stored with setCredential). */
	credentials?: string[];
	typeVersion?: number;
	/** Node name (static data is keyed by it). Default: the node type's default name. */
	name?: string;
	/** The node's id; n8n keeps it stable across polls and activations. Default: a new id per call. */
	nodeId?: string;
}

export interface RunNodeOptions extends NodeOptions {
	/** JSON of the input items (default: one empty item). */
	items?: IDataObject[];
	/** Node setting "On Error: Continue" (n8n's `onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
	/** Execution mode of the run (default 'manual', like clicking "Execute workflow"; 'trigger' / 'webhook' for production runs). */
	mode?: WorkflowExecuteMode;
	/** Extra node settings (alwaysOutputData, retryOnFail, maxTries, waitBetweenTries, executeOnce, onError…). */
	settings?: Partial<Pick<INode, 'alwaysOutputData' | 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'executeOnce' | 'onError'>>;
	/** A node that takes this node's output (e.g. Split Out after an HTTP Request); the result is then its output. */
	then?: NodeOptions;
}

export interface RunNodeResult {
	/** All outputs' items flattened (for a one-output node: its output). */
	items: INodeExecutionData[];
	/** Items per output. */
	outputs: INodeExecutionData[][];
	/**
	 * The error the run ended with: the instance the node threw (NodeApiError / NodeOperationError, so
	 * instanceof, httpCode, description, context.itemIndex work); otherwise n8n's stored copy.
	 */
	error?: ExecutionBaseError;
	/** n8n's stored view of the error (run.data.resultData.error, a plain object). */
	runError?: ExecutionBaseError;
	run: IRun;
}

export interface TriggerNodeOptions extends NodeOptions {
	/** The node's static data as n8n stores it (JSON); mutated in place like n8n persists it. */
	staticData?: IDataObject;
	/**
	 * Polls only: the workflow's global static data as n8n stores it (JSON), given to the poll and written back
	 * in place (n8n saves the whole Workflow object's static data, global included). Default: a fresh one.
	 */
	globalStaticData?: IDataObject;
	/** 'trigger' = active workflow (default), 'manual' = "Fetch test event" / "Listen for test event". */
	mode?: 'trigger' | 'manual';
	/**
	 * What getActivationMode() answers in trigger mode: 'activate' (default: the workflow was just
	 * published), 'init' (n8n started with the workflow already active), 'update', 'leadershipChange'.
	 */
	activation?: WorkflowActivateMode;
}

export interface PollResult {
	items: INodeExecutionData[][] | null;
	staticData: IDataObject;
	/** Whether n8n would have written the static data to its DB after this poll (emitted and changed). */
	saved: boolean;
	/** The error n8n would hand to emitError in active mode (manual mode throws instead). */
	error?: Error;
}

export interface WebhookOptions extends TriggerNodeOptions {
	/** Base URL for webhooks (n8n's WEBHOOK_URL + /webhook); default `<instanceBaseUrl>/webhook`. */
	webhookUrl?: string;
}

export interface WebhookReceiveResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string | string[]>;
	/** The items that would start the workflow (undefined: the workflow does not run). */
	workflowData?: INodeExecutionData[][];
	noWebhookResponse?: boolean;
	/** The error webhook() threw (n8n answers 500). */
	error?: Error;
}

export interface WebhookLifecycle {
	checkExists(): Promise<boolean>;
	create(): Promise<boolean>;
	delete(): Promise<boolean>;
	/** n8n's activation: checkExists, then create when it does not exist. */
	activate(): Promise<void>;
	/** Deliver an HTTP request to the node's webhook() and get n8n's view of the result. */
	receive(req: WebhookRequestInput): Promise<WebhookReceiveResult>;
	/** The URL the node registers (getNodeWebhookUrl('default')); after listen() it points at the local server. */
	readonly url: string;
	/**
	 * Serve the node's webhook over real HTTP on 127.0.0.1 (free port), so an emulator can deliver events to
	 * the URL the node registered. Call before activate()/create(). Each request is handled like receive();
	 * unknown paths / wrong methods get n8n's 404. Returns the webhook URL.
	 */
	listen(): Promise<string>;
	/** Requests that arrived over HTTP (after listen()), with n8n's result. */
	received: Array<{ request: WebhookRequestInput; result: WebhookReceiveResult }>;
	/** Resolves once `count` HTTP requests have been answered in total. */
	waitForRequests(count: number): Promise<void>;
	/** Stop the local server (if listening). */
	close(): Promise<void>;
	readonly node: INode;
	staticData: IDataObject;
}

export interface CronRegistration {
	expression: string;
	recurrence?: unknown;
	onTick: (scheduledAt: Date) => unknown;
}

export interface TriggerRun {
	/** Every emit(data): data is INodeExecutionData[][] (one entry per output). */
	emitted: INodeExecutionData[][][];
	errors: Error[];
	crons: CronRegistration[];
	response: ITriggerResponse | undefined;
	/** Fire every registered cron callback once (awaits callbacks that return a promise). */
	fireCron(at?: Date): Promise<void>;
	/** Resolves once `count` emits + emitErrors have happened in total (for fire-and-forget callbacks). */
	waitForEmits(count: number): Promise<void>;
	/** Calls manualTriggerFunction (n8n does this for a manual test run). */
	manualTrigger(): Promise<void>;
	closeFunction(): Promise<void>;
	staticData: IDataObject;
}

export interface LoadOptionsOptions {
	type: string;
	method: string;
	parameters?: INodeParameters;
	credentials?: string[];
	filter?: string;
	paginationToken?: string;
	kind?: 'loadOptions' | 'listSearch';
	typeVersion?: number;
}

function clone<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Replace an object's content in place (so callers holding the object see n8n's persisted state). */
function replaceContent(target: IDataObject, source: IDataObject): IDataObject {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, clone(source));
	return target;
}

export class Harness {
	readonly nodeTypes: HarnessNodeTypes;
	readonly credentialTypes: HarnessCredentialTypes;
	readonly credentialsHelper: HarnessCredentialsHelper;
	private nextExecutionId = 1;
	private nextNodeId = 1;
	private readonly instanceBaseUrl: string;
	private readonly timezone: string;
	private readonly externalSecretsProxy = new ExternalSecretsProxy();

	private constructor(
		readonly loader: PackageDirectoryLoader,
		options: HarnessOptions = {},
	) {
		this.nodeTypes = new HarnessNodeTypes(loader);
		this.credentialTypes = new HarnessCredentialTypes(loader);
		this.credentialsHelper = new HarnessCredentialsHelper(this.credentialTypes);
		this.instanceBaseUrl = (options.instanceBaseUrl ?? DEFAULT_INSTANCE_URL).replace(/\/$/, '');
		this.timezone = options.timezone ?? 'UTC';
	}

	/**
	 * Load a package through n8n-core's PackageDirectoryLoader (package.json `n8n` section). Default: this
	 * repository (dist/ must be built: `npm run build`).
	 */
	static async load(packageDir: string = DEFAULT_PACKAGE_DIR, options: HarnessOptions = {}): Promise<Harness> {
		const loader = new PackageDirectoryLoader(packageDir);
		await loader.loadAll();
		return new Harness(loader, options);
	}

	get packageName(): string {
		return this.loader.packageName;
	}

	get stats(): CredentialStats {
		return this.credentialsHelper.stats;
	}

	/** Zero the preAuthentication / update counters. */
	resetStats(): void {
		for (const counters of Object.values(this.credentialsHelper.stats)) {
			for (const key of Object.keys(counters)) delete counters[key];
		}
	}

	// ---- credentials -------------------------------------------------------------------------------------

	setCredential(type: string, data: IDataObject, name?: string): void {
		this.credentialsHelper.set(type, data, name);
	}

	/** Stores the credential of a type as a new one (a new id: nothing learned for the old one applies). */
	setNewCredential(type: string, data: IDataObject, name?: string): void {
		this.credentialsHelper.set(type, data, name, true);
	}

	getCredential(type: string): IDataObject {
		return this.credentialsHelper.getStored(type);
	}

	/** The bytes of a binary property from a node's output (in-memory base64 or n8n's binary data store). */
	async binaryBuffer(binary: IBinaryData): Promise<Buffer> {
		if (binary.id) return await Container.get(BinaryDataService).getAsBuffer(binary);
		return Buffer.from(binary.data, BINARY_ENCODING);
	}

	// ---- regular nodes -------------------------------------------------------------------------------------

	/** Build an INode the way the editor does (defaults are applied by the Workflow constructor). */
	node(opts: NodeOptions & { position?: [number, number] }): INode {
		const type = this.nodeTypes.fullName(opts.type);
		const nodeType = this.nodeTypes.getByName(type);
		const typeVersion = opts.typeVersion ?? this.nodeTypes.latestVersion(type);
		const description = NodeHelpers.getVersionedNodeType(nodeType, typeVersion).description;
		const node: INode = {
			id: opts.nodeId ?? `node-${this.nextNodeId++}`,
			name: opts.name ?? (description.defaults.name as string | undefined) ?? description.displayName,
			type,
			typeVersion,
			position: opts.position ?? [0, 0],
			parameters: clone(opts.parameters) ?? {},
		};
		if (description.webhooks?.length) node.webhookId = `webhook-${node.id}`;
		const credentials = this.nodeCredentials(opts.credentials);
		if (credentials) node.credentials = credentials;
		return node;
	}

	private nodeCredentials(types?: string[]): INodeCredentials | undefined {
		if (!types?.length) return undefined;
		const credentials: INodeCredentials = {};
		for (const type of types) credentials[type] = this.credentialsHelper.details(type);
		return credentials;
	}

	async runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
		const node = this.node({ ...opts, position: [250, 0] });
		if (opts.continueOnFail) node.onError = 'continueRegularOutput';
		Object.assign(node, opts.settings ?? {});
		const trigger: INode = {
			id: 'manual-trigger',
			name: MANUAL_TRIGGER_NAME,
			type: MANUAL_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const connections: IConnections = {
			[MANUAL_TRIGGER_NAME]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		};
		const next = opts.then ? this.node({ ...opts.then, position: [500, 0] }) : undefined;
		// Two nodes of one type get n8n's default names "X" and "X1" (one name twice would connect a node to itself).
		if (next && next.name === node.name) next.name = `${next.name}1`;
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
		const workflow = this.workflow(next ? [trigger, node, next] : [trigger, node], connections);
		const items = (opts.items ?? [{}]).map((json) => ({ json: clone(json) }));
		const run = await this.execute(workflow, trigger, items, opts.mode ?? 'manual');
		const taskData = run.data.resultData.runData[(next ?? node).name]?.[0];
		const outputs = (taskData?.data?.main ?? []).map((output) => output ?? []);
		const runError = (run.data.resultData.error ?? taskData?.error) as ExecutionBaseError | undefined;
		const thrown = this.nodeTypes.thrown.get(node.name) as ExecutionBaseError | undefined;
		return {
			items: outputs.flat(),
			outputs,
			error: runError ? (thrown ?? runError) : undefined,
			runError,
			run,
		};
	}

	/**
	 * Run a whole workflow (manual execution from its Manual Trigger, or from the first node without
	 * inputs). Node types may be short names; credentials may be given as `{ [type]: { id, name } }` or
	 * left to the harness with `{ [type]: { id: null, name: '' } }` — the stored credential of that type is used.
	 */
	async runWorkflow(wf: { nodes: INode[]; connections: IConnections; staticData?: IDataObject }): Promise<IRun> {
		const nodes = wf.nodes.map((n) => {
			const node = clone(n);
			node.type = this.nodeTypes.fullName(node.type);
			node.id = node.id ?? `node-${this.nextNodeId++}`;
			if (node.credentials) {
				for (const type of Object.keys(node.credentials)) {
					if (!node.credentials[type].id && this.credentialsHelper.hasStored(type)) {
						node.credentials[type] = this.credentialsHelper.details(type);
					}
				}
			}
			return node;
		});
		const workflow = this.workflow(nodes, wf.connections, wf.staticData);
		const startNode =
			nodes.find((n) => n.type === MANUAL_TRIGGER_TYPE) ??
			nodes.find((n) => !Object.keys(workflow.connectionsByDestinationNode).includes(n.name) && !n.disabled);
		if (!startNode) throw new UnexpectedError('The workflow has no start node');
		const run = await this.execute(workflow, startNode, [{ json: {} }], 'manual');
		// As an active workflow's execution: n8n writes the whole static data back only when the run changed it
		// (WorkflowExecute passes newStaticData only when __dataChanged; the workflowExecuteAfter hooks save it).
		const changed = (workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true;
		if (wf.staticData && changed) replaceContent(wf.staticData, workflow.staticData as IDataObject);
		return run;
	}

	private workflow(nodes: INode[], connections: IConnections, staticData?: IDataObject): Workflow {
		return new Workflow({
			id: 'harness-workflow',
			name: 'Harness workflow',
			nodes,
			connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: clone(staticData) ?? {},
			settings: { executionOrder: 'v1', timezone: this.timezone },
		});
	}

	private workflowData(workflow: Workflow): IWorkflowBase {
		const now = new Date(0);
		return {
			id: workflow.id,
			name: workflow.name ?? 'Harness workflow',
			active: false,
			isArchived: false,
			createdAt: now,
			updatedAt: now,
			nodes: Object.values(workflow.nodes),
			connections: workflow.connectionsBySourceNode,
			settings: workflow.settings,
			activeVersionId: null,
		};
	}

	/**
	 * n8n's WorkflowExecuteAdditionalData.getBase, reduced to what the engine needs. Per the n8n-guide
	 * pitfalls, encryptedRunnerIdentity / parentCallbackManager / ssrfBridge / evalLlmMockHandler /
	 * currentNodeParameters / restartExecutionId stay undefined.
	 */
	additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}, webhookBaseUrl?: string): IWorkflowExecuteAdditionalData {
		const base = this.instanceBaseUrl;
		const webhook = (webhookBaseUrl ?? `${base}/webhook`).replace(/\/$/, '');
		return {
			credentialsHelper: this.credentialsHelper,
			executeWorkflow: async () => {
				throw new UnexpectedError('Sub-workflow execution is not supported by the test harness');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: webhook,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${webhook}-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			variables: {},
			userId: 'harness-user',
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new UnexpectedError('Task runners are not available in the test harness');
			},
			externalSecretsProxy: this.externalSecretsProxy,
			...extra,
		} as IWorkflowExecuteAdditionalData;
	}

	private async execute(
		workflow: Workflow,
		startNode: INode,
		items: INodeExecutionData[],
		mode: WorkflowExecuteMode,
	): Promise<IRun> {
		const executionId = String(this.nextExecutionId++);
		this.nodeTypes.thrown.clear();
		const hooks = new ExecutionLifecycleHooks(mode, executionId, this.workflowData(workflow));
		let afterRun: IRun | undefined;
		hooks.addHandler('workflowExecuteAfter', (run) => {
			afterRun = run;
		});
		const additionalData = this.additionalData({ hooks, executionId });
		const runExecutionData: IRunExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }] },
		});
		const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
		const run = await workflowExecute.processRunExecutionData(workflow);
		return afterRun ?? run;
	}

	// ---- polling triggers ----------------------------------------------------------------------------------

	/**
	 * Call a polling trigger's poll() through PollContext, as n8n's poll executor does. In 'trigger' mode the
	 * static data (a JSON copy, as stored) is given to the node and the result is written back into
	 * `opts.staticData` in place; a non-null result is emitted (n8n then saves the static data). A thrown
	 * error is returned as `error` (n8n hands it to emitError). In 'manual' mode the caller's static data is
	 * left untouched (n8n does not save it) and errors are thrown, like "Fetch test event".
	 */
	async poll(opts: TriggerNodeOptions): Promise<PollResult> {
		const mode = opts.mode ?? 'trigger';
		const staticData = opts.staticData ?? {};
		const global = opts.globalStaticData ?? {};
		const node = this.node(opts);
		const workflow = this.workflow([node], {}, { [`node:${node.name}`]: staticData, global });
		workflow.active = mode === 'trigger';
		const additionalData = this.additionalData();
		let emitted: INodeExecutionData[][] | null = null;
		let emitError: Error | undefined;
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : (opts.activation ?? 'activate'),
			(data) => {
				emitted = data;
			},
			(error) => {
				emitError = error;
			},
		);
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!nodeType.poll) throw new UnexpectedError(`Node type "${node.type}" has no poll() method`);
		let items: INodeExecutionData[][] | null = null;
		if (mode === 'manual') {
			items = await nodeType.poll.call(context);
			return { items, staticData, saved: false };
		}
		try {
			await context.__runPoll(async () => {
				items = await nodeType.poll!.call(context);
				if (items !== null) context.__emit(items);
				else await context.__commitCursor();
			});
		} catch (error) {
			context.__emitError(error as never);
		}
		const changed = (workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true;
		replaceContent(staticData, (workflow.staticData[`node:${node.name}`] as IDataObject) ?? {});
		replaceContent(global, (workflow.staticData.global as IDataObject) ?? {});
		return { items: emitted ?? items, staticData, saved: emitted !== null && changed, error: emitError };
	}

	// ---- webhook triggers ----------------------------------------------------------------------------------

	webhook(opts: WebhookOptions): WebhookLifecycle {
		const mode = opts.mode ?? 'trigger';
		const staticData = opts.staticData ?? {};
		const node = this.node(opts);
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description: IWebhookDescription | undefined =
			nodeType.description.webhooks?.find((w) => w.name === 'default') ?? nodeType.description.webhooks?.[0];
		if (!description) throw new UnexpectedError(`Node type "${node.type}" declares no webhooks`);
		const isTest = mode === 'manual';
		let webhookBase = opts.webhookUrl;

		/** n8n builds a fresh Workflow from the DB for every activation step and request. */
		const withWorkflow = async <T>(
			fn: (workflow: Workflow, additionalData: IWorkflowExecuteAdditionalData, webhookData: IWebhookData) => Promise<T>,
			extra: Partial<IWorkflowExecuteAdditionalData> = {},
		): Promise<T> => {
			const workflow = this.workflow([clone(node)], {}, { [`node:${node.name}`]: staticData });
			workflow.active = !isTest;
			const additionalData = this.additionalData(extra, webhookBase);
			const workflowNode = workflow.getNode(node.name)!;
			const webhookPath = workflow.expression.getSimpleParameterValue(workflowNode, description.path, 'internal', {});
			const httpMethod = workflow.expression.getSimpleParameterValue(
				workflowNode,
				description.httpMethod,
				'internal',
				{},
				undefined,
				'GET',
			);
			const webhookData: IWebhookData = {
				httpMethod: String(httpMethod).split(',')[0].trim() as IWebhookData['httpMethod'],
				node: node.name,
				path: NodeHelpers.getNodeWebhookPath(workflow.id, workflowNode, String(webhookPath ?? '').replace(/^\/|\/$/g, '')),
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: workflowNode.webhookId,
				isTest,
			};
			let result: T | undefined;
			try {
				result = await fn(workflow, additionalData, webhookData);
				return result;
			} finally {
				// n8n saves the workflow's static data after activation steps and webhook requests — not after a
				// webhook() that threw (LiveWebhooks.executeWebhook: the response callback gets the error, no save)
				if (!(result as { error?: unknown } | undefined)?.error)
					replaceContent(staticData, (workflow.staticData[`node:${node.name}`] as IDataObject) ?? {});
			}
		};

		const runMethod = async (method: 'checkExists' | 'create' | 'delete'): Promise<boolean> =>
			await withWorkflow(async (workflow, additionalData, webhookData) => {
				const fn = nodeType.webhookMethods?.[description.name]?.[method];
				if (!fn) throw new UnexpectedError(`Node type "${node.type}" has no webhookMethods.${description.name}.${method}`);
				const activation: WorkflowActivateMode = isTest ? 'manual' : (opts.activation ?? 'activate');
				const context = new HookContext(workflow, workflow.getNode(node.name)!, additionalData, isTest ? 'manual' : 'trigger', activation, webhookData);
				return (await fn.call(context)) as boolean;
			});

		const harness = this;
		const computeUrl = () => {
			const additionalData = this.additionalData({}, webhookBase);
			const base = isTest ? additionalData.webhookTestBaseUrl : additionalData.webhookBaseUrl;
			const workflow = this.workflow([clone(node)], {});
			const path = workflow.expression.getSimpleParameterValue(workflow.getNode(node.name)!, description.path, 'internal', {});
			return NodeHelpers.getNodeWebhookUrl(base, workflow.id, workflow.getNode(node.name)!, String(path ?? ''), false);
		};
		let server: WebhookServer | undefined;

		const lifecycle: WebhookLifecycle = {
			node,
			get url() {
				return computeUrl();
			},
			staticData,
			received: [],
			async listen() {
				if (!server) {
					server = new WebhookServer(async (request) => {
						const expected = new URL(computeUrl()).pathname;
						const method = String(description.httpMethod ?? 'POST').toUpperCase();
						if (request.path !== expected || (request.method ?? 'POST').toUpperCase() !== method) {
							return { status: 404, body: { code: 404, message: `The requested webhook "${request.method} ${request.path}" is not registered.` } };
						}
						const result = await lifecycle.receive(request);
						lifecycle.received.push({ request, result });
						return result;
					});
					const origin = await server.start();
					webhookBase = `${origin}/webhook`;
				}
				return computeUrl();
			},
			waitForRequests: async (count: number) => {
				if (!server) throw new UnexpectedError('Call listen() first');
				await server.waitFor(count);
			},
			async close() {
				await server?.stop();
				server = undefined;
			},
			checkExists: async () => await runMethod('checkExists'),
			create: async () => await runMethod('create'),
			delete: async () => await runMethod('delete'),
			async activate() {
				if (!(await runMethod('checkExists'))) await runMethod('create');
			},
			async receive(input: WebhookRequestInput): Promise<WebhookReceiveResult> {
				const req = createRequest(input, String(description.httpMethod ?? 'POST'), `/${isTest ? 'webhook-test' : 'webhook'}/${node.webhookId}/${String(description.path)}`);
				const res = new FakeResponse();
				return await withWorkflow(
					async (workflow, additionalData, webhookData) => {
						const executionMode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
						const context = new WebhookContext(workflow, workflow.getNode(node.name)!, additionalData, executionMode, webhookData, [], null);
						let result: IWebhookResponseData;
						try {
							result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;
						} catch (error) {
							// n8n: the webhook answers 500 and the execution records the error
							return { status: 500, body: { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' }, error: error as Error };
						}
						return harness.webhookResponse(workflow, node.name, description, result, res);
					},
					{ httpRequest: req as never, httpResponse: res as never },
				);
			},
		};
		return lifecycle;
	}

	/** n8n's handling of a webhook() result (webhook-helpers: handleImmediateWebhookResponse and responseMode). */
	private webhookResponse(
		workflow: Workflow,
		nodeName: string,
		description: IWebhookDescription,
		result: IWebhookResponseData,
		res: FakeResponse,
	): WebhookReceiveResult {
		const node = workflow.getNode(nodeName)!;
		const responseCode = Number(
			workflow.expression.getSimpleParameterValue(node, description.responseCode as string | undefined, 'internal', {}, undefined, 200),
		);
		if (result.noWebhookResponse === true) {
			return {
				status: res.statusCode,
				body: res.body,
				headers: res.headers,
				noWebhookResponse: true,
				workflowData: result.workflowData,
			};
		}
		if (result.workflowData === undefined) {
			return {
				status: responseCode,
				body: result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Webhook call received' },
			};
		}
		const responseMode = workflow.expression.getSimpleParameterValue(node, description.responseMode as string | undefined, 'internal', {}, undefined, 'onReceived');
		if (responseMode === 'onReceived') {
			return {
				status: responseCode,
				body: result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Workflow was started' },
				workflowData: result.workflowData,
			};
		}
		// lastNode / responseNode modes answer after the run; the harness reports the data that would start it
		return { status: responseCode, workflowData: result.workflowData };
	}

	// ---- trigger() nodes -----------------------------------------------------------------------------------

	/**
	 * Start a node's trigger() through TriggerContext. emit / emitError are captured and registerCron is
	 * replaced by a controllable clock: `fireCron()` runs every registered callback once.
	 */
	async trigger(opts: TriggerNodeOptions): Promise<TriggerRun> {
		const mode = opts.mode ?? 'trigger';
		const staticData = opts.staticData ?? {};
		const node = this.node(opts);
		const workflow = this.workflow([node], {}, { [`node:${node.name}`]: staticData });
		workflow.active = mode === 'trigger';
		const additionalData = this.additionalData();
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!nodeType.trigger) throw new UnexpectedError(`Node type "${node.type}" has no trigger() method`);

		const emitted: INodeExecutionData[][][] = [];
		const errors: Error[] = [];
		const crons: CronRegistration[] = [];
		const waiters: Array<{ count: number; resolve: () => void }> = [];
		const persist = () => replaceContent(staticData, (workflow.staticData[`node:${node.name}`] as IDataObject) ?? {});
		const notify = () => {
			const total = emitted.length + errors.length;
			for (const waiter of [...waiters]) {
				if (total >= waiter.count) {
					waiters.splice(waiters.indexOf(waiter), 1);
					waiter.resolve();
				}
			}
		};
		const context = new TriggerContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : (opts.activation ?? 'activate'),
			(data) => {
				emitted.push(data);
				persist(); // n8n saves the static data on every emit
				notify();
			},
			(error) => {
				errors.push(error);
				notify();
			},
			(error) => {
				errors.push(error);
				notify();
			},
			{
				registerCron: (cron, onTick) => {
					crons.push({ expression: cron.expression, recurrence: cron.recurrence, onTick: onTick as CronRegistration['onTick'] });
				},
			},
		);
		const response = (await nodeType.trigger.call(context)) ?? undefined;
		persist();
		return {
			emitted,
			errors,
			crons,
			response,
			staticData,
			async fireCron(at: Date = new Date()) {
				for (const cron of [...crons]) await cron.onTick(at);
				persist();
			},
			waitForEmits(count: number) {
				return new Promise<void>((resolve) => {
					waiters.push({ count, resolve });
					notify();
				});
			},
			async manualTrigger() {
				if (!response?.manualTriggerFunction) throw new UnexpectedError('The trigger returned no manualTriggerFunction');
				await response.manualTriggerFunction();
				persist();
			},
			async closeFunction() {
				if (response?.closeFunction) await response.closeFunction();
				crons.length = 0;
				persist();
			},
		};
	}

	// ---- loadOptions / listSearch --------------------------------------------------------------------------

	/** n8n's DynamicNodeParametersService: a temporary workflow with the one node and a LoadOptionsContext. */
	async loadOptions(opts: LoadOptionsOptions): Promise<INodePropertyOptions[] | INodeListSearchResult> {
		const kind = opts.kind ?? 'loadOptions';
		const node = this.node({ type: opts.type, parameters: opts.parameters ?? {}, credentials: opts.credentials, typeVersion: opts.typeVersion });
		const workflow = this.workflow([node], {});
		const workflowNode = workflow.getNode(node.name)!;
		const additionalData = this.additionalData({ currentNodeParameters: workflowNode.parameters });
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const context = new LoadOptionsContext(workflow, workflowNode, additionalData, '');
		if (kind === 'listSearch') {
			const method = nodeType.methods?.listSearch?.[opts.method];
			if (!method) throw new UnexpectedError(`Node type "${node.type}" has no listSearch method "${opts.method}"`);
			return await method.call(context, opts.filter, opts.paginationToken);
		}
		const method = nodeType.methods?.loadOptions?.[opts.method];
		if (!method) throw new UnexpectedError(`Node type "${node.type}" has no loadOptions method "${opts.method}"`);
		return await method.call(context);
	}

	// ---- credential test -----------------------------------------------------------------------------------

	/** n8n's CredentialsTester.testCredentials for the stored credential of a type. */
	async testCredential(type: string): Promise<INodeCredentialTestResult> {
		const details = this.credentialsHelper.details(type);
		const testFunction = this.credentialTestFunction(type);
		if (testFunction === undefined) return { status: 'Error', message: 'No testing function found for this credential.' };

		const additionalData = this.additionalData();
		const credentialsDecrypted: ICredentialsDecrypted = {
			id: details.id!,
			name: details.name,
			type,
			data: await this.credentialsHelper.applyDefaultsAndOverwrites(
				additionalData,
				this.credentialsHelper.getStored(type) as never,
				type,
				'internal',
			),
		};

		if (typeof testFunction === 'function') {
			const context = new CredentialTestContext();
			return await testFunction.call(context, credentialsDecrypted);
		}

		const nodeType = testFunction.nodeType ?? this.nodeTypes.getByNameAndVersion(NO_OP_TYPE);
		const node: INode = {
			id: 'temp',
			parameters: {},
			name: 'Temp-Node',
			type: nodeType.description.name,
			typeVersion: Array.isArray(nodeType.description.version)
				? nodeType.description.version.slice(-1)[0]
				: nodeType.description.version,
			position: [0, 0],
			credentials: { [type]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
		};
		const nodeTypeCopy: INodeType = {
			description: {
				...nodeType.description,
				credentials: [{ name: type, required: true }],
				properties: [
					{
						displayName: 'Temp',
						name: 'temp',
						type: 'string',
						routing: { request: testFunction.testRequest.request },
						default: '',
					},
				],
			},
		};
		this.nodeTypes.extra[nodeTypeCopy.description.name] = nodeTypeCopy;
		try {
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: this.nodeTypes,
				settings: { timezone: this.timezone },
			});
			const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
			const runExecutionData = createRunExecutionData({ executionData: null });
			const executeData: IExecuteData = { node, data: {}, source: null };
			const context = new ExecuteContext(
				workflow,
				node,
				additionalData,
				'internal',
				runExecutionData,
				0,
				[],
				inputData,
				executeData,
				[],
			);
			const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);
			let response: INodeExecutionData[][] | null | undefined;
			try {
				response = await routingNode.runNode();
			} catch (e) {
				const error = e as Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
				if (error.cause?.response) {
					const statusCode = error.cause.response.status;
					for (const rule of testFunction.testRequest.rules ?? []) {
						if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
							return { status: 'Error', message: rule.properties.message };
						}
					}
					if (statusCode < 199 || statusCode > 299) {
						return {
							status: 'Error',
							message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
						};
					}
				} else if (error.cause?.code) {
					return { status: 'Error', message: error.cause.code };
				}
				return { status: 'Error', message: error.message.toString() };
			}
			for (const rule of testFunction.testRequest.rules ?? []) {
				if (rule.type === 'responseSuccessBody') {
					const responseData = response?.[0]?.[0]?.json ?? {};
					const value = rule.properties.key.split('.').reduce<unknown>((o, k) => (o as IDataObject | undefined)?.[k], responseData);
					if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'OK', message: 'Connection successful!' };
		} finally {
			delete this.nodeTypes.extra[nodeTypeCopy.description.name];
		}
	}

	/** n8n's CredentialsTester.getCredentialTestFunction. */
	private credentialTestFunction(type: string): ICredentialTestFunction | ICredentialTestRequestData | undefined {
		const credentialType = this.credentialTypes.getByName(type);
		if (credentialType.test) return { testRequest: credentialType.test };
		for (const shortName of this.nodeTypes.shortNames()) {
			const node = this.nodeTypes.getByName(this.nodeTypes.fullName(shortName));
			const versions: INodeType[] = 'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
			for (const nodeType of versions) {
				for (const { name, testedBy } of nodeType.description.credentials ?? []) {
					if (name !== type || !testedBy) continue;
					if (typeof testedBy === 'string') {
						const fn = nodeType.methods?.credentialTest?.[testedBy];
						if (fn) return fn;
						continue;
					}
					return { nodeType, testRequest: testedBy };
				}
			}
		}
		return undefined;
	}
}
