// Reading the live page in browser tests: counters, chart contents, run state. Every wait polls a
// condition (no fixed sleeps), so the tests keep working on a slow machine.

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Where the screenshot tests write, ending in '/': test-results/screenshots/ (ignored by git), so
 * `npm test` leaves the working tree clean; `npm run screenshots` points SCREENSHOT_DIR at
 * docs/screenshots/ to refresh the images the README and docs show.
 */
export function screenshotDir(): string {
  const dir = resolve(process.env.SCREENSHOT_DIR ?? 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  return `${dir}/`;
}

/** The number a counter shows (data-testid env-steps, update-count, episode-count). */
export async function counter(page: Page, testid: string): Promise<number> {
  const text = await page.getByTestId(testid).textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

/** Poll until a counter equals `want.equals` or reaches `want.atLeast`. */
export async function waitForCounter(page: Page, testid: string, want: { equals?: number; atLeast?: number }, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ([id, eq, min]) => {
      const n = Number((document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').replace(/[^0-9]/g, ''));
      return eq !== null ? n === eq : n >= (min ?? 0);
    },
    [testid, want.equals ?? null, want.atLeast ?? null] as const,
    { timeout, polling: 100 },
  );
}

/**
 * Whether the chart of `metric` has drawn points: its `data-points` count if the chart exposes one,
 * else its text summary (which reads "no data yet" until the first point).
 */
export async function chartHasPoints(page: Page, metric: string): Promise<boolean> {
  return page.evaluate((key) => {
    const fig = document.querySelector(`[data-metric="${key}"]`);
    if (!fig) return false;
    const points = fig.getAttribute('data-points');
    if (points !== null) return Number(points) > 0;
    const summary = fig.querySelector('[id$="-summary"]')?.textContent ?? '';
    return summary.length > 0 && !summary.includes('no data yet');
  }, metric);
}

/** Wait until the worker reports its training loop stopped (after Pause or a Step, the update in progress finishes first). */
export async function waitForStopped(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="run-stats"]')?.getAttribute('data-running') === 'false', null, {
    timeout,
    polling: 50,
  });
}

/**
 * After a pause: wait until the history has written the run up to where it stopped (the live run's item
 * shows the env-steps counter's steps). Its last write, and the folding of its chunks that may follow it,
 * hold the run's newest points in memory until then.
 */
export async function waitForHistoryWritten(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const steps = document.querySelector('[data-testid="env-steps"]')?.textContent ?? '';
      return [...document.querySelectorAll('[data-testid="history-item"] span')].some((el) => el.textContent === `${steps} steps`);
    },
    null,
    { timeout, polling: 200 },
  );
}

/** Wait for the first update of a run (backend chosen, networks built, one rollout trained on). */
export async function waitForUpdates(page: Page, atLeast: number, timeout = 90_000): Promise<void> {
  await waitForCounter(page, 'update-count', { atLeast }, timeout);
}

/** The location hash's parameters. */
export async function hashParams(page: Page): Promise<URLSearchParams> {
  return new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
}

/** Two animation frames: whatever was invalidated has been drawn. */
export function frames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}
