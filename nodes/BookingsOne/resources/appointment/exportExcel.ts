import type { IExecuteFunctions } from 'n8n-workflow';
import { assertOrdered, requireDate, toIso } from '../../../shared/dates';
import { fieldError, vendorApiError } from '../../../shared/errors';
import type { FullResponse } from '../../../shared/request';
import { preparedItems, type Operation, type PreparedItems } from '../../../shared/types';
import { PATHS } from '../../contract';
import { bookingsOneRequest, fileNameFrom } from '../../transport';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** "Export bookings by bookable resource to Excel" (marked "under construction" by Bookings ONE). */
export const operation: Operation = {
	name: 'Export to Excel',
	value: 'exportExcel',
	action: 'Export appointments to Excel',
	description: 'Download the bookings of a period as an Excel file, grouped by bookable resource',
	properties: [
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 2026-03-01 or {{ $now.minus(7, "days") }}',
			description: 'Start of the period',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 2026-03-08 or {{ $now }}',
			description: 'End of the period',
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'e.g. Asia/Hong_Kong',
			description:
				'IANA time zone for the times in the file and for dates entered without an offset; empty: ' +
				'the workflow time zone; "none": no TimeZone is sent, so Bookings ONE uses its default ' +
				'(UTC)',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description:
				'Name of the file; empty: the name Bookings ONE gives, or Bookings_&lt;from&gt;_&lt;to&gt;.xlsx',
		},
	],
	async execute(this: IExecuteFunctions, i: number): Promise<PreparedItems> {
		const zoneInput = String(this.getNodeParameter('timeZone', i, '') ?? '').trim();
		// "none": the document's default (no TimeZone parameter: UTC) — dates without an offset are then UTC too.
		const sendZone = zoneInput.toLowerCase() !== 'none';
		const zone = !sendZone ? 'UTC' : zoneInput || this.getTimezone();
		if (sendZone && zoneInput && !isZone(zoneInput)) {
			throw fieldError(
				this.getNode(),
				'Time Zone',
				`"${zoneInput.slice(0, 60)}" is not a time zone`,
				'Enter an IANA time zone name such as Asia/Hong_Kong or Europe/Stockholm, "none" for ' +
					"Bookings ONE's default (UTC), or leave it empty.",
				i,
			);
		}
		const from = requireDate(this.getNode(), this.getNodeParameter('from', i), 'From', i, { zone });
		const to = requireDate(this.getNode(), this.getNodeParameter('to', i), 'To', i, { zone });
		assertOrdered(this.getNode(), from, to, ['From', 'To'], i);
		const full = (await bookingsOneRequest.call(this, {
			method: 'GET',
			path: PATHS.exportByBookableResource,
			qs: { From: toIso(from), To: toIso(to), ...(sendZone ? { TimeZone: zone } : {}) },
			json: false,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			itemIndex: i,
		})) as FullResponse;
		const raw: unknown = full.body;
		const body = Buffer.isBuffer(raw)
			? raw
			: raw instanceof ArrayBuffer
				? Buffer.from(raw)
				: Buffer.from(typeof raw === 'string' ? raw : '');
		const type = full.headers['content-type'] ?? '';
		if (
			/json|html|text\//i.test(type) ||
			body.length < 4 ||
			body.subarray(0, 2).toString('latin1') !== 'PK'
		) {
			throw vendorApiError(
				this.getNode(),
				{
					status: full.statusCode,
					headers: full.headers,
					body: body.toString('utf8'),
					bodyLimit: 300,
					message: `expected an Excel file but got ${type || 'an unknown answer'}`,
				},
				{
					vendor: 'Bookings ONE',
					itemIndex: i,
					details: {
						hint:
							'Bookings ONE marks this export as under construction; check that your server ' +
							'version offers it, or use Appointment → Search instead.',
					},
				},
			);
		}
		const given = String(this.getNodeParameter('fileName', i, '') ?? '').trim();
		const fileName =
			given ||
			fileNameFrom(full.headers['content-disposition']) ||
			`Bookings_${from.toFormat('yyyyMMdd')}_${to.toFormat('yyyyMMdd')}.xlsx`;
		const property =
			String(this.getNodeParameter('binaryPropertyName', i, 'data')).trim() || 'data';
		const binary = await this.helpers.prepareBinaryData(body, fileName, XLSX);
		return preparedItems({
			json: {
				fileName,
				from: toIso(from),
				to: toIso(to),
				timeZone: sendZone ? zone : null,
				size: body.length,
			},
			binary: { [property]: binary },
		});
	},
};

function isZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}
