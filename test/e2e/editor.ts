/**
 * The editor in a real browser (Debian's Chromium via playwright-core): log in, open each vendor's example
 * workflow, open every package node's parameter panel, check that the package's icons load and that the
 * operations are listed, and save screenshots to test/artifacts/editor/ (git-ignored).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { OWNER, PACKAGE_NAME, repoRoot, type N8nApp } from '../../scripts/lib/n8n';
import type { LoadedVendor } from '../../scripts/lib/vendors';

export const artifactsDir = path.join(repoRoot, 'test', 'artifacts', 'editor');

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export function chromiumPath(): string {
	const res = spawnSync('bash', [path.join(repoRoot, 'scripts', 'browser-env.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	if (res.status !== 0) throw new Error('no Chromium available (see the [browser-env] lines above)');
	return res.stdout.trim().split('\n').pop()!;
}

interface NodeTypeDescription {
	name: string;
	displayName: string;
	icon?: unknown;
	iconUrl?: string | { light: string; dark: string };
	properties: Array<{ name: string; type: string; options?: Array<{ name: string; value: string; action?: string }>; displayOptions?: unknown }>;
}

function fileName(text: string): string {
	return text.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
}

export async function runEditorChecks(app: N8nApp, vendors: LoadedVendor[], log: (m: string) => void): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { chromium } = require('playwright-core') as typeof import('playwright-core');
	fs.mkdirSync(artifactsDir, { recursive: true });
	const types = await app.getJson<NodeTypeDescription[]>('/types/nodes.json');
	const byName = new Map(types.map((t) => [t.name, t]));

	const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
	const problems: string[] = [];
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
		const page = await context.newPage();
		const iconResponses: Array<{ url: string; status: number; type: string }> = [];
		page.on('response', (res) => {
			const url = res.url();
			if (url.includes('/icons/') && url.includes(PACKAGE_NAME)) iconResponses.push({ url, status: res.status(), type: res.headers()['content-type'] ?? '' });
		});
		const consoleErrors: string[] = [];
		page.on('pageerror', (e) => consoleErrors.push(e.message));

		// Log in through the sign-in form.
		await page.goto(`${app.baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
		const email = page.locator('input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first();
		await email.waitFor({ timeout: 60_000 });
		await email.fill(OWNER.email);
		await page.locator('input[type="password"]').first().fill(OWNER.password);
		await page.locator('[data-test-id="form-submit-button"], button[type="submit"]').first().click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
		await dismissPopups(page);
		await page.screenshot({ path: path.join(artifactsDir, '00-home.png') });
		log('logged in to the editor');

		for (const v of vendors) {
			const wfId = v.adapter.editorWorkflowId ?? v.examples[0]?.id;
			if (!wfId) {
				problems.push(`${v.adapter.vendor}: no example workflow to open`);
				continue;
			}
			const wf = v.examples.find((w) => w.id === wfId)!;
			await page.goto(`${app.baseUrl}/workflow/${wfId}`, { waitUntil: 'domcontentloaded' });
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			await dismissPopups(page);
			await page.waitForLoadState('networkidle').catch(() => undefined);
			await page.screenshot({ path: path.join(artifactsDir, `${v.adapter.vendor}-workflow.png`) });

			// Every package node on the canvas shows its icon (an <img> that loaded, not the fallback).
			const packageNodes = wf.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
			for (const node of packageNodes) {
				const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).first();
				await canvasNode.waitFor({ timeout: 30_000 });
				const icon = await canvasNode.evaluate((el) => {
					const img = el.querySelector('img');
					return img ? { src: img.getAttribute('src') ?? '', ok: img.complete && img.naturalWidth > 0 } : { src: '', ok: false };
				});
				if (!icon.ok) problems.push(`${node.name}: canvas icon did not load (${icon.src || 'no <img>'})`);

				// Open the parameter panel (NDV).
				await canvasNode.dblclick();
				const ndv = page.locator('[data-test-id="ndv"], .ndv-wrapper, [data-test-id="node-parameters"]').first();
				await ndv.waitFor({ timeout: 30_000 });
				const description = byName.get(node.type);
				const operation = description?.properties.find((p) => p.name === 'operation' && p.type === 'options');
				if (operation) {
					const select = page.locator('[data-test-id="parameter-input-operation"]').first();
					if (await select.count()) {
						await select.click();
						const options = page.locator('.el-select-dropdown__item:visible, [data-test-id="parameter-input-operation"] [role="option"]');
						await options.first().waitFor({ timeout: 10_000 }).catch(() => undefined);
						const count = await options.count();
						await page.screenshot({ path: path.join(artifactsDir, `${v.adapter.vendor}-${fileName(node.name)}-operations.png`) });
						if (count === 0) problems.push(`${node.name}: the Operation dropdown lists no operations`);
						else log(`${node.name}: ${count} operations listed`);
						await page.keyboard.press('Escape');
					} else problems.push(`${node.name}: no Operation parameter in the panel`);
				}
				await page.screenshot({ path: path.join(artifactsDir, `${v.adapter.vendor}-${fileName(node.name)}-panel.png`) });
				await closeNdv(page);
			}
			log(`${v.adapter.displayName}: ${packageNodes.length} node panel(s) opened`);
		}

		// The package's icons as served to the editor.
		const badIcons = iconResponses.filter((r) => r.status !== 200 || !/svg|png/.test(r.type));
		for (const r of badIcons) problems.push(`icon ${r.url}: HTTP ${r.status} ${r.type}`);
		if (vendors.length > 0 && iconResponses.length === 0) problems.push('the editor requested no icon of the package');
		if (consoleErrors.length) log(`page errors (not failing): ${consoleErrors.slice(0, 3).join(' | ')}`);
	} finally {
		await browser.close();
	}
	if (problems.length) throw new Error(problems.join('\n'));
	log(`screenshots in ${path.relative(repoRoot, artifactsDir)}/`);
}

async function dismissPopups(page: import('playwright-core').Page): Promise<void> {
	for (const selector of ['[data-test-id="personalization-form"] button', '.el-dialog__headerbtn', '[data-test-id="close-button"]']) {
		const el = page.locator(selector).first();
		if (await el.isVisible().catch(() => false)) await el.click().catch(() => undefined);
	}
	await page.keyboard.press('Escape').catch(() => undefined);
}

async function closeNdv(page: import('playwright-core').Page): Promise<void> {
	const back = page.locator('[data-test-id="back-to-canvas"]').first();
	if (await back.isVisible().catch(() => false)) await back.click();
	else await page.keyboard.press('Escape');
	await page
		.locator('[data-test-id="ndv"]')
		.first()
		.waitFor({ state: 'hidden', timeout: 10_000 })
		.catch(() => undefined);
}
