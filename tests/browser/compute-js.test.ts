// The `js` compute path in the browser's training worker: PPO's update and rollout run in the wasm SIMD
// kernels (src/agents/js-mlp.ts, compiled from the embedded bytes under the page's CSP). compute=js has no
// silent fallback: where the kernels cannot compile or instantiate, the run stops with a run error.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';
import { chartHasPoints, waitForUpdates } from './page-helpers.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('compute=js in the training worker', () => {
  it('PPO on CartPole-v1 with set.compute=js completes updates with finite metrics and no error', async () => {
    const { page, problems, context } = await openPage(browser, { width: 1400, height: 900 });
    await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&preset=cleanrl&seed=1&set.compute=js&layout=all`);
    await waitForUpdates(page, 3, 150_000);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('non-finite').count()).toBe(0);
    await expect.poll(() => chartHasPoints(page, 'losses/approx_kl'), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => chartHasPoints(page, 'losses/value_loss'), { timeout: 30_000 }).toBe(true);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
