/**
 * The Pronestor Planner emulator's `/api.mvc` page: an ASP.NET Web API help page listing the methods and the
 * properties of the types the package reads (ApiBooking, ApiMeeting, ApiUser, ApiBillingAccount). The vendor
 * says a tenant's page lists its methods and types; the property names here are the package's assumptions
 * ("assumed"), or those of a tenant that differs ("variant": Price, a nested Resource {Id, Name, Type},
 * BillingAccount.CostCenter, Meeting.Subject instead of TotalPrice, ResourceId/ResourceName, CostCenter /
 * BillingAccount.Code, Meeting.Title).
 */
export type PronestorFieldSet = 'assumed' | 'variant';

const METHODS: Array<[verb: string, route: string, doc: string]> = [
	['POST', 'v1/Authenticate', 'Authenticates the user and sets the session cookie.'],
	[
		'GET',
		'v1/FindLockedBookings?startLockTime={startLockTime}&endLockTime={endLockTime}',
		'Bookings locked after startLockTime (exclusive) up to endLockTime (inclusive); at most 6 months.',
	],
	[
		'GET',
		'v1/FindBookingsByResourceType?type={type}&start={start}&end={end}',
		'Bookings of a resource type in a period.',
	],
	['GET', 'v1/GetMeeting?meetingId={meetingId}', 'One meeting.'],
	['GET', 'v1/GetUser?userId={userId}', 'One user.'],
	['GET', 'v1/GetDepartments', 'All departments.'],
	['GET', 'v1/GetBillingAccounts', 'All billing accounts, deleted ones included.'],
	[
		'GET',
		'v1/GetBillingAccountsByDepartment?departmentId={departmentId}&hideDeleted={hideDeleted}',
		'The billing accounts of a department.',
	],
	['POST', 'v1/CreateBillingAccount', 'Creates a billing account.'],
	['POST', 'v1/UpdateBillingAccount', 'Updates a billing account.'],
	['POST', 'v1/DeleteBillingAccounts', 'Deletes billing accounts by their ids.'],
];

type Property = [name: string, type: string];

function types(set: PronestorFieldSet): Record<string, Property[]> {
	const variant = set === 'variant';
	return {
		ApiBooking: [
			['Id', 'integer'],
			['MeetingId', 'integer'],
			['Meeting', 'ApiMeeting'],
			...((variant
				? [['Resource', 'ApiResource']]
				: [
						['ResourceId', 'integer'],
						['ResourceName', 'string'],
						['ResourceType', 'integer'],
						['ResourceTypeName', 'string'],
					]) as Property[]),
			['Start', 'date'],
			['End', 'date'],
			['Quantity', 'integer'],
			['UnitPrice', 'decimal number'],
			[variant ? 'Price' : 'TotalPrice', 'decimal number'],
			['Currency', 'string'],
			['BillingAccountId', 'integer'],
			['BillingAccount', 'ApiBillingAccount'],
			...((variant ? [] : [['CostCenter', 'string']]) as Property[]),
			['Status', 'string'],
			['IsLocked', 'boolean'],
			['LockedTime', 'date'],
		],
		ApiMeeting: [
			['Id', 'integer'],
			[variant ? 'Subject' : 'Title', 'string'],
			['Start', 'date'],
			['End', 'date'],
			['OwnerId', 'integer'],
			['Owner', 'ApiUser'],
			['NumberOfParticipants', 'integer'],
			['BillingAccountId', 'integer'],
		],
		ApiUser: [
			['Id', 'integer'],
			['Name', 'string'],
			['Email', 'string'],
			['DepartmentId', 'integer'],
		],
		ApiBillingAccount: [
			['Id', 'integer'],
			['Name', 'string'],
			[variant ? 'CostCenter' : 'Code', 'string'],
			['Description', 'string'],
			['DepartmentId', 'integer'],
			['IsDeleted', 'boolean'],
		],
		...(variant
			? {
					ApiResource: [
						['Id', 'integer'],
						['Name', 'string'],
						['Type', 'string'],
					] as Property[],
				}
			: {}),
	};
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function pronestorHelpPage(set: PronestorFieldSet): string {
	const rows = METHODS.map(
		([verb, route, doc]) =>
			`<tr><td class="api-name"><a href="/api.mvc/Help/Api/${verb}-${route.split('?')[0].replace(/\//g, '-')}">${verb} ${esc(route)}</a></td><td class="api-documentation"><p>${esc(doc)}</p></td></tr>`,
	).join('\n');
	const models = Object.entries(types(set))
		.map(
			([name, props]) => `<h2 id="${name}">${name}</h2>
<table class="help-page-table"><thead><tr><th>Name</th><th>Description</th><th>Type</th><th>Additional information</th></tr></thead><tbody>
${props
	.map(
		([prop, type]) =>
			`<tr><td class="parameter-name">${prop}</td><td class="parameter-documentation"></td><td class="parameter-type">${/^Api/.test(type) ? `<a href="/api.mvc/Help/ResourceModel?modelName=${type}">${type}</a>` : type}</td><td class="parameter-annotations"><p>None.</p></td></tr>`,
	)
	.join('\n')}
</tbody></table>`,
		)
		.join('\n');
	return `<!DOCTYPE html>
<html><head><meta charset="utf-8" /><title>ASP.NET Web API Help Page</title></head>
<body><header class="help-page"><div class="content-wrapper"><h1>Pronestor Planner API</h1></div></header>
<div id="body" class="help-page"><section class="content-wrapper main-content clear-fix">
<h2 id="Api">Api</h2>
<table class="help-page-table"><thead><tr><th>API</th><th>Description</th></tr></thead><tbody>
${rows}
</tbody></table>
${models}
</section></div></body></html>`;
}

/** A locked booking as the variant tenant sends it (from the assumed shape). */
export function variantBooking(b: Record<string, unknown>): Record<string, unknown> {
	const {
		ResourceId,
		ResourceName,
		ResourceType: _type,
		ResourceTypeName,
		TotalPrice,
		CostCenter: _cc,
		Meeting,
		BillingAccount,
		...rest
	} = b;
	const meeting = Meeting as Record<string, unknown> | null | undefined;
	const account = BillingAccount as Record<string, unknown> | null | undefined;
	let meetingView: Record<string, unknown> | null | undefined = meeting;
	if (meeting) {
		const { Title, ...m } = meeting;
		meetingView = { ...m, Subject: Title };
	}
	let accountView: Record<string, unknown> | null | undefined = account;
	if (account) {
		const { Code, ...a } = account;
		accountView = { ...a, CostCenter: Code };
	}
	return {
		...rest,
		Resource: { Id: ResourceId, Name: ResourceName, Type: ResourceTypeName },
		Price: TotalPrice,
		Meeting: meetingView,
		BillingAccount: accountView,
	};
}
