import * as path from 'path';

/**
 * The compiled poll-state module the nodes under test use: `forgetPollMemory()` empties its process memory, as a
 * restarted n8n process would (what n8n saved — the static data the tests keep — stays).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pollState = require(path.join(__dirname, '../../dist/nodes/shared/pollState.js')) as typeof import('../../nodes/shared/pollState');

export const forgetPollMemory = (): void => pollState.forgetPollMemory();

/** A JSON copy, as n8n stores static data: what a restarted process reads. */
export const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
