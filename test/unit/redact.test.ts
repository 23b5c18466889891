/**
 * Secrets in errors (issue 14, finding 10): a secret holding `"` or `\` used to be escaped in the JSON text that
 * redaction searched, did not match, and stayed in `errorResponse.body`.
 */
import type { INode } from 'n8n-workflow';
import { redact, vendorApiError } from '../../nodes/shared/errors';

const node: INode = {
	id: 'n1',
	name: 'Pronestor Planner',
	type: 'n8n-nodes-bookings.pronestorPlanner',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const SECRETS = ['pa"ss\\w0rd', 'k&y<with>xml', 'sp ace+plus/slash'];

describe('redaction', () => {
	it('masks a secret with quotes and backslashes wherever it sits in an error body (values, nested, keys)', () => {
		const body = {
			message: `login for pa"ss\\w0rd refused`,
			echo: { request: `{"password":"pa\\"ss\\\\w0rd"}`, ['pa"ss\\w0rd']: true },
			list: ['x pa"ss\\w0rd y'],
		};
		const error = vendorApiError(node, { status: 401, headers: {}, body, message: 'Unauthorized' }, { vendor: 'Pronestor Planner', secrets: SECRETS });
		const everything = JSON.stringify({ ...error, message: error.message, description: error.description });
		expect(everything).not.toMatch(/ss\\\\w0rd|ss\\\\\\\\w0rd|pa\\"ss/);
		expect(JSON.stringify(error.errorResponse)).toContain('***');
	});

	it('masks the URL-encoded and XML-escaped forms a vendor may echo', () => {
		const text = 'user=a&password=sp%20ace%2Bplus%2Fslash <x>k&amp;y&lt;with&gt;xml</x> sp+ace%2Bplus%2Fslash';
		const out = redact(text, SECRETS);
		expect(out).toBe('user=a&password=*** <x>***</x> ***');
	});

	it('leaves short values and non-string values alone', () => {
		expect(redact({ n: 1234, ok: true, s: 'abc' }, ['abc', undefined])).toEqual({ n: 1234, ok: true, s: 'abc' });
	});
});
