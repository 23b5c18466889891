import type { IDataObject } from 'n8n-workflow';
import { Harness, nodeIdOfThisTest, type HarnessOptions } from '../../harness';
import { BookingsOneSandbox, type BookingsOneSandboxOptions } from '../../sandbox/bookingsone';
import { BOOKINGS_ONE } from '../../vendors';

/** The polling trigger's node type (a second trigger beside the webhook one). */
export const BOOKINGS_ONE_POLL_TRIGGER = BOOKINGS_ONE.pollTriggerType as string;

export const TOKEN = BookingsOneSandbox.TOKEN;

/** One emulator + harness per test file; the credential points at the emulator. */
export async function startBookingsOne(opts: BookingsOneSandboxOptions = {}, harnessOptions: HarnessOptions = {}) {
	const sandbox = await BOOKINGS_ONE.startEmulator(opts);
	const harness = await Harness.load(undefined, harnessOptions);
	const useCredential = (extra: IDataObject = {}) => harness.setCredential(BOOKINGS_ONE.credentialType, BOOKINGS_ONE.credential(sandbox, extra));
	useCredential();
	const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		harness.runNode({ type: BOOKINGS_ONE.nodeType, parameters: parameters as never, credentials: [BOOKINGS_ONE.credentialType], ...extra });
	/** A poll of the polling trigger through n8n's engine (`global`: the workflow's global static data). */
	const poll = (parameters: Record<string, unknown>, staticData: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger', global?: Record<string, unknown>) =>
		harness.poll({ type: BOOKINGS_ONE_POLL_TRIGGER, nodeId: nodeIdOfThisTest(), parameters: parameters as never, credentials: [BOOKINGS_ONE.credentialType], staticData: staticData as never, mode, globalStaticData: global as never });
	return { sandbox, harness, useCredential, run, poll };
}
