import type { AliasTable } from '../shared/contractCheck';

/**
 * Bookings ONE's contract: every path this package relies on, relative to `<server>/API/external`.
 * Only `system/v1/information` is confirmed publicly (the Bookings ONE External API (v1) reference); the others
 * follow its shape (`<group>/v1/<entity>` to search, `<group>/v1/<entity>/{id}` to get or update) and are listed in
 * docs/bookingsone.md as assumptions. A path that differs on a server is one line here.
 */
export const PATHS = {
	systemInformation: '/system/v1/information',
	visitorBadges: '/visitorManagement/v1/visitorBadge',
	visitorBadge: (idOrUid: string) =>
		`/visitorManagement/v1/visitorBadge/${encodeURIComponent(idOrUid)}`,
	visitingAppointments: '/visitingAppointment/v1/appointment',
	users: '/user/v1/user',
	user: (id: string) => `/user/v1/user/${encodeURIComponent(id)}`,
	serviceItems: '/serviceItem/v1/serviceItem',
	serviceItem: (id: string) => `/serviceItem/v1/serviceItem/${encodeURIComponent(id)}`,
	occupancy: '/iotSensorData/v1/occupancy',
	iotDevices: '/iotDevice/v1/iotDevice',
	iotDevice: (id: string) => `/iotDevice/v1/iotDevice/${encodeURIComponent(id)}`,
	ePaperControllers: '/ePaperController/v1/ePaperController',
	ePaperController: (id: string) =>
		`/ePaperController/v1/ePaperController/${encodeURIComponent(id)}`,
	ePaperTagStatus: '/ePaperController/v1/tagStatus',
	dailyVisitorAnalytics: '/dashboard/v1/dailyVisitorAnalytics',
	buildings: '/building/v1/building',
	building: (id: string) => `/building/v1/building/${encodeURIComponent(id)}`,
	resourceAppointments: '/booking/v1/resourceAppointment',
	exportByBookableResource: '/booking/v1/exportByBookableResource',
	bookableResources: '/bookableResource/v1/bookableResource',
	bookableResource: (id: string) =>
		`/bookableResource/v1/bookableResource/${encodeURIComponent(id)}`,
	/**
	 * The document lists "Subscribe resource appointment change" twice, with the same description and body: under
	 * BookableResource and under BookableResourcePlayerContent. This path (the BookableResource group, where the
	 * appointments' resources live) is the one the trigger has always used; both are assumed (no path is published),
	 * and the player-content one below is the alternative to put here if a server answers 404.
	 */
	subscribeAppointmentChange: '/bookableResource/v1/subscribeAppointmentChange',
	/** assumed: not used (see subscribeAppointmentChange); the emulator serves it as the document lists it. */
	playerContentSubscribeAppointmentChange:
		'/bookableResourcePlayerContent/v1/subscribeAppointmentChange',
	/** assumed path; documented: filter `id` (bookable resource ids), the answer is a bare list (not paged). */
	playerContents: '/bookableResourcePlayerContent/v1/playerContent',
	/** assumed path; documented: filters `bookableResourceId`, `type` (e.g. oneTime, static, daily), a bare list. */
	accessList: '/bookableResourceAccessKey/v1/accessKey',
	/** assumed path; documented body `{ids, callbackUrl, expireTime}` as the appointment subscription, reply a string. */
	dailyAccessSubscription: '/bookableResourceAccessKey/v1/subscribeDailyAccessKeyChange',
} as const;

/** Access key types the document names as examples ("e.g. oneTime,static,daily"): others are sent as given. */
export const ACCESS_KEY_TYPES = ['oneTime', 'static', 'daily'];

/**
 * Booking states named in the Bookings ONE External API (v1) reference (booked, using, waitingCheckIn, …) plus the
 * usual ends of a booking (assumed).
 */
export const BOOKING_STATES = [
	'booked',
	'using',
	'waitingCheckIn',
	'completed',
	'cancelled',
	'noShow',
];

/** Visitor badge states (the Visitor Badge → Search filter). */
export const BADGE_STATES = ['initial', 'noShow', 'visited', 'visiting'];

/**
 * Field names Simplify reads from a resource (or visiting) appointment, one alias list per normalized field; the
 * first name present wins ("a.b" reads a nested object). Documented: nothing (the reference's samples collapse the
 * appointment record to `{}`); the first name of each list is what this package assumed from the filter names
 * (subject, bookingState, bookableResource, organizer), the others are plausible variants a server may use.
 * API Contract → Check compares a sample of the tenant's appointments with these lists.
 */
export const APPOINTMENT_ALIASES = {
	id: ['id', 'appointmentId'],
	title: ['subject', 'title', 'name'],
	start: ['start', 'startTime', 'from', 'period.start'],
	end: ['end', 'endTime', 'to', 'period.end'],
	status: ['bookingState', 'state', 'status'],
	resourceId: ['bookableResource.id', 'bookableResourceId', 'resource.id'],
	resourceName: ['bookableResource.name', 'bookableResourceName', 'resource.name'],
	resourceType: ['bookableResource.type', 'bookableResourceType', 'resource.type'],
	ownerId: [
		'organizer.id',
		'organizerUser.id',
		'organizerUserId',
		'invitingUser.id',
		'invitingUserId',
	],
	ownerName: [
		'organizer.displayName',
		'organizer.name',
		'organizerUser.displayName',
		'invitingUser.displayName',
		'invitingUser.name',
	],
	ownerEmail: [
		'organizer.emailAddress',
		'organizer.email',
		'organizerUser.emailAddress',
		'invitingUser.emailAddress',
		'invitingUser.email',
	],
	updatedAt: ['updatedAt', 'lastModifiedAt', 'modifiedAt', 'updatedDate'],
} as const;

/**
 * Field names read from a subscription callback (assumed: the integration guide says only that it carries the
 * bookable resource id). Deliveries name the resource, and the appointment where the server says which one.
 */
export const CALLBACK_ALIASES = {
	resourceId: ['bookableResourceId', 'BookableResourceId', 'resourceId', 'bookableResource.id'],
	appointmentId: ['appointmentId', 'AppointmentId'],
} as const;

/**
 * Where the answer to a posted occupancy reading carries what was sent (documented response sample:
 * `{deviceId, timestamp, data: {...}}`); checked after the post (see resources/iotSensor/postOccupancy.ts).
 */
export const OCCUPANCY_FIELDS = {
	isConnected: 'data.isConnected',
	isOccupied: 'data.isOccupied',
	timestamp: 'timestamp',
} as const;

/**
 * The IoT device fields a create/update sends, each with the name it must come back under in the answer (the
 * document's IotDeviceViewModel: `{id, accessId, name, bookableResource, isDeleted}`). A value sent that the
 * answer lacks is an error naming the line here (see verifiedDevice in fields.ts).
 */
export const DEVICE_FIELDS = {
	accessId: 'accessId',
	name: 'name',
	bookableResource: 'bookableResource.id',
	isDeleted: 'isDeleted',
} as const;

/** Words for the device fields, by body key. */
export const DEVICE_LABELS: Record<keyof typeof DEVICE_FIELDS, string> = {
	accessId: 'access ID',
	name: 'name',
	bookableResource: 'bookable resource',
	isDeleted: 'deleted flag',
};

/**
 * Paging: documented — without `page` the answer is the first page, `row` defaults to 50. Assumed — the pages
 * after it are numbered from 1 (the answer's metaData.page, or a probe of page 1, shows otherwise and is
 * remembered per credential); the largest row this package asks for (cap).
 */
export const FIRST_PAGE = 1;
/** The learned fact (per credential) of how this server numbers the pages after the first. */
export const LEARNED_FIRST_PAGE = 'firstPage';
export const MAX_ROW = 1000;
/** No rate limit is documented; pages in flight at once once the total is known. */
export const PAGE_CONCURRENCY = 3;
/** Subscriptions last at most one day (documented). */
export const MAX_SUBSCRIPTION_MINUTES = 1440;

/**
 * Enum numbers in records (assumed order, as the External API reference's samples show numbers and the filters
 * show names).
 */
export const RESOURCE_TYPE_NAMES = ['room', 'desk', 'equipment'];

/** The vendor field names Simplify reads for each normalized key: the alias lists of the contract table. */
export const APPOINTMENT_FIELDS: AliasTable = {
	id: [...APPOINTMENT_ALIASES.id],
	title: [...APPOINTMENT_ALIASES.title],
	start: [...APPOINTMENT_ALIASES.start],
	end: [...APPOINTMENT_ALIASES.end],
	status: [...APPOINTMENT_ALIASES.status],
	resource: [...APPOINTMENT_ALIASES.resourceId],
	owner: [...APPOINTMENT_ALIASES.ownerId],
	updatedAt: [...APPOINTMENT_ALIASES.updatedAt],
};

/** API Contract → Check: the read-only search paths (a search with row=1 must answer a page). */
export const CHECKED_SEARCHES: Array<[keyof typeof PATHS, string]> = [
	['resourceAppointments', 'resource appointments (Appointment → Search, the trigger)'],
	['visitingAppointments', 'visiting appointments'],
	['visitorBadges', 'visitor badges'],
	['users', 'users'],
	['serviceItems', 'service items'],
	['iotDevices', 'IoT devices'],
	['ePaperControllers', 'e-paper controllers'],
	['buildings', 'buildings'],
	['bookableResources', 'bookable resources'],
];

/** API Contract → Check: the read-only list paths answered in one piece (a bare list). */
export const CHECKED_LISTS: Array<[keyof typeof PATHS, string]> = [
	['accessList', 'access keys (Bookable Resource Access Key → Search)'],
	['playerContents', 'player content (Bookable Resource Player Content → Search)'],
];
