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

/** What an operation may return for one input item: records (one output item each) or ready items. */
export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData | INodeExecutionData[];

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
