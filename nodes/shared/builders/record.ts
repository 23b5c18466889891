import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../errors';
import { readLimit, returnAllProperties } from '../fields';
import type { VendorRequest } from '../request';
import type { Operation } from '../types';

/**
 * Record CRUD operations (Get, Get Many, Create, Update, Delete) built from a spec that carries everything a vendor
 * decides: its request and list functions, its paths, its key field and reader, its field properties and readers,
 * and its write check. The builders hold only the order of the steps; no vendor name, path or field is known here.
 */

/** The vendor's request function (nodes/<Vendor>/transport.ts). */
export type RecordRequest = (this: IExecuteFunctions, request: VendorRequest) => Promise<unknown>;

/** The vendor's paged listing (nodes/<Vendor>/transport.ts). */
export type RecordList = (
	this: IExecuteFunctions,
	opts: { path: string; qs?: IDataObject; limit?: number; itemIndex?: number },
) => Promise<IDataObject[]>;

/** The texts of the operation in the Operation dropdown. */
export interface OperationTexts {
	/** Sentence-case action text, e.g. "Get a task". */
	action: string;
	description: string;
}

/** One record addressed by its key. */
export interface KeyedRecordSpec extends OperationTexts {
	request: RecordRequest;
	/** The field (or locator) the key is entered in. */
	keyProperty: INodeProperties;
	/** Reads and checks the key entered. */
	readKey(ctx: IExecuteFunctions, itemIndex: number): string;
	/** The path of one record. */
	recordPath(key: string): string;
}

/** A write's answer checked against what was sent; returns the record to output. */
export type VerifyWrite = (
	ctx: IExecuteFunctions,
	sent: IDataObject,
	answer: unknown,
	action: 'created' | 'updated',
	itemIndex: number,
) => IDataObject;

/** Get: the record at its path (GET). */
export function getRecordOperation(spec: KeyedRecordSpec): Operation {
	return {
		name: 'Get',
		value: 'get',
		action: spec.action,
		description: spec.description,
		properties: [spec.keyProperty],
		async execute(this: IExecuteFunctions, i: number) {
			const key = spec.readKey(this, i);
			return (await spec.request.call(this, {
				method: 'GET',
				path: spec.recordPath(key),
				itemIndex: i,
			})) as IDataObject;
		},
	};
}

/** Get Many: a paged listing, all of it or up to a limit, with the vendor's query (e.g. sorting). */
export function getManyRecordsOperation(
	spec: OperationTexts & {
		list: RecordList;
		path: string;
		/** The largest Limit offered. */
		maxLimit?: number;
		/** Fields after Return All and Limit (e.g. sorting). */
		properties?: INodeProperties[];
		/** The query the fields ask for. */
		query(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
	},
): Operation {
	return {
		name: 'Get Many',
		value: 'getAll',
		action: spec.action,
		description: spec.description,
		properties: [...returnAllProperties(spec.maxLimit), ...(spec.properties ?? [])],
		async execute(this: IExecuteFunctions, i: number) {
			const qs = spec.query(this, i);
			return await spec.list.call(this, {
				path: spec.path,
				qs,
				limit: readLimit(this, i),
				itemIndex: i,
			});
		},
	};
}

/** Create: the body the fields give, sent with POST to the collection, the answer checked. */
export function createRecordOperation(
	spec: OperationTexts & {
		request: RecordRequest;
		/** The collection path. */
		path: string;
		properties: INodeProperties[];
		/** The body the fields give (throws a field error for a missing or wrong one). */
		readBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
		verify: VerifyWrite;
	},
): Operation {
	return {
		name: 'Create',
		value: 'create',
		action: spec.action,
		description: spec.description,
		properties: spec.properties,
		async execute(this: IExecuteFunctions, i: number) {
			const body = spec.readBody(this, i);
			const answer = await spec.request.call(this, {
				method: 'POST',
				path: spec.path,
				body,
				itemIndex: i,
			});
			return spec.verify(this, body, answer, 'created', i);
		},
	};
}

/**
 * Update for an API whose PUT replaces the whole record: the record is read, the changes are merged over it
 * (`merge`), the whole record is sent back, and the answer is checked against the changes.
 */
export function updateRecordOperation(
	spec: KeyedRecordSpec & {
		/** Fields after the key. */
		properties: INodeProperties[];
		/** The changes the fields give; none is an error ("Update Fields are empty"). */
		readChanges(ctx: IExecuteFunctions, itemIndex: number): IDataObject;
		/** The hint of the empty-update error. */
		emptyHint: string;
		/** The record to send: the changes over the current record, with its key. */
		merge(current: IDataObject, changes: IDataObject, key: string): IDataObject;
		verify: VerifyWrite;
	},
): Operation {
	return {
		name: 'Update',
		value: 'update',
		action: spec.action,
		description: spec.description,
		properties: [spec.keyProperty, ...spec.properties],
		async execute(this: IExecuteFunctions, i: number) {
			const key = spec.readKey(this, i);
			const changes = spec.readChanges(this, i);
			if (Object.keys(changes).length === 0) {
				throw fieldError(this.getNode(), 'Update Fields', 'are empty', spec.emptyHint, i);
			}
			const current = (await spec.request.call(this, {
				method: 'GET',
				path: spec.recordPath(key),
				itemIndex: i,
			})) as IDataObject;
			const answer = await spec.request.call(this, {
				method: 'PUT',
				path: spec.recordPath(key),
				body: spec.merge(current, changes, key),
				itemIndex: i,
			});
			return spec.verify(this, changes, answer, 'updated', i);
		},
	};
}

/** Delete: DELETE at the record's path; outputs `{deleted: true, key}`. */
export function deleteRecordOperation(
	spec: KeyedRecordSpec & {
		/** The key as output (e.g. a number). */
		outputKey(key: string): unknown;
	},
): Operation {
	return {
		name: 'Delete',
		value: 'delete',
		action: spec.action,
		description: spec.description,
		properties: [spec.keyProperty],
		async execute(this: IExecuteFunctions, i: number) {
			const key = spec.readKey(this, i);
			await spec.request.call(this, {
				method: 'DELETE',
				path: spec.recordPath(key),
				itemIndex: i,
			});
			return { deleted: true, key: spec.outputKey(key) as IDataObject[string] };
		},
	};
}
