import type { IDataObject } from 'n8n-workflow';
import { confirmed, contradicted, type ContractLine, type Prober } from '../shared/contractCheck';
import { listingError } from '../shared/errors';
import { fieldValue } from '../shared/fieldReader';
import { recall, remember } from '../shared/learned';
import type { RequestContext } from '../shared/types';
import { mapLimited } from '../shared/pool';
import { CONCURRENCY, FIELDS, PARAMS, PATHS } from './contract';
import { listAnswer, methodPath, pronestorClient, pronestorRequest } from './transport';

/**
 * GetBillingAccounts is one unpaged answer with no total and no window: a tenant that silently caps how many
 * records one answer holds cannot be seen from that answer alone. Pronestor documents a second view of the same
 * records: GetBillingAccountsByDepartment with hideDeleted=False, which (like GetBillingAccounts, stated) includes
 * the deleted accounts. API Contract → Check compares them: an account a department lists that GetBillingAccounts
 * does not answer shows a cap of GetBillingAccounts' count, remembered per credential (nodes/shared/learned.ts).
 * Billing Account → Get Many makes the same comparison itself where nothing proves its answer complete
 * (provenAccounts). A listing whose answer reaches the cap fails naming this line, rather than returning a partial
 * list as complete. Sound one way only: a cap the department lists do not reveal (every department within the cap too)
 * stays unknown.
 */
export const ACCOUNTS_CAP_WHERE =
	'nodes/PronestorPlanner/accountsCap.ts (GetBillingAccounts against GetBillingAccountsByDepartment)';
const FACT = 'billingAccountsCap';

const idOf = (account: IDataObject) => String(fieldValue(account, FIELDS.account.id));

/**
 * The second view: every account id the departments list (GetDepartments, then GetBillingAccountsByDepartment
 * with the deleted ones for each department, a few at a time), through the node's own requests. One answer that
 * is not a list is an error naming the contract line.
 */
async function departmentAccounts(
	ctx: RequestContext,
	itemIndex?: number,
): Promise<{ departments: number; ids: Set<string> }> {
	const get = async (method: string, qs?: IDataObject) =>
		await pronestorRequest.call(ctx, { method: 'GET', path: methodPath(method), qs, itemIndex });
	const departments = listAnswer(
		ctx,
		await get(PATHS.getDepartments),
		'a list of departments',
		itemIndex,
	);
	const ids = new Set<string>();
	await mapLimited(departments, CONCURRENCY, async (department) => {
		const listed = listAnswer(
			ctx,
			await get(PATHS.getBillingAccountsByDepartment, {
				[PARAMS.departmentId]: String(fieldValue(department, FIELDS.department.id)),
				[PARAMS.hideDeleted]: 'False',
			}),
			'a list of billing accounts',
			itemIndex,
		);
		for (const account of listed) ids.add(idOf(account));
	});
	return { departments: departments.length, ids };
}

export function accountsCapLine(): ContractLine {
	return {
		line: 'accountsCap',
		where: ACCOUNTS_CAP_WHERE,
		assumption:
			'One GetBillingAccounts answer holds every billing account (the API documents no paging and no cap)',
		fix:
			'Nothing to change: the cap is remembered for this credential, and Billing Account → Get Many fails ' +
			'when its answer reaches it. List the accounts per department (Get Many by Department) instead.',
		async probe(p: Prober) {
			// The node's own requests (a failed or foreign answer makes the line not checkable, with its message).
			const accounts = listAnswer(
				p.ctx,
				await pronestorRequest.call(p.ctx, {
					method: 'GET',
					path: methodPath(PATHS.getBillingAccounts),
				}),
				'a list of billing accounts',
			);
			const allIds = accounts.map(idOf);
			const { departments, ids: union } = await departmentAccounts(p.ctx);
			const known = new Set(allIds);
			const missing = [...union].filter((id) => !known.has(id)).length;
			const text =
				`GetBillingAccounts: ${allIds.length} accounts; GetBillingAccountsByDepartment over ` +
				`${departments} departments: ${union.size} distinct`;
			if (missing > 0) {
				remember(p.ctx, pronestorClient.credentialType, FACT, allIds.length);
				return contradicted(
					`${text}, ${missing} not in GetBillingAccounts: it holds at most ${allIds.length}`,
				);
			}
			const cap = recall<number>(p.ctx, pronestorClient.credentialType, FACT);
			if (cap && allIds.length > cap) remember(p.ctx, pronestorClient.credentialType, FACT, 0);
			return confirmed(`${text}, all in GetBillingAccounts`);
		},
	};
}

const BOUND = 'billingAccountsBound';

function capError(
	ctx: RequestContext,
	expected: number,
	received: number,
	reason: string,
	itemIndex?: number,
) {
	return listingError(ctx.getNode(), {
		vendor: pronestorClient.vendor,
		what: methodPath(PATHS.getBillingAccounts),
		expected,
		received,
		reason: `${reason}: list them per department (Get Many by Department)`,
		line: 'accountsCap',
		itemIndex,
	});
}

/**
 * The accounts of one GetBillingAccounts answer, proven complete or an error. An answer reaching a cap that was
 * measured fails. An answer smaller than one proven complete before on this credential is complete (the tenant
 * answered that many, so any cap is at least that). Any other answer — the first of a process, or the largest
 * seen — is compared as Check compares it: every account the departments list must be in it (one request for the
 * departments and one per department); one that is not shows the cap, which is remembered, and the listing fails.
 */
export async function provenAccounts(
	ctx: RequestContext,
	accounts: IDataObject[],
	itemIndex?: number,
): Promise<IDataObject[]> {
	const credentialType = pronestorClient.credentialType;
	const cap = recall<number>(ctx, credentialType, FACT);
	if (cap && accounts.length >= cap)
		throw capError(
			ctx,
			cap + 1,
			accounts.length,
			`one answer was found to hold at most ${cap} accounts, and this one holds ${accounts.length}: ` +
				'more may exist',
			itemIndex,
		);
	const bound = recall<number>(ctx, credentialType, BOUND) ?? 0;
	if (cap || accounts.length === 0 || accounts.length < bound) return accounts;
	const have = new Set(accounts.map(idOf));
	const { ids } = await departmentAccounts(ctx, itemIndex);
	const missing = new Set([...ids].filter((id) => !have.has(id)));
	if (missing.size > 0) {
		remember(ctx, credentialType, FACT, accounts.length);
		throw capError(
			ctx,
			accounts.length + missing.size,
			accounts.length,
			`the departments list ${missing.size} accounts this answer of ${accounts.length} lacks (a silent cap)`,
			itemIndex,
		);
	}
	remember(ctx, credentialType, BOUND, accounts.length);
	return accounts;
}
