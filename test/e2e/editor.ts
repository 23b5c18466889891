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
	fs.rmSync(artifactsDir, { recursive: true, force: true });
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
			if (v.examples.length === 0) {
				problems.push(`${v.adapter.vendor}: no example workflow to open`);
				continue;
			}
			await nodeCreatorActions(page, v, byName, problems, log);
			const first = v.adapter.editorWorkflowId ?? v.examples[0].id;
			const ordered = [...v.examples].sort((a, b) => (a.id === first ? -1 : b.id === first ? 1 : 0));
			let panels = 0;
			for (const wf of ordered) {
				await page.goto(`${app.baseUrl}/workflow/${wf.id}`, { waitUntil: 'domcontentloaded' });
				await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
				await dismissPopups(page);
				await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
				await page.screenshot({ path: path.join(artifactsDir, `${v.adapter.vendor}-${wf.id}-workflow.png`) });

				const packageNodes = wf.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
				for (const node of packageNodes) {
					// The node shows its icon on the canvas (an <img> that loaded, not the fallback).
					const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).first();
					await canvasNode.waitFor({ timeout: 30_000 });
					const icon = await canvasNode.evaluate((el) => {
						const img = el.querySelector('img');
						return img ? { src: img.getAttribute('src') ?? '', ok: img.complete && img.naturalWidth > 0 } : { src: '', ok: false };
					});
					if (!icon.ok) problems.push(`${node.name}: canvas icon did not load (${icon.src || 'no <img>'})`);
					if ((await canvasNode.locator('[data-test-id="node-not-installed"]').count()) > 0) problems.push(`${node.name}: the editor says the node is not installed`);

					// Open the parameter panel (NDV).
					await canvasNode.dblclick();
					await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 30_000 });
					await settle(page);
					const base = `${v.adapter.vendor}-${fileName(node.name)}`;
					await page.screenshot({ path: path.join(artifactsDir, `${base}-panel.png`) });
					const description = byName.get(node.type);
					const expected = expectedOperations(description, node.parameters ?? {});
					if (expected !== undefined) {
						const select = page.locator('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]').first();
						if (await select.count()) {
							await select.click();
							const options = page.locator('.el-select-dropdown__item:visible');
							await options.first().waitFor({ timeout: 10_000 }).catch(() => undefined);
							await settle(page);
							const count = await options.count();
							await page.screenshot({ path: path.join(artifactsDir, `${base}-operations.png`) });
							if (count !== expected) problems.push(`${node.name}: the Operation dropdown lists ${count} operations, the node describes ${expected}`);
							else log(`${node.name}: panel opened, ${count} operations listed`);
							await page.keyboard.press('Escape');
						} else problems.push(`${node.name}: no Operation parameter in the panel`);
					} else log(`${node.name}: panel opened`);
					await closeNdv(page);
					panels++;
				}
			}
			log(`${v.adapter.displayName}: ${ordered.length} example(s) opened, ${panels} node panel(s)`);
		}

		// The package's icons as served to the editor.
		const badIcons = iconResponses.filter((r) => r.status !== 200 || !/svg|png/.test(r.type));
		for (const r of badIcons) problems.push(`icon ${r.url}: HTTP ${r.status} ${r.type}`);
		if (vendors.length > 0 && iconResponses.length === 0) problems.push('the editor requested no icon of the package');
		if (consoleErrors.length) log(`page errors (not failing): ${consoleErrors.slice(0, 3).join(' | ')}`);
	} catch (error) {
		const pages = browser.contexts().flatMap((c) => c.pages());
		if (pages[0]) await pages[0].screenshot({ path: path.join(artifactsDir, 'failure.png') }).catch(() => undefined);
		throw new Error(`${(error as Error).message.split('\n')[0]} (screenshot: test/artifacts/editor/failure.png)`);
	} finally {
		await browser.close();
	}
	if (problems.length) throw new Error(problems.join('\n'));
	if (process.env.E2E_UPDATE_DOCS_IMG === '1') updateDocsImages(log);
	log(`screenshots in ${path.relative(repoRoot, artifactsDir)}/`);
}

/** Waits until no CSS enter/leave transition runs (dropdowns and panels fade in). */
async function settle(page: import('playwright-core').Page): Promise<void> {
	await page
		.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'), undefined, { timeout: 5_000 })
		.catch(() => undefined);
}

/** Number of operations the node describes for the resource selected in the node's parameters. */
function expectedOperations(description: NodeTypeDescription | undefined, parameters: Record<string, unknown>): number | undefined {
	if (!description) return undefined;
	const resourceProp = description.properties.find((p) => p.name === 'resource' && p.type === 'options');
	const resource = (parameters.resource as string | undefined) ?? (resourceProp as { default?: string } | undefined)?.default;
	const ops = description.properties.filter((p) => {
		if (p.name !== 'operation' || p.type !== 'options') return false;
		const show = (p.displayOptions as { show?: { resource?: unknown[] } } | undefined)?.show;
		return !show?.resource || show.resource.includes(resource);
	});
	return ops.length ? Math.max(...ops.map((p) => p.options?.length ?? 0)) : undefined;
}

/** The nodes panel: search the vendor, open its node, and check that its actions (operations) are listed. */
async function nodeCreatorActions(
	page: import('playwright-core').Page,
	v: LoadedVendor,
	byName: Map<string, NodeTypeDescription>,
	problems: string[],
	log: (m: string) => void,
): Promise<void> {
	const regular = v.adapter.nodeTypes.map((t) => byName.get(t)).find((d) => d && !/Trigger$/.test(d.name));
	if (!regular) return;
	const wf = v.examples[0];
	await page.goto(`${page.url().split('/workflow')[0].split('/home')[0]}/workflow/${wf.id}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await dismissPopups(page);
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	const search = page.locator('[data-test-id="node-creator-search-bar"] input, [data-test-id="node-creator-search-bar"]').first();
	await search.waitFor({ timeout: 15_000 });
	await search.fill(regular.displayName);
	const item = page.locator('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]', { hasText: regular.displayName }).first();
	await item.waitFor({ timeout: 15_000 });
	await settle(page);
	await page.screenshot({ path: path.join(artifactsDir, `${v.adapter.vendor}-nodes-panel-search.png`) });
	await item.click();
	const header = page.locator('[data-test-id="node-creator"]').getByText(/^Actions \(\d+\)$/).first();
	await header.waitFor({ timeout: 15_000 });
	await settle(page);
	const count = Number(/\((\d+)\)/.exec((await header.textContent()) ?? '')?.[1] ?? 0);
	const described = regular.properties
		.filter((p) => p.name === 'operation' && p.type === 'options')
		.reduce((n, p) => n + (p.options?.filter((o) => o.action).length ?? 0), 0);
	await page.screenshot({ path: path.join(artifactsDir, `${v.adapter.vendor}-nodes-panel-actions.png`) });
	if (count === 0) problems.push(`${regular.displayName}: the nodes panel lists no actions`);
	else log(`${regular.displayName}: the nodes panel lists ${count} actions (the node describes ${described} operations with an action text)`);
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
}

async function dismissPopups(page: import('playwright-core').Page): Promise<void> {
	for (const selector of ['[data-test-id="personalization-form"] button', '.el-dialog__headerbtn', '[data-test-id="close-button"]']) {
		const el = page.locator(selector).first();
		if (await el.isVisible().catch(() => false)) await el.click().catch(() => undefined);
	}
	await page.keyboard.press('Escape').catch(() => undefined);
}

async function closeNdv(page: import('playwright-core').Page): Promise<void> {
	const close = page.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]').first();
	if (await close.isVisible().catch(() => false)) await close.click();
	else await page.keyboard.press('Escape');
	await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden', timeout: 15_000 });
}

/** README pictures (E2E_UPDATE_DOCS_IMG=1): the Hub Planner node, its trigger and its actions in the nodes panel. */
const DOCS_IMAGES: Array<[string, string]> = [
	['hubplanner-approve-request-panel.png', 'hubplanner-node.png'],
	['hubplanner-hub-planner-trigger-panel.png', 'hubplanner-trigger.png'],
	['hubplanner-nodes-panel-actions.png', 'hubplanner-actions.png'],
];

function updateDocsImages(log: (m: string) => void): void {
	const dir = path.join(repoRoot, 'docs', 'img');
	fs.mkdirSync(dir, { recursive: true });
	for (const [from, to] of DOCS_IMAGES) {
		const src = path.join(artifactsDir, from);
		if (!fs.existsSync(src)) continue;
		fs.copyFileSync(src, path.join(dir, to));
		log(`docs/img/${to} updated`);
	}
}
