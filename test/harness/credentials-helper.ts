/**
 * A credentials helper that behaves like n8n's own `CredentialsHelper` (packages/cli/src/credentials-helper.ts)
 * with an in-memory store standing in for n8n's credentials table:
 *  - `getDecrypted` returns the stored data with the credential type's defaults applied and expressions resolved;
 *  - generic `authenticate` resolves `={{$credentials.x}}` into headers / qs / body / auth, function
 *    `authenticate` is called as is;
 *  - `preAuthentication` runs for credential types with a hidden `expirable` field when that field is empty,
 *    when n8n-core reports the credential expired (after a 401; n8n-core then retries the request once) and
 *    during a credential test; the returned expirable value is written back to the store (n8n's DB) so later
 *    executions reuse it. Every run is counted in `stats.preAuthentication[type]`.
 */
import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialsEncrypted,
	type ICredentialsExpressionResolveValues,
	type ICredentialType,
	type IDataObject,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowDataProxyAdditionalKeys,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

/** What the credential-type registry must offer (filled from the package loader). */
export interface CredentialTypeRegistry {
	getByName(type: string): ICredentialType;
	/** Fully-qualified node types that use the credential (for `restrictToSupportedNodes`). */
	getSupportedNodes(type: string): string[];
	has(type: string): boolean;
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	/** JSON text, like the encrypted column in n8n's DB: every read is a fresh copy. */
	data: string;
}

export interface CredentialStats {
	/** How many times a credential type's `preAuthentication` ran (login count). */
	preAuthentication: Record<string, number>;
	/** How many times stored credential data was written back (n8n's `updateCredentials`). */
	updates: Record<string, number>;
}

/** ICredentials over the in-memory store (n8n's `Credentials` without the cipher). */
class StoredCredentials extends ICredentials {
	async getData(): Promise<ICredentialDataDecryptedObject> {
		if (this.data === undefined) throw new UnexpectedError('No data is set on this credentials');
		return JSON.parse(this.data) as ICredentialDataDecryptedObject;
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.data = JSON.stringify(data);
	}

	async updateData(toUpdate: ICredentialDataDecryptedObject, toDelete: string[] = []): Promise<void> {
		const updated = { ...(await this.getData()), ...toUpdate };
		for (const key of toDelete) delete updated[key];
		await this.setData(updated);
	}
}

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

/** n8n's guard: requests made by a preAuthentication hook honour the credential's allowed-domains list. */
function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions): Promise<unknown> => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	} as IHttpRequestHelper;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, StoredCredential>();
	private nextId = 1;
	readonly stats: CredentialStats = { preAuthentication: {}, updates: {} };

	constructor(private readonly credentialTypes: CredentialTypeRegistry) {
		super();
	}

	// ---- the store (n8n's credentials table) -------------------------------------------------------------

	/** Create or replace the credential of a type. Returns the details a node references. */
	set(type: string, data: IDataObject, name?: string, fresh = false): INodeCredentialsDetails {
		if (!this.credentialTypes.has(type)) {
			throw new UnexpectedError(`Unknown credential type "${type}" (not in the loaded package)`);
		}
		if (fresh) for (const [id, s] of this.store) if (s.type === type) this.store.delete(id);
		const existing = this.findByType(type);
		const id = existing?.id ?? String(this.nextId++);
		const stored: StoredCredential = { id, name: name ?? existing?.name ?? `${type} account`, type, data: JSON.stringify(data) };
		this.store.set(id, stored);
		return { id, name: stored.name };
	}

	/** The stored data of a type's credential (a copy; includes the expirable field once set). */
	getStored(type: string): IDataObject {
		const stored = this.findByType(type);
		if (!stored) throw new UnexpectedError(`No credential of type "${type}" is stored`);
		return JSON.parse(stored.data) as IDataObject;
	}

	/** Node credential details for a type (`{ id, name }`), for INode.credentials. */
	details(type: string): INodeCredentialsDetails {
		const stored = this.findByType(type);
		if (!stored) throw new UnexpectedError(`No credential of type "${type}" is stored: call setCredential first`);
		return { id: stored.id, name: stored.name };
	}

	hasStored(type: string): boolean {
		return this.findByType(type) !== undefined;
	}

	private findByType(type: string): StoredCredential | undefined {
		for (const stored of this.store.values()) if (stored.type === type) return stored;
		return undefined;
	}

	private getEntity(nodeCredential: INodeCredentialsDetails, type: string): StoredCredential {
		if (!nodeCredential.id) {
			throw new UserError(`Credential "${nodeCredential.name}" of type "${type}" has no ID.`);
		}
		const stored = this.store.get(nodeCredential.id);
		if (!stored || stored.type !== type) {
			throw new UserError(`Credential with ID "${nodeCredential.id}" does not exist for type "${type}".`);
		}
		return stored;
	}

	// ---- ICredentialsHelper ------------------------------------------------------------------------------

	getParentTypes(typeName: string): string[] {
		const type = this.credentialTypes.getByName(typeName);
		const parents = type.extends ?? [];
		return parents.reduce<string[]>(
			(all, parent) => [...all, parent, ...(this.credentialTypes.has(parent) ? this.getParentTypes(parent) : [])],
			[],
		);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.has(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!(typeDef as ICredentialType & { restrictToSupportedNodes?: boolean }).restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(credentials, requestOptions as IHttpRequestOptions);
			}
			if (typeof credentialType.authenticate === 'object') {
				if (!workflow || !node) {
					throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
				}
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};
				if (authenticate.type === 'generic') {
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
							const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
							const valueResolved = this.resolveValue(value, { $credentials: credentials }, workflow, node);
							const target = requestOptions as unknown as Record<string, Record<string, string>>;
							if (!target[outerKey]) target[outerKey] = {};
							target[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// n8n: a credential test runs through a temporary noOp node with a `temp` parameter
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication === 'function') {
			if (credentials[expirableProperty.name] === '' || credentialsExpired || isTestingCredentials) {
				this.stats.preAuthentication[typeName] = (this.stats.preAuthentication[typeName] ?? 0) + 1;
				const output = (await credentialType.preAuthentication.call(
					restrictToCredentialDomains(helpers, credentials),
					credentials,
				)) as ICredentialDataDecryptedObject;
				// the returned object must contain the expirable property, else nothing is stored
				if (output[expirableProperty.name] === undefined) return undefined;
				if (node.credentials) {
					const nodeCredentials = node.credentials[credentialType.name];
					const storedData = await (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
					const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
					for (const [key, value] of Object.entries(output)) {
						if (key === expirableProperty.name || !isExpression(storedData[key])) dataToPersist[key] = value;
					}
					await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
					return Object.assign(credentials, output);
				}
			}
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		this.stats.preAuthentication[typeName] = (this.stats.preAuthentication[typeName] ?? 0) + 1;
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	async getCredentials(nodeCredential: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const stored = this.getEntity(nodeCredential, type);
		return new StoredCredentials({ id: stored.id, name: stored.name }, stored.type, stored.data);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.getEntity(nodeCredentials, type);
		const decryptedDataOriginal = JSON.parse(stored.data) as ICredentialDataDecryptedObject;
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** n8n's `applyDefaultsAndOverwrites` without instance-level overwrites: defaults, then expressions. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			{ ...decryptedDataOriginal } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		for (const key of ['allowedHttpRequestDomains', 'allowedDomains']) {
			if (decryptedData[key] === undefined && decryptedDataOriginal[key] !== undefined) {
				decryptedData[key] = decryptedDataOriginal[key];
			}
		}
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [{ ...mockNode }],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = (await workflow.expression.withIsolate(async () =>
				workflow.expression.getComplexParameterValue(
					mockNode,
					decryptedData as INodeParameters,
					mode,
					additionalKeys,
					undefined,
					undefined,
					decryptedData,
				),
			)) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.getEntity(nodeCredentials, type);
		stored.data = JSON.stringify(data);
		this.stats.updates[type] = (this.stats.updates[type] ?? 0) + 1;
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.getEntity(nodeCredentials, type);
		stored.data = JSON.stringify({ ...JSON.parse(stored.data), oauthTokenData: data.oauthTokenData });
		this.stats.updates[type] = (this.stats.updates[type] ?? 0) + 1;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData === undefined) {
			throw new UnexpectedError('Unknown credential type', { tags: { credentialType: type } });
		}
		if (credentialTypeData.extends === undefined) return credentialTypeData.properties;
		const combineProperties: INodeProperties[] = [];
		for (const parentType of credentialTypeData.extends) {
			NodeHelpers.mergeNodeProperties(combineProperties, this.getCredentialsProperties(parentType));
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}
}
