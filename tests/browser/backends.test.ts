// The GPU backends trained on for real, in the browser's worker: WebGL on SwiftShader and WebGPU on
// Chromium's SwiftShader fallback adapter (--enable-unsafe-webgpu). For correctness, not speed: a
// forced backend must be the one running (tf.setBackend can fail silently and stay on another), the
// agent must complete updates on it (a dataSync on WebGPU once destroyed the device here), and every
// metric must stay finite. A tiny PPO on Probe4 (one step, two actions) keeps each update short.

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

const TINY_PPO = 'env=Probe4&agent=ppo&seed=1&set.numEnvs=2&set.numSteps=16&set.numMinibatches=1&set.updateEpochs=2&set.hiddenSizes=16,16';

describe('GPU backends in the training worker', () => {
  for (const backend of ['webgl', 'webgpu'] as const) {
    it(`${backend}: the forced backend is the active one and PPO completes updates with finite metrics`, async () => {
      const { page, problems, context } = await openPage(browser, { width: 1400, height: 900 });
      // Every chart (layout=all): the value loss is not among the Essentials.
      await page.goto(`${inject('baseUrl')}#${TINY_PPO}&backend=${backend}&layout=all`);
      await waitForUpdates(page, 3, 150_000);
      expect(await page.getByTestId('backend').textContent()).toBe(backend);
      // No non-finite stop and no worker error: the run is still going, and the loss charts have points.
      expect(await page.getByTestId('non-finite').count()).toBe(0);
      expect(await page.getByTestId('run-error').count()).toBe(0);
      await expect.poll(() => chartHasPoints(page, 'losses/approx_kl'), { timeout: 30_000 }).toBe(true);
      await expect.poll(() => chartHasPoints(page, 'losses/value_loss'), { timeout: 30_000 }).toBe(true);
      expect(problems.errors).toEqual([]);
      await context.close();
    });
  }
});
