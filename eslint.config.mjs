// n8n's official community-node lint rules (@n8n/node-cli). This package covers five vendors, so it can
// never be an n8n-verified (cloud) node, which must cover one service; we use the variant without the cloud
// restrictions (runtime dependencies luxon/xml2js, node:crypto for webhook secrets). See README "Lint".
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default configWithoutCloudSupport;
