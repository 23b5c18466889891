import { BookingsOneSandbox, createBookingsOneSandbox, type BookingsOneSandboxOptions } from '../sandbox/bookingsone';
import type { TestVendor } from './types';

export const BOOKINGS_ONE: TestVendor<BookingsOneSandbox, BookingsOneSandboxOptions> = {
	key: 'bookingsOne',
	name: 'Bookings ONE',
	id: 'bookingsone',
	dir: 'BookingsOne',
	stem: 'BookingsOne',
	nodeType: 'bookingsOne',
	triggerType: 'bookingsOneTrigger',
	pollTriggerType: 'bookingsOnePollTrigger',
	credentialType: 'bookingsOneApi',
	client: 'bookingsOneClient',
	async startEmulator(opts) {
		const sandbox = createBookingsOneSandbox(opts);
		await sandbox.start();
		return sandbox;
	},
	credential: (sandbox, extra = {}) => ({ serverUrl: sandbox.baseUrl, accessToken: BookingsOneSandbox.TOKEN, authMethod: 'header', ...extra }),
};
