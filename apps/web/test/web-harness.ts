/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser, with its DOM.
import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { AddressInfo } from 'net';
import { join, resolve } from 'path';
import { Browser, BrowserContext, Locator, Page, chromium } from 'playwright-core';
import { System, testKeys } from '@vf/testing';
import { createWebApp } from '../src/create-web-app';
import { WebConfig, loadWebConfig } from '../src/web.config';

const root = resolve(__dirname, '../../..');
export const STATIC_DIR = join(root, 'dist/web-client');
export const SCREENSHOTS = join(root, '.run/screenshots');

/** The browser app, built once if this run has none (the test command builds it first). */
export function ensureClientBuilt(): void {
  if (existsSync(join(STATIC_DIR, 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', '--config', 'apps/web/client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}

/** The web app in front of a running test system, trusting the test key for development sign-in. */
export async function startWeb(
  system: System,
  env: NodeJS.ProcessEnv = {},
): Promise<{ app: INestApplication; url: string; config: WebConfig }> {
  ensureClientBuilt();
  const config = loadWebConfig({
    WEB_DEV_SIGNING_KEY_PEM: testKeys.privateKeyPem,
    DECISION_URL: system.urls.decision,
    FOLLOW_UP_URL: system.urls['follow-up'],
    PAYOUT_URL: system.urls.payout,
    WEB_STATIC_DIR: STATIC_DIR,
    WEB_INSECURE_COOKIES: '1',
    ...env,
  });
  const app = await createWebApp(config, ['error', 'warn']);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, config };
}

/** Debian's Chromium, headless, without the background traffic this closed network refuses. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (the test command does this)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=nb-NO',
    ],
  });
}

export async function newUser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Ids used more than once on the page: a label or an error link would point at the wrong field. */
export async function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen.entries()].filter(([, n]) => n > 1).map(([id]) => id);
  });
}

/** axe-core in the page: the violations of impact serious or critical (WCAG 2.x A and AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<Array<{ id: string; help: string; targets: string[] }>> {
  // Through the DevTools protocol, not a <script>: the app's Content-Security-Policy rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  // Colours are judged as shown at rest: a dialog fading in has text at part opacity for a moment.
  // (A spinner's endless animation is left out.)
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout: 5000 },
  );
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export async function signIn(page: Page, url: string, ident: string, role: string, office = '0301'): Promise<void> {
  await page.goto(`${url}/logg-inn`);
  await page.getByLabel('Nav-ident').fill(ident);
  await page.getByLabel('Rolle').selectOption(role);
  await page.getByLabel('Nav-kontor (enhetsnummer)').fill(office);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/logg-inn'));
}

/** Playwright's text match, with the no-break spaces of amounts as plain spaces. */
export const plain = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');

/** Retries a check until it holds (or fails after `timeoutMs`), as a person waits for a page to update. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`not within ${timeoutMs} ms: ${what}${last ? ` (${(last as Error).message.split('\n')[0]})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waiting assertions on what a page shows (playwright-core has no `expect`). */
export function see(locator: Locator, timeoutMs = 10_000) {
  const name = locator.toString();
  return {
    visible: () => until(() => locator.first().isVisible(), `${name} is visible`, timeoutMs),
    text: (s: string) =>
      until(async () => (await locator.first().innerText()).replace(/\u00a0/g, ' ').includes(s), `${name} shows "${s}"`, timeoutMs),
    attribute: (n: string, v: string) =>
      until(async () => (await locator.first().getAttribute(n)) === v, `${name} has ${n}="${v}"`, timeoutMs),
    count: (n: number) => until(async () => (await locator.count()) === n, `${name} counts ${n}`, timeoutMs),
    value: (v: string) => until(async () => (await locator.first().inputValue()) === v, `${name} has value "${v}"`, timeoutMs),
  };
}

/** The error a field announces: the texts its aria-describedby points at, as a screen reader reads them. */
export async function fieldDescription(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
