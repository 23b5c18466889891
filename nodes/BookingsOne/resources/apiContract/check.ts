import type { IDataObject } from 'n8n-workflow';
import { fieldValue } from '../../../shared/fieldReader';
import {
	apiContractResource,
	clockLine,
	datesLine,
	fieldsLine,
	largestPageLine,
	pageBaseLine,
	pathLine,
	totalLine,
	writesLine,
	type ContractLine,
	type PageReader,
	type Prober,
} from '../../../shared/contractCheck';
import { REPORT_CHECK } from '../../../shared/messages';
import {
	APPOINTMENT_FIELDS,
	CHECKED_LISTS,
	CHECKED_SEARCHES,
	FIRST_PAGE,
	MAX_ROW,
	PATHS,
} from '../../contract';
import { bookingsOneRequest, pageOf } from '../../transport';

/** Where each assumption is written down (the contract table, the page reader, the Simplify shape). */
const SOURCE = 'nodes/BookingsOne/contract.ts';
const TRANSPORT_SOURCE = 'nodes/BookingsOne/transport.ts';
const NORMALIZE_SOURCE = 'nodes/BookingsOne/normalize.ts normalizeAppointment';

const isPage = (body: unknown) =>
	pageOf(body) ? undefined : 'the answer is not a page {data, metaData}';

const isList = (body: unknown) =>
	pageOf(body) ? undefined : 'the answer is not a list of records';

const readAppointments: PageReader = async (p, page, size) => {
	const answer = await p.get(
		PATHS.resourceAppointments,
		page === undefined ? { row: size } : { page, row: size },
	);
	if (!answer.ok) return { ids: [], error: answer.message };
	const parsed = pageOf(answer.body);
	if (!parsed) return { ids: [], error: 'not a page {data, metaData}' };
	return {
		ids: parsed.items.map((r) => String(fieldValue(r, 'id'))),
		total: parsed.total,
		echoed: parsed.page,
	};
};

/** Up to 20 resource appointments of the first page. */
async function sampleAppointments(p: Prober): Promise<IDataObject[]> {
	const answer = await p.get(PATHS.resourceAppointments, { row: 20 });
	if (!answer.ok) throw new Error(answer.message);
	return pageOf(answer.body)?.items ?? [];
}

const lines: ContractLine[] = [
	pathLine({
		line: 'path.systemInformation',
		where: `${SOURCE} PATHS.systemInformation`,
		path: PATHS.systemInformation,
		what: 'the server information {name, version} (documented; the credential test)',
	}),
	...CHECKED_SEARCHES.map(([key, what]) =>
		pathLine({
			line: `path.${key}`,
			where: `${SOURCE} PATHS.${key}`,
			path: PATHS[key] as string,
			qs: { row: 1 },
			what: `a page of ${what}`,
			shape: isPage,
		}),
	),
	...CHECKED_LISTS.map(([key, what]) =>
		pathLine({
			line: `path.${key}`,
			where: `${SOURCE} PATHS.${key}`,
			path: PATHS[key] as string,
			what,
			shape: isList,
		}),
	),
	writesLine({
		where:
			`${SOURCE} PATHS.iotDevices, occupancy, ePaperTagStatus, subscribeAppointmentChange, ` +
			'dailyAccessSubscription',
		assumption:
			'The write paths (IoT device create/update, occupancy, e-paper tag status, both subscriptions) ' +
			'take the documented bodies',
	}),
	pageBaseLine({
		where: `${SOURCE} FIRST_PAGE`,
		base: FIRST_PAGE,
		read: readAppointments,
		firstWithoutPage: true,
		fix: (base) =>
			base === undefined
				? 'The pages do not follow each other as assumed: listings cannot prove they read every record, so ' +
					"they stop with an error rather than return part of a list. Until the node pages your server's " +
					`way, list with Custom API Call → Make an API Call (page and row), and ${REPORT_CHECK}.`
				: `Nothing to change: your server numbers pages from ${base}. The node reads the numbering from the ` +
					'answers (the echoed metaData.page, or a probe of page 1) and remembers it per credential, so ' +
					`listings stay complete. To spare that probe, ${REPORT_CHECK}.`,
	}),
	largestPageLine({
		where: `${SOURCE} MAX_ROW`,
		base: FIRST_PAGE,
		max: MAX_ROW,
		read: readAppointments,
	}),
	totalLine({
		where: `${TRANSPORT_SOURCE} pageOf (metaData.totalCount)`,
		path: PATHS.resourceAppointments,
		qs: { row: 1 },
		documented: true,
		name: 'metaData.totalCount',
	}),
	fieldsLine({
		line: 'fields.appointment',
		where: NORMALIZE_SOURCE,
		record: 'A resource appointment',
		aliases: APPOINTMENT_FIELDS,
		sample: sampleAppointments,
	}),
	datesLine({
		line: 'dates.appointment',
		where: NORMALIZE_SOURCE,
		assumption: 'Appointment start, end and updatedAt are ISO 8601 with an offset',
		fix:
			"Times without an offset are read as UTC by Simplify: check them against the server's time zone, and " +
			`convert the vendor's own fields in the workflow (a Date & Time node) instead of using "normalized"; ` +
			`${REPORT_CHECK}.`,
		fields: ['start', 'end', 'updatedAt'],
		accepted: ['ISO 8601 with offset'],
		sample: sampleAppointments,
	}),
	clockLine({
		where: 'nodes/shared/builders/filteredSearch.ts (filters "from=now")',
		path: PATHS.systemInformation,
	}),
];

export const apiContract = apiContractResource({
	vendor: 'Bookings ONE',
	request: bookingsOneRequest,
	lines,
});
