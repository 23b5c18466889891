import { accountKey, renewOnce } from '../../nodes/shared/renewal';

/** A login whose answer the test releases. */
function gate<T>(value: T) {
	let release!: () => void;
	const done = new Promise<void>((r) => (release = r));
	let calls = 0;
	return {
		login: async () => {
			calls++;
			await done;
			return value;
		},
		release: () => release(),
		get calls() {
			return calls;
		},
	};
}

describe('renewOnce: one login per stale session per process', () => {
	it('requests that failed with the same session while a login is in flight share it', async () => {
		const g = gate('cookie-2');
		const all = Promise.all([1, 2, 3, 4, 5].map(() => renewOnce('acct-a', 'cookie-1', g.login, () => 0)));
		g.release();
		expect(await all).toEqual(['cookie-2', 'cookie-2', 'cookie-2', 'cookie-2', 'cookie-2']);
		expect(g.calls).toBe(1);
	});

	it('a finished login is handed out only within its lifetime, and only for the session it replaced', async () => {
		let n = 0;
		const login = async () => `s${++n}`;
		expect(await renewOnce('acct-b', 'old', login, () => 0)).toBe('s1');
		expect(await renewOnce('acct-b', 'old', login, () => 0)).toBe('s2'); // lifetime 0: logs in anew
		expect(await renewOnce('acct-b', 'old', login, () => 60_000)).toBe('s3');
		expect(await renewOnce('acct-b', 'old', login, () => 60_000)).toBe('s3'); // within its lifetime
		expect(await renewOnce('acct-b', 's3', login, () => 60_000)).toBe('s4'); // the new session failed too
		expect(await renewOnce('acct-c', 's3', login, () => 60_000)).toBe('s5'); // another account
	});

	it('a failed login is not handed out: the next request tries again', async () => {
		let n = 0;
		const failing = async () => {
			n++;
			throw new Error('refused');
		};
		await expect(Promise.all([renewOnce('acct-d', 'x', failing, () => 60_000), renewOnce('acct-d', 'x', failing, () => 60_000)])).rejects.toThrow('refused');
		expect(n).toBe(1);
		await expect(renewOnce('acct-d', 'x', failing, () => 60_000)).rejects.toThrow('refused');
		expect(n).toBe(2);
		expect(await renewOnce('acct-d', 'x', async () => 'ok', () => 60_000)).toBe('ok');
	});

	it('account keys are stable, differ per part and hold no secret as text', () => {
		expect(accountKey(['https://a', 'user', 'pw'])).toBe(accountKey(['https://a', 'user', 'pw']));
		expect(accountKey(['https://a', 'user', 'pw'])).not.toBe(accountKey(['https://a', 'user', 'pw2']));
		expect(accountKey(['https://a', 'user', 'Sup3r-secret'])).not.toContain('Sup3r');
	});
});
