// The short soak (issue 15): PPO on CartPole-v1 at max speed with every chart on and a histogram snapshot
// every update (so the charts' histogram reservoirs, 64 per key, are full from update 64 on), measured in
// updates, not minutes. Updates are made small (2 envs × 16 steps, 2 epochs) so that many go by: what the
// page keeps grows per update, not per second. Between update 150 and update 650 the worker's live tensor
// count stays the same (a tensor leaked per update shows at once) and the page's JS heap after a forced GC
// (Chrome DevTools Protocol) grows by under 10% (~0.75 MB: anything the page keeps per update of ~1.5 kB or
// more, such as a retained batch, fails it). Slower growth than that needs longer: the bounds on what the charts keep are
// unit-tested (tests/unit/hardening/bounded-memory.test.ts) and the 30-minute run with the worker's heap
// is `npm run bench:soak`.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium, openPage, type PageProblems } from './browser.ts';
import { waitForUpdates } from './page-helpers.ts';

let browser: Browser;
let page: Page;
let problems: PageProblems;
let cdp: CDPSession;

const SMALL_PPO = 'env=CartPole-v1&agent=ppo&seed=1&set.numEnvs=2&set.numSteps=16&set.numMinibatches=1&set.updateEpochs=2';

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, { width: 1400, height: 1000 }));
  cdp = await page.context().newCDPSession(page);
  await page.goto(`${inject('baseUrl')}#${SMALL_PPO}&backend=wasm&layout=all&set.histogramEvery=1`);
});

afterAll(async () => {
  await browser?.close();
});

/** The page's JS heap in MB after a full GC. */
async function heapMb(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** tfjs's live tensors as the memory/num_tensors chart's summary reads them. */
async function tensors(): Promise<number | null> {
  return page.evaluate(() => {
    const summary = document.querySelector('[data-metric="memory/num_tensors"] [id$="-summary"]')?.textContent ?? '';
    const m = /: ([\d.]+)(k?) at step/.exec(summary);
    return m ? Number(m[1]) * (m[2] ? 1000 : 1) : null;
  });
}

describe('soak: 500 updates at max speed with every chart and a histogram per update', () => {
  it('keeps the tensor count and the page heap flat', async () => {
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    await waitForUpdates(page, 150, 480_000);
    const before = { heap: await heapMb(), tensors: await tensors() };
    await waitForUpdates(page, 650, 480_000);
    const after = { heap: await heapMb(), tensors: await tensors() };
    expect(before.tensors).not.toBeNull();
    expect(after.tensors).toBe(before.tensors);
    expect((after.heap - before.heap) / before.heap, `page heap ${before.heap.toFixed(2)} → ${after.heap.toFixed(2)} MB`).toBeLessThan(0.1);
    expect(problems.errors).toEqual([]);
  }, 900_000);
});
