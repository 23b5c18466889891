/**
 * BRP emulator: serves `/brponline/api/ver2/<resource>.<xml|json>` as BRP Systems' API2 documents it (the "servicebookings" page
 * and ../shared/reference/vendor-contracts.md §4). In-memory, seeded, deterministic.
 *
 * Choices where the docs are silent (keep docs/brp.md's assumption list in sync):
 * - API key levels: 1 = public reads (business units, resources); 2 = adds calls made as a logged-in person
 *   (HTTP Basic: e-mail, card number or customer number + password) and creating persons; 3 = everything,
 *   including `personid=` (act for any person), listing all bookings of a resource or business units, and
 *   listing persons.
 * - HTTP status sent with `<errors>`: 400 for 1101/1102/1105/1109/1110/1114, 401 (bad or missing key or login)
 *   or 403 (too low a key level) for 1108, 403 for 1106, 404 for 1104/1107, 409 for 1103, 500 for 1112/1113.
 *   `errorsWithStatus200 = true` sends every `<errors>` document with 200 instead (some BRP installs do).
 *   `publicInfoIgnoresLogin = true` serves business units and resources without checking a person login.
 * - `<message>` holds the code's name (e.g. maxRangeExceeded), `<debuginfo>` an English sentence.
 * - JSON (`.json`) mirrors the XML tree: lists are arrays under the list's name (`{"servicebookings": [...]}`),
 *   numbers and booleans are typed, a time is `{"timepoint": {...}}`. Errors: `{"errors": [{code, message,
 *   debuginfo}]}`.
 * - Service bookings: `startdate` (inclusive, 00:00 Stockholm) and `enddate` (exclusive, 00:00 Stockholm) —
 *   "bookings that start after / before"; default today … today + 14 days; a range wider than `maxRangeDays`
 *   (default 31; counted as enddate − startdate in days) → 1114 maxRangeExceeded. Tenant variant
 *   `enddateInclusive = true`: bookings that start on the `enddate` day are listed too (the range is still
 *   counted as enddate − startdate).
 * - Write bodies: JSON, form fields or query parameters are all read; anything else → 1110 invalidXml.
 */
import { DateTime } from 'luxon';
import { Sandbox, q, type SandboxRequest, type SandboxResponse } from './framework';

export const STOCKHOLM = 'Europe/Stockholm';

export interface BrpSandboxOptions {
	/** Clock for the default date range (today … +14 days). */
	now?: () => number;
	maxRangeDays?: number;
}

export type KeyLevel = 1 | 2 | 3;

export interface BusinessUnit {
	id: number;
	name: string;
	company: { id: number; name: string };
	hidden: boolean;
}

export interface Product {
	id: number;
	name: string;
	price: number;
}

export interface BrpResource {
	id: number;
	name: string;
	type: string;
	isemployee: boolean;
	/** Person id of the employee behind the resource (staff), else null. */
	employeePersonId: number | null;
	businessUnitId: number;
	productIds: number[];
	label: string;
}

export interface Person {
	id: number;
	firstname: string;
	lastname: string;
	email: string;
	mobilephone: string;
	personnumber: string;
	customernumber: string;
	cardnumber: string;
	businessUnitId: number;
	password: string;
}

export interface ServiceBooking {
	id: number;
	order: { id: number; number: number; preliminary: boolean };
	/** Orders made without a customer account need `anonymous=true` on updates. */
	anonymous: boolean;
	ownerPersonId: number | null;
	businessUnitId: number;
	/** Epoch milliseconds (UTC). */
	start: number;
	end: number;
	productId: number;
	resourceIds: number[];
	externalmessage: string;
	internalmessage: string;
	participants: Array<{ id: number; personid: number | null; firstname: string; lastname: string }>;
}

interface BrpErrorSpec {
	code: number;
	debuginfo: string;
	status?: number;
}

export const BRP_ERROR_NAMES: Record<number, string> = {
	1001: 'suspendedNotAllowedToBook',
	1002: 'notAllowedToBookDueToNoshows',
	1003: 'unpayedInvoiceNotAllowedToBook',
	1004: 'isNotAllowedToBook',
	1005: 'passCancelledNotAllowedToBook',
	1006: 'cannotBookNoFreeSlots',
	1007: 'bookingClashes',
	1008: 'cannotBook',
	1009: 'cannotBookDebookWaitinglist',
	1010: 'cannotBookNoFreeSlots',
	1012: 'noSuchService',
	1101: 'invalidValue',
	1102: 'mandatoryParameter',
	1103: 'objectExists',
	1104: 'noSuchBusinessUnit',
	1105: 'wrongFormat',
	1106: 'objectNotBelongingToAuthUser',
	1107: 'noSuchObject',
	1108: 'invalidAccess',
	1109: 'noMandatoryFilter',
	1110: 'invalidXml',
	1111: 'invalidConfiguration',
	1112: 'unknownError',
	1113: 'outOfMemoryError',
	1114: 'maxRangeExceeded',
	1115: 'requestTimeout',
	1116: 'noSuchRole',
	1117: 'roleNotAssignableViaApi',
};

const DEFAULT_STATUS: Record<number, number> = {
	1101: 400,
	1102: 400,
	1103: 409,
	1104: 404,
	1105: 400,
	1106: 403,
	1107: 404,
	1108: 401,
	1109: 400,
	1110: 400,
	1111: 500,
	1112: 500,
	1113: 500,
	1114: 400,
	1115: 504,
};

class BrpError extends Error {
	constructor(readonly spec: BrpErrorSpec) {
		super(spec.debuginfo);
	}
}

const fail = (code: number, debuginfo: string, status?: number): never => {
	throw new BrpError({ code, debuginfo, status });
};

/** Singular element name of a list (`servicebookings` → `servicebooking`). */
const SINGULAR: Record<string, string> = {
	servicebookings: 'servicebooking',
	resources: 'resource',
	participants: 'participant',
	businessunits: 'businessunit',
	persons: 'person',
	products: 'product',
	errors: 'error',
};

interface Caller {
	level: KeyLevel;
	person?: Person;
}

export class BrpSandbox extends Sandbox {
	static readonly BASE_PATH = '/brponline/api/ver2';
	static readonly KEYS: Record<'level1' | 'level2' | 'level3', string> = {
		level1: 'brp-key-level1-7f3a9c',
		level2: 'brp-key-level2-4d1e8b',
		level3: 'brp-key-level3-9b2c5a',
	};
	/** The customer whose bookings the seed holds most of. */
	static readonly PERSON = {
		id: 101,
		email: 'anna.berg@example.se',
		password: 'Anna-pass-4821',
		cardnumber: '700101',
		customernumber: '10101',
	};
	/** A staff member (instructor) who is a resource. */
	static readonly STAFF = { id: 201, email: 'erik.lind@example.se', password: 'Erik-pass-9130' };

	readonly apiKeys: Record<string, KeyLevel> = {
		[BrpSandbox.KEYS.level1]: 1,
		[BrpSandbox.KEYS.level2]: 2,
		[BrpSandbox.KEYS.level3]: 3,
	};
	readonly data: {
		businessUnits: BusinessUnit[];
		products: Product[];
		resources: BrpResource[];
		persons: Person[];
		serviceBookings: ServiceBooking[];
	} = { businessUnits: [], products: [], resources: [], persons: [], serviceBookings: [] };
	maxRangeDays: number;
	/**
	 * Tenant variant of the product inside a service booking (its fields are not documented, "see products"):
	 * 'documented' {id, name, price} (what the package assumes), 'variant' {id, description, priceincludingvat,
	 * currency}, 'withoutPrice' {id, name} (no price field at all), 'nullPrice' {id, name, price: empty}.
	 */
	productFields: 'documented' | 'variant' | 'withoutPrice' | 'nullPrice' = 'documented';
	/** Tenant variant: `.json` paths are not served (a web server's HTML 404), only `.xml`. */
	servesJson = true;
	/** Tenant variant: `enddate` includes its own day (bookings that start on it are listed). */
	enddateInclusive = false;
	/** Tenant variant: person fields this BRP does not keep on create or update (accepted, then dropped). */
	ignoredPersonFields: string[] = [];
	/** Send `<errors>` documents with status 200 (as some installs do). */
	errorsWithStatus200 = false;
	/** Tenant variant: one service-booking answer holds at most this many bookings (the first by start), silently. */
	answerCap?: number;
	/**
	 * Tenant variant: public information (business units, resources: level 1 data) is served without checking a
	 * person login that comes along, so a wrong person password goes unnoticed there.
	 */
	publicInfoIgnoresLogin = false;
	now: () => number;
	private nextId = { booking: 5000, order: 9000, participant: 700, person: 300 };

	constructor(opts: BrpSandboxOptions = {}) {
		super('brp');
		this.now = opts.now ?? Date.now;
		this.maxRangeDays = opts.maxRangeDays ?? 31;
		this.seed();
		this.registerRoutes();
	}

	/** The base URL a credential holds: up to and including `/api/ver2/`. */
	get apiUrl(): string {
		return `${this.baseUrl}${BrpSandbox.BASE_PATH}/`;
	}

	// ---------------------------------------------------------------- seeding
	private seed(): void {
		this.data.businessUnits = [
			{ id: 11, name: 'Center', company: { id: 1, name: 'BRP Demo AB' }, hidden: false },
			{ id: 12, name: 'North', company: { id: 1, name: 'BRP Demo AB' }, hidden: false },
			{ id: 13, name: 'Söder & Co', company: { id: 2, name: 'Other Company AB' }, hidden: true },
		];
		this.data.products = [
			{ id: 501, name: 'Squash 45 min', price: 150 },
			{ id: 502, name: 'Personal training 60 min', price: 650 },
			{ id: 503, name: 'Conference room half day', price: 1200 },
		];
		this.data.resources = [
			{
				id: 7,
				name: 'Auditorium',
				type: 'Lokal',
				isemployee: false,
				employeePersonId: null,
				businessUnitId: 11,
				productIds: [503],
				label: 'rooms',
			},
			{
				id: 8,
				name: 'Squash court 1',
				type: 'Bana',
				isemployee: false,
				employeePersonId: null,
				businessUnitId: 11,
				productIds: [501],
				label: 'courts',
			},
			{
				id: 9,
				name: 'Squash court 2',
				type: 'Bana',
				isemployee: false,
				employeePersonId: null,
				businessUnitId: 12,
				productIds: [501],
				label: 'courts',
			},
			{
				id: 20,
				name: 'Erik Lind',
				type: 'Instruktör',
				isemployee: true,
				employeePersonId: 201,
				businessUnitId: 11,
				productIds: [502],
				label: 'staff',
			},
			{
				id: 21,
				name: 'Room Nord',
				type: 'Lokal',
				isemployee: false,
				employeePersonId: null,
				businessUnitId: 12,
				productIds: [503],
				label: 'rooms',
			},
		];
		const person = (
			id: number,
			firstname: string,
			lastname: string,
			email: string,
			password: string,
			bu = 11,
		): Person => ({
			id,
			firstname,
			lastname,
			email,
			mobilephone: `+46 70 ${String(id).padStart(3, '0')} 00 00`,
			personnumber: `19800101-${String(id).padStart(4, '0')}`,
			customernumber: String(10000 + id),
			cardnumber: String(700000 + id),
			businessUnitId: bu,
			password,
		});
		this.data.persons = [
			person(101, 'Anna', 'Berg', BrpSandbox.PERSON.email, BrpSandbox.PERSON.password),
			person(102, 'Björn', 'Ek', 'bjorn.ek@example.se', 'Bjorn-pass-5512'),
			person(103, 'Carla', 'Dahl', 'carla.dahl@example.se', 'Carla-pass-7781', 12),
			person(201, 'Erik', 'Lind', BrpSandbox.STAFF.email, BrpSandbox.STAFF.password),
		];
		// Bookings around both 2026 daylight-saving switches (29 March 02:00 → 03:00, 25 October 03:00 → 02:00).
		const owners = [101, 102, 103];
		const resources = [8, 7, 20, 9, 21];
		let n = 0;
		for (const [from, to] of [
			['2026-03-22', '2026-04-05'],
			['2026-10-18', '2026-11-01'],
		]) {
			for (
				let day = DateTime.fromISO(from, { zone: STOCKHOLM });
				day <= DateTime.fromISO(to, { zone: STOCKHOLM });
				day = day.plus({ days: 1 })
			) {
				for (const [hour, minute] of [
					[9, 0],
					[18, 30],
				]) {
					const resourceId = resources[n % resources.length];
					const start = day.set({ hour, minute });
					this.addServiceBooking({
						ownerPersonId: owners[n % owners.length],
						resourceIds: [resourceId],
						start: start.toMillis(),
						end: start.plus({ minutes: 45 }).toMillis(),
						withParticipant: n % 4 === 0,
					});
					n++;
				}
			}
		}
		// Special cases: across the spring gap, in the repeated autumn hour (second occurrence, CET), anonymous.
		this.addServiceBooking({
			ownerPersonId: 101,
			resourceIds: [7],
			start: DateTime.fromISO('2026-03-29T01:30:00', { zone: STOCKHOLM }).toMillis(),
			end: DateTime.fromISO('2026-03-29T03:30:00', { zone: STOCKHOLM }).toMillis(),
			externalmessage: 'Night session across the spring change',
		});
		this.addServiceBooking({
			ownerPersonId: 101,
			resourceIds: [7],
			start: Date.parse('2026-10-25T01:30:00Z'),
			end: Date.parse('2026-10-25T02:15:00Z'),
			externalmessage: 'Second 02:30 of the autumn change',
		});
		this.addServiceBooking({
			ownerPersonId: 101,
			anonymous: true,
			resourceIds: [8],
			start: DateTime.fromISO('2026-03-24T12:00:00', { zone: STOCKHOLM }).toMillis(),
			end: DateTime.fromISO('2026-03-24T12:45:00', { zone: STOCKHOLM }).toMillis(),
		});
	}

	/** Adds a booking (tests use it for bookings relative to the real clock); returns it. */
	addServiceBooking(input: {
		ownerPersonId?: number | null;
		resourceIds?: number[];
		start: number;
		end?: number;
		productId?: number;
		anonymous?: boolean;
		preliminary?: boolean;
		externalmessage?: string;
		withParticipant?: boolean;
	}): ServiceBooking {
		const resourceIds = input.resourceIds ?? [8];
		const resource = this.data.resources.find((r) => r.id === resourceIds[0]);
		const orderId = ++this.nextId.order;
		const ownerPersonId =
			input.ownerPersonId === undefined ? BrpSandbox.PERSON.id : input.ownerPersonId;
		const owner = this.data.persons.find((p) => p.id === ownerPersonId);
		const booking: ServiceBooking = {
			id: ++this.nextId.booking,
			order: {
				id: orderId,
				number: orderId - 8700,
				preliminary: input.preliminary ?? orderId % 3 === 0,
			},
			anonymous: input.anonymous ?? false,
			ownerPersonId,
			businessUnitId: resource?.businessUnitId ?? 11,
			start: input.start,
			end: input.end ?? input.start + 45 * 60_000,
			productId: input.productId ?? resource?.productIds[0] ?? 501,
			resourceIds,
			externalmessage: input.externalmessage ?? '',
			internalmessage: '',
			participants:
				input.withParticipant && owner
					? [
							{
								id: ++this.nextId.participant,
								personid: owner.id,
								firstname: owner.firstname,
								lastname: owner.lastname,
							},
						]
					: [],
		};
		this.data.serviceBookings.push(booking);
		return booking;
	}

	// ---------------------------------------------------------------- routing
	private registerRoutes(): void {
		const base = BrpSandbox.BASE_PATH;
		this.route('*', `${base}/:resource`, (req) => this.serve(req, req.params.resource, undefined));
		this.route('*', `${base}/:resource/:id`, (req) =>
			this.serve(req, req.params.resource, req.params.id),
		);
	}

	private serve(
		req: SandboxRequest,
		resourceWithExt: string,
		idWithExt: string | undefined,
	): SandboxResponse {
		const last = idWithExt ?? resourceWithExt;
		const match = /^(.*)\.(xml|json)$/i.exec(last);
		// Without an extension BRP serves neither format: answer like a web server would.
		if (!match)
			return {
				status: 404,
				headers: { 'Content-Type': 'text/html' },
				body: '<html><body><h1>404 Not Found</h1></body></html>',
			};
		const format = match[2].toLowerCase() as 'xml' | 'json';
		if (format === 'json' && !this.servesJson)
			return {
				status: 404,
				headers: { 'Content-Type': 'text/html' },
				body: '<html><body><h1>404 Not Found</h1></body></html>',
			};
		const resource = (idWithExt === undefined ? match[1] : resourceWithExt).toLowerCase();
		const id = idWithExt === undefined ? undefined : match[1];
		try {
			const publicInfo =
				req.method === 'GET' &&
				(resource === 'businessunits' || resource === 'resources') &&
				id === undefined;
			const caller =
				this.publicInfoIgnoresLogin && publicInfo
					? this.authenticate({ ...req, headers: { ...req.headers, authorization: undefined } })
					: this.authenticate(req);
			const input = this.readInput(req);
			const tree = this.callApi(req.method, resource, id, input, caller);
			return render(format, tree, 200);
		} catch (error) {
			if (!(error instanceof BrpError)) throw error;
			const status = this.errorsWithStatus200
				? 200
				: (error.spec.status ?? DEFAULT_STATUS[error.spec.code] ?? 400);
			return render(
				format,
				{
					errors: [
						{
							code: error.spec.code,
							message: BRP_ERROR_NAMES[error.spec.code] ?? 'error',
							debuginfo: error.spec.debuginfo,
						},
					],
				},
				status,
			);
		}
	}

	private authenticate(req: SandboxRequest): Caller {
		const key = q(req.query, 'apikey');
		if (!key) fail(1108, 'No apikey parameter: add ?apikey=<your API key> to the URL', 401);
		const level = Object.prototype.hasOwnProperty.call(this.apiKeys, key as string)
			? this.apiKeys[key as string]
			: undefined;
		if (!level) fail(1108, 'Unknown or disabled API key', 401);
		const auth = req.headers.authorization;
		if (typeof auth !== 'string' || auth === '') return { level: level as KeyLevel };
		const basic = /^Basic\s+(.+)$/i.exec(auth);
		if (!basic) fail(1108, 'Only HTTP Basic authentication is supported for persons', 401);
		const decoded = Buffer.from((basic as RegExpExecArray)[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const user = colon < 0 ? decoded : decoded.slice(0, colon);
		const password = colon < 0 ? '' : decoded.slice(colon + 1);
		const person = this.data.persons.find(
			(p) =>
				p.email.toLowerCase() === user.toLowerCase() ||
				p.cardnumber === user ||
				p.customernumber === user,
		);
		if (!person || person.password !== password) fail(1108, 'Wrong user name or password', 401);
		if ((level as number) < 2)
			fail(1108, 'This API key (level 1) does not allow logged-in persons', 403);
		return { level: level as KeyLevel, person };
	}

	/** Query parameters merged with a JSON or form body. */
	private readInput(req: SandboxRequest): Record<string, string> {
		const input: Record<string, string> = {};
		for (const [key, value] of Object.entries(req.query))
			if (key !== 'apikey') input[key.toLowerCase()] = Array.isArray(value) ? value[0] : value;
		if (req.rawBody.length > 0) {
			if (
				req.bodyError ||
				typeof req.body !== 'object' ||
				req.body === null ||
				Array.isArray(req.body)
			)
				fail(1110, 'The request body could not be read: send JSON or form fields');
			for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) {
				if (value !== null && typeof value === 'object')
					fail(1101, `Parameter ${key} must be a single value`);
				input[key.toLowerCase()] = value === null || value === undefined ? '' : String(value);
			}
		}
		return input;
	}

	private callApi(
		method: string,
		resource: string,
		id: string | undefined,
		input: Record<string, string>,
		caller: Caller,
	): Tree {
		const route = `${method} ${resource}${id === undefined ? '' : '/:id'}`;
		switch (route) {
			case 'GET businessunits':
				return this.listBusinessUnits(input);
			case 'GET resources':
				return this.listResources(input);
			case 'GET servicebookings':
				return this.listServiceBookings(input, caller);
			case 'PUT servicebookings':
				return this.updateServiceBooking(input, caller);
			case 'GET persons':
				return this.listPersons(input, caller);
			case 'POST persons':
				return this.createPerson(input, caller);
			case 'GET persons/:id':
				return { person: personTree(this.personFor(id as string, caller), this) };
			case 'PUT persons/:id':
				return this.updatePerson(id as string, input, caller);
			default:
				if (['businessunits', 'resources', 'servicebookings', 'persons'].includes(resource))
					return fail(
						1101,
						`Method ${method} is not supported for ${resource}${id === undefined ? '' : '/{id}'}`,
						405,
					);
				return fail(1107, `There is no resource "${resource}" in this API`, 404);
		}
	}

	// ---------------------------------------------------------------- business units, resources
	private listBusinessUnits(input: Record<string, string>): Tree {
		const showAll = bool(input.showall, 'showall') ?? false;
		const companyId = input.companyid ? id(input.companyid, 'companyid') : undefined;
		const units = this.data.businessUnits.filter(
			(u) => (showAll || !u.hidden) && (companyId === undefined || u.company.id === companyId),
		);
		return {
			businessunits: units.map((u) => ({ id: u.id, name: u.name, company: { ...u.company } })),
		};
	}

	private listResources(input: Record<string, string>): Tree {
		if (!input.businessunitids) fail(1109, 'businessunitids is required for resources');
		const units = idList(input.businessunitids, 'businessunitids');
		for (const unit of units)
			if (!this.data.businessUnits.some((u) => u.id === unit))
				fail(1104, `No business unit ${unit}`);
		const productId = input.productid ? id(input.productid, 'productid') : undefined;
		const includeEmployees = bool(input.includeemployees, 'includeemployees') ?? false;
		const list = this.data.resources.filter(
			(r) =>
				units.includes(r.businessUnitId) &&
				(productId === undefined || r.productIds.includes(productId)) &&
				(!input.type || r.type.toLowerCase() === input.type.toLowerCase()) &&
				(!input.label || r.label === input.label) &&
				(includeEmployees || !r.isemployee),
		);
		return {
			resources: list.map((r) => ({
				...resourceTree(r, this),
				businessunit: this.unitTree(r.businessUnitId),
			})),
		};
	}

	// ---------------------------------------------------------------- service bookings
	private listServiceBookings(input: Record<string, string>, caller: Caller): Tree {
		const today = DateTime.fromMillis(this.now(), { zone: STOCKHOLM }).startOf('day');
		const start = input.startdate ? date(input.startdate, 'startdate') : today;
		const end = input.enddate ? date(input.enddate, 'enddate') : today.plus({ days: 14 });
		if (end < start) fail(1101, 'enddate is before startdate');
		const days = Math.round(end.diff(start, 'days').days);
		if (days > this.maxRangeDays)
			fail(1114, `The range ${days} days is larger than the allowed ${this.maxRangeDays} days`);
		const units = input.businessunitids
			? idList(input.businessunitids, 'businessunitids')
			: undefined;
		const resourceId = input.resourceid ? id(input.resourceid, 'resourceid') : undefined;
		const orderId = input.orderid ? id(input.orderid, 'orderid') : undefined;
		const showAllocated = bool(input.showallocated, 'showallocated') ?? false;
		const personId = input.personid ? id(input.personid, 'personid') : undefined;
		if (personId !== undefined && caller.level < 3)
			fail(1108, 'personid needs a level 3 API key', 403);
		if (resourceId !== undefined && !this.data.resources.some((r) => r.id === resourceId))
			fail(1107, `No resource ${resourceId}`);
		if (units)
			for (const unit of units)
				if (!this.data.businessUnits.some((u) => u.id === unit))
					fail(1104, `No business unit ${unit}`);

		let who: Person | undefined = caller.person;
		if (personId !== undefined) {
			who = this.data.persons.find((p) => p.id === personId);
			if (!who) fail(1107, `No person ${personId}`);
		}
		if (!who) {
			if (caller.level < 3)
				fail(1108, 'Listing service bookings needs a logged-in person (HTTP Basic)', 401);
			if (resourceId === undefined && !units)
				fail(1109, 'Without a person, give resourceid or businessunitids (level 3 key)');
		}
		const staffResources =
			showAllocated && who
				? this.data.resources.filter((r) => r.employeePersonId === who?.id).map((r) => r.id)
				: [];
		const from = start.toMillis();
		const to = (this.enddateInclusive ? end.plus({ days: 1 }) : end).toMillis();
		const list = this.data.serviceBookings
			.filter(
				(b) =>
					b.start >= from &&
					b.start < to &&
					(!who ||
						(showAllocated
							? b.resourceIds.some((r) => staffResources.includes(r))
							: b.ownerPersonId === who.id)) &&
					(resourceId === undefined || b.resourceIds.includes(resourceId)) &&
					(!units || units.includes(b.businessUnitId)) &&
					(orderId === undefined || b.order.id === orderId),
			)
			.sort((a, b) => a.start - b.start || a.id - b.id)
			.slice(0, this.answerCap ?? Infinity);
		return { servicebookings: list.map((b) => this.bookingTree(b)) };
	}

	private updateServiceBooking(input: Record<string, string>, caller: Caller): Tree {
		if (!input.id) fail(1102, 'id is mandatory');
		const bookingId = id(input.id, 'id');
		let who = caller.person;
		if (input.personid) {
			if (caller.level < 3) fail(1108, 'personid needs a level 3 API key', 403);
			who = this.data.persons.find((p) => p.id === id(input.personid, 'personid'));
			if (!who) fail(1107, `No person ${input.personid}`);
		}
		if (!who)
			fail(
				1108,
				'Changing a service booking needs a logged-in person (or personid with a level 3 key)',
				401,
			);
		const booking = this.data.serviceBookings.find((b) => b.id === bookingId);
		if (!booking) return fail(1107, `No service booking ${bookingId}`);
		if (booking.ownerPersonId !== (who as Person).id)
			fail(1106, `Service booking ${bookingId} does not belong to the person`);
		const anonymous = bool(input.anonymous, 'anonymous');
		if (booking.anonymous && anonymous !== true)
			fail(1102, 'anonymous=true is mandatory for a booking on an anonymous order');
		if (input.participantid) {
			const participant = this.data.persons.find(
				(p) => p.id === id(input.participantid, 'participantid'),
			);
			if (!participant) fail(1107, `No person ${input.participantid}`);
			const p = participant as Person;
			booking.participants = [
				{
					id: ++this.nextId.participant,
					personid: p.id,
					firstname: p.firstname,
					lastname: p.lastname,
				},
			];
		} else if (
			input.participantfirstname !== undefined ||
			input.participantlastname !== undefined
		) {
			booking.participants = [
				{
					id: ++this.nextId.participant,
					personid: null,
					firstname: input.participantfirstname ?? '',
					lastname: input.participantlastname ?? '',
				},
			];
		}
		if (input.internalmessage !== undefined) booking.internalmessage = input.internalmessage;
		if (input.externalmessage !== undefined) booking.externalmessage = input.externalmessage;
		return { servicebookings: [this.bookingTree(booking)] };
	}

	// ---------------------------------------------------------------- persons
	private personFor(rawId: string, caller: Caller): Person {
		const personId = id(rawId, 'id');
		if (caller.level < 3 && caller.person?.id !== personId) {
			if (!caller.person)
				fail(1108, 'Reading a person needs that person logged in, or a level 3 API key', 401);
			fail(1106, `Person ${personId} is not the logged-in person`);
		}
		const person = this.data.persons.find((p) => p.id === personId);
		if (!person) return fail(1107, `No person ${personId}`);
		return person;
	}

	private listPersons(input: Record<string, string>, caller: Caller): Tree {
		if (caller.level < 3) fail(1108, 'Listing persons needs a level 3 API key', 403);
		const filters = [
			'email',
			'firstname',
			'lastname',
			'personnumber',
			'customernumber',
			'cardnumber',
			'mobilephone',
		];
		const given = filters.filter((f) => input[f] !== undefined && input[f] !== '');
		if (given.length === 0) fail(1109, `Give at least one filter: ${filters.join(', ')}`);
		const list = this.data.persons.filter((p) =>
			given.every(
				(f) =>
					String((p as unknown as Record<string, unknown>)[f]).toLowerCase() ===
					input[f].toLowerCase(),
			),
		);
		return { persons: list.map((p) => personTree(p, this)) };
	}

	private createPerson(input: Record<string, string>, caller: Caller): Tree {
		if (caller.level < 2) fail(1108, 'Creating persons needs a level 2 or 3 API key', 403);
		for (const field of ['firstname', 'lastname', 'email'])
			if (!input[field]) fail(1102, `${field} is mandatory`);
		if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email))
			fail(1105, 'email is not an e-mail address');
		if (this.data.persons.some((p) => p.email.toLowerCase() === input.email.toLowerCase()))
			fail(1103, `A person with e-mail ${input.email} exists`);
		input = this.keptPersonFields(input);
		const unit = input.businessunitid ? id(input.businessunitid, 'businessunitid') : 11;
		if (!this.data.businessUnits.some((u) => u.id === unit)) fail(1104, `No business unit ${unit}`);
		const newId = ++this.nextId.person;
		const person: Person = {
			id: newId,
			firstname: input.firstname,
			lastname: input.lastname,
			email: input.email,
			mobilephone: input.mobilephone ?? '',
			personnumber: input.personnumber ?? '',
			customernumber: String(10000 + newId),
			cardnumber: '',
			businessUnitId: unit,
			password: input.password ?? '',
		};
		this.data.persons.push(person);
		return { person: personTree(person, this) };
	}

	/** What this BRP keeps of a person write (see ignoredPersonFields); mandatory fields are checked before. */
	private keptPersonFields(input: Record<string, string>): Record<string, string> {
		const kept = { ...input };
		for (const field of this.ignoredPersonFields) delete kept[field];
		return kept;
	}

	private updatePerson(rawId: string, raw: Record<string, string>, caller: Caller): Tree {
		const person = this.personFor(rawId, caller);
		const input = this.keptPersonFields(raw);
		if (input.email !== undefined) {
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email))
				fail(1105, 'email is not an e-mail address');
			if (
				this.data.persons.some(
					(p) => p !== person && p.email.toLowerCase() === input.email.toLowerCase(),
				)
			)
				fail(1103, `A person with e-mail ${input.email} exists`);
		}
		for (const field of [
			'firstname',
			'lastname',
			'email',
			'mobilephone',
			'personnumber',
		] as const) {
			if (input[field] !== undefined) person[field] = input[field];
		}
		if (input.businessunitid !== undefined) {
			const unit = id(input.businessunitid, 'businessunitid');
			if (!this.data.businessUnits.some((u) => u.id === unit))
				fail(1104, `No business unit ${unit}`);
			person.businessUnitId = unit;
		}
		return { person: personTree(person, this) };
	}

	// ---------------------------------------------------------------- rendering helpers
	unitTree(unitId: number): Tree {
		const unit = this.data.businessUnits.find((u) => u.id === unitId);
		return { id: unitId, name: unit?.name ?? '' };
	}

	productTree(p: Product): Tree {
		switch (this.productFields) {
			case 'variant':
				return { id: p.id, description: p.name, priceincludingvat: p.price, currency: 'SEK' };
			case 'withoutPrice':
				return { id: p.id, name: p.name };
			case 'nullPrice':
				return { id: p.id, name: p.name, price: null };
			default:
				return { id: p.id, name: p.name, price: p.price };
		}
	}

	bookingTree(b: ServiceBooking): Tree {
		const product = this.data.products.find((p) => p.id === b.productId);
		return {
			id: b.id,
			order: { ...b.order },
			businessunit: this.unitTree(b.businessUnitId),
			start: timepoint(b.start),
			end: timepoint(b.end),
			product: product ? this.productTree(product) : null,
			resources: b.resourceIds.map((rid) => {
				const r = this.data.resources.find((x) => x.id === rid);
				return r
					? resourceTree(r, this)
					: { id: rid, name: '', type: '', isemployee: false, employee: null };
			}),
			externalmessage: b.externalmessage,
			internalmessage: b.internalmessage,
			participants: b.participants.map((p) => ({ ...p })),
		};
	}
}

type Tree = { [key: string]: unknown };

function resourceTree(r: BrpResource, sb: BrpSandbox): Tree {
	const employee = r.employeePersonId
		? sb.data.persons.find((p) => p.id === r.employeePersonId)
		: undefined;
	return {
		id: r.id,
		name: r.name,
		type: r.type,
		isemployee: r.isemployee,
		employee: employee
			? { id: employee.id, name: `${employee.firstname} ${employee.lastname}` }
			: null,
	};
}

function personTree(p: Person, sb: BrpSandbox): Tree {
	return {
		id: p.id,
		firstname: p.firstname,
		lastname: p.lastname,
		email: p.email,
		mobilephone: p.mobilephone,
		personnumber: p.personnumber,
		customernumber: p.customernumber,
		cardnumber: p.cardnumber,
		businessunit: sb.unitTree(p.businessUnitId),
	};
}

/** BRP's `<timepoint>`: epoch seconds plus Stockholm wall time. */
/**
 * Stockholm's offset from UTC (minutes) for the quarter hour holding `ms`, remembered: a listing renders two
 * timepoints per booking, and luxon's zone lookup per call made the emulator's own CPU (a floor of every client's
 * wall time) most of a 50,000-record benchmark. Offsets change only on a quarter hour (01:00 UTC for Stockholm).
 */
const offsets = new Map<number, number>();
function stockholmOffset(ms: number): number {
	const slot = Math.floor(ms / 900_000);
	let offset = offsets.get(slot);
	if (offset === undefined) {
		if (offsets.size >= 500_000) offsets.clear();
		offset = DateTime.fromMillis(slot * 900_000, { zone: STOCKHOLM }).offset;
		offsets.set(slot, offset);
	}
	return offset;
}

export function timepoint(ms: number): Tree {
	// The UTC fields of the shifted instant are Stockholm's wall time: yyyy-MM-ddTHH:mm…
	const wall = new Date(ms + stockholmOffset(ms) * 60_000).toISOString();
	const date = wall.slice(0, 10);
	const time = wall.slice(11, 16);
	return {
		timepoint: {
			timestamp: Math.round(ms / 1000),
			datetime: `${date} ${time}`,
			date,
			time,
		},
	};
}

// ---------------------------------------------------------------- input parsing (BRP formats)
function id(value: string, name: string): number {
	if (!/^\d+$/.test(value.trim()))
		fail(1105, `${name} must be an ID (digits), got "${value.slice(0, 40)}"`);
	return Number(value);
}

function idList(value: string, name: string): number[] {
	if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(value))
		fail(1105, `${name} must be an ID list like 1,2,45, got "${value.slice(0, 40)}"`);
	return value.split(',').map((v) => Number(v.trim()));
}

function bool(value: string | undefined, name: string): boolean | undefined {
	if (value === undefined || value === '') return undefined;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return fail(1105, `${name} must be true or false, got "${value.slice(0, 40)}"`);
}

function date(value: string, name: string): DateTime {
	const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value)
		? DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: STOCKHOLM })
		: undefined;
	if (!parsed || !parsed.isValid)
		return fail(1105, `${name} must be a date yyyy-MM-dd, got "${value.slice(0, 40)}"`);
	return parsed;
}

// ---------------------------------------------------------------- output formats
function render(format: 'xml' | 'json', tree: Tree, status: number): SandboxResponse {
	if (format === 'json')
		return {
			status,
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify(tree),
		};
	const [root] = Object.keys(tree);
	return {
		status,
		headers: { 'Content-Type': 'application/xml; charset=utf-8' },
		body: `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(root, tree[root], '')}\n`,
	};
}

export function toXml(name: string, value: unknown, indent: string): string {
	if (value === null || value === undefined || value === '') return `${indent}<${name}/>`;
	if (Array.isArray(value)) {
		if (value.length === 0) return `${indent}<${name}/>`;
		const child = SINGULAR[name] ?? name.replace(/s$/, '');
		return `${indent}<${name}>\n${value.map((v) => toXml(child, v, indent + '  ')).join('\n')}\n${indent}</${name}>`;
	}
	if (typeof value === 'object') {
		const inner = Object.entries(value as Tree).map(([k, v]) => toXml(k, v, indent + '  '));
		return `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>`;
	}
	return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

export function createBrpSandbox(opts?: BrpSandboxOptions): BrpSandbox {
	return new BrpSandbox(opts);
}
