// n8n's lint rules for community nodes exactly as `n8n-node lint` ships them (@n8n/node-cli's `config`, with the
// n8n Cloud rules, the rules n8n's community-package scanner runs), applied to what is published: nodes/,
// credentials/ and package.json. `npm run lint` is `n8n-node lint`.
// Strict mode is off (package.json n8n.strict: false): it requires this file to be n8n's template unchanged, and
// `n8n-node lint` runs `eslint .` over every TypeScript file in the repository. The tests and tools (test/,
// scripts/) run on Node, not inside n8n: emulators, the harness and the app drivers need fs, http, process and
// timers, which node code must not use. They are never published, so they are ignored here and nothing else is.
import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

export default [globalIgnores(['test/', 'scripts/', '.n8n-local/', 'coverage/', 'bench-results/']), ...config];
