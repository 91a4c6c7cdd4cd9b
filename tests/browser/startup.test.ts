// `auto` without the wait (issue 11), against the production build: the default page trains at once on a
// safe backend while every backend is timed in a worker of its own, then names the measured choice with
// its timings, and keeps training. Ordering and conditions only: timings go to `npm run bench -- --only startup`.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { counter, waitForCounter } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('auto backend at start-up', () => {
  it('trains its first update before the backends are timed, then shows the measured choice and goes on training', async () => {
    const { page, problems, context } = await openPage(browser, { width: 1400, height: 900 });
    // Record, as they happen, the first update drawn and the end of the measurement (data-measuring removed).
    await page.addInitScript(() => {
      const w = window as unknown as { order: string[] };
      w.order = [];
      new MutationObserver(() => {
        const updates = Number(document.querySelector('[data-testid="update-count"]')?.textContent?.replace(/[^0-9]/g, '') ?? 0);
        const reason = document.querySelector('[data-testid="backend-reason"]');
        if (reason?.hasAttribute('data-measuring') && !w.order.includes('measuring')) w.order.push('measuring');
        if (updates >= 1 && !w.order.includes('update')) w.order.push('update');
        if (w.order.includes('measuring') && reason && !reason.hasAttribute('data-measuring') && !w.order.includes('measured')) w.order.push('measured');
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.goto(inject('baseUrl'));
    await waitForCounter(page, 'update-count', { atLeast: 1 }, 150_000);
    await page.waitForFunction(() => (window as unknown as { order: string[] }).order.includes('measured'), null, { timeout: 170_000, polling: 200 });
    expect(await page.evaluate(() => (window as unknown as { order: string[] }).order)).toEqual(['measuring', 'update', 'measured']);
    // The measured choice is named with its timings (the ⓘ table), and it is one of the backends that were timed.
    const backend = (await page.getByTestId('backend').textContent())?.trim() ?? '';
    expect(['wasm', 'webgl', 'webgpu', 'cpu']).toContain(backend);
    await expect.poll(() => page.getByTestId('backend-reason').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^auto: ${backend} `));
    await page.getByRole('button', { name: 'Backend timings' }).waitFor();
    // Training goes on after the switch (if any).
    const updates = await counter(page, 'update-count');
    await waitForCounter(page, 'update-count', { atLeast: updates + 2 }, 120_000);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
