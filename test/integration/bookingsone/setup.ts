import type { IDataObject } from 'n8n-workflow';
import { Harness, type HarnessOptions } from '../../harness';
import { BookingsOneSandbox, createBookingsOneSandbox, type BookingsOneSandboxOptions } from '../../sandbox/bookingsone';

export const TOKEN = BookingsOneSandbox.TOKEN;

/** One emulator + harness per test file; the credential points at the emulator. */
export async function startBookingsOne(opts: BookingsOneSandboxOptions = {}, harnessOptions: HarnessOptions = {}) {
	const sandbox = createBookingsOneSandbox(opts);
	await sandbox.start();
	const harness = await Harness.load(undefined, harnessOptions);
	const useCredential = (extra: IDataObject = {}) =>
		harness.setCredential('bookingsOneApi', { serverUrl: sandbox.baseUrl, accessToken: TOKEN, authMethod: 'header', ...extra });
	useCredential();
	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: 'bookingsOne', parameters: parameters as never, credentials: ['bookingsOneApi'], ...extra });
	return { sandbox, harness, useCredential, run };
}
