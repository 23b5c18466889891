// n8n's official community-node lint rules (@n8n/node-cli), in the variant without n8n Cloud restrictions:
// a package covering five vendors can never be an n8n-verified (Cloud) node, which must cover one service.
// One rule is switched off, with its reason in the README ("Lint"):
// - @n8n/community-nodes/no-runtime-dependencies: luxon (time zones) and xml2js (BRP's XML API) are small,
//   pure-JavaScript runtime dependencies that n8n installs with the package; n8n-workflow stays a peer.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
];
