import type { IDataObject } from 'n8n-workflow';
import { Harness, type HarnessOptions } from '../../harness';
import { BookingsOneSandbox, type BookingsOneSandboxOptions } from '../../sandbox/bookingsone';
import { BOOKINGS_ONE } from '../../vendors';

export const TOKEN = BookingsOneSandbox.TOKEN;

/** One emulator + harness per test file; the credential points at the emulator. */
export async function startBookingsOne(opts: BookingsOneSandboxOptions = {}, harnessOptions: HarnessOptions = {}) {
	const sandbox = await BOOKINGS_ONE.startEmulator(opts);
	const harness = await Harness.load(undefined, harnessOptions);
	const useCredential = (extra: IDataObject = {}) => harness.setCredential(BOOKINGS_ONE.credentialType, BOOKINGS_ONE.credential(sandbox, extra));
	useCredential();
	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: BOOKINGS_ONE.nodeType, parameters: parameters as never, credentials: [BOOKINGS_ONE.credentialType], ...extra });
	return { sandbox, harness, useCredential, run };
}
