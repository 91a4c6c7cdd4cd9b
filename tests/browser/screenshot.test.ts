// Writes screenshot.png for the README (docs/screenshots/ under `npm run screenshots`; test-results/screenshots/ under `npm test`): PPO learning CartPole-v1 at full speed, desktop width,
// light theme, from the production build. Doubles as the check that a learning agent trains in the
// worker and its diagnostics reach the charts.

import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { screenshotDir } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it('writes screenshot.png of PPO training CartPole-v1', async () => {
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
  const png = await page.screenshot({ path: `${screenshotDir()}screenshot.png` });
  expect(png.length).toBeGreaterThan(20_000);
  expect(problems.errors).toEqual([]);
});
