import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** Any n8n context that can make authenticated HTTP requests. */
export type RequestContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ITriggerFunctions;

/** Marks n8n items an operation prepared itself (a symbol: no vendor record, which is JSON, can carry it). */
const PREPARED = Symbol('prepared n8n items');

/** n8n items an operation built itself (e.g. with binary data); the router only adds pairedItem. */
export interface PreparedItems {
	readonly [PREPARED]: true;
	items: INodeExecutionData[];
}

export function preparedItems(...items: INodeExecutionData[]): PreparedItems {
	return { [PREPARED]: true, items };
}

export function isPreparedItems(result: unknown): result is PreparedItems {
	return typeof result === 'object' && result !== null && PREPARED in result;
}

/**
 * What an operation returns for one input item, tagged so the router never guesses from the shape: vendor
 * records (one output item each, the record as its json, whatever fields it has — a "json" field included) or
 * prepared n8n items.
 */
export type OperationResult = IDataObject | IDataObject[] | PreparedItems;

/**
 * One operation of one resource: its option in the Operation dropdown, its fields, and its per-item work.
 * The router adds displayOptions, the item loop, continueOnFail and pairedItem.
 */
export interface Operation {
	/** Title Case label in the Operation dropdown, e.g. "Get Many". */
	name: string;
	/** Parameter value, e.g. "getAll". */
	value: string;
	/** Sentence-case action text, e.g. "Get many bookings". */
	action: string;
	description: string;
	/** The operation's own fields, without displayOptions for resource/operation (the router adds them). */
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

export interface Resource {
	/** Title Case label in the Resource dropdown. */
	name: string;
	value: string;
	description?: string;
	operations: Operation[];
	/** Default operation (defaults to the first). */
	defaultOperation?: string;
}
