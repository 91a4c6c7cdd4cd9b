// Launch Debian's system Chromium with playwright-core (no downloaded browser), with the flags of
// shared PLATFORM.md: WebGPU through SwiftShader's fallback adapter, WebGL2 on SwiftShader.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

import { findChromium } from '../../scripts/ensure-chromium.mjs';

/** The Chrome/Chromium `npm run test:browser` found or installed (scripts/ensure-chromium.mjs). */
export const CHROMIUM_PATH: string = (findChromium() as string | null) ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  // CI containers run as root; the sandbox needs user namespaces they do not have.
  '--no-sandbox',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found. Run \`node scripts/ensure-chromium.mjs\` (installs Debian's chromium as root) or set CHROME_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  /** console.error messages and uncaught page errors, in order. */
  errors: string[];
}

/** A page that records console errors and uncaught exceptions (in the page and its workers). */
export async function openPage(
  browser: Browser,
  opts: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; deviceScaleFactor?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    colorScheme: opts.colorScheme ?? 'light',
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  const onConsole = (msg: ConsoleMessage): void => {
    if (msg.type() === 'error') problems.errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  };
  page.on('console', onConsole);
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`));
  page.on('worker', (worker) => {
    worker.on('console', onConsole);
  });
  return { context, page, problems };
}

/** Number shown by the episode counter. */
export async function episodeCount(page: Page): Promise<number> {
  const text = await page.getByTestId('episode-count').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

/** Poll (no fixed sleep) until the episode counter exceeds `than`. */
export async function waitForEpisodesAbove(page: Page, than: number, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    (n) => Number((document.querySelector('[data-testid="episode-count"]')?.textContent ?? '').replace(/[^0-9]/g, '')) > n,
    than,
    { timeout, polling: 100 },
  );
}

/**
 * page.screenshot, tried up to three times: on a loaded machine Chromium sometimes answers "Unable to capture
 * screenshot" (Page.captureScreenshot gets no frame from the compositor in time); the next frame is fine.
 */
export async function screenshot(page: Page, options: Parameters<Page['screenshot']>[0]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot(options);
      return;
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('Unable to capture screenshot')) throw e;
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    }
  }
}
