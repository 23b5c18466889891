/**
 * Jest setupFile of the integration project: what n8n-core needs before it is first imported.
 * - reflect-metadata first (n8n's DI reads decorator metadata);
 * - N8N_USER_FOLDER points at a fresh temp dir (InstanceSettings writes its config there), removed on exit;
 * - quiet, deterministic defaults (UTC, no diagnostics, log level silent — set N8N_LOG_LEVEL=error to see what n8n would log) unless the caller set them.
 */
import 'reflect-metadata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_VERSION_NOTIFICATIONS_ENABLED ??= 'false';
process.env.GENERIC_TIMEZONE ??= 'UTC';
process.env.N8N_ENCRYPTION_KEY ??= 'harness-test-encryption-key';
process.env.N8N_RUNNERS_ENABLED ??= 'false';
process.on('exit', () => {
	try {
		fs.rmSync(userFolder, { recursive: true, force: true });
	} catch {
		// best effort
	}
});
