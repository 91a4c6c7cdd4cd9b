// The bug lab's seed swarm in the production build: on a 2-core machine four seeds of a healthy PPO config
// (compute tfjs) train as the page's own run plus ONE worker for seeds 2–4 (src/agents/ppo-swarm.ts), and every seed
// still reaches the charts as its own run. Every wait polls a condition: no fixed sleeps.

import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it('four seeds of a healthy PPO config: seeds 2–4 share one worker, each seed its own run on the charts', async () => {
  const { page, problems } = await openPage(browser, { width: 1400, height: 900 });
  // A 2-core machine (2 workers for 4 runs: they must share). With a core per run there is no swarm.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 2 }));
  await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&seed=1&backend=wasm&set.compute=tfjs`);
  await page.getByTestId('seeds').selectOption('4');
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  const chips = page.getByRole('list', { name: 'Runs' }).getByRole('button');
  await expect.poll(async () => (await chips.allTextContents()).some((t) => t.includes('median of 4 seeds')), { timeout: 90_000, interval: 250 }).toBe(true);
  // The smallest step count over the four seeds' runs (the arm's "lo–hi steps"): above 0 once every seed reported.
  const lowestSteps = async (): Promise<number> => Number(((await page.locator('[data-testid="compare-arm"] .state').first().textContent()) ?? '').match(/([\d,]+)/)?.[1].replace(/,/g, '') ?? 0);
  await expect.poll(lowestSteps, { timeout: 180_000, interval: 500 }).toBeGreaterThan(0);
  // The page's own worker and one swarm worker (a worker per seed would be four).
  expect(page.workers().filter((w) => w.url().includes('trainer.worker')).length).toBe(2);
  await page.locator('[data-metric="losses/approx_kl"]').scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate(() => Number(document.querySelector('[data-metric="losses/approx_kl"] [data-runs]')?.getAttribute('data-runs') ?? -1)), { timeout: 150_000, interval: 500 }).toBe(1);
  expect(problems.errors).toEqual([]);
  await page.context().close();
}, 400_000);
