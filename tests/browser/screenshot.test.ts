// Writes docs/screenshot.png for the README: PPO learning CartPole-v1 at full speed, desktop width,
// light theme, from the production build. Doubles as the check that a learning agent trains in the
// worker and its diagnostics reach the charts.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it('writes docs/screenshot.png of PPO training CartPole-v1', async () => {
  const { page, problems } = await openPage(browser, { width: 1280, height: 800 });
  // wasm is forced so the run skips `auto`'s timing of four backends (seconds on SwiftShader).
  await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm`);
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  await expect.poll(() => page.getByTestId('backend').textContent(), { timeout: 90_000 }).toBe('wasm');
  // Enough updates that the curves have a shape (the status line counts them).
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '')) >= 40,
    null,
    { timeout: 150_000, polling: 250 },
  );
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  mkdirSync(docs, { recursive: true });
  const png = await page.screenshot({ path: `${docs}screenshot.png` });
  expect(png.length).toBeGreaterThan(20_000);
  expect(problems.errors).toEqual([]);
});
