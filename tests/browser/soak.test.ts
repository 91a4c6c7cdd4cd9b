// The short soak (issue 15): memory, not time. PPO on Probe1 at max speed with every chart on and a
// histogram snapshot every update, with updates made tiny (2 envs × 16 steps, 2 epochs) so that thousands
// go by: what the page keeps grows per update and per episode, not per second, so the test counts updates.
// Probe1's episodes last one step, so the per-episode stores fill too (32 episodes an update: 140,000 by the
// first sample); on CartPole they stayed below their cap and a store without one went unseen.
//
// Everything the page keeps of a run is bounded by a count: a chart series holds at most MAX_SERIES_POINTS
// points (it thins its older half when it would pass them), a run's finished episodes at most
// MAX_CHART_EPISODES, a histogram chart at most MAX_HISTOGRAM_SNAPSHOTS snapshots. Measuring before those caps are reached sees their legitimate growth (an earlier version of this
// test compared the heap at updates 150 and 650, and failed under load for that reason). So the first sample
// is taken only once every series has thinned at least once (MAX_SERIES_POINTS + 1 updates and more), the
// second after as many updates again: between them a bounded page keeps the same amount, and anything kept
// per update (a batch, a listener, a DOM node, a tensor) adds up over 4,096 updates.
//
// Each sample pauses the run and waits until it has stopped and the history has written it, so no batch or
// write is in flight, then forces a GC
// (Chrome DevTools Protocol) and reads: the worker's live tfjs tensors (the memory/num_tensors chart), the
// page's DOM element count, its JS heap and its ArrayBuffer backing stores (the charts' typed columns), and
// the histogram charts' snapshot counts. The 30-minute run, with the worker's heap, is `npm run bench:soak`.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { MAX_SERIES_POINTS } from '../../src/ui/charts/columns.ts';
import { MAX_HISTOGRAM_SNAPSHOTS } from '../../src/ui/charts/histogram-reservoir.ts';
import { launchChromium, openPage, type PageProblems } from './browser.ts';
import { counter, frames, waitForHistoryWritten, waitForStopped, waitForUpdates } from './page-helpers.ts';

let browser: Browser;
let page: Page;
let problems: PageProblems;
let cdp: CDPSession;

const SMALL_PPO = 'env=Probe1&agent=ppo&seed=1&set.numEnvs=2&set.numSteps=16&set.numMinibatches=1&set.updateEpochs=2';
/** Updates between the two samples, and before the first: every series thins at least once before it. */
const SPAN = MAX_SERIES_POINTS;

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser, { width: 1400, height: 1000 }));
  cdp = await page.context().newCDPSession(page);
  await page.goto(`${inject('baseUrl')}#${SMALL_PPO}&backend=wasm&layout=all&set.histogramEvery=1`);
});

afterAll(async () => {
  await browser?.close();
});

interface Sample {
  updates: number;
  episodes: number;
  tensors: number | null;
  domElements: number;
  heapMb: number;
  buffersMb: number | null;
  /** data-points of every histogram chart (snapshots it holds). */
  histograms: number[];
}

/** Pause, let the worker stop and the page draw what it got, GC, read; then play on at max speed. */
async function sample(): Promise<Sample> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await waitForStopped(page, 120_000);
  await waitForHistoryWritten(page);
  await frames(page);
  await frames(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const read = await page.evaluate(() => {
    const summary = document.querySelector('[data-metric="memory/num_tensors"] [id$="-summary"]')?.textContent ?? '';
    const m = /: ([\d.]+)(k?) at step/.exec(summary);
    const histograms = [...document.querySelectorAll('[data-metric^="histograms/"] .plot[data-points]')].map((el) => Number(el.getAttribute('data-points')));
    return { tensors: m ? Number(m[1]) * (m[2] ? 1000 : 1) : null, domElements: document.getElementsByTagName('*').length, histograms };
  });
  const s: Sample = {
    updates: await counter(page, 'update-count'),
    episodes: await counter(page, 'episode-count'),
    ...read,
    heapMb: usage.usedSize / 2 ** 20,
    buffersMb: usage.backingStorageSize === undefined ? null : usage.backingStorageSize / 2 ** 20,
  };
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  return s;
}

describe(`soak: ${3 * SPAN}+ updates at max speed with every chart and a histogram per update`, () => {
  it('keeps tensors, DOM, histogram snapshots and the page heap flat once every cap is reached', async () => {
    await page.getByRole('button', { name: 'Max', exact: true }).click();
    await waitForUpdates(page, SPAN + 256, 600_000);
    const a = await sample();
    await waitForUpdates(page, a.updates + 2 * SPAN, 900_000);
    const b = await sample();
    const seen = `update ${a.updates} → ${b.updates}: ${JSON.stringify({ a, b })}`;
    console.log(`[soak] ${seen}`);

    expect(a.tensors, seen).not.toBeNull();
    expect(b.tensors, seen).toBe(a.tensors);
    expect(b.domElements, seen).toBeLessThanOrEqual(a.domElements + 16);
    // Every histogram chart is full and stays at its cap (a reservoir's length alternates between cap − 1 and cap).
    expect(a.histograms.length, seen).toBeGreaterThan(0);
    expect(b.histograms.length, seen).toBe(a.histograms.length);
    for (const h of [...a.histograms, ...b.histograms]) expect([MAX_HISTOGRAM_SNAPSHOTS - 1, MAX_HISTOGRAM_SNAPSHOTS], seen).toContain(h);
    // Kept per update, 128 bytes would be 1 MB here: +10% of the page heap (~8 MB, ±8% from sample to sample).
    expect(b.heapMb, seen).toBeLessThan(a.heapMb * 1.1);
    if (a.buffersMb !== null && b.buffersMb !== null) expect(b.buffersMb, seen).toBeLessThan(a.buffersMb * 1.1);
    expect(problems.errors).toEqual([]);
  }, 1_500_000);
});
