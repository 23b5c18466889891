/**
 * What a user is told to do when the node meets a tenant that differs from what it assumes: the advice every
 * vendor shares, in one place. User-facing texts name a node option, a credential field, or where to report —
 * never a source file or constant (a contract line's NAME, e.g. "total" or "FIELDS.account.deleted", is kept as
 * the identifier a report quotes).
 */
export const ISSUES_URL = 'https://github.com/n8n-nodes-bookings/n8n-nodes-bookings/issues';

/** "report it at <tracker> with this check's output" (in API Contract → Check's fix texts). */
export const REPORT_CHECK = `report it at ${ISSUES_URL} with this check's output`;

/**
 * Where an error tells the user to report a contract line the tenant does not follow: "run API Contract → Check …"
 * (`sentence`: "Run …", to start a sentence).
 */
export function reportLine(line: string, sentence = false): string {
	return (
		`${sentence ? 'R' : 'r'}un API Contract → Check with this credential and report the contract line "${line}" ` +
		`at ${ISSUES_URL} with the check's output`
	);
}
