import {
	NodeApiError,
	NodeOperationError,
	type JsonObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { scrubError } from './errors';
import { secretsOf } from './secrets';
import { isPreparedItems, type Operation, type OperationResult, type Resource } from './types';

/**
 * The Resource and Operation selectors plus every operation's fields, each shown only for its own
 * resource and operation. Options are sorted by name, as n8n's guidelines ask.
 */
export function resourceProperties(
	resources: Resource[],
	defaultResource?: string,
): INodeProperties[] {
	const firstResource = defaultResource ?? resources[0].value;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: sortByName(
				resources.map((r) => ({ name: r.name, value: r.value, description: r.description })),
			),
			default: firstResource,
		},
	];
	for (const resource of resources) {
		const firstOperation = resource.defaultOperation ?? resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: sortByName(
				resource.operations.map((op) => ({
					name: op.name,
					value: op.value,
					action: op.action,
					description: op.description,
				})),
			),
			default: firstOperation,
		});
	}
	for (const resource of resources) {
		for (const op of resource.operations) {
			for (const property of op.properties) {
				if (property.name === 'resource' || property.name === 'operation') {
					// A field with a selector's name would silently shadow it; catch it when the node loads.
					throw new Error(
						`${resource.value}.${op.value}: the field name "${property.name}" is reserved for the selector`,
					);
				}
				const show = {
					...(property.displayOptions?.show ?? {}),
					resource: [resource.value],
					operation: [op.value],
				};
				properties.push({
					...property,
					displayOptions: { ...(property.displayOptions ?? {}), show },
				});
			}
		}
	}
	return properties;
}

function sortByName<T extends { name: string }>(options: T[]): T[] {
	return [...options].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs the chosen operation for every input item: one output item per record, each paired with its input
 * item; with "Continue On Fail" a failing item yields `{error}` and the rest go on.
 */
export async function routeExecute(
	this: IExecuteFunctions,
	resources: Resource[],
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const operations = new Map<string, Operation>();
	for (const resource of resources)
		for (const op of resource.operations) operations.set(`${resource.value}:${op.value}`, op);

	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const op = operations.get(`${resource}:${operation}`);
			if (!op) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" of "${resource}" is not supported`,
					{
						itemIndex: i,
						description: 'Choose a resource and an operation from the lists.',
					},
				);
			}
			const result = await op.execute.call(this, i);
			// One push per item: spreading a Return All of more than ~120,000 records into push() overflows the stack.
			for (const item of toItems(result, i)) out.push(item);
		} catch (error) {
			// Whatever built the error, no secret the node works with leaves in it (nodes/shared/secrets.ts).
			scrubError(error, secretsOf(this.getNode()));
			if (this.continueOnFail()) {
				out.push({
					json: {
						error: (error as Error).message,
						description: (error as { description?: string }).description ?? null,
					},
					pairedItem: { item: i },
				});
				continue;
			}
			if (error instanceof NodeApiError) {
				if (error.context.itemIndex === undefined) error.context.itemIndex = i;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			const wrapped = new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			if (wrapped.context.itemIndex === undefined) wrapped.context.itemIndex = i;
			throw wrapped;
		}
	}
	return [out];
}

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	if (isPreparedItems(result)) return result.items.map((item) => ({ ...item, pairedItem }));
	const records = Array.isArray(result) ? result : [result];
	return records.map((record) => ({ json: record, pairedItem }));
}
