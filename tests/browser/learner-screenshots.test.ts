// Screenshots of what a learner sees first, for docs/screenshots/ (`npm run screenshots`; test-results/screenshots/ under `npm test`) (looked at by people, not compared):
// the Essentials on desktop (1280 × 800) and phone (390 × 844), light and dark, after PPO trained a
// little on CartPole-v1; a chart's explainer open; All diagnostics.

import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { chartHasPoints, waitForStopped, waitForUpdates, frames, screenshotDir } from './page-helpers.ts';

const out = screenshotDir();

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});


async function trained(width: number, height: number, colorScheme: 'light' | 'dark', hash = '') {
  const phone = width < 640;
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, hasTouch: phone, isMobile: phone, deviceScaleFactor: phone ? 2 : 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // wasm is forced so the run skips `auto`'s timing of four backends (seconds on SwiftShader).
  await page.goto(`${inject('baseUrl')}#backend=wasm${hash}`);
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  await waitForUpdates(page, 40, 150_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForStopped(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => chartHasPoints(page, 'charts/episodic_return'), { timeout: 30_000 }).toBe(true);
  await frames(page);
  return { page, context, errors };
}

for (const scheme of ['light', 'dark'] as const) {
  it(`desktop 1280 × 800, ${scheme}: the Essentials and an explainer`, async () => {
    const { page, context, errors } = await trained(1280, 800, scheme);
    await page.screenshot({ path: `${out}essentials-desktop-${scheme}.png` });
    await page.getByRole('button', { name: 'About Policy change per update (KL, clip fraction)' }).click();
    await page.getByRole('dialog').waitFor();
    await frames(page);
    await page.screenshot({ path: `${out}explainer-desktop-${scheme}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it(`phone 390 × 844, ${scheme}: env, then the Essentials, then the panels`, async () => {
    const { page, context, errors } = await trained(390, 844, scheme);
    await page.screenshot({ path: `${out}essentials-phone-${scheme}.png` });
    // The Essentials from their top (the layout switch, then the return chart), not centred mid-chart.
    await page.getByTestId('essentials').evaluate((el) => (el.closest('.dashboard') ?? el).scrollIntoView({ block: 'start' }));
    await frames(page);
    await page.screenshot({ path: `${out}essentials-phone-${scheme}-charts.png` });
    await page.getByRole('button', { name: 'About Episode return' }).tap();
    await page.getByRole('dialog').waitFor();
    await frames(page);
    await page.screenshot({ path: `${out}explainer-phone-${scheme}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });
}

it('desktop 1280 × 800, light: All diagnostics', async () => {
  const { page, context, errors } = await trained(1280, 800, 'light', '&layout=all');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.min(height, 4000) });
  await frames(page);
  await frames(page);
  await page.screenshot({ path: `${out}all-diagnostics-desktop-light.png` });
  expect(errors).toEqual([]);
  await context.close();
});
